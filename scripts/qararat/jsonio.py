"""JSON as the build writes and reads it: compact, letters as written.

orjson gives, byte for byte, what json.dumps(data, ensure_ascii=False, separators=(",", ":")) gives
(integer keys written as strings too), several times faster: a document's data files, its page's
set-aside HTML and the search index are a large part of what a build writes and reads.
"""
from __future__ import annotations

from pathlib import Path

import orjson


def compact_json(data) -> bytes:
    """UTF-8 bytes, to be written as they are (decoding them to a str only to encode it again on
    writing costs more than making them)."""
    return orjson.dumps(data, option=orjson.OPT_NON_STR_KEYS)


def read_json(path: Path):
    """The JSON value of a file; a ValueError (json.JSONDecodeError) when it is not JSON."""
    return orjson.loads(path.read_bytes())
