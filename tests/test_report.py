"""The report: every notebook executes on the real tables, failures are named, runs are kept."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import nbformat
import pytest

from schemalab import cli
from schemalab.io import read_table, table_metadata, write_table
from schemalab.report import load_config, notebook_kernel, run_report
from tests.report_helpers import RAW, ROOT, real_report

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


# Notebook sweeps (fast) -----------------------------------------------------------------


def test_the_eight_notebooks_exist():
    assert [p.stem for p in NOTEBOOKS] == [
        "01_overview",
        "02_themes",
        "03_budgets",
        "04_calendars",
        "05_indicators",
        "06_actors",
        "07_previous_plans",
        "08_profile",
    ]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_is_thin_with_one_parameters_cell(path):
    nb = nbformat.read(path, as_version=4)
    tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1 and nb.cells[0] is tagged[0], "one `parameters` cell, first"
    # literals only in the parameters cell
    for line in tagged[0].source.splitlines():
        assert re.match(r"^[a-z_]+ = (None|\[\]|\"[0-9A-B]+\"|\d+)\s*(#.*)?$", line), line
    for c in nb.cells:
        if c.cell_type == "code":
            assert not c.get("outputs") and c.get("execution_count") is None, "committed without outputs"
            assert not re.search(r"^\s*(def|class) ", c.source, re.M), "no def/class in a notebook"
    assert any(c.cell_type == "markdown" for c in nb.cells)
    assert "load_tables" in "".join(c.source for c in nb.cells), "refuses stale tables"


def test_report_config_lists_every_notebook_and_one_profile_per_department():
    items = load_config(ROOT / "notebooks" / "report.yml", ["40", "62"])
    names = [n for n, _, _ in items]
    assert names[:7] == [p.stem for p in NOTEBOOKS[:7]]
    assert names[7:] == ["08_profile_40", "08_profile_62"]
    assert items[7][2] == {"department": "40"}


# Parameter validation (before anything runs) ------------------------------------------------


@pytest.mark.parametrize(
    "argv, message",
    [
        (["--departments", "99"], r"inconnu : '99'\. Codes valides : .*40"),
        (["--departments", "40", "../etc"], r"inconnu"),
        (["--clusters", "0"], r"nombre de groupes invalide"),
        (["--model", "not-a-known-model"], r"modèle inconnu"),
    ],
)
def test_report_refuses_bad_parameters_before_running(tmp_path, capsys, argv, message):
    out = tmp_path / "reports"
    code = cli.main(["report", "--out", str(out), "--data", str(tmp_path / "d"), "--raw", str(RAW), *argv])
    assert code == 2
    assert re.search(message, capsys.readouterr().err)
    assert not out.exists(), "nothing runs, nothing is written"


# The real report (slow) ------------------------------------------------------------------


@pytest.mark.slow
def test_every_notebook_executes_on_the_real_tables():
    code, run, _ = real_report()
    rec = json.loads((run / "run.json").read_text(encoding="utf-8"))
    failed = {n["name"]: n["error"] for n in rec["notebooks"] if n["status"] != "ok"}
    assert not failed, failed
    assert code == 0, rec["failures"]
    from schemalab.parsers import codes

    expected = [p.stem for p in NOTEBOOKS[:7]] + [f"08_profile_{c}" for c in sorted(codes())]
    assert [n["name"] for n in rec["notebooks"]] == expected
    for name in expected:
        html = (run / f"{name}.html").read_text(encoding="utf-8")
        assert "<script" not in html.lower()
        assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html), f"{name}: external resource"
        assert "load_tables(" not in html and "A.show(" not in html, f"{name}: code is hidden"
        assert (run / f"{name}.ipynb").exists()
    assert (run / "report.log").read_text(encoding="utf-8").count("] 01_overview") == 2  # start + end
    latest = run.parent / "latest"
    assert latest.resolve() == run.resolve()
    index = (run.parent / "index.html").read_text(encoding="utf-8")
    assert run.name in index and "08_profile_40.html" in index and "Première exécution" in index


@pytest.mark.slow
def test_stated_absences_in_the_real_report():
    _, run, _ = real_report()
    budgets = (run / "03_budgets.html").read_text(encoding="utf-8")
    assert "ne chiffre ses moyens" in budgets or "ne cite aucun montant" in budgets
    overview = (run / "01_overview.html").read_text(encoding="utf-8")
    assert "Landes (40)" in overview


def _one_notebook_config(tmp_path: Path, broken: bool) -> Path:
    cfg = tmp_path / "cfg"
    cfg.mkdir()
    shutil.copy(ROOT / "notebooks" / "01_overview.ipynb", cfg)
    entries = ["  - notebook: 01_overview.ipynb"]
    if broken:
        nb = nbformat.read(ROOT / "notebooks" / "07_previous_plans.ipynb", as_version=4)
        nb.cells.append(nbformat.v4.new_code_cell('raise RuntimeError("carnet cassé exprès")'))
        nbformat.write(nb, cfg / "00_broken.ipynb")
        entries.insert(0, "  - notebook: 00_broken.ipynb")
    (cfg / "report.yml").write_text("notebooks:\n" + "\n".join(entries) + "\n", encoding="utf-8")
    return cfg / "report.yml"


@pytest.mark.slow
def test_a_failing_notebook_is_named_and_the_others_still_render(tmp_path):
    _, _, data = real_report()
    out = tmp_path / "reports"
    code, run = run_report(
        out_dir=out, data_dir=data, raw_dir=RAW, config=_one_notebook_config(tmp_path, True), quiet=True
    )
    assert code == 1
    rec = json.loads((run / "run.json").read_text(encoding="utf-8"))
    status = {n["name"]: n for n in rec["notebooks"]}
    assert status["00_broken"]["status"] == "failed" and "carnet cassé exprès" in status["00_broken"]["error"]
    assert status["01_overview"]["status"] == "ok"
    assert (run / "01_overview.html").exists() and (run / "00_broken.html").exists()
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "ÉCHEC" in index and "00_broken" in index
    assert "FAILED 00_broken" in (run / "report.log").read_text(encoding="utf-8")


@pytest.mark.slow
def test_runs_are_kept_and_the_index_shows_changes_since_the_previous_run(tmp_path):
    _, _, data = real_report()
    mine = tmp_path / "processed"
    shutil.copytree(data, mine)
    out = tmp_path / "reports"
    cfg = _one_notebook_config(tmp_path, False)
    code1, run1 = run_report(out_dir=out, data_dir=mine, raw_dir=RAW, config=cfg, quiet=True)
    # an observatory's plan update: one title edited (same raw sources, so not stale)
    actions = read_table("actions", mine)
    sources = table_metadata(mine / "actions.parquet")["sources"]
    actions.loc[(actions["plan_id"] == "40-2024-2028") & (actions["action_id"] == "3"), "title"] = "Titre révisé"
    write_table("actions", actions, mine, sources)
    code2, run2 = run_report(out_dir=out, data_dir=mine, raw_dir=RAW, config=cfg, quiet=True)
    assert code1 == code2 == 0 and run1 != run2
    assert (run1 / "01_overview.html").exists() and (run1 / "run.json").exists(), "previous run intact"
    rec = json.loads((run2 / "run.json").read_text(encoding="utf-8"))
    assert rec["previous_run"] == run1.name
    assert rec["changes"]["actions"]["modified"] == 1
    assert "Titre révisé" in " ".join(rec["changes"]["actions"]["details"])
    index = (out / "index.html").read_text(encoding="utf-8")
    assert index.index(run2.name) < index.index(run1.name), "newest first"
    assert "Titre révisé" in index and "1 modification(s)" in index
    assert (out / "latest").resolve() == run2.resolve()


# Notebook-level validation and stale refusal (slow: a kernel each) ---------------------------------


@pytest.mark.slow
def test_profile_notebook_refuses_an_unknown_departement(tmp_path):
    import papermill as pm

    _, _, data = real_report()
    with notebook_kernel() as kernel, pytest.raises(pm.PapermillExecutionError, match=r"Codes valides : .*40"):
        pm.execute_notebook(
            str(ROOT / "notebooks" / "08_profile.ipynb"),
            str(tmp_path / "out.ipynb"),
            parameters={"department": "99", "data_dir": str(data), "raw_dir": str(RAW)},
            progress_bar=False,
            cwd=str(ROOT / "notebooks"),
            kernel_name=kernel,
        )


@pytest.mark.slow
def test_notebooks_refuse_stale_tables(tmp_path):
    import papermill as pm

    _, _, data = real_report()
    raw = tmp_path / "raw"
    shutil.copytree(RAW, raw)
    with open(raw / "40_landes_2024-2028.txt", "a", encoding="utf-8") as fh:
        fh.write("\nligne ajoutée après la construction\n")
    with (
        notebook_kernel() as kernel,
        pytest.raises(pm.PapermillExecutionError, match=r"StaleDataError.*schemalab build"),
    ):
        pm.execute_notebook(
            str(ROOT / "notebooks" / "01_overview.ipynb"),
            str(tmp_path / "out.ipynb"),
            parameters={"data_dir": str(data), "raw_dir": str(raw)},
            progress_bar=False,
            cwd=str(ROOT / "notebooks"),
            kernel_name=kernel,
        )


def test_make_lab_registers_the_kernel_the_notebooks_name(tmp_path):
    import subprocess
    import sys

    make = (ROOT / "Makefile").read_text(encoding="utf-8")
    cmd = re.search(r"^kernel:.*\n\t(\$\(BIN\)/python -m ipykernel install .*)$", make, re.M).group(1)
    assert "--sys-prefix" in cmd, "the kernel is written into the project's environment"
    args = cmd.replace("$(BIN)/python", sys.executable).replace("--sys-prefix", f"--prefix {tmp_path}")
    import shlex

    subprocess.run(shlex.split(args), check=True, capture_output=True)
    spec = json.loads((tmp_path / "share" / "jupyter" / "kernels" / "schemalab" / "kernel.json").read_text())
    assert spec["argv"][0] == sys.executable and spec["display_name"] == "Python (schemalab)"
    for path in NOTEBOOKS:
        assert nbformat.read(path, as_version=4).metadata.kernelspec.name == "schemalab"


# What a reader sees: display layer, findings, caveats, provenance, index (fast) ----------------


@pytest.fixture(scope="module")
def real_tables(tmp_path_factory):
    """The five real plans built into a temporary folder (no theme step)."""
    from schemalab import analysis as A
    from schemalab.build import build

    out = tmp_path_factory.mktemp("processed")
    assert build(RAW, out, log=lambda *_: None).failed == []
    return A.load_tables(out, RAW)


def test_show_keeps_the_index_of_a_crosstab_and_writes_french():
    import pandas as pd

    from schemalab import analysis as A

    actors = pd.DataFrame({"acteur": ["CAF", "ARS", "CAF"], "département": ["Landes (40)", "Orne (61)", "Orne (61)"]})
    out = A.show(pd.crosstab(actors["acteur"], actors["département"]))._repr_html_()
    assert "<td>CAF</td>" in out and "<td>ARS</td>" in out, "the actor names (the index) are shown"
    sorted_rows = A.for_display(actors.sort_values("acteur"))
    assert list(sorted_rows.columns) == ["Acteur", "Département"], "row numbers left by a sort are not shown"
    df = pd.DataFrame(
        {
            "action_id": ["1", "10", "2"],
            "moyenne": [3.375, 1.5, 2.0],
            "total_eur": [2155389157.0, None, 12500.0],
            "année": [2024, 2025, 2026],
            "état": pd.array(["réalisé", None, "inconnu"], dtype="string"),
        }
    )
    html = A.show(df)._repr_html_()
    assert "&lt;NA&gt;" not in html and "<NA>" not in html and "—" in html
    assert "3,38" in html and "2\u202f155\u202f389\u202f157" in html and "12\u202f500" in html
    assert "2024" in html and "2\u202f024" not in html, "years are not grouped by thousands"
    assert "Numéro de la fiche" in html and "Total (euros)" in html and "total_eur" not in html
    shown = A.for_display(df)
    assert list(shown["Numéro de la fiche"]) == ["1", "2", "10"], "sheet numbers in natural order"


def test_a_long_table_is_folded_and_written_whole_as_csv(tmp_path, monkeypatch):
    import pandas as pd

    from schemalab import analysis as A

    monkeypatch.setenv("SCHEMALAB_REPORT_DIR", str(tmp_path))
    monkeypatch.setenv("SCHEMALAB_REPORT_NAME", "05_indicators")
    df = pd.DataFrame({"action_id": [str(i) for i in range(1, 413)], "text": [f"indicateur {i}" for i in range(412)]})
    t = A.show(df, max_rows=400)
    html = t._repr_html_()
    assert html.count("<td>indicateur ") == 412, "every row is in the page (folded), none cut"
    assert "<details>" in html and "412 lignes" in html
    href = re.search(r"href='([^']+\.csv)'", html).group(1)
    assert href.startswith("05_indicators_tableaux/")
    csv = pd.read_csv(tmp_path / href, sep=";", dtype=str, encoding="utf-8-sig")
    assert len(csv) == 412 and list(csv.columns) == ["Numéro de la fiche", "Texte"]


def test_caveats_hold_against_the_plan_texts_and_tables(real_tables):
    from schemalab import analysis as A

    assert A.check_caveats(real_tables, RAW) == []
    box = A.caveats("05", real_tables["plans"])._repr_html_()
    assert "résultats attendus" in box and "OCR" in box and "tome 2" in box
    one = real_tables["plans"][real_tables["plans"]["department_code"] == "40"]
    assert A.caveats("05", one) is None, "Landes alone: nothing to warn about"


def test_key_findings_state_what_the_plans_show(real_tables):
    from schemalab import analysis as A

    cal = repr(A.key_findings("04", real_tables))
    # Haute-Garonne: 27 of its 32 Gantt tables lost their shading (reading notes, and the plan)
    assert "Haute-Garonne : 27 calendriers sur 32 sont illisibles" in cal
    assert "Pas-de-Calais (16 sur 16)" in cal
    actors = repr(A.key_findings("06", real_tables))
    assert "Haute-Garonne ne désigne aucun pilote" in actors
    ind = repr(A.key_findings("05", real_tables))
    # Haute-Garonne: 108 « résultats attendus » and 5 « Nombre de … » printed in its risks cell (31:1124)
    assert "Haute-Garonne (108 sur 113) et Pas-de-Calais (40 sur 40) impriment des « résultats attendus » plutôt" in ind
    money = repr(A.key_findings("03", real_tables))
    # the bracket counts every plan's amounts, not only the plan named before it
    assert re.search(r"\(tous schémas confondus : \d+ montants imprimés, \d+ comptés\)", money), money
    for report in ("01", "02", "03", "04", "05", "06", "07"):
        lines = A.key_findings(report, real_tables).lines
        assert 1 <= len(lines) <= 5 and all("(nt)" not in x for x in lines), (report, lines)


def test_profile_findings_count_fiches_and_their_parts_add_up(real_tables):
    """A profile's « À retenir » counts fiches, not mentions, and names every calendar status."""
    from schemalab import analysis as A

    for code in ("31", "40", "47", "61", "62"):
        t = A.select_departments(real_tables, [code])
        n = len(t["actions"])
        lines = A.key_findings("08", t).lines
        cal = next(x for x in lines if x.startswith("Calendrier lisible"))
        parts = [int(x) for x in re.findall(r"(?:pour|,[^,]*pour) (\d+)", cal)]
        assert sum(parts) == n, (code, cal)
        pilot = [x for x in lines if x.startswith("Pilote")]
        for x in pilot:
            k, of = map(int, re.search(r"\((\d+) fiches? sur (\d+)", x).groups())
            assert of == n and k <= n, (code, x)
    # Lot-et-Garonne: the DEF pilots 24 of the 29 fiches; a fiche naming several DEF posts
    # (raw 47:1376 « DEF – Chef de service PPE – Cheffe de service CRIP… ») counts once
    lg = A.key_findings("08", A.select_departments(real_tables, ["47"])).lines
    assert "Pilote le plus fréquent : Direction enfance et famille (DEF, DEFI) (24 fiches sur 29)." in lg
    # Haute-Garonne: 1 readable, 1 relative (fiche 3.5), 27 unreadable, 3 absent: 32
    hg = A.key_findings("08", A.select_departments(real_tables, ["31"])).lines
    assert (
        "Calendrier lisible pour 1 fiche sur 32, relatif ou récurrent (sans année) pour 1, irrécupérable pour 27, absent pour 3."
        in hg
    )
    # Orne's calendars (S1/S2 grid, 2018-2021): every fiche is active in 2018 and in 2019: both are named
    assert "Orne en 2018 et 2019 (12 fiches chaque année)" in repr(A.key_findings("04", real_tables))


