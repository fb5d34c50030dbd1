"""Acquisition: everything between a `sources.yml` entry and a landed page.

One module per concern, in the order a page meets them (Scrapy's split of
downloading from parsing):

- `sources`: the registry of sites, validated with errors naming file, entry and field;
- `robots`: robots.txt rules (protego) for a host;
- `client`: the polite HTTP client: robots, per-host pacing across processes, retries;
- `content`: what a body is: media type, file signature, charset (the one place bytes are decoded);
- `parse`: list pages and articles (links, title, date, body) from decoded HTML;
- `article`: an article's own title, date and body across government CMS templates;
- `site`: the crawl of one news site: pagination, revisits, crawl state;
- `api`: the crawl of a statistics API source;
- `command`: `provind crawl`, the ad hoc crawl of one site.
"""
