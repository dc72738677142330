"""`schemalab build`: every table written, partial failure, nothing lost, clear errors."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from schemalab import io
from schemalab.build import build
from schemalab.schema import TABLES, THEME_TABLES

LANDES = "40_landes_2024-2028.txt"


@pytest.fixture()
def raw_copy(tmp_path, raw_dir):
    raw = tmp_path / "raw"
    raw.mkdir()
    for p in raw_dir.iterdir():
        shutil.copy(p, raw / p.name)
    return raw


def test_build_writes_every_contract_table(raw_dir, tmp_path):
    report = build(raw_dir, tmp_path / "out", log=lambda *_: None)
    assert report.exit_code == 0
    for name in TABLES:
        io.read_table(name, tmp_path / "out")
        meta = io.table_metadata(tmp_path / "out" / f"{name}.parquet")
        assert meta["descriptions"][TABLES[name].columns[0]]  # theme_clusters has no plan_id
    plans = io.read_table("plans", tmp_path / "out")
    assert "40-2024-2028" in set(plans["plan_id"])
    landes = plans.set_index("plan_id").loc["40-2024-2028"]
    assert landes["source_sha256"] == meta["sources"][LANDES]
    assert (io.read_table("actions", tmp_path / "out")["plan_id"] == "40-2024-2028").sum() == 26


def test_unclaimed_file_is_skipped_unless_named_like_a_plan(raw_copy, tmp_path):
    (raw_copy / "notes.txt").write_text("Un texte sans plan.\n", encoding="utf-8")
    lines = []
    report = build(raw_copy, tmp_path / "out", log=lines.append)
    assert report.exit_code == 0
    assert any(line.startswith("skip notes.txt") for line in lines)
    # named like a plan (NN_*.txt) and claimed by no parser: a failure, not a skip
    (raw_copy / "99_unknown.txt").write_text("Un texte sans plan.\n", encoding="utf-8")
    report = build(raw_copy, tmp_path / "out", log=lines.append)
    assert report.exit_code == 1
    (fail,) = report.failed
    assert fail.source_file == "99_unknown.txt" and "no parser recognises this text" in fail.message


def test_failed_file_keeps_previous_rows_and_exits_nonzero(raw_copy, tmp_path):
    out = tmp_path / "out"
    assert build(raw_copy, out, log=lambda *_: None).exit_code == 0
    before = io.read_table("actions", out)
    # truncate Landes just after its first sheet heading: no sheet survives intact
    text = (raw_copy / LANDES).read_text(encoding="utf-8")
    (raw_copy / LANDES).write_text(text[: text.index("Fiche action 1\n")], encoding="utf-8")
    lines = []
    report = build(raw_copy, out, log=lines.append)
    assert report.exit_code == 1
    assert [o.source_file for o in report.failed] == [LANDES]
    assert any(LANDES in line and "FAILED" in line for line in lines)
    after = io.read_table("actions", out)
    assert after[after.plan_id == "40-2024-2028"].equals(before[before.plan_id == "40-2024-2028"])


def test_binary_file_fails_with_file_and_line(raw_copy, tmp_path):
    (raw_copy / "00_binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    report = build(raw_copy, tmp_path / "out", log=lambda *_: None)
    (fail,) = report.failed
    assert fail.source_file == "00_binary.txt" and "00_binary.txt:" in fail.message


def test_only_keeps_other_departements(raw_copy, tmp_path):
    out = tmp_path / "out"
    build(raw_copy, out, log=lambda *_: None)
    n_before = len(io.read_table("actions", out))
    report = build(raw_copy, out, only=["40"], log=lambda *_: None)
    assert report.exit_code == 0
    assert len(io.read_table("actions", out)) == n_before


def test_two_builds_give_identical_tables(raw_dir, tmp_path):
    build(raw_dir, tmp_path / "a", log=lambda *_: None)
    build(raw_dir, tmp_path / "b", log=lambda *_: None)
    for name in TABLES:
        assert io.read_table(name, tmp_path / "a").equals(io.read_table(name, tmp_path / "b")), name
        assert (tmp_path / "a" / f"{name}.parquet").read_bytes() == (tmp_path / "b" / f"{name}.parquet").read_bytes()


def test_cli_build_and_unknown_code(raw_dir, tmp_path):
    ok = subprocess.run(
        [sys.executable, "-m", "schemalab.cli", "build", "--raw", str(raw_dir), "--out", str(tmp_path)],
        capture_output=True,
        text=True,
    )
    assert ok.returncode == 0, ok.stderr
    assert "26 sheets" in ok.stdout
    bad = subprocess.run(
        [sys.executable, "-m", "schemalab.cli", "build", "--only", "99", "--out", str(tmp_path)],
        capture_output=True,
        text=True,
    )
    assert bad.returncode == 2 and "unknown département" in bad.stderr


def test_build_does_not_import_torch(raw_dir, tmp_path):
    code = (
        "import sys; from schemalab.cli import main; "
        f"rc = main(['build', '--raw', {str(raw_dir)!r}, '--out', {str(tmp_path)!r}]); "
        "assert 'torch' not in sys.modules and 'sentence_transformers' not in sys.modules; sys.exit(rc)"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr


def test_help_imports_no_heavy_library():
    """`schemalab --help` must answer fast: it builds every subcommand's parser, so no
    subcommand module may import pandas, pyarrow, torch or matplotlib at top level.
    (The time itself is measured in bench/bench_pipeline.py, not here.)"""
    code = (
        "import sys, contextlib, io; from schemalab.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    try: main(['--help'])\n"
        "    except SystemExit: pass\n"
        "heavy = [m for m in ('pandas', 'pyarrow', 'torch', 'sentence_transformers', 'matplotlib', 'sklearn')"
        " if m in sys.modules]\n"
        "assert not heavy, heavy"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr


def test_theme_tables_from_another_build_are_refused_until_the_theme_step_reruns(raw_copy, tmp_path):
    """Theme tables carry the build they were computed from: after a rebuild that changed a
    sheet, readers refuse them (naming the theme step) until `schemalab themes` reruns."""
    from schemalab import themes

    out = tmp_path / "out"
    assert build(raw_copy, out, log=lambda *_: None).exit_code == 0
    themes.build_themes(out, model="tfidf", progress=False)
    first = io.table_metadata(out / "actions.parquet")["build_id"]
    assert io.table_metadata(out / "action_themes.parquet")["build_id"] == first
    io.check_fresh(out, raw_copy)
    text = (raw_copy / LANDES).read_text(encoding="utf-8")
    head = text.index("Fiche action 1\n") + len("Fiche action 1\n")
    (raw_copy / LANDES).write_text(text[:head] + text[head:].replace("\n", " et des familles\n", 1), encoding="utf-8")
    assert build(raw_copy, out, log=lambda *_: None).exit_code == 0
    assert io.table_metadata(out / "actions.parquet")["build_id"] != first
    with pytest.raises(io.StaleDataError, match="themes computed from another build.*schemalab themes"):
        io.check_fresh(out, raw_copy)
    io.check_fresh(out, raw_copy, [n for n in TABLES if n not in THEME_TABLES])  # the parsed tables are whole
    themes.build_themes(out, model="tfidf", progress=False)
    io.check_fresh(out, raw_copy)


def test_reused_themes_and_their_stored_similarity_follow_a_rebuild_of_the_same_texts(raw_copy, tmp_path):
    """A rebuild whose texts are unchanged (only a budget-free detail moved the build id):
    the theme step reuses its tables and restamps them and the stored similarity, which
    similar_pairs then reads without recomputing."""
    import numpy as np

    from schemalab import themes

    out = tmp_path / "out"
    assert build(raw_copy, out, log=lambda *_: None).exit_code == 0
    themes.build_themes(out, model="tfidf", progress=False)
    # the same plan saved with CRLF line endings: another sha256 and build id, the same texts
    landes = raw_copy / LANDES
    landes.write_bytes(landes.read_bytes().replace(b"\n", b"\r\n"))
    assert build(raw_copy, out, log=lambda *_: None).exit_code == 0
    new = io.table_metadata(out / "actions.parquet")["build_id"]
    themes.build_themes(out, model="tfidf", progress=False)
    assert io.table_metadata(out / "action_themes.parquet")["build_id"] == new
    with np.load(out / "cache" / "similarity.npz") as z:
        assert str(z["build_id"]) == new
    themes._REP_MEMO.clear()
    assert themes._stored_similarity(out, "tfidf") is not None
    io.check_fresh(out, raw_copy)
