"""The configured parsers of 40, 47, 61 and 62 return the whole-plan tables and warnings
frozen from the Python parsers they replaced (tests/fixtures/expected/, see
tests/make_expected.py)."""

from __future__ import annotations

import pytest
from conftest import parse_raw
from expected_tables import as_frozen, expected_codes, load_expected

from schemalab.parsers import by_code
from schemalab.parsers.configurable import ConfiguredParser

#: Départements whose configured warnings name fields where the Python parser printed the
#: headings ("empty resources" for "empty RESSOURCES"): only their places are compared.
REWORDED = {"40", "61"}


def test_frozen_tables_exist():
    assert expected_codes() == ["40", "47", "61", "62"]


@pytest.mark.parametrize("code", expected_codes())
def test_configured_parser_returns_the_frozen_tables(code):
    assert issubclass(by_code(code), ConfiguredParser), f"{code} should be read through its configuration"
    tables, reports = as_frozen(parse_raw(code))
    expected, frozen = load_expected(code)
    # a table without a file was frozen empty (62's earlier form leaves empty tables out)
    assert set(expected) <= set(tables), f"{code}: frozen tables the parser no longer returns"
    for name in sorted(tables):
        got, want = tables[name], expected.get(name, [])
        assert len(got) == len(want), f"{code} {name}: {len(got)} rows, frozen {len(want)}"
        for a, b in zip(got, want, strict=True):
            assert a == b, f"{code} {name}: row differs"
    for report in ("unknown_headings", "incomplete"):  # when frozen (not in 62's earlier form)
        if report in frozen:
            assert reports[report] == frozen[report], f"{code}: {report}"
    # the same traps at the same places: file, line and sheet of each warning; 47's
    # warnings are frozen empty
    assert [w.split(": ")[:2] for w in reports["warnings"]] == [w.split(": ")[:2] for w in frozen["warnings"]]
    if code not in REWORDED:
        assert reports["warnings"] == frozen["warnings"]


@pytest.mark.parametrize("code", expected_codes())
def test_lax_parse_equals_strict_parse(code):
    assert as_frozen(parse_raw(code, strict=False)) == as_frozen(parse_raw(code))
