"""Every plausibility threshold of the gates, with why it has the value it has.

Per-indicator bounds are data: the columns `min_value`, `max_value`,
`max_growth` and `additive` of the indicator catalog
(`scrapers/provind/reference/indicators.csv`, the seed of `dim_indicator`). A
catalog row that leaves one empty, an unclassified mention, or a mention whose
kind is not its indicator's, gets the default of its kind below
(`provind_expectations.bounds` merges the two).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class KindBounds:
    """Defaults for one kind of figure, in its normalised unit (see `provind_expectations.bounds.MEASURE_SQL`)."""

    min_value: float | None
    max_value: float | None
    max_growth: float | None  # largest change against the region's own history, in percent; None: not judged
    additive: bool  # a part (a city) cannot report more than its whole (its province)


KIND_BOUNDS: dict[str, KindBounds] = {
    # A share or a rate is a part of a whole: 0-100%. Indicators that may pass 100% (a plan or a
    # budget completed beyond target) say so with their own max_value in the catalog.
    "ratio": KindBounds(0, 100, None, False),
    # Nothing falls by more than all of it. Above +500% (six times the base in one period) a figure
    # of an established series has almost always been misread: a level taken for a growth, 倍 read
    # as %, a misplaced decimal point. A series that legitimately grows from a small base carries
    # its own max_value; macro series (GDP, retail sales, CPI...) carry tighter ones.
    "growth": KindBounds(-100, 500, None, False),
    # Counts of anything a bureau counts: not negative; 10^11 is above any national total
    # (person-trips included), so only a slip gets there.
    "count": KindBounds(0, 1e11, 900, True),
    # Money in 元: not negative; 10^15 元 (1000万亿元) is above any national aggregate (GDP is about
    # 130万亿元), so a 万/亿 slip on a large figure is caught even with nothing to compare it with.
    "amount": KindBounds(0, 1e15, 900, True),
    # No region ranks among more than the ~2 900 county-level divisions.
    "rank": KindBounds(1, 3000, None, False),
    # Per 10 000 people: anything above 100 000 (ten per person) is not a density.
    "density": KindBounds(0, 100_000, 900, False),
    # Scores, durations, physical units: nothing can be said without the indicator.
    "other": KindBounds(None, None, None, False),
}

# The history check: a figure against the median of its own region's earlier figures for the same
# indicator, unit, kind and period length (a quarter with quarters, a year with years). A count,
# an amount or a density ten times (or a tenth of) its history is held back unless the catalog
# allows more (max_growth 900 = ten times). Fewer than three earlier articles are not a history.
MIN_HISTORY = 3

# The peer check: a figure against the median of its peers, the other regions of the same level
# under the same parent (a province's other prefectures) reporting the same indicator, unit, kind
# and period. Within a province, prefectures' totals differ by up to 30-50 times (深圳 and 云浮);
# a hundred times the median is two orders of magnitude, which size alone does not explain.
# Below the median a region's figure is more often legitimately small (a county with little
# activity, a programme just started, a subset the extractor gave the same indicator): only three
# orders of magnitude below is held.
MIN_PEERS = 3
PEER_MAX_FACTOR = 100.0
PEER_MIN_FACTOR = 1000.0
# Counts, amounts and densities scale with a region's size and a slip moves them by orders of
# magnitude; ratios, growths and ranks are small numbers compared by other checks.
PEER_KINDS = ("count", "amount", "density")

# Part and whole: a city's count or amount above its province's (same indicator, unit, kind,
# period) for an additive indicator. Rounding in the two releases (约1.2万 against 1.18万) is
# forgiven up to this share. When two or more parts exceed the same whole, the whole is the
# suspect (a province figure that lost a 万), and it is held instead.
PART_WHOLE_TOLERANCE = 0.05
SUSPECT_WHOLE_PARTS = 2

# Scale slips: a bureau writes 万 for 亿, 万亿 for 亿, or drops the 万. A figure that is off its
# peers, its whole or its history by orders of magnitude is named a slip when multiplying it by one
# of these powers of ten makes it fit: within SLIP_FIT_FACTOR of its peers' median, within its
# history's band, or below its whole and at least SLIP_MIN_SHARE of it.
SLIP_POWERS = (4, 8, -4, -8)  # value ÷ 10^p
SLIP_FIT_FACTOR = 10.0
SLIP_MIN_SHARE = 1e-3

# Honest time: a reported result for a period that ends after the month it was published in
# cannot be a result. The publication year itself is exempt: the extractor dates year-to-date
# wording (今年以来, 目前) and yearless results with the running year.
