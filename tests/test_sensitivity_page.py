"""The Sensitivity page computes only the view shown (issue 24, item 8), and keeps each view's
settings while another is shown."""

import pytest

import calc.model.analyses as analyses
from tests.apptest import app


@pytest.fixture
def calls(monkeypatch):
    """How often each analysis ran (the page looks them up in calc.model.analyses each run)."""
    seen = {"tornado": 0, "two_way": 0, "break_even": 0}
    for name in seen:
        real = getattr(analyses, name)

        def counted(*a, _real=real, _name=name, **k):
            seen[_name] += 1
            return _real(*a, **k)
        monkeypatch.setattr(analyses, name, counted)
    return seen


def test_only_the_view_shown_is_computed(data_dir, calls):
    at = app("app_pages/sensitivity.py")
    assert at.radio(key="sens_view").value == "Tornado"
    assert calls["tornado"] > 0 and calls["two_way"] == 0 and calls["break_even"] == 0
    before = dict(calls)
    at.radio(key="sens_view").set_value("Break-even").run()
    assert not at.exception
    assert calls["tornado"] == before["tornado"] and calls["two_way"] == 0
    assert calls["break_even"] == 1
    assert not at.get("plotly_chart")                 # no tornado, no heatmap drawn
    at.radio(key="sens_view").set_value("Two-way table").run()
    assert calls["two_way"] == 1 and calls["break_even"] == 1
    assert len(at.get("plotly_chart")) == 1


def test_a_views_settings_survive_showing_another(data_dir):
    at = app("app_pages/sensitivity.py")
    at.slider(key="sens_swing").set_value(35).run()
    at.radio(key="sens_view").set_value("Break-even").run()
    at.selectbox(key="be_param").set_value("program_fixed_cost").run()
    at.radio(key="sens_view").set_value("Tornado").run()
    assert at.slider(key="sens_swing").value == 35
    at.radio(key="sens_view").set_value("Break-even").run()
    assert at.selectbox(key="be_param").value == "program_fixed_cost"