def test_calendar_statement_is_true_for_a_single_plan(real_tables):
    from schemalab import analysis as A

    t = A.select_departments(real_tables, ["40"])
    lines = A.calendar_statement(t["actions"], t["plans"])
    assert lines == ["Landes (40) : les 26 fiches impriment un calendrier (années ou semestres)."]
    assert not any("schémas comparés" in x for x in lines)


def test_method_and_provenance(real_tables):
    from datetime import UTC, datetime

    from schemalab import analysis as A
    from schemalab.themes_classifier import measured_quality

    m = repr(A.method("02"))
    tenths = round(10 * measured_quality()["lodo_sheets_main"])
    assert "Méthode et limites" in m and f"{tenths} fiches sur 10" in m, "measured quality read from theme_quality.json"
    # each theme figure is printed with its headline alone; how each was measured is told once, here, for
    # the texts the report themes: report 07 the sheets, the reviewed actions and the youth recommendations
    m07 = repr(A.method("07"))
    assert m07.count("Mesure :") == 3 and "Actions revues des schémas précédents : " in m07
    assert "Recommandations de conseils de jeunes, quand un schéma en imprime : " in m07
    assert "Recommandations de conseils de jeunes" not in m and m.count("Mesure :") == 1
    for report in ("01", "03", "04", "06"):  # they show no theme: no classifier paragraph to read past
        assert "classifieur" not in repr(A.method(report)), report
    prov = A.provenance(real_tables, now=datetime(2026, 7, 1, 10, 0, tzinfo=UTC))
    text = repr(prov)
    assert "01/07/2026 à 12:00 (heure de Paris)" in text
    for p in real_tables["plans"].itertuples():
        assert p.source_sha256 in text and f"{p.period_start}-{p.period_end}" in text


