"""Independent reference queue for the contact-centre model, copied unchanged (but for this
paragraph) from /work/scratch/ref21/queue_ref.py: written by another engineer from MODEL.md v3
alone, without reading calc/staffing, for cross-checking it. Exact factorial sums in mpmath for
Erlang C; a truncated birth-death chain and an incomplete-beta service level for Erlang A
(its own tests, against scipy expm of the tagged contact's chain, stay with it, being slow);
agents_required by linear search over n. The random cases it drew are
tests/staffing_reference_cases.csv.
"""

"""Independent reference for the contact-centre capacity section of MODEL.md (version 3).

Written from MODEL.md only, for cross-checking production code.  Plain and slow on purpose.

Units: time in seconds inside the formulas (lam = arrivals per second, mu = 1 / handle time,
theta = 1 / mean patience).  a = lam / mu = traffic in erlangs.

Erlang C (M/M/n, no abandonment), exact factorial sums in mpmath at 50 digits:
    P_wait = [a^n/n! * n/(n-a)] / [sum_{k<n} a^k/k! + a^n/n! * n/(n-a)]      (n > a)
    service_level = 1 - P_wait * exp(-(n*mu - lam) * t)
    asa = P_wait / (n*mu - lam)          occupancy = a / n
    n <= a: unstable -> prob_wait 1, service_level 0, asa inf, occupancy 1.

Erlang A (M/M/n+M): truncated birth-death chain on states k = 0..n+K (k = contacts present),
birth rate lam, death rate min(k, n)*mu + max(k - n, 0)*theta.  K grows until the geometric
bound on the mass beyond the last state is < 1e-16 of the mass kept (ratios lam/death are
decreasing and < 1 there, so tail <= pi_k * r / (1 - r)).
  prob_wait     = sum_{k>=n} pi_k                     (PASTA: arrival finds all agents busy)
  abandon_rate  = sum_{k>n} (k-n)*theta*pi_k / lam    (rate of hang-ups / rate of arrivals)
  occupancy     = sum_k min(k, n)*pi_k / n
  asa_seconds   = E[contacts waiting] / lam           (Little: mean time spent waiting over all
                                                      arrivals; hang-ups count their time to
                                                      hanging up)
  asa_answered_seconds (extra) = mean wait of the contacts that are answered.
  service_level: a tagged arrival that finds k < n is answered at once (wait 0 <= t).  One that
  finds k >= n sits at queue position j = k - n + 1 (FCFS; those behind never matter).  At
  position i, the next event is "move up" (head answered, rate n*mu, or one of the i-1 ahead
  hangs up, rate (i-1)*theta) or "tagged hangs up" (rate theta): total rate c + i*theta with
  c = n*mu.  In an exponential race the holding time is independent of which event wins, so
      P(answered within t | j) = prod_{i=1..j} (c+(i-1)theta)/(c+i*theta) * P(sum_{i=1..j} Exp(c+i*theta) <= t)
                               = c/(c+j*theta) * I_{1-exp(-theta*t)}(j, c/theta + 1)
  (telescoping product; partial fractions of the hypo-exponential with rates c+i*theta collapse
  to a regularised incomplete beta I_x(a, b)).  Then
      service_level = sum_{k<n} pi_k + sum_{j>=1} pi_{n+j-1} * P(answered within t | j).
  P(answered within t | j) decreases in j, so the sum stops once p_j * (mass left) < 1e-18.
  The tests check this closed form against scipy.linalg.expm of the tagged customer's absorbing
  chain (and the whole model against Erlang C as patience grows, and M/M/1 by hand).
"""

import math

import mpmath

DPS = 50
mpmath.mp.dps = DPS

TAIL_TOL = mpmath.mpf("1e-16")
SL_TOL = mpmath.mpf("1e-18")
TIE_TOL = 1e-12  # a target counts as met when value <= cap + 1e-12 (floating inputs)


def _rates(arrivals_per_hour, handle_time_seconds):
    lam = mpmath.mpf(arrivals_per_hour) / 3600
    mu = 1 / mpmath.mpf(handle_time_seconds)
    return lam, mu, lam / mu


def erlang_c(arrivals_per_hour, handle_time_seconds, agents, target_answer_seconds):
    if arrivals_per_hour <= 0 or handle_time_seconds <= 0:
        raise ValueError("arrivals_per_hour and handle_time_seconds must be > 0")
    if agents != int(agents) or agents < 1:
        raise ValueError("agents must be a whole number >= 1")
    if target_answer_seconds < 0:
        raise ValueError("target_answer_seconds must be >= 0")
    with mpmath.workdps(DPS):
        n = int(agents)
        lam, mu, a = _rates(arrivals_per_hour, handle_time_seconds)
        t = mpmath.mpf(target_answer_seconds)
        traffic = float(a)
        if a >= n:
            return dict(prob_wait=1.0, service_level=0.0, asa_seconds=math.inf,
                        occupancy=1.0, traffic_erlangs=traffic)
        below = mpmath.fsum(a ** k / mpmath.factorial(k) for k in range(n))
        top = a ** n / mpmath.factorial(n) * n / (n - a)
        pw = top / (below + top)
        sl = 1 - pw * mpmath.exp(-(n * mu - lam) * t)
        asa = pw / (n * mu - lam)
        return dict(prob_wait=float(pw), service_level=float(sl), asa_seconds=float(asa),
                    occupancy=float(a / n), traffic_erlangs=traffic)


