"""Intake that never loses or misfiles a plan (issue 23).

Every case runs on copies in tmp_path, starting from a clean build of the five real plans,
and checks what a reader of the build log and the tables can check: the other plans are
built, nothing previously built is lost, the error names the file (and the line, where
there is one), and the exit code is non-zero whenever something failed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from schemalab import io
from schemalab.build import build
from schemalab.extract import ParseError
from schemalab.schema import PARSED_TABLES
from schemalab.textio import MAX_PLAN_BYTES, decode, match_key, normalise, read_plan

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"
LANDES = "40_landes_2024-2028.txt"
ORNE = "61_orne_2017-2021.txt"
PDC = "62_pas-de-calais_2023-2027.txt"
LOT = "47_lot-et-garonne_2026-2030.txt"
PLAN_IDS = {"40-2024-2028", "62-2023-2027", "47-2026-2030", "31-2021-2025", "61-2017-2021"}


def quiet(*_):
    pass


@pytest.fixture(scope="module")
def baseline(tmp_path_factory):
    """A clean build of the five plans, copied into each test's output folder."""
    out = tmp_path_factory.mktemp("baseline") / "out"
    assert build(RAW, out, log=quiet).exit_code == 0
    return out


@pytest.fixture()
def copies(tmp_path, baseline):
    raw, out = tmp_path / "raw", tmp_path / "out"
    shutil.copytree(RAW, raw)
    shutil.copytree(baseline, out)
    return raw, out


def tables(out: Path) -> dict:
    # source_sha256 is the sha of the bytes read: a re-encoded copy has another one
    return {n: io.read_table(n, out).drop(columns=["source_sha256"], errors="ignore") for n in PARSED_TABLES}


def assert_nothing_lost(out: Path, baseline: Path) -> None:
    """Every table equals the clean build: the failed plan's rows kept, the others rebuilt."""
    before, after = tables(baseline), tables(out)
    for name in PARSED_TABLES:
        assert after[name].equals(before[name]), name
    assert set(after["plans"]["plan_id"]) == PLAN_IDS
    io.check_fresh(out, out / "no-raw-here")  # one build id, no half-switched folder


def run_build(raw, out, **kw):
    lines: list[str] = []
    report = build(raw, out, log=lines.append, **kw)
    return report, lines


# Decoding and normalising, once ---------------------------------------------------------

FRENCH = "Schéma départemental de l'enfance — 2024-2028 : « accueil » des élèves, 12 €\n"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        pytest.param(FRENCH.encode("utf-8"), "utf-8", id="utf-8"),
        pytest.param(b"\xef\xbb\xbf" + FRENCH.encode("utf-8"), "utf-8", id="utf-8-bom"),
        pytest.param(FRENCH.encode("utf-16"), "utf-16", id="utf-16-bom"),
        pytest.param(FRENCH.encode("utf-16-be").join([b"\xfe\xff", b""]), "utf-16", id="utf-16-be-bom"),
        pytest.param(FRENCH.encode("cp1252"), "cp1252", id="windows-1252"),
    ],
)
def test_encodings_decode_to_the_same_text(data, encoding):
    text, enc = decode(data, "plan.txt")
    assert enc == encoding and normalise(text) == FRENCH


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        pytest.param(b"", "plan.txt:1: a plan text; the file is empty", id="empty"),
        pytest.param(b"  \n\n", "plan.txt:1: a plan text; the file is empty", id="blank"),
        pytest.param(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "plan.txt:1: a plan converted to text; this is a PDF", id="pdf"),
        pytest.param(b"line\nline\n\x89PNG\x00\x00", "plan.txt:3: a text file (UTF-8); found NUL bytes", id="binary"),
        # one flipped byte in a UTF-8 plan: Windows-1252 would read it as mojibake (Ã©)
        pytest.param(
            "a\nb\nSchéma départemental\n".encode().replace(b"\xc3\xa9", b"\xc3\x29", 1) + "é".encode(),
            "plan.txt:3: UTF-8 text (or Windows-1252 French text); undecodable byte 0xc3",
            id="flipped-byte",
        ),
    ],
)
def test_undecodable_input_is_a_named_error(data, expected):
    with pytest.raises(ParseError) as err:
        decode(data, "plan.txt")
    assert str(err.value).startswith(expected)