def test_figures_have_french_titles_readable_years_and_say_what_is_not_drawn(real_tables):
    from schemalab import analysis as A
    from schemalab import plots as P

    t = real_tables
    figs = P.gantt_per_plan(t["calendar"], t["actions"], t["plans"])
    titles = [P.figure_title(f) for f in figs]
    assert any(x.startswith("Calendrier des fiches — Pas-de-Calais (62)") for x in titles), titles
    hg = next(x for x in titles if "Haute-Garonne" in x)
    # the parts add up to the fiches not drawn: 27 unreadable + 1 relative (3.5) + 3 absent = 31
    assert "31 fiches sur 32 (calendriers : 27 irrécupérables, 1 relatif ou récurrent, sans année, 3 absents)" in hg, hg
    timeline = P.plan_timeline(A.plan_periods(t["plans"]))
    labels = [x.get_text() for x in timeline.axes[0].get_xticklabels()]
    assert 2 <= len(labels) <= 9 and all(re.fullmatch(r"20\d\d", x) for x in labels), labels
    status = A.calendar_status_summary(t["actions"], t["plans"])
    fig = P.load_per_year(A.calendar_load(t["calendar"], t["plans"]), status)
    drawn = [x.get_text() for x in fig.axes[0].get_legend().get_texts()]
    assert not any("Haute-Garonne" in x for x in drawn), "an unreadable calendar is not drawn as idle"
    # every status of the status table is named: 1 readable + 27 + 1 (fiche 3.5, relative) + 3 = 32
    note = "Haute-Garonne (31) : 1 calendrier lisible sur 32 (27 irrécupérables, 1 relatif ou récurrent, 3 absents)"
    assert any(note in x.get_text() for x in fig.texts), [x.get_text() for x in fig.texts]


