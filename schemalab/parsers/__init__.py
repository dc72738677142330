"""The explicit, ordered registry of département parsers.

Each raw file is routed to exactly one parser through its ``detect(text)``; no
import-time magic: a new parser is added to :data:`REGISTRY` by hand.
"""

from __future__ import annotations

from schemalab.extract import ParseError
from schemalab.parsers.base import BaseParser
from schemalab.parsers.landes import LandesParser

#: Every registered parser, in INSEE order of nothing but their listing here.
REGISTRY: tuple[type[BaseParser], ...] = (
    LandesParser,
)


def by_code(code: str) -> type[BaseParser]:
    """The parser of département ``code`` (KeyError listing the known codes)."""
    for p in REGISTRY:
        if p.code == code:
            return p
    raise KeyError(f"no parser for département {code!r}; known: {', '.join(codes())}")


def codes() -> list[str]:
    """INSEE codes of the registered départements."""
    return [p.code for p in REGISTRY]


def detect(text: str, source: str = "<text>") -> type[BaseParser] | None:
    """The one parser claiming ``text``; None when none does.

    Raises:
        ParseError: when several parsers claim the same file.
    """
    claims = [p for p in REGISTRY if p.detect(text)]
    if len(claims) > 1:
        names = ", ".join(p.__name__ for p in claims)
        raise ParseError(source, None, f"exactly one parser to claim the file; {names} all do")
    return claims[0] if claims else None


__all__ = ["REGISTRY", "BaseParser", "by_code", "codes", "detect"]