def test_normalise_keeps_line_numbers_and_folds_invisible_characters():
    raw = "a\r\nb\rc\u2060Fiche action 5\u00a0\n\u200bd\ufeff\ne\u0301"
    out = normalise(raw)
    assert out.split("\n") == ["a", "b", "cFiche action 5 ", "d", "é"]
    assert match_key("l\u2019enfance \u201cx\u201d") == 'l\'enfance "x"'


def test_normalise_writes_a_pdf_ligature_as_its_letters():
    """pdftotext leaves the fonts' ligatures (plan 85: "ﬁnancés par la CPAM", "conﬁés");
    a reader reads letters, and so must the patterns that find payers and themes."""
    printed = "60 000 € \ufb01nancés par la CPAM ; con\ufb01és ; a\ufb04ux"
    assert normalise(printed) == "60 000 € financés par la CPAM ; confiés ; afflux"


def test_normalise_drops_markdown_backslash_escapes():
    """mammoth's Markdown (a Word plan converted by ``convert_to_markdown``) escapes every
    ASCII punctuation mark Markdown could read: « Fiche action n° 1\\.1 » numbered every sheet
    1, and « \\(PMI\\) » or « sages\\-femmes » are no name a reader finds in the plan. The
    escape goes, the mark stays; a backslash before a letter (a path) stays; lines keep
    their numbers."""
    printed = (
        "## Fiche action n° 1\\.1 – Renforcer l’entretien prénatal précoce\n"
        "Direction de l’enfance et de la famille – service de protection maternelle et infantile \\(PMI\\)\n"
        "sages\\-femmes libérales, 1\\. Recruter\n"
        "C:\\Plans\\schema.docx \\\\ fin"
    )
    assert normalise(printed).split("\n") == [
        "## Fiche action n° 1.1 – Renforcer l’entretien prénatal précoce",
        "Direction de l’enfance et de la famille – service de protection maternelle et infantile (PMI)",
        "sages-femmes libérales, 1. Recruter",
        "C:\\Plans\\schema.docx \\ fin",
    ]


VARIANTS = {
    "nfd": lambda t: unicodedata.normalize("NFD", t).encode("utf-8"),
    "cr": lambda t: t.replace("\n", "\r").encode("utf-8"),
    "crlf-bom": lambda t: b"\xef\xbb\xbf" + t.replace("\n", "\r\n").encode("utf-8"),
    "utf-16": lambda t: t.encode("utf-16"),
    "word-joiner": lambda t: t.replace("Fiche", "\u2060Fiche").replace("\n", "\u200b\n").encode("utf-8"),
    "nbsp": lambda t: t.replace(" ", "\u00a0").encode("utf-8"),
}


@pytest.mark.parametrize("variant", [*sorted(VARIANTS), "typographic"])
def test_every_registered_parser_claims_every_variant_of_its_plan(manifest, variant):
    from schemalab.parsers import detect
    from schemalab.textio import decode as _decode

    for entry in manifest.values():
        text = (RAW / entry.source_file).read_text(encoding="utf-8")
        data = text.replace("'", "\u2019").encode() if variant == "typographic" else VARIANTS[variant](text)
        parser = detect(_decode(data, entry.source_file)[0], entry.source_file)
        assert parser is not None and parser.code == entry.department_code, (entry.source_file, variant)


@pytest.mark.parametrize("variant", sorted(VARIANTS))
@pytest.mark.parametrize("source", [LANDES, ORNE])
def test_every_variant_of_a_plan_is_claimed_and_gives_the_same_tables(copies, baseline, source, variant):
    raw, out = copies
    text = (RAW / source).read_text(encoding="utf-8")
    (raw / source).write_bytes(VARIANTS[variant](text))
    shutil.rmtree(out)
    report, lines = run_build(raw, out)
    assert report.exit_code == 0, lines
    assert_nothing_lost(out, baseline)