def test_index_is_a_table_of_contents_for_a_reader(tmp_path):
    from schemalab.report import write_index

    rec = {
        "run_id": "2026-07-01_100000",
        "started": "2026-07-01 10:00:00 UTC",
        "parameters": {"departments": ["40", "61"], "model": None, "n_clusters": None},
        "steps": {"build": {"status": "ok", "message": "current"}},
        "notebooks": [
            {"name": "04_calendars", "html": "04_calendars.html", "status": "ok", "seconds": 3.0,
             "parameters": {"departments": ["40", "61"]}},
            {"name": "08_profile_61", "html": "08_profile_61.html", "status": "ok", "seconds": 2.0,
             "parameters": {"department": "61"}},
        ],
        "changes": {},
        "previous_run": None,
        "failures": [],
    }  # fmt: skip
    run = tmp_path / rec["run_id"]
    run.mkdir()
    write_index(tmp_path / "index.html", [rec], [f"{rec['run_id']}/"], "Rapports")
    page = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "lang='fr'" in page and "1 juillet 2026 à 12:00 (heure de Paris)" in page
    assert ">Calendriers des actions</a>" in page and "Quand les actions sont-elles programmées" in page
    assert re.search(r">Orne \(61\)</a>", page), "profiles by département name"
    tech = page.index("<details><summary>Détails techniques")
    steps = page.index("construction des tables : à jour")
    assert steps > tech and page.index("3,0 s") > tech, "technical details folded"
    # the folded block in French too: no step key, English status or parameter name (a reader's review)
    for english in ("build :", "ok —", "current", "k_pairs", "department=", "groupes automatique", "04_calendars<"):
        assert english not in page, english


