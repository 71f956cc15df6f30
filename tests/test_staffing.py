"""Contact-centre queue (calc.staffing) against computations nobody here wrote: the specification's
Erlang C reference cases, the M/M/1 formulas by hand, arbitrary-precision factorial sums
(mpmath), and the Erlang A chain solved numerically (numpy linear algebra, scipy's expm)."""

import math

import mpmath as mp
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.linalg import expm

from calc.staffing.erlang import MAX_PATIENCE_SECONDS, agents_required, queue


def test_reference_cases_of_the_specification():
    r = queue(200, 180, 14, 20)
    assert r["traffic_erlangs"] == pytest.approx(10.0)
    assert r["prob_wait"] == pytest.approx(0.1741319, abs=5e-8)
    assert r["service_level"] == pytest.approx(0.8883500, abs=5e-8)
    assert r["asa_seconds"] == pytest.approx(7.8359, abs=5e-5)
    assert r["occupancy"] == pytest.approx(0.7143, abs=5e-5)
    assert r["abandon_rate"] == 0.0
    r = queue(1000, 120, 40, 20)
    assert r["prob_wait"] == pytest.approx(0.1907373, abs=5e-8)
    assert r["service_level"] == pytest.approx(0.9372106, abs=5e-8)
    assert r["asa_seconds"] == pytest.approx(3.4333, abs=5e-5)


def test_one_agent_is_the_textbook_m_m_1():
    # M/M/1, lambda = 60/h, handle 36 s: rho = 0.6; P(wait) = rho; service level
    # 1 - rho exp(-(mu - lambda) t) with mu - lambda = (1 - 0.6)/36 per s; ASA = rho/(mu - lambda).
    r = queue(60, 36, 1, 10)
    assert r["prob_wait"] == pytest.approx(0.6, rel=1e-12)
    assert r["service_level"] == pytest.approx(1 - 0.6 * math.exp(-0.4 / 36 * 10), rel=1e-12)
    assert r["asa_seconds"] == pytest.approx(0.6 / (0.4 / 36), rel=1e-12)


def _erlang_c_mp(a, n, handle, t):
    """Erlang C with exact factorial sums at 60 digits."""
    mp.mp.dps = 60
    a = mp.mpf(a)
    last = a ** n / mp.factorial(n) * n / (n - a)
    pw = last / (mp.fsum(a ** k / mp.factorial(k) for k in range(n)) + last)
    gap = (n - a) / handle
    return float(pw), float(1 - pw * mp.e ** (-gap * t)), float(pw / gap)


@pytest.mark.parametrize("a, n", [(10, 14), (95.5, 110), (480, 500), (1950, 2000), (3.2, 2000)])
def test_erlang_c_matches_exact_sums_up_to_2000_agents(a, n):
    pw, sl, asa = _erlang_c_mp(a, n, 240.0, 15.0)
    r = queue(a * 3600 / 240.0, 240.0, n, 15.0)
    assert r["prob_wait"] == pytest.approx(pw, rel=1e-9, abs=1e-300)
    assert r["service_level"] == pytest.approx(sl, rel=1e-9)
    assert r["asa_seconds"] == pytest.approx(asa, rel=1e-9, abs=1e-300)


def _erlang_a_mp(lam, h, n, pat):
    """Erlang A P(wait) and abandonment from the birth-death chain's own series at 60 digits:
    pi_j ~ a^j/j! up to n, then pi_(n+k) = pi_n prod_i lambda/(n mu + i theta); abandonment =
    theta E[queue] / lambda."""
    mp.mp.dps = 60
    lam, mu, th = mp.mpf(lam) / 3600, 1 / mp.mpf(h), 1 / mp.mpf(pat)
    a = lam / mu
    below = mp.fsum(a ** j / mp.factorial(j) for j in range(n))
    term, tail, queued, k = a ** n / mp.factorial(n), mp.mpf(0), mp.mpf(0), 0
    while term > mp.mpf(10) ** -70 * (below + tail) or k < 10:
        tail += term
        queued += k * term
        k += 1
        term *= lam / (n * mu + k * th)
    total = below + tail
    return float(tail / total), float(th * queued / total / lam)


