"""The dashboard's UI-side helpers: caching (:mod:`.data`), the shared filters and the URL
(:mod:`.filters`), and small rendering pieces (:mod:`.widgets`, :mod:`.cards`).

Everything here may use Streamlit; nothing here counts, parses or queries by itself.
"""
