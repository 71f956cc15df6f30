"""User text made inert for each place the dashboard shows it. Whatever a user typed or uploaded
(scenario and segment names, file names, the currency symbol, anything from a link) must show
as typed: never as a link, a style, a formula or a script.

Which helper for which sink:

==========================================  =================================================
Sink                                        Helper
==========================================  =================================================
plotly figures: tick labels, legend and     ``chart_text(text)`` (or ``chart_texts(values)``),
trace names, bar/marker ``text``, titles,   applied inside the chart builder (ui/charts.py) to
axis titles, annotations, hover text and    every piece of user text, never by the page: the
``hovertemplate``/``texttemplate`` parts    builders take raw text, so nothing is escaped twice.
st.markdown, st.caption, st.info/success/   ``md(text)`` on the user's part only:
warning/error, st.subheader, st.metric      ``st.success(f"Saved '{md(name)}'.")``; money
label/value/help, widget help,              shown in these takes ``money(x, md(cur))``.
tab and expander titles
widget labels (the accessible name)         ``label(text)``: plain unless markdown would act.
st.dataframe/data_editor cells, column      nothing: shown as plain text (no HTML, no
headers, selectbox/multiselect options      markdown); escaping would show the backslashes.
CSV downloads and CLI output                ``calc.files.to_csv_bytes`` (formula guard).
workbook (xlsx) text cells                  ``calc.text.neutralise(text)``: openpyxl stores a
                                            string starting with '=' as a formula.
download file names                         ``file_name(stem, ext)``.
PDF text through a markup parser (e.g.      ``chart_text(text)``: the same entities.
reportlab's Paragraph)
==========================================  =================================================

Plotly reads a subset of HTML (``<a href>``, ``<span style>``, ``<b>``, ``<br>``...) in every text
it draws and turns entities back into characters, so ``&``, ``<`` and ``>`` become ``&amp;``,
``&lt;``, ``&gt;``; ``%`` becomes ``&#37;`` so a name cannot act as a ``%{...}`` template
placeholder. Bidirectional overrides and other invisible control characters, which could make
a name read backwards, are shown as ``<U+202E>``. The mapping is one-to-one: different names
stay different categories (``a<b`` and ``a&lt;b`` stay two bars).
"""

from __future__ import annotations

import re
import unicodedata

# Control characters (Unicode category Cc), line and paragraph separators, bidirectional
# embeddings, overrides, isolates and marks, zero-width characters and the BOM: shown by code
# point. The brackets are numeric entities, so a typed '<U+202E>' (which becomes
# '&lt;U+202E&gt;') stays a different name.
_INVISIBLE = [*range(0x00, 0x20), *range(0x7F, 0xA0), 0x061C, *range(0x200B, 0x2010),
              0x2028, 0x2029, *range(0x202A, 0x202F), 0x2060, *range(0x2066, 0x206A), 0xFEFF]
_INVISIBLE_TABLE = {c: f"&#60;U+{c:04X}&#62;" for c in _INVISIBLE}
_HAS_INVISIBLE = re.compile("[" + "".join(re.escape(chr(c)) for c in _INVISIBLE) + "]")


def chart_text(text) -> str:
    """Text for a plotly figure, shown exactly as typed (see the module docstring)."""
    s = str(text)
    # '&' first, so the entities written next are not escaped again; str.replace and one regex
    # pass, not a loop per character (bench/run.py escaping measures it)
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("%", "&#37;")
    return _HAS_INVISIBLE.sub(_code_point, s)


def _code_point(match: re.Match) -> str:
    return _INVISIBLE_TABLE[ord(match.group())]


def chart_texts(values) -> list[str]:
    """:func:`chart_text` of each value (a column of names, a list of labels)."""
    return [chart_text(v) for v in values]


_MD_SPECIAL = "\\`*_{}[]()#+-.!|<>~$:"
_MD_TABLE = {ord(ch): "\\" + ch for ch in _MD_SPECIAL} | {ord(ch): " " for ch in "\r\n\t"}


def md(text) -> str:
    """User-provided text made inert inside Streamlit markdown (st.success, st.warning, metric
    labels and values, widget labels...): every character markdown, LaTeX ($) or Streamlit
    directives (:red[...]) could act on is escaped, so a name like '[x](http://...)' shows as
    typed instead of as a link. Line breaks become spaces."""
    return str(text).translate(_MD_TABLE)


# What markdown could set off in a label's plain text: emphasis and code delimiters, links and
# images, HTML, backslash escapes, LaTeX between two '$', Streamlit's :directive[...] and :emoji:
# shortcodes, a list or heading marker in front. One '$' ("Yearly budget ($)") sets off nothing.
_LABEL_ACTIVE = re.compile(r"[\\`*_~<>\[\]]|\$.*\$|:[A-Za-z0-9_+-]+[:\[]"
                           r"|^\s*(?:[#>+-]|\d+[.)])\s")


def label(text) -> str:
    """A widget label as plain words, so what a screen reader reads (the accessible name) is
    what is shown: 'Yearly budget ($)', never 'Yearly budget (\\$)'. Text that markdown would
    change (a currency typed as '**', a name like '[x](y)') is escaped with :func:`md` instead:
    it still shows as typed, at the price of backslashes in its accessible name."""
    s = str(text).replace("\r", " ").replace("\n", " ").replace("\t", " ")
    return md(s) if _LABEL_ACTIVE.search(s) else s


_UNSAFE_IN_FILE_NAME = re.compile(r"[^A-Za-z0-9._ -]+")


def file_name(stem, ext: str, limit: int = 80) -> str:
    """A download file name from user text: letters, digits, '.', '_', '-' and spaces kept,
    anything else (slashes, quotes, control characters, non-ASCII) one '_'; at most ``limit``
    characters before the extension; 'download' when nothing is left.

    >>> file_name('Q3 <budget>/"east"', "csv")
    'Q3 _budget_east_.csv'
    >>> file_name("../..", "pdf")
    '_.pdf'
    """
    text = unicodedata.normalize("NFKC", str(stem))
    safe = _UNSAFE_IN_FILE_NAME.sub("_", text).strip(" .")[:limit].strip(" .")
    return f"{safe or 'download'}.{ext.lstrip('.')}"
