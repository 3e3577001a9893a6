"""Site profiles: each source's template learned from its own pages, and applied to them.

  blocks   a page cut into text runs, keyed for comparison across pages
  learn    a profile from a handful of article pages: repeated blocks and the body (here),
           <title> affixes (affixes), headline (headline), date (dating), pages studied (sample);
           listing: the listing's item and headline link
  locate   CSS induced from examples (cssmatch-compilable), and picking with it
  chrome   a body cleaned of repeated blocks, the headline again, date lines, captions, chrome
  apply    a profile's parts read off one page
  session  one source's profile in one run: the first pages wait for it; relearning
  keep     profiles to and from the archive (archive.profiles)
  model    the SiteProfile record and its JSON
Pure: no Scrapy (crawler.scrapy_glue.profiling connects a session to a spider).
"""
