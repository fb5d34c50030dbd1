-- Deduplicated figures with the keys of every dimension resolved:
--   * period   -> int_periods_normalised (null period -> the `unknown` member);
--   * indicator -> the catalog seed, anything not in it -> `unclassified`;
--   * region   -> the version of the region code valid on the figure's as-of
--                 date (period end, else period start, else publication date);
--                 failing that the nearest version of the code (the latest
--                 when there is no date at all); a code not in
--                 the gazetteer (or none) -> the `unknown` member;
--   * date     -> the article's publication date (`-1` when unknown).


{{ provind.map_mentions(figures=ref('int_mentions_deduplicated')) }}
