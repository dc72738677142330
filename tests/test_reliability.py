"""Bad input, partial failure and fuzzing: parsers return valid records or raise ParseError.

Every registered département is exercised (sweep over the registry); the fuzz test
mutates the real golden excerpts. A longer fuzz run lives in bench/fuzz.py.
"""

from __future__ import annotations

import random
import unicodedata
from pathlib import Path

import pytest
from conftest import parse_raw
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from schemalab import io
from schemalab.build import parse_file
from schemalab.extract import ParseError
from schemalab.manifest import load_manifest
from schemalab.parsers import by_code, codes

GOLDEN = Path(__file__).parent / "golden"
RAW = Path(__file__).resolve().parents[1] / "data" / "raw"


def _entry(code):
    return next(e for e in load_manifest(RAW).values() if e.department_code == code)


def _comparable(res):
    out = {}
    for t, rows in res.tables.items():
        out[t] = [{k: v for k, v in r.items() if k != "source_sha256"} for r in rows]
    return out


@pytest.mark.parametrize("code", codes())
@pytest.mark.parametrize("transform", ["crlf", "nfd", "cr"])
def test_line_endings_and_unicode_forms_do_not_change_result(code, transform):
    entry = _entry(code)
    text = (RAW / entry.source_file).read_text(encoding="utf-8")
    changed = {
        "crlf": text.replace("\n", "\r\n"),
        "cr": text.replace("\n", "\r"),
        "nfd": unicodedata.normalize("NFD", text),
    }[transform]
    base = parse_raw(code)
    res = by_code(code)().parse(changed.encode("utf-8"), entry.source_file, entry, strict=True)
    assert _comparable(res) == _comparable(base)


def test_empty_file_fails_clearly(tmp_path):
    p = tmp_path / "40_landes_2024-2028.txt"
    p.write_text("\n\n  \n")
    outcome, res = parse_file(p, {})
    assert outcome.status == "failed" and res is None
    assert outcome.message == f"{p.name}:1: a plan text; the file is empty"


@pytest.mark.parametrize("code", codes())
def test_truncated_plan_parses_or_fails_with_parse_error(code, tmp_path):
    entry = _entry(code)
    data = (RAW / entry.source_file).read_bytes()
    for cut in (0.05, 0.3, 0.6, 0.9):
        p = tmp_path / entry.source_file
        p.write_bytes(data[: int(len(data) * cut)])
        outcome, res = parse_file(p, {entry.source_file: entry})
        assert outcome.status in ("built", "failed", "skipped"), outcome
        assert "internal parser error" not in outcome.message, outcome.message
        if outcome.status == "built":
            for name, rows in res.tables.items():
                io.write_table(name, rows, tmp_path / "out")


def test_sheet_with_missing_heading_is_reported_not_silent():
    entry = _entry("40")
    text = (GOLDEN / "40" / "sheet1_nested_checkmarks.txt").read_text(encoding="utf-8")
    broken = text.replace("\nINDICATEURS\n", "\n\n", 1)
    with pytest.raises(ParseError) as err:
        by_code("40")().parse(broken, entry.source_file, entry, strict=True)
    assert "INDICATEURS" not in broken and "indicators" in str(err.value)
    assert str(err.value).startswith(f"{entry.source_file}:")
    res = by_code("40")().parse(broken, entry.source_file, entry, strict=False)
    assert any("has no indicators heading" in w for w in res.warnings)


# Fuzzing ------------------------------------------------------------------------------

EXCERPTS = sorted(GOLDEN.glob("*/*.txt"))
OPS = ["delete", "duplicate", "shuffle", "bytes", "truncate", "tsv"]
#: Cells of an inserted tab-separated line: labels, years, semesters and lists the table
#: layouts read (one such line once crashed the Orne reading with an IndexError).
TSV_CELLS = ["", "x", "Pilote", "Objectifs", "2018", "2019", "S1", "S2", "<ul><li>a</li></ul>", "➤ a → b", "1. Titre"]


def mutate(text: str, seed: int, ops: list[str]) -> str:
    """Apply mutation operators to a real excerpt (deterministic for a seed)."""
    rng = random.Random(seed)
    lines = text.split("\n")
    for op in ops:
        if not lines:
            break
        i = rng.randrange(len(lines))
        if op == "delete":
            del lines[i : i + rng.randint(1, 5)]
        elif op == "duplicate":
            lines.insert(i, lines[rng.randrange(len(lines))])
        elif op == "shuffle":
            j = rng.randrange(len(lines))
            a, b = sorted((i, j))
            block = lines[a:b]
            rng.shuffle(block)
            lines[a:b] = block
        elif op == "bytes":
            junk = "".join(
                chr(rng.choice([rng.randint(32, 126), rng.randint(160, 0x2FFF)])) for _ in range(rng.randint(1, 30))
            )
            lines[i] = lines[i][: rng.randint(0, len(lines[i]))] + junk
        elif op == "truncate":
            lines = lines[: i + 1]
        elif op == "tsv":
            lines.insert(i, "\t".join(rng.choice(TSV_CELLS) for _ in range(rng.randint(1, 8))))
    return "\n".join(lines)


def check_parse(code: str, text: str, tmp_path: Path) -> str:
    """Parse a mutated excerpt: valid records ('ok') or a ParseError ('error'), nothing else."""
    entry = _entry(code)
    try:
        res = by_code(code)().parse(text, entry.source_file, entry, strict=False)
    except ParseError as exc:
        assert exc.source == entry.source_file
        return "error"
    for name, rows in res.tables.items():
        io.write_table(name, rows, tmp_path)
    return "ok"


@pytest.mark.skipif(not EXCERPTS, reason="no golden excerpts")
@settings(max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    case=st.sampled_from(EXCERPTS),
    seed=st.integers(0, 2**32 - 1),
    ops=st.lists(st.sampled_from(OPS), min_size=1, max_size=6),
)
def test_fuzzed_excerpts_give_valid_records_or_parse_error(case, seed, ops, tmp_path):
    check_parse(case.parent.name, mutate(case.read_text(encoding="utf-8"), seed, ops), tmp_path)


def test_calendar_year_stated_twice_is_one_period():
    """Found by bench/fuzz.py: a duplicated CALENDRIER bullet gave duplicate calendar keys."""
    entry = _entry("40")
    text = (GOLDEN / "40" / "sheet1_nested_checkmarks.txt").read_text(encoding="utf-8")
    doubled = text.replace("- 2024-2028", "- 2024-2028\n- 2024-2028", 1)
    res = by_code("40")().parse(doubled, entry.source_file, entry, strict=True)
    assert [r["year"] for r in res.tables["calendar"]] == [2024, 2025, 2026, 2027, 2028]
