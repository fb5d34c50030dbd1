"""scripts/gen_holidays.py: the committed seed is what the script writes, official years come
from chinesecalendar, a year past it is provisional (statutory days only), and a year nobody
knows stops the script with its name instead of leaving a hole in the calendar."""

from __future__ import annotations

import csv
import datetime as dt
import sys

import pytest

from tests.dbt.conftest import REPO

sys.path.insert(0, str(REPO / "scripts"))

import gen_holidays

SEED = REPO / "dbt_project" / "seeds" / "cn_holidays.csv"


def test_the_committed_seed_is_what_the_script_writes(tmp_path):
    out = tmp_path / "cn_holidays.csv"
    assert gen_holidays.main(["--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == SEED.read_text(encoding="utf-8"), (
        "dbt_project/seeds/cn_holidays.csv is stale: run scripts/gen_holidays.py"
    )


def test_every_year_through_the_last_is_in_the_seed():
    with SEED.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    years = {int(r["date"][:4]) for r in rows}
    assert years == set(range(gen_holidays.FIRST_YEAR, gen_holidays.THROUGH + 1))
    official = {int(r["date"][:4]) for r in rows if r["is_official"] == "true"}
    assert official == gen_holidays.official_years() & years
    for year in years - official:  # provisional: the 13 statutory days, nothing else
        days = [r for r in rows if r["date"].startswith(str(year))]
        assert len(days) == 13
        assert all(r["is_holiday"] == "true" and r["is_workday_shift"] == "false" for r in days)


def test_a_provisional_year_has_the_statutory_days():
    days = dict(gen_holidays.statutory_days(2027))
    assert days[dt.date(2027, 2, 5)] == "春节"  # 除夕
    assert [d for d, name in days.items() if name == "春节"][-1] == dt.date(2027, 2, 8)  # 初三
    assert days[dt.date(2027, 4, 5)] == "清明节"  # the solar term
    assert days[dt.date(2027, 6, 9)] == "端午节"
    assert days[dt.date(2027, 9, 15)] == "中秋节"
    assert sorted(days.values()).count("国庆节") == 3


def test_a_year_nobody_knows_fails_loudly(monkeypatch, tmp_path, capsys):
    unknown = max(gen_holidays.official_years() | set(gen_holidays.LUNAR_FESTIVALS)) + 1
    with pytest.raises(gen_holidays.MissingYear, match=str(unknown)):
        gen_holidays.build_rows(through=unknown)
    out = tmp_path / "cn_holidays.csv"
    assert gen_holidays.main(["--out", str(out), "--through", str(unknown)]) == 1
    assert not out.exists()  # nothing half-written
    assert f"{unknown}:" in capsys.readouterr().err