def _stationary_a(lam, mu, theta, n):
    """Unnormalised pi_0..pi_{n+K} and normalising sum, for the M/M/n+M chain."""
    terms = [mpmath.mpf(1)]
    total = mpmath.mpf(1)
    k = 0
    while True:
        death = min(k + 1, n) * mu + max(k + 1 - n, 0) * theta
        terms.append(terms[-1] * lam / death)
        total += terms[-1]
        k += 1
        if k >= n:
            # next ratio r = lam / death(k+1); the ratios decrease from here on, so the mass
            # beyond state k is at most terms[k] * (r + r^2 + ...) = terms[k] * r / (1 - r)
            r = lam / (n * mu + (k + 1 - n) * theta)
            if r < 1 and terms[-1] * r / (1 - r) < TAIL_TOL * total:
                return terms, mpmath.fsum(terms)


def answered_within_prob(j, n_mu, theta, t):
    """P(a contact at queue position j is answered within t), closed form (see module doc)."""
    c = mpmath.mpf(n_mu)
    theta = mpmath.mpf(theta)
    t = mpmath.mpf(t)
    if t == 0:
        return mpmath.mpf(0)
    x = -mpmath.expm1(-theta * t)
    return c / (c + j * theta) * mpmath.betainc(j, c / theta + 1, 0, x, regularized=True)


def erlang_a(arrivals_per_hour, handle_time_seconds, agents, target_answer_seconds,
             patience_seconds):
    if arrivals_per_hour <= 0 or handle_time_seconds <= 0 or patience_seconds <= 0:
        raise ValueError("arrivals, handle time and patience must be > 0")
    if agents != int(agents) or agents < 1:
        raise ValueError("agents must be a whole number >= 1")
    if target_answer_seconds < 0:
        raise ValueError("target_answer_seconds must be >= 0")
    with mpmath.workdps(DPS):
        n = int(agents)
        lam, mu, a = _rates(arrivals_per_hour, handle_time_seconds)
        theta = 1 / mpmath.mpf(patience_seconds)
        t = mpmath.mpf(target_answer_seconds)
        terms, total = _stationary_a(lam, mu, theta, n)
        pi = [x / total for x in terms]
        prob_wait = mpmath.fsum(pi[n:])
        lq = mpmath.fsum((k - n) * pi[k] for k in range(n + 1, len(pi)))
        abandon = theta * lq / lam
        busy = mpmath.fsum(min(k, n) * pi[k] for k in range(len(pi)))
        # service level
        sl = mpmath.fsum(pi[:n])
        left = prob_wait
        if t > 0:
            parts = []
            for k in range(n, len(pi)):
                j = k - n + 1
                p = answered_within_prob(j, n * mu, theta, t)
                parts.append(pi[k] * p)
                left -= pi[k]
                if p * left < SL_TOL:
                    break
            sl += mpmath.fsum(parts)
        # mean wait of answered contacts: E[W 1{answered} | j] = c/(c+j theta) * sum_i 1/(c+i theta)
        c = n * mu
        h = mpmath.mpf(0)
        ew = []
        for k in range(n, len(pi)):
            j = k - n + 1
            h += 1 / (c + j * theta)
            ew.append(pi[k] * c / (c + j * theta) * h)
        asa_answered = mpmath.fsum(ew) / (1 - abandon)
        return dict(prob_wait=float(prob_wait), service_level=float(sl),
                    asa_seconds=float(lq / lam), occupancy=float(busy / n),
                    traffic_erlangs=float(a), abandon_rate=float(abandon),
                    asa_answered_seconds=float(asa_answered), states=len(pi))


def evaluate(arrivals_per_hour, handle_time_seconds, agents, target_answer_seconds,
             patience_seconds=None):
    if patience_seconds is None:
        return erlang_c(arrivals_per_hour, handle_time_seconds, agents, target_answer_seconds)
    return erlang_a(arrivals_per_hour, handle_time_seconds, agents, target_answer_seconds,
                    patience_seconds)


def meets_targets(m, service_level_target, max_occupancy, max_abandon_rate):
    if math.isinf(m["asa_seconds"]):  # unstable Erlang C queue never meets anything
        return False
    if service_level_target is not None and m["service_level"] < service_level_target - TIE_TOL:
        return False
    if m["occupancy"] > max_occupancy + TIE_TOL:
        return False
    if max_abandon_rate is not None and m["abandon_rate"] > max_abandon_rate + TIE_TOL:
        return False
    return True