def test_typographic_apostrophes_are_claimed(copies):
    raw, out = copies
    for source in (LANDES, ORNE):
        text = (RAW / source).read_text(encoding="utf-8")
        (raw / source).write_text(text.replace("'", "\u2019"), encoding="utf-8")
    report, lines = run_build(raw, out)
    assert report.exit_code == 0, lines
    counts = io.read_table("actions", out)["plan_id"].value_counts()
    assert counts["40-2024-2028"] == 26 and counts["61-2017-2021"] == 12


def test_windows_1252_plan_is_read_with_a_warning(copies, baseline):
    raw, out = copies
    # Pas-de-Calais holds only characters Windows-1252 has (’ « » ° ® € ™ —)
    (raw / PDC).write_bytes((RAW / PDC).read_text(encoding="utf-8").encode("cp1252"))
    report, lines = run_build(raw, out)
    assert report.exit_code == 0
    assert any("decoded as cp1252" in line for line in lines)
    assert_nothing_lost(out, baseline)


# A failed plan keeps its rows, whatever stage failed ----------------------------------


def flip_byte(data: bytes) -> bytes:
    i = data.index("é".encode()) + 1
    return data[:i] + b"\x28" + data[i + 1 :]


BAD_CONTENTS = {
    "flipped-byte": (flip_byte, "undecodable byte"),
    "empty": (lambda d: b"", "the file is empty"),
    "pdf": (lambda d: b"%PDF-1.4\n" + bytes(range(256)), "this is a PDF file"),
    "utf-16-no-bom": (lambda d: d.decode().encode("utf-16-le"), "NUL bytes"),
    "unclaimed": (lambda d: b"Compte rendu de la commission permanente.\n", "no parser recognises this text"),
}


@pytest.mark.parametrize("only", [None, ["62"]], ids=["all", "only-62"])
@pytest.mark.parametrize("case", sorted(BAD_CONTENTS))
def test_bad_plan_keeps_its_previous_rows(copies, baseline, case, only):
    raw, out = copies
    change, expected = BAD_CONTENTS[case]
    (raw / PDC).write_bytes(change((RAW / PDC).read_bytes()))
    report, lines = run_build(raw, out, only=only)
    assert report.exit_code == 1
    (fail,) = report.failed
    assert fail.source_file == PDC and fail.code == "62"
    assert fail.message.startswith(f"{PDC}") and expected in fail.message
    assert any(line.startswith("FAIL") and PDC in line for line in lines)
    assert any(line.startswith("kept previous tables for") and "62-2023-2027" in line for line in lines)
    assert_nothing_lost(out, baseline)


def test_flipped_byte_names_its_line(copies):
    raw, out = copies
    data = (RAW / PDC).read_bytes()
    line = data[: data.index("é".encode())].count(b"\n") + 1
    (raw / PDC).write_bytes(flip_byte(data))
    report, _ = run_build(raw, out)
    assert report.failed[0].message.startswith(f"{PDC}:{line}: UTF-8 text")


# Misfiled plans -------------------------------------------------------------------------


def test_orne_text_saved_as_landes_fails_naming_both(copies, baseline):
    raw, out = copies
    shutil.copy(RAW / ORNE, raw / LANDES)
    report, _ = run_build(raw, out)
    assert report.exit_code == 1
    (fail,) = report.failed
    assert fail.source_file == LANDES
    assert "plan of Orne (61" in fail.message and "département 40" in fail.message
    assert_nothing_lost(out, baseline)


def test_manifest_code_contradicting_the_file_name_fails(copies, baseline):
    raw, out = copies
    manifest = raw / "manifest.csv"
    manifest.write_text(
        manifest.read_text(encoding="utf-8").replace(f"{LANDES},40,Landes", f"{LANDES},62,Landes"), encoding="utf-8"
    )
    report, _ = run_build(raw, out)
    (fail,) = report.failed
    assert "the file name says département 40, manifest.csv says 62" in fail.message
    assert_nothing_lost(out, baseline)


def test_period_in_the_file_name_is_checked(copies, baseline):
    raw, out = copies
    (raw / LANDES).rename(raw / "40_landes_2019-2023.txt")
    report, _ = run_build(raw, out)
    (fail,) = report.failed
    assert fail.message.endswith("the text reads period 2024-2028, the file name says 2019-2023")
    assert_nothing_lost(out, baseline)


