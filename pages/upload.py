"""Upload: add articles from files or pasted text, after a preview."""

import streamlit as st

from analysis.display import escape_markdown
from analysis.errors import ChanceryError, InputRejected
from analysis.loaders import SUPPORTED_EXTENSIONS, load_pasted
from analysis.models import LoadResult, Rejection
from chancery_ui import cards, data

st.title("Upload articles")
st.caption(
    "Text and Markdown (one article per file; a first line `date YYYY-MM-DD` or `Title:` / "
    "`Date:` / `Source:` lines are read), HTML, CSV, JSON Lines or JSON (one article per row, "
    "with `text`, `title`, `date`, `source`, `url`), and zip archives of these."
)

last = st.session_state.get("upload_last_report")
if last:
    st.success(last["headline"])
    if len(last["details"]) <= cards.MAX_LISTED:
        for line in last["details"]:
            st.markdown("- " + escape_markdown(line))
    else:
        st.dataframe(cards.lines_table(last["details"]), hide_index=True, key="upload_last_details")

round_ = st.session_state.setdefault("upload_round", 0)
files = st.file_uploader(
    "Files",
    type=sorted(ext.lstrip(".") for ext in SUPPORTED_EXTENSIONS),
    accept_multiple_files=True,
    key=f"upload_files_{round_}",
)
with st.expander("Or paste an article", expanded=False):
    text = st.text_area("Article text", height=200, key=f"upload_paste_text_{round_}")
    title_column, date_column, source_column = st.columns(3)
    title = title_column.text_input("Title", key=f"upload_paste_title_{round_}")
    date = date_column.text_input(
        "Date", placeholder="YYYY-MM-DD", key=f"upload_paste_date_{round_}"
    )
    source = source_column.text_input("Source", key=f"upload_paste_source_{round_}")

loaded = LoadResult()
for upload in files or []:
    loaded.extend(data.parsed_upload(upload.name, upload.getvalue()))
if text.strip():
    try:
        loaded.articles.append(load_pasted(text, title=title, date=date or None, source=source))
    except InputRejected as rejected:
        loaded.rejections.append(Rejection(rejected.origin, rejected.reason))
if not loaded.articles and not loaded.rejections:
    st.info("Choose files or paste an article to see what Chancery will read from them.")
    st.stop()

st.subheader("Preview")
if loaded.articles:
    st.dataframe(
        cards.upload_preview(loaded), hide_index=True, width="stretch", key="upload_preview"
    )
if len(loaded.rejections) <= cards.MAX_LISTED:
    for rejection in loaded.rejections:
        st.warning(escape_markdown(f"Rejected {rejection.origin}: {rejection.reason}"))
else:
    st.warning(
        f"{len(loaded.rejections):,} files or rows are rejected, each listed with its reason:"
    )
    st.dataframe(
        cards.rejections_table(loaded.rejections),
        hide_index=True,
        width="stretch",
        key="upload_rejections",
    )

if st.button(
    f"Analyse and store {len(loaded.articles)} article(s)",
    key="upload_store",
    type="primary",
    disabled=not loaded.articles,
):
    try:
        report = data.ingest_with_progress(loaded)
    except ChanceryError as error:
        st.error(str(error))
        st.stop()
    lines = report.lines()
    details = lines[1:] + [f"already stored: {origin}" for origin in report.duplicates]
    st.session_state["upload_last_report"] = {"headline": lines[0], "details": details}
    st.session_state["upload_round"] = round_ + 1
    st.rerun()