def agents_required(arrivals_per_hour, handle_time_seconds, target_answer_seconds,
                    service_level_target, max_occupancy=1.0, max_abandon_rate=None,
                    patience_seconds=None, prune=True, max_agents=100000):
    """Least whole number of agents on duty meeting every target given; linear search from 1.

    prune=True skips the queue computation for n where a proven bound already fails a target:
    answered throughput <= n*mu, so service_level <= answered share <= n/a and
    abandon_rate >= 1 - n/a; and (Erlang C) n <= a is unstable.  prune=False checks every n.
    """
    if max_abandon_rate is not None and patience_seconds is None:
        raise ValueError("max_abandon_rate needs patience_seconds (Erlang A only)")
    if max_occupancy is None:
        max_occupancy = 1.0
    a = arrivals_per_hour * handle_time_seconds / 3600.0
    for n in range(1, max_agents + 1):
        if prune:
            ratio = n / a
            if patience_seconds is None and n <= a:
                continue
            if service_level_target is not None and ratio < service_level_target - 1e-9:
                continue
            if max_abandon_rate is not None and 1 - ratio > max_abandon_rate + 1e-9:
                continue
            if patience_seconds is None and a / n > max_occupancy + 1e-9:
                continue
        m = evaluate(arrivals_per_hour, handle_time_seconds, n, target_answer_seconds,
                     patience_seconds)
        if meets_targets(m, service_level_target, max_occupancy, max_abandon_rate):
            return n
    raise RuntimeError("no staffing found")


def agents_scheduled(required, shrinkage):
    if not 0 <= shrinkage < 1:
        raise ValueError("shrinkage must be in [0, 1)")
    return math.ceil(round(required / (1 - shrinkage), 9))


# ---------------------------------------------------------------------------------------------
# random cases

CSV_COLUMNS = ["arrivals_per_hour", "handle_time_seconds", "target_answer_seconds",
               "service_level_target", "max_occupancy", "patience_seconds", "max_abandon_rate",
               "shrinkage", "agents_required", "agents_scheduled"]


def _near_tie(case, n):
    """True if some metric at n or n-1 agents is within 1e-9 of its target (fragile case)."""
    for k in (n - 1, n):
        if k < 1:
            continue
        m = evaluate(case["arrivals_per_hour"], case["handle_time_seconds"], k,
                     case["target_answer_seconds"], case["patience_seconds"])
        if math.isinf(m["asa_seconds"]):
            continue
        if abs(m["service_level"] - case["service_level_target"]) < 1e-9:
            return True
        if case["max_occupancy"] is not None and abs(m["occupancy"] - case["max_occupancy"]) < 1e-9:
            return True
        if case["max_abandon_rate"] is not None and abs(m["abandon_rate"] - case["max_abandon_rate"]) < 1e-9:
            return True
    return False


def random_case(rng):
    case = dict(
        arrivals_per_hour=round(rng.uniform(1, 2000), 1),
        handle_time_seconds=float(rng.randint(60, 900)),
        target_answer_seconds=float(rng.randint(0, 60)),
        service_level_target=round(rng.uniform(0.5, 0.95), 2),
        max_occupancy=round(rng.uniform(0.6, 1.0), 2) if rng.random() < 0.4 else None,
        patience_seconds=None, max_abandon_rate=None,
    )
    if rng.random() < 0.4:
        case["patience_seconds"] = float(rng.randint(30, 1200))
        if rng.random() < 0.5:
            case["max_abandon_rate"] = round(rng.uniform(0.02, 0.2), 3)
    case["shrinkage"] = round(rng.uniform(0, 0.5), 2)
    return case


def random_cases(n, seed):
    import random
    rng = random.Random(seed)
    out = []
    while len(out) < n:
        case = random_case(rng)
        req = agents_required(case["arrivals_per_hour"], case["handle_time_seconds"],
                              case["target_answer_seconds"], case["service_level_target"],
                              1.0 if case["max_occupancy"] is None else case["max_occupancy"],
                              case["max_abandon_rate"], case["patience_seconds"])
        if _near_tie(case, req):
            continue
        case["agents_required"] = req
        case["agents_scheduled"] = agents_scheduled(req, case["shrinkage"])
        out.append(case)
    return out


def write_csv(cases, path):
    import csv
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(CSV_COLUMNS)
        for c in cases:
            w.writerow(["" if c[k] is None else (repr(c[k]) if isinstance(c[k], float) else c[k])
                        for k in CSV_COLUMNS])


if __name__ == "__main__":
    import sys
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 21
    write_csv(random_cases(n, seed), "/work/scratch/ref21/cases.csv")