# Completeness against what the plan announces -----------------------------------------


def cut(data: bytes, share: float) -> bytes:
    return data[: int(len(data) * share)].decode("utf-8", "ignore").encode("utf-8")


@pytest.mark.parametrize(
    ("source", "share", "expected"),
    [
        # Landes cut at 50 %: 12 of 26 sheets; its axis 3 heading is read, no sheet under it
        (LANDES, 0.5, "axis 3 holds no sheet"),
        # Pas-de-Calais at 90 %: 11 of 16 sheets; the narrative announced 12-16 ("Voir fiche action n°12")
        (PDC, 0.9, "5 announced sheet(s) not found: 12 (line 1504), 13 (line 1558)"),
        # Lot-et-Garonne at 90 %: the contents list Fiche action 23-29 (lines 46-53)
        (LOT, 0.9, "7 announced sheet(s) not found: 23 (line 46)"),
        # Orne at 50 %: the SOMMAIRE lists sheets 7-12 (lines 40-48)
        (ORNE, 0.5, "6 announced sheet(s) not found: 7 (line 40), 8 (line 41)"),
    ],
)
def test_truncated_plan_fails_naming_the_missing_sheets(copies, baseline, source, share, expected):
    raw, out = copies
    (raw / source).write_bytes(cut((RAW / source).read_bytes(), share))
    report, _ = run_build(raw, out)
    assert report.exit_code == 1
    (fail,) = report.failed
    assert fail.source_file == source and "incomplete plan" in fail.message and expected in fail.message
    assert_nothing_lost(out, baseline)


def test_lost_sheet_start_is_reported(copies, baseline):
    raw, out = copies
    text = (RAW / LANDES).read_text(encoding="utf-8")
    assert text.count("\nFiche action 5\n") == 1
    (raw / LANDES).write_text(text.replace("\nFiche action 5\n", "\n\n"), encoding="utf-8")
    report, _ = run_build(raw, out)
    (fail,) = report.failed
    assert "1 announced sheet(s) not found: 5 (line 175)" in fail.message
    assert_nothing_lost(out, baseline)


def test_complete_plans_announce_exactly_their_sheets():
    from conftest import parse_raw

    from schemalab.parsers import codes

    for code in codes():
        assert parse_raw(code).incomplete == [], code


# One bad raw entry fails alone ---------------------------------------------------------


def test_bad_raw_entries_fail_alone(copies, baseline):
    raw, out = copies
    os.symlink("50_boucle_2020-2024.txt", raw / "50_boucle_2020-2024.txt")  # a link to itself
    (raw / "51_dossier_2020-2024.txt").mkdir()
    os.mkfifo(raw / "52_fifo_2020-2024.txt")
    os.symlink(raw / "absent.txt", raw / "53_lien-casse_2020-2024.txt")
    with open(raw / "54_enorme_2020-2024.txt", "wb") as fh:
        fh.truncate(MAX_PLAN_BYTES + 1)  # sparse: 16 MB on the name, nothing on disk
    shutil.copy(RAW / LANDES, raw / "40_landes_2024-2028-copie.txt")
    report, lines = run_build(raw, out)
    assert report.exit_code == 1
    failed = {o.source_file: o.message for o in report.failed}
    assert set(failed) == {
        "50_boucle_2020-2024.txt",
        "51_dossier_2020-2024.txt",
        "52_fifo_2020-2024.txt",
        "53_lien-casse_2020-2024.txt",
        "54_enorme_2020-2024.txt",
        "40_landes_2024-2028-copie.txt",
    }
    assert "Too many levels of symbolic links" in failed["50_boucle_2020-2024.txt"]
    assert "a regular file" in failed["51_dossier_2020-2024.txt"]
    assert "a regular file" in failed["52_fifo_2020-2024.txt"]
    assert "No such file" in failed["53_lien-casse_2020-2024.txt"]
    assert "at most 16 MB" in failed["54_enorme_2020-2024.txt"]
    assert (
        "a second copy of plan 40-2024-2028 (already read from 40_landes_2024-2028.txt)"
        in (failed["40_landes_2024-2028-copie.txt"])
    )
    assert_nothing_lost(out, baseline)