@pytest.mark.parametrize("lam, h, n, pat", [(200, 180, 14, 120), (200, 180, 8, 60),
                                            (3000, 300, 240, 90), (24000, 300, 1990, 600),
                                            (24000, 300, 2000, 5)])
def test_erlang_a_matches_the_chain_series_up_to_2000_agents(lam, h, n, pat):
    pw, ab = _erlang_a_mp(lam, h, n, pat)
    r = queue(lam, h, n, 20, pat)
    assert r["prob_wait"] == pytest.approx(pw, rel=1e-8)
    assert r["abandon_rate"] == pytest.approx(ab, rel=1e-7)


def _chain(lam, h, n, pat, t, extra=400):
    """Erlang A solved as a truncated CTMC with numpy: stationary distribution from the
    generator; service level from a tagged contact's own absorbing chain via expm."""
    lam, mu = lam / 3600.0, 1.0 / h
    th = 0.0 if pat is None else 1.0 / pat
    size = n + extra
    q = np.zeros((size, size))
    for j in range(size - 1):
        q[j, j + 1] = lam
        q[j + 1, j] = min(j + 1, n) * mu + max(j + 1 - n, 0) * th
    q -= np.diag(q.sum(axis=1))
    m = np.vstack([q.T, np.ones(size)])
    pi = np.linalg.lstsq(m, np.r_[np.zeros(size), 1.0], rcond=None)[0]
    states = np.arange(size)
    waiting = np.maximum(states - n, 0)
    pw = pi[n:].sum()
    lq = (waiting * pi).sum()
    busy = (np.minimum(states, n) * pi).sum()
    # tagged contact with k ahead: state k..0, then 'answered' (index extra) or 'gone' (extra+1)
    g = np.zeros((extra + 2, extra + 2))
    for k in range(extra):
        g[k, k - 1 if k else extra] = n * mu + k * th
        g[k, extra + 1] = th
    g -= np.diag(g.sum(axis=1))
    answered_by_t = expm(g * t)[:extra, extra]
    sl = pi[:n].sum() + (pi[n:n + extra] * answered_by_t).sum()
    return {"prob_wait": pw, "service_level": sl, "lq": lq, "busy": busy,
            "abandon_rate": th * lq / lam}


CASES = [(200, 180, 14, 20, 120), (200, 180, 10, 30, 60), (50, 600, 6, 60, 300),
         (300, 120, 9, 15, 45), (120, 240, 12, 20, None), (90, 200, 3, 10, 200)]


@pytest.mark.parametrize("lam, h, n, t, pat", CASES)
def test_agrees_with_the_chain_solved_numerically(lam, h, n, t, pat):
    want = _chain(lam, h, n, pat, t)
    r = queue(lam, h, n, t, np.inf if pat is None else pat)
    for key in ("prob_wait", "service_level", "abandon_rate"):
        assert r[key] == pytest.approx(want[key], abs=1e-6), key
    # Little's law for the queue: mean number waiting = arrival rate x mean wait of all arrivals
    assert r["asa_seconds"] * lam / 3600 == pytest.approx(want["lq"], abs=1e-6)
    # occupancy: mean busy agents / agents
    assert r["occupancy"] == pytest.approx(want["busy"] / n, abs=1e-6)


def test_abandonment_identity_holds_everywhere():
    lam = np.array([[50.0], [400.0], [3000.0]])
    pat = np.array([5.0, 60.0, 600.0, 1e5])[:, None, None]
    r = queue(lam, 240.0, np.arange(1, 80)[None, :], 20.0, pat)
    assert np.allclose(r["abandon_rate"], r["asa_seconds"] / pat, rtol=1e-12, atol=0)


