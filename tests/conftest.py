"""Shared fixtures and options for the schemalab tests."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"


def pytest_addoption(parser):
    parser.addoption(
        "--update-goldens",
        action="store_true",
        default=False,
        help="rewrite tests/golden/*/*.json from the current parsers (review the diff!)",
    )


@pytest.fixture(scope="session")
def raw_dir() -> Path:
    return RAW


@pytest.fixture(scope="session")
def manifest():
    from schemalab.manifest import load_manifest

    return load_manifest(RAW)


def parse_raw(code: str, strict: bool = True):
    """Parse the real raw plan of département ``code`` (strict: unknowns raise)."""
    from schemalab.manifest import load_manifest
    from schemalab.parsers import by_code

    entry = next(e for e in load_manifest(RAW).values() if e.department_code == code)
    data = (RAW / entry.source_file).read_bytes()
    return by_code(code)().parse(data, entry.source_file, entry, strict=strict)


FIXTURES = Path(__file__).parent / "fixtures"


def parse_fixture(plan: str, config: str, strict: bool = False):
    """Parse the test plan ``tests/fixtures/<plan>`` with its configuration ``<config>``."""
    from schemalab.parsers.configurable import load_config_parser

    path = FIXTURES / plan
    return load_config_parser(FIXTURES / config)().parse(path.read_bytes(), path.name, strict=strict)


def fixture_lines(plan: str, first: int, last: int) -> list[tuple[int, str]]:
    """Lines ``first`` to ``last`` of the test plan ``tests/fixtures/<plan>`` as a parser
    reads them, each with its number."""
    from schemalab.extract import normalise_lines

    text = normalise_lines((FIXTURES / plan).read_text(encoding="utf-8-sig"))
    return [(n, text[n - 1]) for n in range(first, last + 1)]


def draft_for(code: str, plan: str) -> str:
    """The configuration `new-department` drafts for the test plan, untouched."""
    from schemalab.scaffold import draft_config

    return draft_config(code, "Essai", (FIXTURES / plan).read_text(encoding="utf-8-sig"), plan)[0]


def sheet_values(res, table: str, aid, key: str) -> list:
    """The ``key`` column of ``table``'s rows for action ``aid`` (None: the plan's own), in order."""
    return [r[key] for r in res.tables[table] if r["action_id"] == aid]


def sheet_actors(res, aid: str, role: str) -> list[str]:
    """The names of action ``aid``'s actors of ``role`` (pilot, partner), in order."""
    return [r["name"] for r in res.tables["action_actors"] if r["action_id"] == aid and r["role"] == role]


def cells(actor_rows):
    """The printed pilot/partner cells of actor rows, once each (a cell naming several
    bodies gives several rows sharing name_raw and line), markup cleaned."""
    from schemalab.extract import clean_inline

    out, seen = [], set()
    for r in actor_rows:
        if (r["line"], r["name_raw"]) not in seen:
            seen.add((r["line"], r["name_raw"]))
            out.append(clean_inline(r["name_raw"]))
    return out