def test_malformed_manifest_row_fails_its_file_with_the_line(copies, baseline):
    raw, out = copies
    manifest = raw / "manifest.csv"
    lines = manifest.read_text(encoding="utf-8").splitlines()
    n = next(i for i, line in enumerate(lines, start=1) if line.startswith(PDC))
    lines[n - 1] = lines[n - 1].replace(",2023,2027,", ",2023,vingt,")
    manifest.write_text("\n".join([*lines, "garbage,\n"]), encoding="utf-8")
    report, log = run_build(raw, out)
    assert report.exit_code == 1
    failed = {o.source_file: o.message for o in report.failed}
    assert failed[PDC].startswith(f"manifest.csv:{n}: bad manifest row: invalid literal for int()")
    assert failed["garbage"].startswith(f"manifest.csv:{len(lines) + 1}: bad manifest row")
    assert_nothing_lost(out, baseline)


def test_read_plan_refuses_large_files_before_reading(tmp_path):
    big = tmp_path / "40_big.txt"
    with open(big, "wb") as fh:
        fh.truncate(200 * 1024 * 1024)
    with pytest.raises(ParseError, match="at most 16 MB; the file has 210 MB"):
        read_plan(big)


# All-or-nothing builds -----------------------------------------------------------------


def test_failed_write_leaves_the_previous_tables(copies, baseline, monkeypatch):
    raw, out = copies
    calls = {"n": 0}
    real = io.write_table

    def full_disk(*args, **kw):
        calls["n"] += 1
        if calls["n"] == 5:
            raise OSError(28, "No space left on device")
        return real(*args, **kw)

    monkeypatch.setattr(io, "write_table", full_disk)
    (raw / LANDES).write_bytes(b"")  # something to change, so a mixed folder would show
    report, lines = run_build(raw, out)
    assert report.exit_code == 1 and "No space left on device" in report.error
    assert not (out / ".staging").exists()
    assert_nothing_lost(out, baseline)


KILL_DURING_SWITCH = """
import os, sys
from schemalab import build as b
real, n = os.replace, {"n": 0}
def replace(src, dst):
    real(src, dst)
    if str(src).endswith(".parquet") and ".staging" in str(src):
        n["n"] += 1
        if n["n"] == 4:
            os.kill(os.getpid(), 9)
b.os.replace = replace
b.build(sys.argv[1], sys.argv[2], log=lambda *_: None)
"""


def test_kill_during_switch_is_refused_then_completed(copies):
    raw, out = copies
    # typographic apostrophes in Landes: a build whose tables differ from the clean one
    text = (RAW / LANDES).read_text(encoding="utf-8")
    (raw / LANDES).write_text(text.replace("'", "\u2019"), encoding="utf-8")
    proc = subprocess.run([sys.executable, "-c", KILL_DURING_SWITCH, str(raw), str(out)], cwd=ROOT, capture_output=True)
    assert proc.returncode == -9
    assert (out / io.SWITCH_JOURNAL).exists()
    with pytest.raises(io.StaleDataError, match="interrupted while switching.*different builds"):
        io.check_fresh(out, raw)
    report, lines = run_build(raw, out)
    assert any("completing the switch" in line for line in lines)
    assert report.exit_code == 0 and not (out / io.SWITCH_JOURNAL).exists()
    io.check_fresh(out, raw, PARSED_TABLES)  # (the theme tables wait for `schemalab themes`)
    actions = io.read_table("actions", out)
    landes = actions[actions.plan_id == "40-2024-2028"]
    assert len(landes) == 26 and landes["title"].str.contains("\u2019").any()
    assert set(actions["plan_id"]) == PLAN_IDS


KILL_AT = """
import os, sys
from pathlib import Path
from schemalab import build as b
real, seen = os.replace, {"n": 0}
where, nth = sys.argv[3], int(sys.argv[4])
def replace(src, dst):
    real(src, dst)
    staging_write = ".staging" in str(dst)
    switch = ".staging" in str(src) and str(src).endswith(".parquet")
    journal = Path(dst).name == sys.argv[5]
    if {"staging": staging_write, "journal": journal and not staging_write, "switch": switch}[where]:
        seen["n"] += 1
        if seen["n"] == nth:
            os.kill(os.getpid(), 9)
b.os.replace = replace
b.build(sys.argv[1], sys.argv[2], log=lambda *_: None)
"""


