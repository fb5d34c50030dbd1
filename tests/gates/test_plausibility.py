"""Gate 1 holds back the mistakes bureaus really make, with a reason a person understands, and lets good figures be.

Each case puts one bad figure among good ones in a small real warehouse
(`tests.gates.figures`), runs the real gate (GX, DuckDB, quarantine), and reads
`raw.quarantine`.
"""

from __future__ import annotations

from datetime import date, datetime

import duckdb
import pytest

from tests.gates.figures import Figures, held

# one real gate run (Great Expectations) over a small warehouse
pytestmark = pytest.mark.slow

SHANDONG = "370000"
CITIES = {  # 2023 GDP in 元, roughly as published
    "370100": 1.27e12,  # 济南市 (the bad one below)
    "370200": 1.576e12,  # 青岛市
    "370300": 4.56e11,  # 淄博市
    "370400": 2.1e11,  # 枣庄市
    "370600": 1.02e12,  # 烟台市
    "370700": 7.6e11,  # 潍坊市
}
GOOD: set[str] = set()


def good(mention_id: str) -> str:
    GOOD.add(mention_id)
    return mention_id


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    data = tmp_path_factory.mktemp("plausibility") / "data"
    with pytest.MonkeyPatch.context() as env:  # module-scoped: the monkeypatch fixture is per test
        env.setenv("PROVIND_DATA_DIR", str(data))
        yield data


@pytest.fixture(scope="module")
def world(data_dir):
    """Every case in one warehouse, one gate run: {mention id: {check: reason}} of what is held."""
    from provind import gates

    w = Figures(data_dir / "warehouse.duckdb", run_id="night-0")
    bulletin = w.article("bulletin-2023", date(2024, 2, 20))

    # 1. a 万/亿 slip: 济南's GDP written in 万亿元 instead of 亿元, among its peers and under its province
    for code, gdp in CITIES.items():
        if code != "370100":
            good(w.mention(f"gdp-{code}", bulletin, gdp, "元", "amount", "gdp", code, "2023"))
    good(w.mention("gdp-province", bulletin, 9.2e12, "元", "amount", "gdp", SHANDONG, "2023"))
    w.mention("slip", bulletin, 7.6061e15, "元", "amount", "gdp", "370100", "2023", quote="地区生产总值7606.1万亿元")

    # 2. a part larger than its whole (no peers to compare with): 济南 handled more complaints than Shandong
    good(w.mention("complaints-province", bulletin, 120000, "件", "count", "complaints_handled", SHANDONG, "2023"))
    good(w.mention("complaints-qingdao", bulletin, 30000, "件", "count", "complaints_handled", "370200", "2023"))
    w.mention("part-above-whole", bulletin, 150000, "件", "count", "complaints_handled", "370100", "2023")

    # 3. a whole below several of its parts: the province lost its 万 (1.3万户 for 1300万户)
    for code, n in (("370100", 1.1e6), ("370200", 1.8e6), ("370300", 0.6e6)):
        good(w.mention(f"entities-{code}", bulletin, n, "户", "count", "market_entities", code, "2023"))
    w.mention("whole-below-parts", bulletin, 13000, "户", "count", "market_entities", SHANDONG, "2023")

    # 4. orders of magnitude above its peers, and no power of ten explains it
    for code, n in (("370200", 800), ("370300", 1200), ("370400", 950), ("370600", 700)):
        good(w.mention(f"cases-{code}", bulletin, n, "件", "count", "cases_investigated", code, "2023"))
    w.mention("off-peers", bulletin, 250000, "件", "count", "cases_investigated", "370700", "2023")

    # 5. growth bounds: the catalog's for GDP growth, the kind default for an unclassified growth
    good(w.mention("growth-ok", bulletin, 6.1, "%", "growth", "gdp_growth", "370200", "2023"))
    w.mention("growth-5000", bulletin, 5000, "%", "growth", "gdp_growth", "370100", "2023")
    good(w.mention("growth-3.5x", bulletin, 3.5, "倍", "growth", "unclassified", "370100", "2023"))
    w.mention("growth-600", bulletin, 600, "%", "growth", "unclassified", "370100", "2023")
    # ratios: a plan beaten is not a rate above 100%
    good(w.mention("plan-115", bulletin, 115.2, "%", "ratio", "plan_completion_rate", "370100", "2023"))
    w.mention("ratio-150", bulletin, 150, "%", "ratio", "food_sampling_pass_rate", "370100", "2023")

    # 6. honest time: an article of 1 March 2024
    march = w.article("march-2024", date(2024, 3, 1))
    w.mention("half-not-over", march, 6.1, "%", "growth", "gdp_growth", "370100", "2024-01..2024-06")
    good(w.mention("half-target", march, 6.5, "%", "growth", "gdp_growth", "370100", "2024-01..2024-06", True))
    good(w.mention("year-to-date", march, 120, "件", "count", "cases_investigated", "370100", "2024"))
    good(w.mention("february", march, 35, "件", "count", "drug_cases", "370100", "2024-02"))
    good(w.mention("last-year", march, 5.9, "%", "growth", "gdp_growth", "370100", "2023"))
    w.mention("next-year", march, 5.0, "%", "growth", "gdp_growth", "370100", "2025")

    # 7. a jump against the region's own history (泰安's special equipment), judged against older figures
    for year in (2020, 2021, 2022):
        a = w.article(f"taian-{year}", date(year + 1, 1, 20))
        good(
            w.mention(
                f"equipment-{year}", a, 50000 + year, "台", "count", "special_equipment_units", "370900", str(year)
            )
        )
    a = w.article("taian-2023", date(2024, 1, 20))
    w.mention("jump", a, 800000, "台", "count", "special_equipment_units", "370900", "2023")

    results = gates.gate_raw("night-1")
    return {"held": held(w.path), "results": results, "figures": w}


