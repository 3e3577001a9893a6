"""Attachments of releases (PDF, DOCX, RTF, XLSX, ODT ...): what kind a file is, and its text,
read by well-kept libraries in a separate process with bounded time and memory (issue 16).

Pure: no Scrapy, no storage. `kinds` sniffs the kind, `readers` reads one file in-process,
`sandbox` runs the readers in a worker process that a bad file can only kill, never hang or blow up.
"""
