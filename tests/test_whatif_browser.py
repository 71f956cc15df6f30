"""Issue 24 in a real browser at 1366x768: an edit never closes its input group (item 9); the
what-if sliders, their fields, the figures and the link agree after fast drags and arrow keys
(item 15); screenshots of the changed pages in artifacts/i24_*.png. One server, one browser;
each test opens its own page."""


import pytest

import calc
from browser import ARTIFACTS, chromium_path, metric_value, query, settle
from browser import calculator_ready as ready
from calc.model.params import GROUPS, format_value, params_in_group
from calc.text.format import money_short

playwright = pytest.importorskip("playwright.sync_api")
if chromium_path() is None:
    pytest.fail("chromium is not installed: `make test` installs Debian's chromium",
                pytrace=False)


def group(pg, label):
    return pg.locator('[data-testid="stExpander"]').filter(
        has=pg.locator("summary", has_text=label)).first


def is_open(pg, label) -> bool:
    return group(pg, label).locator("details").first.evaluate("d => d.open")


# One field per group, a value that is valid, differs from the default, and (for Retention by
# branch) puts a warning above the page's figures: the recovery paradox, resolved quickly 95%
# above 85% with no failure. Such an element above the inputs is what made the group new.
TYPED = {"Customer economics": ("customers", "12000"),
         "Failures and complaints": ("failure_rate", "33"),
         "Retention by branch": ("retention_resolved_fast", "95"),
         "Costs": ("handling_cost_per_complaint", "30"),
         "Optional levers": ("loss_per_failure", "120"),
         "Word of mouth": ("wom_reach_per_lost_customer", "5")}


def field_of(pg, name):
    return pg.locator(f".st-key-in_{name} input")


def test_an_edit_in_any_group_keeps_it_open_and_the_field_in_view(page):
    url, pg = page
    pg.goto(url)
    ready(pg)
    assert set(TYPED) == set(GROUPS)
    for i, label in enumerate(GROUPS):
        name, text = TYPED[label]
        assert calc.BY_NAME[name] in params_in_group(label)
        if not is_open(pg, label):
            group(pg, label).locator("summary").click()
            settle(pg)
        assert is_open(pg, label), label
        box = field_of(pg, name)
        box.click()
        pg.keyboard.press("Control+a")
        pg.keyboard.type(text)
        pg.keyboard.press("Enter" if i % 2 == 0 else "Tab")      # both were seen to close it
        settle(pg)
        assert is_open(pg, label), f"{label} closed after an edit"
        box = field_of(pg, name)
        assert box.is_visible() and box.input_value().replace(",", "") == text, label
        # every group opened so far is still open: an edit never changes which are
        for earlier in GROUPS[:i + 1]:
            assert is_open(pg, earlier), (label, earlier)
    assert "recovery paradox" in pg.locator('[data-testid="stAlert"]').first.inner_text()
    pg.screenshot(path=str(ARTIFACTS / "i24_groups_after_edits.png"))
    # closed by the user, a group stays closed through an edit elsewhere
    group(pg, "Costs").locator("summary").click()
    settle(pg)
    box = field_of(pg, "customers")
    box.fill("13000")
    box.press("Enter")
    settle(pg)
    assert not is_open(pg, "Costs") and is_open(pg, "Customer economics")


def slider(pg, name):
    return pg.locator(f".st-key-sl_{name}")


def slider_value(pg, name) -> str:
    return slider(pg, name).locator('input[type="range"]').input_value()


def agree(pg, name, field_text_to_value):
    """Slider, field, headline figure and link say the same value of ``name``; returns it."""
    spec = calc.BY_NAME[name]
    text = field_of(pg, name).input_value()
    value = field_text_to_value(text)
    s = float(slider_value(pg, name))
    assert abs((s / 100 if spec.is_fraction else s) - value) < 1e-9, (name, s, text)
    inputs = {k: float(v) for k, v in query(pg).items() if k in calc.BY_NAME}
    want = money_short(calc.evaluate(inputs)["net_value"])     # the card, compact
    assert metric_value(pg, "Net value") == want, (name, text)
    link = query(pg).get(name)
    assert (link is None and value == spec.default) or link == format_value(value), (link, text)
    return value


def percent_field(text):
    return round(float(text.rstrip("%")) / 100, 12)


def money_field(text):
    return float(text.replace(",", ""))


def test_sliders_dragged_and_arrow_keyed_fast_agree_with_field_figures_and_link(page):
    url, pg = page
    pg.goto(url)
    ready(pg)
    name = "resolution_rate_program"
    handle = slider(pg, name).locator('input[type="range"]')
    # arrow keys as fast as the keyboard goes: 80% up 7 and down 3 is 84%
    handle.focus()
    for key in ["ArrowRight"] * 7 + ["ArrowLeft"] * 3:
        pg.keyboard.press(key)
    settle(pg)
    assert agree(pg, name, percent_field) == 0.84
    # drags: the handle pulled along the track in small steps, released, again at once
    track = slider(pg, name).locator('div[data-orientation="horizontal"]').nth(1).bounding_box()
    y = track["y"] + track["height"] / 2
    for start, end in ((0.84, 0.55), (0.55, 0.95), (0.95, 0.70)):
        pg.mouse.move(track["x"] + track["width"] * start, y)
        pg.mouse.down()
        for k in range(1, 11):
            pg.mouse.move(track["x"] + track["width"] * (start + (end - start) * k / 10), y)
        pg.mouse.up()
    settle(pg)
    v = agree(pg, name, percent_field)
    assert 0.6 <= v <= 0.8, v          # where the last drag let go, within the handle's width
    # typing updates the slider; then the slider again. (Arrow keys pressed before the typed
    # value has reached the slider move it from where it was: the later action wins, and field,
    # figures and link follow it.)
    box = field_of(pg, name)
    box.fill("66")
    box.press("Enter")
    settle(pg)
    assert agree(pg, name, percent_field) == 0.66
    # the typed value reaches the slider with the rerun, which draws the slider anew: take
    # hold of the handle once it shows 66
    handle = slider(pg, name).locator('input[type="range"]')
    for _ in range(30):
        if handle.input_value() == "66":
            break
        pg.wait_for_timeout(200)
    pg.wait_for_timeout(500)
    handle.focus()
    for key in ["ArrowRight"] * 4:
        pg.keyboard.press(key)
    settle(pg)
    # 70 is also where the drags let go, the slider's report before the typed 66 was written
    # to it: moving back there is an edit like any other
    assert agree(pg, name, percent_field) == 0.70
    # a money lever: fixed cost in steps of 5,000, keyed fast in both directions
    name = "program_fixed_cost"
    handle = slider(pg, name).locator('input[type="range"]')
    handle.focus()
    for key in ["ArrowRight"] * 5 + ["ArrowLeft"] * 2 + ["ArrowRight"] * 3:
        pg.keyboard.press(key)
    settle(pg)
    assert agree(pg, name, money_field) == 40000 + 6 * 5000
    pg.screenshot(path=str(ARTIFACTS / "i24_whatif.png"))


def test_typed_value_beyond_the_slider_widens_it(page):
    url, pg = page
    pg.goto(f"{url}/?program_fixed_cost=1200000")
    ready(pg)
    name = "program_fixed_cost"
    assert slider_value(pg, name) == "1200000"
    assert slider(pg, name).locator('input[type="range"]').get_attribute("max") == "1200000"
    agree(pg, name, money_field)
