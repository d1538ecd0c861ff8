"""Streamlit sections: the parts a page is made of, each drawing with st.* from queries and figures."""
