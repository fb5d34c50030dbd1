"""The JSON lines `provind extract` prints: a mention as one line, encoded fast.

Part of the compiled extractor (provind/compiled.py): encoding is some 6 per cent of the
command on plain text, so it runs as C beside the extraction it prints.
"""

from __future__ import annotations

import json
import json.encoder
import math
from collections.abc import Callable
from decimal import Decimal
from typing import Final

from provind.extract.mentions import json_value


def row_encoder() -> Callable[[dict], str]:
    """`json.dumps(row, ensure_ascii=False)` for many rows, with the C encoder made once.

    json.dumps makes a JSONEncoder and then a C encoder for every call, which for a small row
    costs as much as the encoding itself; the output is the same.
    """
    encoder = json.JSONEncoder(ensure_ascii=False)
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:  # an interpreter without the C accelerator
        return encoder.encode
    c_encode = make(None, encoder.default, json.encoder.encode_basestring, None, ": ", ", ", False, False, True)
    return lambda row: "".join(c_encode(row, 0))


# A mention's keys as `extract_mentions` makes them, in order ("sentence" is not printed).
MENTION_KEYS: Final = (
    "doc", "quote", "subject", "value", "unit", "kind", "approx", "target", "region", "region_code",
    "region_source", "period", "indicator", "start", "end", "sentence",
)  # fmt: skip
# The keys printed between the value and the offsets: their values recur from line to line.
_RECURRING_KEYS: Final = MENTION_KEYS[4:13]
_MANY_RECURRING: Final = 10_000  # distinct recurring parts kept encoded (a few hundred in a big file)


def mention_encoder() -> Callable[[dict, int], str]:
    """The JSON line `provind extract` prints for a mention found at `offset` in its file.

    The same text as `row_encoder()(row)` after `del row["sentence"]`, `row["value"] =
    json_value(row["value"])` and both offsets moved by `offset`; `row` is left as it is.
    Encoding a whole row joins some 60 pieces (3.5 µs a row, some 6 per cent of the command on
    plain text). A mention's doc, unit, kind, approx, target, region, period and indicator
    recur from line to line: that part is encoded once for each combination and kept, and only
    the quote, the subject, the value and the offsets are encoded for every line. A row of
    another shape (other keys, or values of other types) takes the plain path.
    """
    encode = row_encoder()
    string = json.encoder.encode_basestring  # what the C encoder writes a str with
    recurring: dict[tuple, tuple[str, str]] = {}

    def plain(row: dict, offset: int) -> str:
        row = dict(row)
        del row["sentence"]
        row["value"] = json_value(row["value"])
        if offset:
            row["start"] += offset
            row["end"] += offset
        return encode(row)

    def line(row: dict, offset: int) -> str:
        if tuple(row) != MENTION_KEYS:
            return plain(row, offset)
        # (every value unpacked by name: no list or tuple built for the recurring part)
        doc, quote, subject, value, unit, kind, approx, target, place, code, source, period, ind, start, end, _ = (
            row.values()
        )
        if (
            type(value) is not Decimal
            or type(quote) is not str
            or type(subject) is not str
            or type(start) is not int
            or type(end) is not int
            or (target is not True and target is not False)  # (True == 1: a bool only, for the key)
        ):
            return plain(row, offset)
        # `json_value(value)` as JSON, written out (every line): an integral Decimal of exponent 0
        # (most figures: `_mention` quantizes them) prints as its int; others take the conversions.
        number = str(value)
        if not (number.isdigit() or (number[0] == "-" and number[1:].isdigit() and number != "-0")):
            whole = int(value)
            if whole == value:
                number = str(whole)
            else:
                as_float = float(value)
                if not math.isfinite(as_float):
                    return plain(row, offset)
                number = repr(as_float)
        key = (doc, unit, kind, approx, target, place, code, source, period, ind)
        try:
            parts = recurring.get(key)
        except TypeError:  # a value that is no str, None or bool
            return plain(row, offset)
        if parts is None:
            middle = key[1:]
            if type(doc) is not str or not all(v is None or type(v) is str for v in (*middle[:3], *middle[4:])):
                return plain(row, offset)
            if len(recurring) >= _MANY_RECURRING:
                recurring.clear()
            text = encode(dict(zip(_RECURRING_KEYS, middle, strict=True)))
            parts = recurring[key] = (f'{{"doc": {string(doc)}, "quote": ', f", {text[1:-1]}, ")
        return (
            f'{parts[0]}{string(quote)}, "subject": {string(subject)}, '
            f'"value": {number}{parts[1]}"start": {start + offset}, "end": {end + offset}}}'
        )

    return line
