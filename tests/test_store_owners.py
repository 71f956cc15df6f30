"""Owners (RECOVERY_USER_HEADER): each save records its user; only the owner may overwrite,
rename or delete; everyone may read and copy; a write without a user is refused. On both
backends, through the store (the rule the dashboard and the CLI share)."""

import pytest

import calc
from calc.store.errors import NameTaken, NotOwner, SignInNeeded

ALICE, BOB = "alice@example.com", "bob@example.com"


def test_only_the_owner_changes_a_scenario(backend):
    s = backend.open(owners=True)
    s.save("plan", calc.DEFAULTS, user=ALICE)
    assert s.get("plan").owner == ALICE
    assert s.get("PLAN").params == calc.DEFAULTS            # bob reads it
    with pytest.raises(NameTaken) as e:
        s.save("Plan", calc.DEFAULTS, user=BOB)
    assert e.value.owner == ALICE                           # so the page can say whose it is
    with pytest.raises(NotOwner) as e:
        s.save("plan", {**calc.DEFAULTS, "customers": 1.0}, overwrite=True, user=BOB)
    assert "belongs to alice@example.com" in str(e.value)
    with pytest.raises(NotOwner):
        s.delete("plan", user=BOB)
    with pytest.raises(NotOwner):
        s.rename("plan", "bob's now", user=BOB)
    s.save("plan (bob's copy)", s.get("plan").params, user=BOB)     # copying is allowed
    assert s.get("plan").params["customers"] == calc.DEFAULTS["customers"]
    s.save("plan", {**calc.DEFAULTS, "customers": 2.0}, overwrite=True, user="Alice@Example.com")
    assert s.get("plan").owner == ALICE and s.get("plan").params["customers"] == 2.0
    s.rename("plan", "plan A", user=ALICE)
    s.delete("plan A", user=ALICE)
    assert [(x.name, x.owner) for x in s.all()] == [("plan (bob's copy)", BOB)]


def test_without_a_user_one_may_read_but_not_write(backend):
    s = backend.open(owners=True)
    s.save("plan", calc.DEFAULTS, user=ALICE)
    anonymous = backend.open(owners=True)
    assert anonymous.names() == ["plan"]
    for write in (lambda: anonymous.save("x", calc.DEFAULTS),
                  lambda: anonymous.delete("plan"),
                  lambda: anonymous.rename("plan", "y"),
                  lambda: anonymous.import_rows([("z", calc.DEFAULTS)])):
        with pytest.raises(SignInNeeded):
            write()
    assert anonymous.names() == ["plan"]


def test_import_cannot_replace_someone_elses_scenario(backend):
    s = backend.open(owners=True)
    s.save("north", calc.DEFAULTS, user=ALICE)
    with pytest.raises(calc.InputError) as e:
        s.import_rows([("new one", calc.DEFAULTS), ("NORTH", calc.DEFAULTS)], mode="replace",
                      user=BOB)
    assert "row 2, column scenario: value 'NORTH': replaces 'north', which belongs to " \
           "alice@example.com" in str(e.value)
    assert s.names() == ["north"]                            # nothing from the file
    result = s.import_rows([("new one", calc.DEFAULTS)], user=BOB)
    assert result.saved == 1 and s.get("new one").owner == BOB


def test_scenarios_saved_before_owners_were_on_belong_to_whoever_saves_them_next(backend):
    backend.open().save("old", calc.DEFAULTS)               # single-user mode: no owner
    assert backend.open().get("old").owner is None
    s = backend.open(owners=True)
    s.save("old", {**calc.DEFAULTS, "customers": 3.0}, overwrite=True, user=BOB)
    assert s.get("old").owner == BOB
    with pytest.raises(NotOwner):
        s.delete("old", user=ALICE)


def test_the_setting_comes_from_the_environment(backend, monkeypatch):
    monkeypatch.setenv("RECOVERY_USER_HEADER", "X-Forwarded-Email")
    s = backend.open()
    assert s.owners and s.header == "X-Forwarded-Email"
    with pytest.raises(SignInNeeded) as e:
        s.save("x", calc.DEFAULTS)
    assert "no X-Forwarded-Email header" in str(e.value)
    monkeypatch.delenv("RECOVERY_USER_HEADER")
    assert not backend.open().owners
