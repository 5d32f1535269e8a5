"""Aligned plain-text tables for a terminal, counting CJK characters as two columns."""

from __future__ import annotations

import unicodedata


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, size: int, right: bool = False) -> str:
    gap = " " * max(0, size - width(text))
    return gap + text if right else text + gap


def render(headers: list[str], rows: list[list[str]], right: set[int] | None = None) -> str:
    right = right or set()
    sizes = [max([width(h)] + [width(r[i]) for r in rows]) for i, h in enumerate(headers)]
    lines = ["  ".join(pad(h, sizes[i], i in right) for i, h in enumerate(headers)).rstrip(),
             "  ".join("-" * s for s in sizes)]
    lines += ["  ".join(pad(c, sizes[i], i in right) for i, c in enumerate(r)).rstrip() for r in rows]
    return "\n".join(lines)
