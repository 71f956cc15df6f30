"""The dashboard's shared pieces: ``ui.figures`` (plotly figures, escaping; no streamlit) and
``ui.state`` (session state, the link, downloads, the pages' own inputs: streamlit)."""
