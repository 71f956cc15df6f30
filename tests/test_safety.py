"""Safety settings and rules that hold for the whole dashboard."""

import re
import tomllib
from pathlib import Path

import pytest

import calc
from calc import files as csvio
from ui.figures.escape import md

ROOT = Path(__file__).resolve().parents[1]
UI_FILES = [ROOT / "app.py", *sorted((ROOT / "app_pages").glob("*.py")),
            *sorted((ROOT / "ui").glob("*.py"))]


def test_no_raw_html_anywhere_in_the_dashboard():
    for path in UI_FILES:
        text = path.read_text()
        for pattern in ("unsafe_allow_html", "st.html(", "components.html", "components.v1"):
            assert pattern not in text, f"{path.name} uses {pattern}"


def test_server_config_hides_errors_keeps_xsrf_and_limits_uploads():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["client"]["showErrorDetails"] == "none"
    assert config["server"]["enableXsrfProtection"] is True
    assert config["server"]["maxUploadSize"] == 200
    assert config["client"]["toolbarMode"] == "viewer"


def test_every_upload_goes_through_the_size_check():
    for path in (ROOT / "app_pages").glob("*.py"):
        text = path.read_text()
        if "file_uploader(" in text:
            assert "session.upload_data(" in text and ".getvalue()" not in text, path.name
    # pages that take a file or a bundled sample use the shared widget, which checks the size
    assert "upload_data(upload)" in (ROOT / "ui" / "state" / "session.py").read_text()


@pytest.mark.parametrize("raw", ["[click](http://evil.example)", "![x](http://t.example/p.png)",
                                 "$x^2$", ":red[alarm]", "**bold** _it_", "<script>x</script>",
                                 "# heading", "a\nb"])
def test_user_text_is_inert_in_markdown(raw):
    out = md(raw)
    assert not re.search(r"(?<!\\)[\[\]()$:*_<>#]", out), out
    assert "\n" not in out


def test_row_limit_message():
    with pytest.raises(calc.InputError, match="has 4 rows; at most 3 are allowed"):
        csvio.read_scenarios(b"customers\n1\n2\n3\n4\n", max_rows=3)


def test_column_limit_message():
    header = ",".join(f"c{i}" for i in range(csvio.MAX_COLUMNS + 1))
    with pytest.raises(calc.InputError, match="201 columns; at most 200 are allowed"):
        csvio.read_scenarios((header + "\n").encode())


def test_every_widget_has_an_explicit_key():
    import ast
    widgets = {"selectbox", "number_input", "text_input", "button", "download_button", "slider",
               "radio", "multiselect", "data_editor", "file_uploader", "checkbox", "toggle",
               "text_area", "segmented_control", "pills"}
    missing = []
    for path in UI_FILES:
        for node in ast.walk(ast.parse(path.read_text())):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr in widgets
                    and not any(k.arg == "key" for k in node.keywords)):
                missing.append(f"{path.name}:{node.lineno} {node.func.attr}")
    assert not missing, missing
