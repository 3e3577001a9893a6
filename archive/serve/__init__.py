"""Datasette serving for the archive: see app.make_datasette and plugin."""
