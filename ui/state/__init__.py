"""Streamlit state shared by the pages: the session, the link, downloads and the pages' inputs."""