def test_erlang_a_tends_to_erlang_c_as_patience_grows():
    """At the longest patience allowed (1e7 s), Erlang A is within 1e-5 of Erlang C, so a
    longer patience is refused as "leave it blank (Erlang C)" rather than drifting."""
    c = queue(1000, 120, 40, 20)
    gaps = [abs(queue(1000, 120, 40, 20, p)["service_level"] - c["service_level"])
            for p in (1e3, 1e5, 1e6, MAX_PATIENCE_SECONDS)]
    assert gaps == sorted(gaps, reverse=True) and gaps[-1] < 1e-5
    far = queue(1000, 120, 40, 20, MAX_PATIENCE_SECONDS)
    assert far["prob_wait"] == pytest.approx(c["prob_wait"], abs=1e-5)
    assert far["asa_seconds"] == pytest.approx(c["asa_seconds"], abs=1e-4)


@pytest.mark.parametrize("pat", [np.inf, 30.0, 600.0])
def test_more_agents_never_make_things_worse(pat):
    n = np.arange(1, 400)
    r = queue(6000, 200, n, 20, pat)
    assert np.all(np.diff(r["service_level"]) >= -1e-12)
    assert np.all(np.diff(r["prob_wait"]) <= 1e-12)
    finite = np.isfinite(r["asa_seconds"])
    assert np.all(np.diff(r["asa_seconds"][finite]) <= 1e-9)
    assert np.all(np.diff(r["abandon_rate"]) <= 1e-12)
    assert np.all((r["service_level"] >= 0) & (r["service_level"] <= 1))


def test_unstable_erlang_c_gives_the_stated_values():
    r = queue(200, 180, [9, 10], 20)   # traffic 10 erlangs >= agents
    assert list(r["prob_wait"]) == [1.0, 1.0] and list(r["service_level"]) == [0.0, 0.0]
    assert np.all(np.isinf(r["asa_seconds"])) and list(r["occupancy"]) == [1.0, 1.0]
    assert np.isfinite(queue(200, 180, 9, 20, 300)["asa_seconds"])   # Erlang A is always stable


def test_grid_in_one_call_equals_case_by_case():
    vol = np.array([40.0, 333.0, 2500.0])[:, None]
    n = np.array([2, 15, 90, 700])[None, :]
    grid = queue(vol, 300, n, 20, 180)
    for i in range(3):
        for j in range(4):
            one = queue(float(vol[i, 0]), 300, int(n[0, j]), 20, 180)
            for key, value in one.items():
                assert grid[key][i, j] == pytest.approx(value, rel=1e-12, abs=1e-300)


@pytest.mark.parametrize("pat", [np.inf, 90.0])
def test_agents_required_is_the_least_meeting_the_target(pat):
    lam = np.array([30.0, 200.0, 1000.0, 24000.0])
    need = agents_required(lam, 180, 20, 0.8, pat)
    sl = queue(lam, 180, need, 20, pat)["service_level"]
    sl_less = queue(lam, 180, np.maximum(need - 1, 1), 20, pat)["service_level"]
    assert np.all(sl >= 0.8)
    assert np.all((sl_less < 0.8) | (need == 1))
    assert agents_required(200, 180, 20, 0.8) == 14.0   # SL(13) = 0.7956, SL(14) = 0.8884
    assert math.isnan(agents_required(200, 180, 20, np.nan))


@settings(max_examples=30, deadline=None)
@given(n=st.integers(1, 30), load=st.floats(0.05, 1.6), h=st.floats(30, 900),
       t=st.floats(0, 120), patience=st.one_of(st.none(), st.floats(10, 900)))
def test_any_case_agrees_with_the_chain_to_1e_6(n, load, h, t, patience):
    if patience is None:
        load = min(load, 0.9)         # Erlang C: stable, and the truncated chain holds its tail
    elif load * n * patience / h > 250:
        load = 250 * h / (n * patience)   # keep the queue well inside the truncated chain
    lam = load * n * 3600 / h
    want = _chain(lam, h, n, patience, t)
    r = queue(lam, h, n, t, np.inf if patience is None else patience)
    for key in ("prob_wait", "service_level", "abandon_rate"):
        assert r[key] == pytest.approx(want[key], abs=1e-6), key
    # the mean queue length is a count, not a share (8.1 in one case found): 1e-6 of it
    assert r["asa_seconds"] * lam / 3600 == pytest.approx(want["lq"], rel=1e-6, abs=1e-6)
