"""Chancery: a dashboard of who says what in diplomatic news.

Run with ``streamlit run app.py``. This script is the router: it sets up the
page, ingests the demo corpus on a first run, draws the shared sidebar filters
and hands over to the chosen page.
"""

import streamlit as st

from analysis.errors import ChanceryError
from chancery_ui import data
from chancery_ui.filters import publish_url_param, sidebar_filters

# An emoji favicon: a page's Material icon as favicon would be fetched from a font CDN.
st.set_page_config(page_title="Chancery", page_icon="🏛️", layout="wide")

navigation = st.navigation(
    [
        st.Page("pages/overview.py", title="Overview", icon=":material/dashboard:", default=True),
        st.Page("pages/actors.py", title="Actors", icon=":material/groups:", url_path="actors"),
        st.Page("pages/topics.py", title="Topics", icon=":material/topic:", url_path="topics"),
        st.Page(
            "pages/quotes.py", title="Quotes", icon=":material/format_quote:", url_path="quotes"
        ),
        st.Page("pages/reader.py", title="Reader", icon=":material/article:", url_path="reader"),
        st.Page("pages/upload.py", title="Upload", icon=":material/upload:", url_path="upload"),
    ]
)

try:
    data.ingest_demo_corpus_if_empty()
    sidebar_filters()
except ChanceryError as error:
    st.error(str(error))
    st.stop()

# A page's own query parameters are dropped on the other pages, so a shared link says
# only what its page uses.
for url_path, param in (("actors", "actor"), ("reader", "article")):
    if navigation.url_path != url_path:
        publish_url_param(param, [])
with st.sidebar:
    st.caption("Chancery · who says what in diplomatic news")

navigation.run()
