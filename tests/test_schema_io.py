"""The schema-checked writer and reader: round trips, refusals, metadata."""

from __future__ import annotations

import pandas as pd
import pyarrow.parquet as pq
import pytest

from schemalab import io
from schemalab.schema import SCHEMA_VERSION, TABLES, VOCABULARIES


def _action(**over):
    row = dict(
        plan_id="40-2024-2028",
        department_code="40",
        action_id="1",
        position=1,
        axis_id="1",
        objective="Objectif",
        title="Titre",
        resources_text=None,
        calendar_status="explicit",
        first_line=10,
    )
    row.update(over)
    return row


def test_round_trip_keeps_values_and_descriptions(tmp_path):
    rows = [_action(), _action(action_id="2", position=2, title="Deux", calendar_status="absent")]
    io.write_table("actions", rows, tmp_path, {"40_landes.txt": "abc"})
    back = io.read_table("actions", tmp_path)
    assert list(back["action_id"]) == ["1", "2"]
    assert list(back.columns) == TABLES["actions"].columns
    meta = io.table_metadata(tmp_path / "actions.parquet")
    assert meta["schema_version"] == SCHEMA_VERSION
    assert meta["sources"] == {"40_landes.txt": "abc"}
    assert meta["descriptions"]["calendar_status"].startswith("explicit")
    # pyarrow and pandas see the description without schemalab
    field = pq.read_schema(tmp_path / "actions.parquet").field("title")
    assert field.metadata[b"description"]
    assert len(pd.read_parquet(tmp_path / "actions.parquet")) == 2


@pytest.mark.parametrize("name", sorted(TABLES))
def test_every_table_round_trips_empty(name, tmp_path):
    io.write_table(name, io.empty_frame(name), tmp_path)
    assert len(io.read_table(name, tmp_path)) == 0


def test_duplicate_key_is_refused(tmp_path):
    with pytest.raises(io.SchemaError, match="not unique"):
        io.write_table("actions", [_action(), _action()], tmp_path)


def test_null_in_required_column_is_refused(tmp_path):
    with pytest.raises(io.SchemaError, match="title"):
        io.write_table("actions", [_action(title=None)], tmp_path)


def test_vocabulary_is_closed(tmp_path):
    with pytest.raises(io.SchemaError, match="calendar_status"):
        io.write_table("actions", [_action(calendar_status="maybe")], tmp_path)
    assert "unknown" in VOCABULARIES["review_status"]


def test_undeclared_column_is_refused(tmp_path):
    with pytest.raises(io.SchemaError, match="not declared"):
        io.write_table("actions", [_action(colour="blue")], tmp_path)


def test_missing_required_column_is_refused(tmp_path):
    row = _action()
    del row["title"]
    with pytest.raises(io.SchemaError, match="required"):
        io.write_table("actions", [row], tmp_path)


def test_reader_refuses_other_schema_version(tmp_path, monkeypatch):
    io.write_table("axes", [dict(plan_id="p", axis_id="1", position=1, title="A")], tmp_path)
    monkeypatch.setattr(io, "SCHEMA_VERSION", "0.0")
    with pytest.raises(io.StaleDataError, match="rebuild"):
        io.read_table("axes", tmp_path)


def test_reader_says_how_to_build_missing_table(tmp_path):
    with pytest.raises(FileNotFoundError, match="schemalab build"):
        io.read_table("plans", tmp_path)


def test_check_fresh_detects_changed_raw_file(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "40_x.txt").write_text("v1")
    from schemalab.manifest import sha256_file

    io.write_table(
        "axes",
        [dict(plan_id="p", axis_id="1", position=1, title="A")],
        tmp_path,
        {"40_x.txt": sha256_file(raw / "40_x.txt")},
    )
    io.check_fresh(tmp_path, raw)
    (raw / "40_x.txt").write_text("v2")
    with pytest.raises(io.StaleDataError, match="40_x.txt"):
        io.check_fresh(tmp_path, raw)


def test_rows_are_sorted_by_key(tmp_path):
    rows = [_action(action_id="2", position=2), _action(action_id="1", position=1)]
    io.write_table("actions", rows, tmp_path)
    assert list(io.read_table("actions", tmp_path)["action_id"]) == ["1", "2"]


def test_every_column_and_table_has_a_french_label():
    from schemalab.schema import FRENCH_LABELS, FRENCH_TABLE_NAMES

    columns = {f.name for t in TABLES.values() for f in t.fields}
    assert columns - set(FRENCH_LABELS) == set()
    assert set(FRENCH_TABLE_NAMES) == set(TABLES)
    assert all(len(n) <= 31 for n in FRENCH_TABLE_NAMES.values())  # Excel sheet-name limit


def test_shared_fields_mean_one_thing_everywhere():
    seen = {}
    for t in TABLES.values():
        for f in t.fields:
            if f.name in seen:
                assert seen[f.name] == f.dtype, f"{t.name}.{f.name} has another type elsewhere"
            seen[f.name] = f.dtype
