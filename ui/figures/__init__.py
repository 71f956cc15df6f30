"""Plotly figures and user text made safe for them: tables in, figures out; no streamlit."""