def test_a_scale_slip_is_named_as_such(world):
    reasons = world["held"]["slip"]
    assert "no_scale_slip" in reasons
    reason = reasons["no_scale_slip"]
    assert "万/亿 slip" in reason and "7606.1万亿元 ÷ 10⁴ = 7606.1亿元" in reason
    assert "济南市's peers" in reason and "median" in reason
    # the bound of GDP (200万亿元, from the catalog) holds it too
    assert "amount_within_bounds" in reasons and "200万亿元" in reasons["amount_within_bounds"]


def test_a_part_larger_than_its_whole(world):
    reason = world["held"]["part-above-whole"]["part_not_larger_than_whole"]
    assert "济南市" in reason and "15万件" in reason and "山东省" in reason and "12万件" in reason


def test_a_whole_smaller_than_several_parts_is_the_suspect(world):
    reason = world["held"]["whole-below-parts"]["part_not_larger_than_whole"]
    assert "山东省" in reason and "3 of its own parts" in reason
    for code in ("370100", "370200", "370300"):
        assert f"entities-{code}" not in world["held"]


def test_orders_of_magnitude_off_the_peers(world):
    reason = world["held"]["off-peers"]["in_line_with_peers"]
    assert "潍坊市" in reason and "25万件" in reason and "peers under 山东省" in reason


def test_growth_has_an_upper_bound(world):
    held = world["held"]
    assert "-50%…50%" in held["growth-5000"]["growth_within_bounds"]
    assert "地区生产总值增长" in held["growth-5000"]["growth_within_bounds"]
    assert "-100%…500%" in held["growth-600"]["growth_within_bounds"]
    assert "default range for a growth" in held["growth-600"]["growth_within_bounds"]
    assert "0%…100%" in held["ratio-150"]["ratio_within_0_100"]


def test_a_result_for_a_period_not_yet_over(world):
    held = world["held"]
    reason = held["half-not-over"]["period_not_after_publication"]
    assert "2024-01..2024-06" in reason and "2024-06-30" in reason and "2024-03-01" in reason
    assert "period_not_after_publication" in held["next-year"]


def test_a_jump_against_history(world):
    reason = world["held"]["jump"]["no_order_of_magnitude_jump"]
    assert "泰安市" in reason and "3 earlier articles" in reason and "80万台" in reason


def test_good_figures_pass(world):
    wrongly_held = {m: world["held"][m] for m in GOOD if m in world["held"]}
    assert not wrongly_held


def test_only_the_bad_figures_are_held(world):
    assert set(world["held"]) == {
        "slip",
        "part-above-whole",
        "whole-below-parts",
        "off-peers",
        "growth-5000",
        "growth-600",
        "ratio-150",
        "half-not-over",
        "next-year",
        "jump",
    }


def test_the_history_verdict_does_not_change_when_unrelated_articles_arrive(world):
    """Later arrivals (back-dated or undated) never withdraw a figure already judged, nor hold a new one."""
    from provind import gates

    w: Figures = world["figures"]
    before = world["held"]
    later = datetime(2024, 9, 2, 8, 0)
    # a back-dated bulletin landing late, with figures ten times 泰安's: not history for what was judged
    for i in range(4):
        a = w.article(f"backdated-{i}", date(2019, 6, 1 + i), landed=later)
        w.mention(f"backdated-{i}", a, 600000, "台", "count", "special_equipment_units", "370900", "2018")
    # an undated page: judged against dated history, never history itself
    undated = w.article("undated", None, landed=later)
    w.mention("undated-jump", undated, 9_000_000, "台", "count", "special_equipment_units", "370900", "2022")

    gates.gate_raw("night-2")
    after = held(w.path)
    assert {m: set(c) for m, c in after.items() if m in before} == {m: set(c) for m, c in before.items()}
    assert "no_order_of_magnitude_jump" in after["undated-jump"]
    with duckdb.connect(str(w.path), read_only=True) as con:
        released = con.execute("SELECT count(*) FROM raw.quarantine WHERE released_at IS NOT NULL").fetchone()[0]
    assert released == 0, "nothing judged before changed its verdict"
    gates.gate_raw("night-3")  # and the same warehouse gives the same verdicts again
    assert held(w.path) == after
