"""The explicit, ordered registry of département parsers.

Each raw file is routed to exactly one parser through its ``detect(text)``; no
import-time magic: a Python parser is added to :data:`REGISTRY` by hand, a configured
(YAML) one is listed in ``parsers/config/index.yml`` (``schemalab new-department`` does it).

Landes (40), Orne (61), Pas-de-Calais (62) and Lot-et-Garonne (47) are read through
their configurations (config/40_landes.yml, config/61_orne.yml,
config/62_pas-de-calais.yml, config/47_lot-et-garonne.yml); the Python parsers they
replaced were deleted once the configurations matched them, their whole-plan tables
frozen in tests/fixtures/expected/ (tests/test_expected_tables.py). Only Haute-Garonne
(31) keeps a Python parser: see "Which plans keep a Python parser" in the README.

Editions: a département may have several plans (editions), each claimed by its own
parser (typically one configuration per edition, its ``detect`` naming the period, e.g.
``"… de la famille 2022-2026"``). Several parsers may therefore share a code:
:func:`codes` lists each code once, :func:`editions_of` gives every parser of a code, and
:func:`detect` still requires exactly one claim per file (two editions' parsers claiming
the same text is a configuration error that says which ``detect`` to narrow).
"""

from __future__ import annotations

import sys

from schemalab.extract import ParseError
from schemalab.parsers.base import BaseParser
from schemalab.parsers.configurable import ConfigError, configured_parsers
from schemalab.parsers.haute_garonne import HauteGaronneParser

#: Configurations that do not load (file, line, key). Each one fails only its own
#: département: its plan is claimed by a stand-in parser that reports the error.
CONFIG_ERRORS: list[ConfigError] = []
_CONFIGURED = configured_parsers(errors=CONFIG_ERRORS)
for _err in CONFIG_ERRORS:
    print(f"schemalab: configuration error, that département will fail: {_err}", file=sys.stderr)

#: Every registered parser: the configured ones (config/index.yml order), then Python ones.
REGISTRY: tuple[type[BaseParser], ...] = (
    *_CONFIGURED,
    HauteGaronneParser,
)


def by_code(code: str) -> type[BaseParser]:
    """The (first registered) parser of département ``code`` (KeyError listing the known
    codes); :func:`editions_of` gives every parser of a département with several editions."""
    for p in REGISTRY:
        if p.code == code:
            return p
    raise KeyError(f"no parser for département {code!r}; known: {', '.join(codes())}")


def codes() -> list[str]:
    """INSEE codes of the registered départements, each once (registry order), even when a
    département has several editions."""
    return list(dict.fromkeys(p.code for p in REGISTRY))


def editions_of(code: str) -> list[type[BaseParser]]:
    """Every registered parser of département ``code`` (one per edition), registry order."""
    return [p for p in REGISTRY if p.code == code]


def detect(text: str, source: str = "<text>") -> type[BaseParser] | None:
    """The one parser claiming ``text``; None when none does.

    ``detect`` patterns are matched against :func:`schemalab.textio.match_key` of the text
    (CR/CRLF, NFD, invisible characters, typographic apostrophes folded), so a plan is
    claimed in every such variant.

    Raises:
        ParseError: when several parsers claim the same file.
    """
    from schemalab.textio import match_key

    key = match_key(text)
    claims = [p for p in REGISTRY if p.detect(key)]
    if len(claims) > 1:
        names = ", ".join(_parser_label(p) for p in claims)
        if len({p.code for p in claims}) == 1:
            raise ParseError(
                source,
                None,
                f"exactly one parser to claim the file; {len(claims)} parsers of département {claims[0].code} "
                f"({names}) all do: when a département has several editions, each edition's `detect` must "
                "name what only its text prints (its period, e.g. '… 2022-2026')",
            )
        raise ParseError(source, None, f"exactly one parser to claim the file; {names} all do")
    return claims[0] if claims else None


def _parser_label(p: type[BaseParser]) -> str:
    """A parser's class name, with its configuration file when it has one (editions of one
    département share a class name)."""
    path = getattr(p, "config_path", None)
    return f"{p.__name__} ({path.name})" if path is not None else p.__name__


__all__ = ["CONFIG_ERRORS", "REGISTRY", "BaseParser", "by_code", "codes", "detect", "editions_of"]
