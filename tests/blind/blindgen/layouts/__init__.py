"""One module per CMS family; each exposes ``LAYOUT`` (a ``blindgen.site.Layout`` subclass instance)."""
