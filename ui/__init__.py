"""The dashboard's shared pieces: formatting, plotly figures (no streamlit), and the
streamlit helpers the pages use (state, inputs)."""