# Warm kernels (issue 24): notebooks share a kernel but not their variables -------------------


def _tiny_notebook(path: Path, source: str) -> None:
    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell("department = None")
    params.metadata["tags"] = ["parameters"]
    nb.cells = [params, nbformat.v4.new_code_cell(source)]
    nb.metadata["kernelspec"] = {"name": "schemalab", "display_name": "Python (schemalab)", "language": "python"}
    nbformat.write(nb, path)


@pytest.mark.parametrize("workers", [1, 2])
def test_notebooks_in_a_warm_kernel_start_clean_from_their_parameters(tmp_path, workers):
    from schemalab.report import execute_jobs

    first, second = tmp_path / "a.ipynb", tmp_path / "b.ipynb"
    _tiny_notebook(first, "fuite = department\nimport os\nprint(os.getcwd(), os.environ['SCHEMALAB_REPORT_NAME'])")
    _tiny_notebook(
        second, "assert 'fuite' not in dir(), 'a variable leaked from the previous notebook'\nprint(department)"
    )
    jobs = [
        {
            "name": p.stem,
            "nb": str(p),
            "out_nb": str(tmp_path / f"out_{p.stem}.ipynb"),
            "out_html": str(tmp_path / f"out_{p.stem}.html"),
            "parameters": {"department": c, "unknown": 1},
            "timeout": 60,
            "title": p.stem,
        }
        for p, c in ((first, "40"), (second, "62"))
    ] * (1 if workers == 1 else 2)
    with notebook_kernel():
        results = dict(execute_jobs(jobs, workers))
    assert all(r["error"] == "" for r in results.values()), results
    out = nbformat.read(tmp_path / "out_b.ipynb", as_version=4)
    injected = [c for c in out.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert len(injected) == 1 and 'department = "62"' in injected[0].source and "unknown" not in injected[0].source
    assert [c.execution_count for c in out.cells if c.cell_type == "code"] == [1, 2, 3], "counts of this notebook"
    assert out.cells[-1].outputs[0]["text"].strip() == "62"
    a = nbformat.read(tmp_path / "out_a.ipynb", as_version=4)
    assert a.cells[-1].outputs[0]["text"].split() == [str(tmp_path), "out_a"], "cwd and report name set"
    assert (tmp_path / "out_b.html").exists()


def test_a_warm_kernel_is_replaced_after_its_quota_and_after_a_dead_kernel(tmp_path, monkeypatch):
    import schemalab.report as R

    monkeypatch.setattr(R, "RECYCLE_AFTER", 1)
    nbs = []
    for name, src in (
        ("pid1", "import os; print(os.getpid())"),
        ("dies", "import os; os._exit(1)"),
        ("pid2", "import os; print(os.getpid())"),
    ):
        _tiny_notebook(tmp_path / f"{name}.ipynb", src)
        nbs.append(name)
    jobs = [
        {
            "name": n,
            "nb": str(tmp_path / f"{n}.ipynb"),
            "out_nb": str(tmp_path / f"out_{n}.ipynb"),
            "out_html": str(tmp_path / f"out_{n}.html"),
            "parameters": {},
            "timeout": 60,
            "title": n,
        }
        for n in nbs
    ]
    with notebook_kernel():
        results = dict(R.execute_jobs(jobs, 1))
    assert results[0]["error"] == "" and results[2]["error"] == ""
    assert results[1]["error"], "a notebook that kills its kernel fails, alone"
    assert (tmp_path / "out_dies.html").exists(), "and is rendered up to its failure"
    pids = [
        nbformat.read(tmp_path / f"out_{n}.ipynb", as_version=4).cells[-1].outputs[0]["text"] for n in ("pid1", "pid2")
    ]
    assert pids[0] != pids[1], "a fresh kernel after the quota"


def test_key_findings_name_at_most_ten_departements():
    from schemalab.analysis import findings

    names = [f"Département {i}" for i in range(1, 26)]
    text = findings._names(names)
    assert text.startswith("Département 1, Département 2") and "Département 11" not in text
    assert text.endswith("… et 15 autres")
    assert findings._names(names[:3]) == "Département 1, Département 2 et Département 3"
    assert findings._enum(names[:10], "; ").count(";") == 9


def test_report_recomputes_themes_when_the_classifier_changed(tmp_path, monkeypatch):
    """Every sheet having a theme is not enough: themes computed by an older classifier
    (labels pulled since) are recomputed, so the reports never show old themes beside the
    new classifier's measured accuracy."""
    from schemalab import themes_classifier as tc
    from schemalab.build import build
    from schemalab.report import ensure_themes

    out = tmp_path / "processed"
    assert build(RAW, out, log=lambda *_: None).failed == []
    log: list[str] = []
    assert ensure_themes(out, "tfidf", None, False, log.append)["message"] == "recomputed"
    assert ensure_themes(out, "tfidf", None, False, log.append)["message"] == "current"
    real = tc.training_fingerprint()
    monkeypatch.setattr(tc, "training_fingerprint", lambda: real + "-newer labels")
    assert ensure_themes(out, "tfidf", None, False, log.append)["message"] == "recomputed"
    assert log[-2].endswith("(inputs changed)")


def test_a_kernel_that_fails_to_start_is_replaced_and_the_notebook_run_again(tmp_path, monkeypatch):
    """Two kernels started at once can race for a port and one never answers ("Kernel didn't
    respond in 60 seconds"): no cell ran, so the notebook is run again in a fresh kernel
    instead of failing the report; a failure inside a cell is not retried."""
    import nbclient

    from schemalab import report as R

    nb = tmp_path / "a.ipynb"
    _tiny_notebook(nb, "print(department)")
    real, calls = nbclient.NotebookClient.execute, []

    def flaky(self, *a, **k):
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("Kernel didn't respond in 60 seconds")
        return real(self, *a, **k)

    monkeypatch.setattr(nbclient.NotebookClient, "execute", flaky)
    try:
        with notebook_kernel():
            error = R.execute_in_warm_kernel(nb, tmp_path / "out.ipynb", {"department": "40"}, 60)
            assert error == "" and len(calls) == 2
            assert nbformat.read(tmp_path / "out.ipynb", as_version=4).cells[-1].outputs[0]["text"].strip() == "40"
            _tiny_notebook(nb, "raise ValueError('dans la cellule')")
            error = R.execute_in_warm_kernel(nb, tmp_path / "out2.ipynb", {"department": "40"}, 60)
            assert error == "ValueError: dans la cellule" and len(calls) == 3
    finally:
        R._shutdown_kernel()
