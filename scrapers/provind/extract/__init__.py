"""The indicator extractor: figures in bureau articles, with unit, kind, region, period, target.

from provind.extract import extract_mentions
mentions = extract_mentions(text, doc="x.txt", published=date(2024, 8, 14), region_code="371600")
"""

from provind.extract.mentions import extract_mentions

__all__ = ["extract_mentions"]
