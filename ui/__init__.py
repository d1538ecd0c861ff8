"""Presentation: theme, labels and formats, chart builders, Streamlit sections and filters."""
