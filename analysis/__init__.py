"""Chancery's analysis layer: loading, NLP, aggregation and storage, free of any UI."""
