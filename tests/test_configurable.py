"""Configuration-driven parsers: equal to the Python parsers they replace; clear errors."""

from __future__ import annotations

import pytest
from conftest import RAW, parse_raw

from schemalab.parsers import by_code
from schemalab.parsers.configurable import ConfigError, ConfiguredParser, configured_parsers, load_config_parser
from schemalab.parsers.landes import LandesParser

#: Configured département → the Python parser it was proven against.
PYTHON_REFERENCE = {"40": LandesParser}


def _tables(res):
    out = {}
    for t, rows in res.tables.items():
        out[t] = [{k: v for k, v in r.items() if k != "parser"} for r in rows]
    return out


@pytest.mark.parametrize("code", sorted(PYTHON_REFERENCE))
def test_configured_parser_equals_python_parser(code, manifest):
    assert issubclass(by_code(code), ConfiguredParser), f"{code} should be read through its configuration"
    entry = next(e for e in manifest.values() if e.department_code == code)
    python = PYTHON_REFERENCE[code]().parse(
        (RAW / entry.source_file).read_bytes(), entry.source_file, entry, strict=True
    )
    configured = parse_raw(code)
    assert _tables(configured) == _tables(python)


def test_every_configured_parser_loads_and_documents_its_anatomy():
    parsers = configured_parsers()
    assert parsers
    for p in parsers:
        assert "Anatomy" in (p.__doc__ or ""), f"{p.config_path}: say the document's anatomy under `anatomy:`"


def _write(tmp_path, text):
    p = tmp_path / "99_test.yml"
    p.write_text(text, encoding="utf-8")
    return p


BASE = 'code: "99"\nname: Test\ndetect: "Test"\nsheet_start: "^Fiche (?P<id>\\\\d+)$"\nheadings: {PILOTES: pilots}\n'


@pytest.mark.parametrize(
    "extra, message",
    [
        pytest.param("colour: blue\n", "unknown keys", id="unknown-key"),
        pytest.param("sheets_end: '(unclosed'\n", "sheets_end", id="bad-regex"),
        pytest.param("headings: {PILOTES: pilotage}\n", "unknown fields", id="bad-field"),
    ],
)
def test_config_errors_name_file_and_key(tmp_path, extra, message):
    text = BASE.replace("headings: {PILOTES: pilots}\n", "") + (
        extra if "headings" in extra else "headings: {PILOTES: pilots}\n" + extra
    )
    with pytest.raises(ConfigError, match=message) as err:
        load_config_parser(_write(tmp_path, text))
    assert "99_test.yml" in str(err.value)


def test_sheet_start_needs_an_id_group(tmp_path):
    with pytest.raises(ConfigError, match="id"):
        load_config_parser(_write(tmp_path, BASE.replace("(?P<id>\\\\d+)", "\\\\d+")))


def test_minimal_config_parses_a_small_plan(tmp_path):
    parser = load_config_parser(_write(tmp_path, BASE))
    res = parser().parse("Plan Test 2020-2024\n\nFiche 1\nUn titre\nPILOTES\n- La PMI\n", "99_test.txt", strict=True)
    assert [a["title"] for a in res.tables["actions"]] == ["Un titre"]
    assert [a["name"] for a in res.tables["action_actors"]] == ["La PMI"]
    assert res.tables["plans"][0]["plan_id"] == "99-2020-2024"
