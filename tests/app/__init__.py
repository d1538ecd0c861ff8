"""AppTest: every page opened in Streamlit's test runner, access and exports."""