@pytest.mark.parametrize(
    ("where", "nth"),
    [("staging", 1), ("staging", 7), ("journal", 1), ("switch", 1), ("switch", 9), ("switch", len(PARSED_TABLES))],
)
def test_kill_at_any_point_of_the_write_loses_nothing(copies, baseline, where, nth):
    """kill -9 while the tables are written to staging, right after the journal, after the
    first, a middle and the last table switched in: the folder is either the previous build
    whole (readers accept it) or refused as mixed; the next build completes it."""
    raw, out = copies
    text = (RAW / LANDES).read_text(encoding="utf-8")
    (raw / LANDES).write_text(text.replace("'", "\u2019"), encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-c", KILL_AT, str(raw), str(out), where, str(nth), io.SWITCH_JOURNAL],
        cwd=ROOT,
        capture_output=True,
    )
    assert proc.returncode == -9, proc.stderr.decode()[-2000:]
    for name in PARSED_TABLES:
        io.read_table(name, out)  # every table readable whatever the point
    if where == "staging":
        assert_nothing_lost(out, baseline)  # the previous build, whole
    else:
        with pytest.raises(io.StaleDataError, match="interrupted while switching"):
            io.check_fresh(out, raw)
    report, _ = run_build(raw, out)
    assert report.exit_code == 0 and not (out / io.SWITCH_JOURNAL).exists()
    io.check_fresh(out, raw, PARSED_TABLES)
    actions = io.read_table("actions", out)
    assert set(actions["plan_id"]) == PLAN_IDS
    assert actions[actions.plan_id == "40-2024-2028"]["title"].str.contains("\u2019").any()


def test_tables_of_two_builds_are_refused(copies, tmp_path):
    raw, out = copies
    other = tmp_path / "other"
    assert build(raw, other, only=["40"], log=quiet).exit_code == 0  # Landes alone: another build
    shutil.copy(other / "actions.parquet", out / "actions.parquet")
    with pytest.raises(io.StaleDataError, match="tables come from different builds"):
        io.check_fresh(out, raw)


