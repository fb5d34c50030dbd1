"""A change of a flow is the flow's indicator, not the stock's (issue 17, flows and stocks).

`新登记经营主体12.6万户，同比下降3.1%`: the 3.1 % is the change of the new registrations; mapped
to the total's growth, a BI time series of `market_entities_growth` would mix the two. Own examples.
"""

from __future__ import annotations

from datetime import date

from tests.extract.helpers import mentions


def test_the_growth_of_a_flow_is_not_the_growth_of_the_stock() -> None:
    text = "全市实有经营主体142.3万户，同比增长5.2%；新登记经营主体12.6万户，同比下降3.1%。"
    got = {str(m["value"]): m["indicator"] for m in mentions(text, region="370100", published=date(2024, 7, 20))}
    assert got == {
        "1423000": "market_entities",
        "5.2": "market_entities_growth",
        "126000": "new_market_entities",
        "-3.1": "new_market_entities_growth",
    }
