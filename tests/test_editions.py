"""Several editions of one département's plan (issue 24, item 1).

The second edition is tests/fixtures/61_orne_2022-2026.txt: Orne's real 2017-2021 text
(data/raw/61_orne_2017-2021.txt) saved as a fictitious 2022-2026 edition, with its own
configuration (tests/fixtures/61_orne_2022-2026.yml, whose ``detect`` names the period).
Its header says what differs: every year 2017-2021 moved five years on, sheet 12 "Adapter
l'offre de service actuelle" replaced by a new sheet 12 "Accompagner les jeunes majeurs
sortant de l'ASE vers le logement" (2 realisation indicators, 1 impact indicator, one
amount). The two-edition corpus (both Orne editions and Landes) is built in a temporary
folder: data/raw stays the five real plans.
"""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from schemalab import analysis as A
from schemalab import io, parsers
from schemalab.build import build
from schemalab.diff import diff_editions, format_editions_diff
from schemalab.extract import ParseError
from schemalab.manifest import COLUMNS, editions, load_manifest, sha256_file
from schemalab.parsers.configurable import load_config_parser

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"
FIXTURES = Path(__file__).parent / "fixtures"
OLD, NEW = "61-2017-2021", "61-2022-2026"
OLD_FILE, NEW_FILE = "61_orne_2017-2021.txt", "61_orne_2022-2026.txt"
LANDES = "40_landes_2024-2028.txt"
OLD_12 = "Adapter l'offre de service actuelle"
NEW_12 = "Accompagner les jeunes majeurs sortant de l'ASE vers le logement"


def second_edition_parser():
    return load_config_parser(FIXTURES / "61_orne_2022-2026.yml")


@pytest.fixture()
def registered(monkeypatch):
    """The registry with the fictitious edition's configuration added (as a line in
    parsers/config/index.yml would add it)."""
    cls = second_edition_parser()
    monkeypatch.setattr(parsers, "REGISTRY", (*parsers.REGISTRY, cls))
    return cls