def test_two_concurrent_builds_do_not_interleave(tmp_path, baseline):
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "schemalab.cli", "build", "--raw", str(RAW), "--out", str(out)]
    procs = [subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True) for _ in "ab"]
    outputs = [p.communicate(timeout=300)[0] for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outputs
    assert_nothing_lost(out, baseline)


def test_build_lock_makes_the_second_build_wait(tmp_path):
    import threading

    from schemalab.build import build_lock

    out = tmp_path / "out"
    order: list[str] = []
    with build_lock(out, log=quiet):
        t = threading.Thread(target=lambda: build_lock_then(out, order))
        # a second lock on the same folder from another open file waits for the first
        t.start()
        t.join(timeout=1.0)
        assert t.is_alive() and order == []
        order.append("first released")
    t.join(timeout=10)
    assert order == ["first released", "second"]


def build_lock_then(out, order):
    from schemalab.build import build_lock

    with build_lock(out, log=quiet):
        order.append("second")


# Exports and parameters ----------------------------------------------------------------


def test_exports_neutralise_formula_cells(tmp_path, baseline):
    import openpyxl
    import pandas as pd

    from schemalab.export import export_csv, export_xlsx
    from schemalab.schema import FRENCH_TABLE_NAMES

    data = tmp_path / "data"
    shutil.copytree(baseline, data)
    actions = io.read_table("actions", data)
    hostile = ['=HYPERLINK("http://x.invalid","clic")', '=WEBSERVICE("http://x")', "+1+2", "-3", "@SUM(A1)", "\tx"]
    actions.loc[: len(hostile) - 1, "title"] = hostile
    io.write_table("actions", actions, data)
    export_xlsx(data, tmp_path / "x.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "x.xlsx")[FRENCH_TABLE_NAMES["actions"]]
    titles = [c.value for c in next(col for col in ws.iter_cols() if col[0].value == "title")][2:]
    for value in hostile:
        assert "'" + value in titles
    assert not any(str(v).startswith(("=", "+", "@")) for col in ws.iter_cols() for v in (c.value for c in col) if v)
    export_csv(data, tmp_path / "csv")
    csv_titles = pd.read_csv(tmp_path / "csv" / "actions.csv", dtype=str, keep_default_na=False)["title"].tolist()
    for value in hostile:
        assert "'" + value in csv_titles


def test_model_from_the_environment_is_validated(monkeypatch):
    from schemalab.analysis import ParameterError, validate_model

    monkeypatch.setenv("SCHEMALAB_MODEL", "junk model; rm -rf /")
    with pytest.raises(ParameterError, match="SCHEMALAB_MODEL"):
        validate_model(None)
    monkeypatch.setenv("SCHEMALAB_MODEL", "tfidf")
    assert validate_model(None) == "tfidf"


@pytest.mark.parametrize("path", ["/", "/etc", "/usr/local/share", "~"])
def test_output_outside_project_or_home_is_refused(path):
    from schemalab.analysis import ParameterError, validate_out_dir

    with pytest.raises(ParameterError, match="dossier de sortie refusé"):
        validate_out_dir(path)


@pytest.mark.parametrize(
    ("cmd", "flag"),
    [
        (["build", "--out", "/"], "--out"),
        (["report", "--out", "/", "--departments", "40"], "--out"),
        (["export", "--csv", "/"], "--csv"),
    ],
)
def test_cli_refuses_out_root(cmd, flag):
    r = subprocess.run([sys.executable, "-m", "schemalab.cli", *cmd], cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 2 and f"dossier de sortie refusé ({flag}) : /" in r.stderr, r.stderr


@pytest.mark.parametrize(
    "name",
    ['x"""\nimport os; os.system("id")\n"""', "Landes\ncode: '99'", "$HOME", "{code}", "a\\b", "x" * 61, ""],
)
def test_hostile_department_names_are_refused(name, tmp_path):
    from schemalab.scaffold import scaffold

    with pytest.raises(ValueError, match="is not a département name"):
        scaffold("99", name, ROOT / "tests" / "fixtures" / "99_exemple_2025-2029.txt", root=tmp_path)
    assert not (tmp_path / "data").exists()


def test_dollar_in_a_name_is_text_in_figures():
    import io as _io

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from schemalab.analysis import plain_text_figures

    plain_text_figures()
    fig, ax = plt.subplots()
    ax.bar([r"Lan$des \frac (40)", "Orne$ (61)"], [1, 2])
    ax.set_title(r"$\undefined$ x")
    fig.savefig(_io.BytesIO(), format="png")  # mathtext would raise ValueError
    plt.close(fig)
    from schemalab.plots import _txt

    assert _txt("Lan$$des") == "Lan$$des"  # shown as printed, no backslash


def test_damaged_run_records_are_left_out_of_the_index(tmp_path):
    from schemalab.report import past_records

    good = {"run": "x"}
    for name, content in {
        "2026-01-01_000000": "{not json",
        "2026-01-02_000000": "[]",
        "2026-01-03_000000": '{"parameters": 3}',
    }.items():
        (tmp_path / name).mkdir()
        (tmp_path / name / "run.json").write_text(content, encoding="utf-8")
    lines: list[str] = []
    records, prefixes = past_records(tmp_path, lines.append)
    assert records == [] and prefixes == [] and good
    assert len([line for line in lines if "left out (damaged" in line]) == 3


# The Orne crash found by fuzzing --------------------------------------------------------


@pytest.mark.parametrize("row", ["2018", "2018\t2019", "S2\tS2", "\tS2"])
def test_orne_gantt_row_alone_does_not_crash(row):
    from conftest import RAW as _RAW

    from schemalab.manifest import load_manifest
    from schemalab.parsers import by_code

    entry = load_manifest(_RAW)[ORNE]
    lines = (_RAW / ORNE).read_text(encoding="utf-8").split("\n")
    # a Gantt year row alone inside sheet 4 was an IndexError, a row of S2 a StopIteration
    lines.insert(217, row)
    res = by_code("61")().parse("\n".join(lines), ORNE, entry)
    assert len(res.tables["actions"]) == 12
