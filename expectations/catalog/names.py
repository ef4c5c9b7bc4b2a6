"""Name matching of the catalog: the one rule by which a name in a drop finds its indicator."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from typing import Any

_BRACKETS = str.maketrans({"[": "(", "]": ")", "【": "(", "】": ")", "〔": "(", "〕": ")"})
_DROPPED = str.maketrans(dict.fromkeys("\"'“”‘’「」『』\u200b\ufeff"))


def normalize_name(text: str) -> str:
    """Normalise a name for matching.

    NFKC (full-width to half-width), all whitespace removed, lower-case, brackets () [] 【】 unified
    to (), quotation marks dropped (so 新增“四上”企业 matches 新增"四上"企业 and 新增四上企业),
    trailing full stops dropped.
    """
    text = unicodedata.normalize("NFKC", str(text))
    text = "".join(text.split()).lower()
    text = text.translate(_BRACKETS).translate(_DROPPED)
    return text.rstrip("。.")


def _without_trailing_parenthetical(key: str) -> str | None:
    """``居民消费价格指数(上年同期=100)`` -> ``居民消费价格指数``; None when there is none."""
    if not key.endswith(")"):
        return None
    start = key.rfind("(")
    return key[:start] if start > 0 else None


def name_candidates(name: str) -> Iterator[str]:
    """The normalised name, then the same with trailing parentheticals removed one by one."""
    key: str | None = normalize_name(name)
    while key:
        yield key
        key = _without_trailing_parenthetical(key)


def first_match(index: dict[str, Any], name: str) -> Any:
    """The entry of `index` (keyed by normalised names) that `name` matches, or None."""
    for key in name_candidates(name):
        if key in index:
            return index[key]
    return None
