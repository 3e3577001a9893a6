"""Names and tokenizer of the archive's full-text tables, shared by the migrations that make them
and the writer that fills them (archive.search_keys), which the migrations also call."""

from __future__ import annotations

STEM_FTS_TABLE = "releases_stem_fts"
# ё is not folded by unicode61; the stemmed index folds it itself (archive.search)
FTS_TOKENIZE = "unicode61 remove_diacritics 2"
# The stems of each release's attachment texts as they were put in the stemmed index's
# `attachments` column: a contentless row is deleted with the very stems it holds (archive.attachment_search)
ATTACHMENT_STEMS_TABLE = "attachment_search_stems"
