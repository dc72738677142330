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
