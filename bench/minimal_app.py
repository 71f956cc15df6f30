"""The yardstick of bench/first_paint.py: a one-metric Streamlit app, nothing else."""

import streamlit as st

st.metric("Net value", "$10,651.27")
