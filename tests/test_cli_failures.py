"""CLI failures (issue 15, item 7): a bad output path, a bad argument: exit 2 with a message,
no traceback, and no file left behind, not even one of several outputs. In-process: a
subprocess adds nothing to these checks."""

from pathlib import Path

import pytest

from calc.cli.commands import main

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "sample_inputs"


def run(capsys, *args):
    code = main([str(a) for a in args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_negative_seed_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as e:
        main(["montecarlo", str(SAMPLES / "baseline.csv"), "--ranges",
              str(SAMPLES / "ranges.csv"), "--draws", "10", "--seed", "-1"])
    assert e.value.code == 2
    err = capsys.readouterr().err
    assert "seed must be between 0 and 4,294,967,295, got -1" in err
    assert "Traceback" not in err


@pytest.mark.parametrize("swing", ["abc", "1_000", "nan", "1e309", "0"])
def test_bad_swing_is_a_usage_error(capsys, swing):
    with pytest.raises(SystemExit) as e:
        main(["sensitivity", str(SAMPLES / "baseline.csv"), "--swing", swing])
    assert e.value.code == 2
    assert f"swing must be between 0 and 1 (exclusive), got {swing}" in capsys.readouterr().err


def test_swing_as_a_percentage(capsys):
    code, out, _ = run(capsys, "sensitivity", SAMPLES / "baseline.csv", "--swing", "20%")
    code2, out2, _ = run(capsys, "sensitivity", SAMPLES / "baseline.csv", "--swing", "0.2")
    assert code == code2 == 0 and out == out2


@pytest.mark.parametrize("target", ["missing-folder/out.csv", ".", "bad\x00name.csv"])
def test_bad_output_path(capsys, tmp_path, target):
    code, out, err = run(capsys, "evaluate", SAMPLES / "baseline.csv", "-o", tmp_path / target)
    assert code == 2 and out == ""
    assert err.startswith("cannot write ") and "nothing was written" in err
    assert list(tmp_path.iterdir()) == []


def test_one_failed_output_leaves_none(capsys, tmp_path):
    estimates = tmp_path / "estimates.csv"
    code, _, err = run(capsys, "calibrate", SAMPLES / "case_log.csv", "--estimates", estimates,
                       "-o", tmp_path / "missing-folder" / "scenario.csv")
    assert code == 2 and "missing-folder" in err
    assert list(tmp_path.iterdir()) == []          # the estimates were not written either
    code, _, _ = run(capsys, "calibrate", SAMPLES / "case_log.csv", "--estimates", estimates,
                     "-o", tmp_path / "scenario.csv")
    assert code == 0 and sorted(p.name for p in tmp_path.iterdir()) == ["estimates.csv",
                                                                          "scenario.csv"]


def test_existing_output_is_kept_when_the_input_is_bad(capsys, tmp_path):
    target = tmp_path / "out.csv"
    target.write_text("keep me\n")
    bad = tmp_path / "bad.csv"
    bad.write_text("customers\n-5\n")
    code, _, err = run(capsys, "evaluate", bad, "-o", target)
    assert code == 2 and "row 2, column customers: value '-5'" in err
    assert target.read_text() == "keep me\n"


def test_bom_only_when_asked(capsys, tmp_path):
    plain, marked = tmp_path / "plain.csv", tmp_path / "marked.csv"
    assert run(capsys, "template", "-o", plain)[0] == 0
    assert run(capsys, "template", "-o", marked, "--bom")[0] == 0
    assert plain.read_bytes()[:8] == b"scenario"
    assert marked.read_bytes() == b"\xef\xbb\xbf" + plain.read_bytes()


def test_a_pipe_stays_a_pipe_and_a_link_stays_a_link(capsys, tmp_path):
    # a target that is not a regular file is written as it is, never replaced by a renamed
    # temporary file (that would turn /dev/null into a file)
    import os
    import stat
    import threading
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    assert run(capsys, "template", "-o", fifo)[0] == 0
    reader.join(10)
    assert stat.S_ISFIFO(os.stat(fifo).st_mode) and got[0].startswith(b"scenario,")
    real = tmp_path / "real.csv"
    real.write_text("old\n")
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    assert run(capsys, "template", "-o", link)[0] == 0
    assert link.is_symlink() and real.read_bytes().startswith(b"scenario,")
