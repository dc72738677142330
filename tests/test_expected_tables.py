"""The configured parsers of 40, 47 and 61 return the whole-plan tables and warnings
frozen from the Python parsers they replaced (tests/fixtures/expected/, see
tests/make_expected.py)."""

from __future__ import annotations

import pytest
from conftest import parse_raw
from expected_tables import as_frozen, expected_codes, expected_reports, expected_tables

from schemalab.parsers import by_code
from schemalab.parsers.configurable import ConfiguredParser


def test_frozen_tables_exist():
    assert expected_codes() == ["40", "47", "61"]


@pytest.mark.parametrize("code", expected_codes())
def test_configured_parser_returns_the_frozen_tables(code):
    assert issubclass(by_code(code), ConfiguredParser), f"{code} should be read through its configuration"
    tables, reports = as_frozen(parse_raw(code))
    expected = expected_tables(code)
    assert sorted(tables) == sorted(expected)
    for name in sorted(expected):
        got, want = tables[name], expected[name]
        assert len(got) == len(want), f"{code} {name}: {len(got)} rows, frozen {len(want)}"
        for a, b in zip(got, want, strict=True):
            assert a == b, f"{code} {name}: row differs"
    frozen = expected_reports(code)
    assert reports["unknown_headings"] == frozen["unknown_headings"]
    assert reports["incomplete"] == frozen["incomplete"]
    # the same traps at the same places: file, line and sheet of each warning (the
    # configured wording names fields where the Python parsers printed the headings:
    # "empty resources" for "empty RESSOURCES"); 47's warnings are frozen empty
    assert [w.split(": ")[:2] for w in reports["warnings"]] == [w.split(": ")[:2] for w in frozen["warnings"]]


@pytest.mark.parametrize("code", expected_codes())
def test_lax_parse_equals_strict_parse(code):
    assert as_frozen(parse_raw(code, strict=False)) == as_frozen(parse_raw(code))
