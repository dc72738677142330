"""The explicit, ordered registry of département parsers.

Each raw file is routed to exactly one parser through its ``detect(text)``; no
import-time magic: a Python parser is added to :data:`REGISTRY` by hand, a configured
(YAML) one is listed in ``parsers/config/index.yml`` (``schemalab new-department`` does it).

Landes (40) and Orne (61) are read through their configurations (config/40_landes.yml,
config/61_orne.yml); the Python modules ``landes.py`` and ``orne.py`` are kept as the
reference implementations the configurations are checked against
(tests/test_configurable.py), and are not registered. Pas-de-Calais, Lot-et-Garonne and
Haute-Garonne keep Python parsers: see "Which plans keep a Python parser" in the README.
"""

from __future__ import annotations

import sys

from schemalab.extract import ParseError
from schemalab.parsers.base import BaseParser
from schemalab.parsers.configurable import ConfigError, configured_parsers
from schemalab.parsers.haute_garonne import HauteGaronneParser
from schemalab.parsers.lot_et_garonne import LotEtGaronneParser
from schemalab.parsers.pas_de_calais import PasDeCalaisParser

#: Configurations that do not load (file, line, key). Each one fails only its own
#: département: its plan is claimed by a stand-in parser that reports the error.
CONFIG_ERRORS: list[ConfigError] = []
_CONFIGURED = configured_parsers(errors=CONFIG_ERRORS)
for _err in CONFIG_ERRORS:
    print(f"schemalab: configuration error, that département will fail: {_err}", file=sys.stderr)

#: Every registered parser: the configured ones (config/index.yml order), then Python ones.
REGISTRY: tuple[type[BaseParser], ...] = (
    *_CONFIGURED,
    PasDeCalaisParser,
    LotEtGaronneParser,
    HauteGaronneParser,
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
        names = ", ".join(p.__name__ for p in claims)
        raise ParseError(source, None, f"exactly one parser to claim the file; {names} all do")
    return claims[0] if claims else None


__all__ = ["CONFIG_ERRORS", "REGISTRY", "BaseParser", "by_code", "codes", "detect"]