def _raw_corpus(raw: Path) -> None:
    raw.mkdir(parents=True)
    for name in (LANDES, OLD_FILE):
        shutil.copy(RAW / name, raw / name)
    shutil.copy(FIXTURES / NEW_FILE, raw / NEW_FILE)
    rows = [
        r
        for r in csv.DictReader(open(RAW / "manifest.csv", encoding="utf-8"))
        if r["source_file"] in (LANDES, OLD_FILE)
    ]
    old = next(r for r in rows if r["source_file"] == OLD_FILE)
    rows.append(
        old
        | {
            "source_file": NEW_FILE,
            "plan_title": old["plan_title"].replace("2017-2021", "2022-2026"),
            "period_start": "2022",
            "period_end": "2026",
            "sha256": sha256_file(raw / NEW_FILE),
        }
    )
    with open(raw / "manifest.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(COLUMNS))
        w.writeheader()
        w.writerows(rows)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """(raw, out, build report, tables): both Orne editions and Landes, built, themes computed."""
    from schemalab import themes

    base = tmp_path_factory.mktemp("editions")
    raw, out = base / "raw", base / "out"
    _raw_corpus(raw)
    lines: list[str] = []
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(parsers, "REGISTRY", (*parsers.REGISTRY, second_edition_parser()))
        report = build(raw, out, log=lines.append)
    themes.build_themes(out, model="tfidf", progress=False, force=True)
    return raw, out, report, lines, A.load_tables(out, raw)


# Registry, manifest, build -------------------------------------------------------------


def test_each_edition_is_claimed_by_its_own_parser(registered):
    old_text = (RAW / OLD_FILE).read_text(encoding="utf-8")
    new_text = (FIXTURES / NEW_FILE).read_text(encoding="utf-8")
    assert parsers.detect(new_text, NEW_FILE) is registered
    assert parsers.detect(old_text, OLD_FILE) is not registered
    assert parsers.detect(old_text, OLD_FILE).code == "61"
    assert [p.code for p in parsers.editions_of("61")] == ["61", "61"]
    assert parsers.codes().count("61") == 1  # a profile per département, not per edition


def test_two_parsers_of_one_departement_claiming_one_text_name_the_fix(monkeypatch, tmp_path):
    """A configuration whose detect does not name its period claims both editions."""
    yml = (FIXTURES / "61_orne_2022-2026.yml").read_text(encoding="utf-8")
    loose = tmp_path / "61_orne_any.yml"
    loose.write_text(yml.replace("famille 2022-2026", "famille"), encoding="utf-8")
    monkeypatch.setattr(parsers, "REGISTRY", (*parsers.REGISTRY, load_config_parser(loose)))
    with pytest.raises(ParseError, match=r"2 parsers of département 61 .*61_orne_any\.yml.*its period"):
        parsers.detect((RAW / OLD_FILE).read_text(encoding="utf-8"), OLD_FILE)


def test_manifest_holds_editions_and_refuses_one_period_twice(tmp_path):
    _raw_corpus(tmp_path / "raw")
    manifest = load_manifest(tmp_path / "raw")
    assert [e.plan_id for e in editions(manifest)["61"]] == [OLD, NEW]  # oldest first
    path = tmp_path / "raw" / "manifest.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    copy = next(line for line in lines if line.startswith(NEW_FILE)).replace(NEW_FILE, "61_orne_2022-2026-copie.txt")
    path.write_text("\n".join([*lines, copy]) + "\n", encoding="utf-8")
    errors: list = []
    load_manifest(tmp_path / "raw", errors=errors)
    ((lineno, msg, source),) = errors
    assert lineno == len(lines) + 1 and source == "61_orne_2022-2026-copie.txt"
    assert f"plan {NEW} is already listed on line {len(lines)} ({NEW_FILE})" in msg


def test_both_editions_build_side_by_side(corpus):
    _, out, report, lines, tables = corpus
    assert report.exit_code == 0, [o.message for o in report.failed]
    plans = tables["plans"].set_index("plan_id")
    assert sorted(plans.index) == ["40-2024-2028", OLD, NEW]
    assert plans.loc[OLD, "source_file"] == OLD_FILE and plans.loc[NEW, "source_file"] == NEW_FILE
    # the titles as printed on the two covers (line 7 of each file)
    assert plans.loc[OLD, "title"].startswith("Schéma départemental de l'enfance et de la famille 2017-2021")
    assert plans.loc[NEW, "title"].startswith("Schéma départemental de l'enfance et de la famille 2022-2026")
    assert (plans.loc[NEW, "period_start"], plans.loc[NEW, "period_end"]) == (2022, 2026)
    a = tables["actions"].set_index(["plan_id", "action_id"])["title"]
    assert (a.loc[OLD].size, a.loc[NEW].size) == (12, 12)
    assert a.loc[(OLD, "12")] == OLD_12 and a.loc[(NEW, "12")] == NEW_12
    assert a.loc[(OLD, "1")] == a.loc[(NEW, "1")]  # sheets 1-11 are the same text
    # the Gantt years moved with the period
    cal = tables["calendar"]
    assert cal.loc[cal["plan_id"] == NEW, "year"].between(2023, 2026).all()
    assert cal.loc[cal["plan_id"] == OLD, "year"].between(2018, 2021).all()
    assert not any("second copy" in line for line in lines)


def test_a_second_copy_of_one_edition_still_fails(corpus, tmp_path, registered):
    raw, *_ = corpus
    raw2 = tmp_path / "raw"
    shutil.copytree(raw, raw2)
    shutil.copy(raw2 / NEW_FILE, raw2 / "61_orne_2022-2026-bis.txt")
    report = build(raw2, tmp_path / "out", log=lambda *_: None)
    (fail,) = report.failed
    assert f"a second copy of plan {NEW} (already read from {NEW_FILE})" in fail.message


# Edition selection -------------------------------------------------------------------------


def test_comparisons_use_the_latest_edition_by_default(corpus):
    tables = corpus[-1]
    assert A.latest_editions(tables["plans"]) == ["40-2024-2028", NEW]
    for default in (None, "latest", ""):
        t = A.select_editions(tables, default)
        assert sorted(t["plans"]["plan_id"]) == ["40-2024-2028", NEW]
        assert set(t["actions"]["plan_id"]) == {"40-2024-2028", NEW}
        assert list(t["plans"]["department_name"]) == ["Landes", "Orne"]


def test_all_editions_are_told_apart_by_their_period(corpus):
    tables = corpus[-1]
    t = A.select_editions(tables, "all")
    names = dict(zip(t["plans"]["plan_id"], t["plans"]["department_name"], strict=True))
    assert names == {"40-2024-2028": "Landes", OLD: "Orne 2017–2021", NEW: "Orne 2022–2026"}
    ov = A.overview(t).set_index("département")
    assert ov.loc["Orne 2017–2021 (61)", "période"] == "2017–2021"
    assert ov.loc["Orne 2022–2026 (61)", "montants nommés"] == 1  # the new sheet's 150 000 €
    explicit = A.select_editions(tables, [OLD, NEW])
    assert sorted(explicit["plans"]["plan_id"]) == [OLD, NEW]
    assert list(A.select_editions(tables, OLD)["plans"]["plan_id"]) == [OLD]


@pytest.mark.parametrize(
    "bad, message",
    [
        ("newest", r"édition inconnue : 'newest'\. Choix valides : \"latest\".*\"all\".*61-2017-2021"),
        (["61-2030-2034"], r"édition inconnue : '61-2030-2034'"),
        (3, r"éditions invalides : 3"),
        ([], r"éditions invalides"),
    ],
)
def test_edition_parameter_is_validated(corpus, bad, message):
    with pytest.raises(A.ParameterError, match=message):
        A.validate_editions(bad, corpus[-1]["plans"]["plan_id"])


def test_every_comparison_notebook_selects_editions_in_its_loading_cell():
    import nbformat

    for path in sorted((ROOT / "notebooks").glob("0[1-7]_*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        assert "editions = None" in nb.cells[0].source, path.name
        load = next(c.source for c in nb.cells if c.cell_type == "code" and "A.load_tables(" in c.source)
        assert "A.select_editions(tables, editions)" in load, path.name


# Profile -----------------------------------------------------------------------------------


def test_profile_describes_the_latest_edition_and_shows_both(corpus):
    tables = corpus[-1]
    facts = A.profile_facts(tables, "61").set_index("rubrique")["valeur"]
    assert facts["Période"] == "2022–2026" and "Fichier source" not in facts  # the file: « Provenance »
    old_facts = A.profile_facts(tables, "61", OLD).set_index("rubrique")["valeur"]
    assert old_facts["Période"] == "2017–2021"
    assert list(A.actions_table(tables, "61")["intitulé"])[-1] == NEW_12
    assert list(A.actions_table(tables, "61", OLD)["intitulé"])[-1] == OLD_12
    with pytest.raises(A.ParameterError, match="éditions : 61-2017-2021, 61-2022-2026"):
        A.edition_tables(tables, "61", "40-2024-2028")

    ed = A.editions_table(tables, "61").set_index("rubrique")
    assert list(ed.columns) == ["2017–2021", "2022–2026"]
    assert ed.loc["Fiches actions"].tolist() == ["12", "12"]
    assert ed.loc["Montants nommés"].tolist() == ["aucun dans le texte lu", "1"]  # 2017-2021: tome 2 read
    changed = ed.loc["Ce qui a changé depuis l'édition précédente", "2022–2026"]
    assert f"Disparues : « {OLD_12} »" in changed and f"Nouvelles : « {NEW_12} »" in changed
    assert "11 reprises sous le même titre" in changed
    # a département with one edition: one column
    assert list(A.editions_table(tables, "40").columns) == ["rubrique", "2024–2028"]


# Diff of two editions --------------------------------------------------------------------------


def test_diff_reports_the_changes_made(corpus):
    tables = corpus[-1]
    d = diff_editions(tables, OLD, NEW)
    assert d["plans"][NEW]["period"] == "2022-2026"
    sh = d["sheets"]
    assert (sh["old"], sh["new"], sh["kept"]) == (12, 12, 11)
    assert sh["dropped"] == [{"action_id": "12", "title": OLD_12}]
    assert sh["added"] == [{"action_id": "12", "title": NEW_12}]

    # money: the old plan names no euro amount; the new sheet 12 prints "150 000 € par an"
    assert d["money"]["amounts"] == {OLD: 0, NEW: 1}
    assert d["money"]["changes"]["fiches chiffrées"] == ["0 / 12", "1 / 12"]
    b = tables["budget_lines"].set_index("plan_id").loc[[NEW]]
    assert b["amount_eur"].tolist() == [150000.0] and b["periodicity"].tolist() == ["per_year"]
    line = (FIXTURES / NEW_FILE).read_text(encoding="utf-8").splitlines()[int(b["first_line"].iloc[0]) - 1]
    assert "150 000 € par an" in line

    # indicators: sheets 1-11 identical; the old sheet 12's indicators out, the new one's in
    ind = tables["indicators"]
    new12 = ind[(ind["plan_id"] == NEW) & (ind["action_id"] == "12")].sort_values("position")
    assert new12["kind"].tolist() == ["realisation", "realisation", "impact"]
    assert new12["measure"].tolist() == ["count", "count", "rate"]  # "Nombre…", "Nombre…", "Part des jeunes…"
    old12 = ind[(ind["plan_id"] == OLD) & (ind["action_id"] == "12")]
    assert d["indicators"]["total"] == [
        len(ind[ind["plan_id"] == OLD]),
        len(ind[ind["plan_id"] == OLD]) - len(old12) + 3,
    ]
    for measure, (a, b_) in d["indicators"]["by_measure"].items():
        assert b_ - a == (new12["measure"] == measure).sum() - (old12["measure"].fillna("unknown") == measure).sum()

    # themes: only the main themes of the two sheets 12 can move
    th = tables["action_themes"].set_index(["plan_id", "action_id"])["theme_code"]
    old_t, new_t = th.loc[(OLD, "12")], th.loc[(NEW, "12")]
    moved = {r["theme_code"]: r["new_n"] - r["old_n"] for r in d["themes"] if r["new_n"] != r["old_n"]}
    assert moved == ({} if old_t == new_t else {old_t: -1, new_t: 1})
    for r in d["themes"]:
        assert r["status"] == ("kept" if r["old_n"] and r["new_n"] else "dropped" if r["old_n"] else "new")


def test_diff_command_compares_two_editions(corpus):
    raw, out, *_ = corpus
    cmd = [sys.executable, "-m", "schemalab.cli", "diff", "--editions", OLD, NEW, "--data", str(out), "--raw", str(raw)]
    res = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    assert res.returncode == 0, res.stderr
    assert f"  - 12. {OLD_12}" in res.stdout and f"  + 12. {NEW_12}" in res.stdout
    assert "money: 0 → 1 amounts cited" in res.stdout
    assert format_editions_diff(diff_editions(corpus[-1], OLD, NEW)) == res.stdout.rstrip("\n")
    bad = subprocess.run([*cmd[:5], "61-2030-2034", *cmd[6:]], capture_output=True, text=True, cwd=ROOT)
    assert bad.returncode == 2 and "unknown plan id(s) ['61-2030-2034']" in bad.stderr
    both = subprocess.run([*cmd, str(out), str(out)], capture_output=True, text=True, cwd=ROOT)
    assert both.returncode == 2 and "not both" in both.stderr


# The notebooks on the two-edition corpus (slow: a kernel each) ---------------------------------


@pytest.mark.slow
def test_profile_and_overview_notebooks_run_on_two_editions(corpus, tmp_path):
    import nbformat
    import papermill as pm

    from schemalab.report import notebook_kernel

    raw, out, *_ = corpus
    common = {"data_dir": str(out), "raw_dir": str(raw)}
    with notebook_kernel() as kernel:
        pm.execute_notebook(
            str(ROOT / "notebooks" / "08_profile.ipynb"),
            str(tmp_path / "profile.ipynb"),
            parameters={**common, "department": "61"},
            progress_bar=False,
            cwd=str(ROOT / "notebooks"),
            kernel_name=kernel,
        )
    nb = nbformat.read(tmp_path / "profile.ipynb", as_version=4)
    shown = "".join(
        o.get("data", {}).get("text/html", "") for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
    )
    assert "2017–2021" in shown and "2022–2026" in shown and "Accompagner les jeunes majeurs sortant" in shown


@pytest.mark.slow
def test_report_command_compares_every_edition_when_asked(corpus, tmp_path):
    """`schemalab report --editions all`: the overview report names both Orne editions."""
    from schemalab.report import run_report

    raw, out, *_ = corpus
    cfg = tmp_path / "report.yml"
    cfg.write_text(
        "notebooks:\n  - notebook: " + str(ROOT / "notebooks" / "01_overview.ipynb") + "\n", encoding="utf-8"
    )
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(parsers, "REGISTRY", (*parsers.REGISTRY, second_edition_parser()))
        code, run = run_report(
            editions="all", out_dir=tmp_path / "reports", data_dir=out, raw_dir=raw, config=cfg, quiet=True, workers=1
        )
    assert code == 0, (run / "report.log").read_text(encoding="utf-8")
    shown = (run / "01_overview.html").read_text(encoding="utf-8")
    assert "Orne 2017–2021 (61)" in shown and "Orne 2022–2026 (61)" in shown
    record = json.loads((run / "run.json").read_text(encoding="utf-8"))
    assert record["parameters"]["editions"] == "all"


def test_report_command_refuses_an_edition_the_manifest_does_not_list(corpus, tmp_path):
    from schemalab.analysis import ParameterError
    from schemalab.report import run_report

    raw, out, *_ = corpus
    with pytest.raises(ParameterError, match="61-2030-2034"):
        run_report(editions=["61-2030-2034"], out_dir=tmp_path / "reports", data_dir=out, raw_dir=raw, quiet=True)
    assert not (tmp_path / "reports").exists() or not any((tmp_path / "reports").iterdir())


def test_a_failed_edition_keeps_its_rows_while_the_other_rebuilds(corpus, tmp_path, registered):
    raw, out, *_ = corpus
    raw2, out2 = tmp_path / "raw", tmp_path / "out"
    shutil.copytree(raw, raw2)
    shutil.copytree(out, out2)
    before = A.load_tables(out2, raw2)["actions"]
    text = (raw2 / NEW_FILE).read_text(encoding="utf-8")
    (raw2 / NEW_FILE).write_text(
        text[: text.rindex("4. Diversifier les modes")], encoding="utf-8"
    )  # cut before sheet 4
    report = build(raw2, out2, log=lambda *_: None)
    assert [o.source_file for o in report.failed] == [NEW_FILE]
    after = io.read_table("actions", out2)
    for pid in (OLD, NEW):
        assert sorted(after.loc[after["plan_id"] == pid, "action_id"]) == sorted(
            before.loc[before["plan_id"] == pid, "action_id"]
        )


def test_caveats_belong_to_one_edition(corpus):
    """Orne 2017-2021's caveats (an elapsed period, tome 2 only) are not the 2022-2026 edition's."""
    *_, tables = corpus
    plans = tables["plans"]
    old = A.caveats("01", plans[plans["plan_id"] == "61-2017-2021"])
    assert old is not None and "2017-2021" in old._repr_html_()
    assert A.caveats("01", plans[plans["plan_id"] == "61-2022-2026"]) is None
