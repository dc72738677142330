"""What an observatory reader sees in report 05, report 01 and the index (a reader's review):
sources as « Lot-et-Garonne, l. 616 » rather than file names, theme names rather than
codes, the « résultats attendus » counted apart from the indicators in the measurability
chart and the theme heatmap, provenance at the end of report 01, an index in French."""

from __future__ import annotations

import html
import json
import re

import pandas as pd
import pytest
from conftest import RAW
from frames import three_plans

from schemalab import analysis as A
from schemalab.analysis.display import NATIONAL
from schemalab.analysis.indicators import (
    EXPECTED_CLASS,
    PLAN_LINE_COL,
    SOURCE_COL,
    expected_share_note,
    indicator_table,
    indicators_by_theme,
    measurability_summary,
    measurability_table,
    reader_indicator_table,
)
from schemalab.analysis.themes import THEME_NAMES
from tests.report_helpers import ROOT


def _frames():
    """Three plans: Haute-Garonne prints two expected results and one indicator, Landes one
    indicator without a line, Pas-de-Calais one expected result damaged by OCR."""
    plans = three_plans()
    rows = [
        ("31-2021-2025", "1", "resultat", "Résultats attendus", 10, "Un meilleur suivi", None, "qualitative"),
        ("31-2021-2025", "1", "resultat", "Résultats attendus", 11, "Nombre de rencontres", None, "count"),
        ("31-2021-2025", "2", None, "Risques identifiés (incertitude, complexité)", 20, "Nombre de", None, "count"),
        ("40-2024-2028", "1", None, "INDICATEURS", None, "Taux de suivi", None, "rate"),
        ("62-2023-2027", "1", "resultat", "Résultats attendus", 30, "Suivi de I'enfant", "Suivi de l'enfant", "qualitative"),
    ]  # fmt: skip
    cols = ["plan_id", "action_id", "kind", "heading_raw", "line", "text", "text_clean", "measure"]
    ind = pd.DataFrame(rows, columns=cols)
    ind["line"] = ind["line"].astype("Int64")
    ind["position"] = range(1, len(ind) + 1)
    ind["target_text"] = None
    themes = pd.DataFrame(
        {
            "plan_id": ["31-2021-2025", "31-2021-2025", "40-2024-2028"],
            "action_id": ["1", "2", "1"],
            "theme_code": ["T12", "T02", "T11"],
        }
    )  # Pas-de-Calais' sheet has no theme
    return plans, ind, themes


# 1. Sources: the plan and its line, the file only in « Provenance » ---------------------------


def test_reader_table_gives_the_plan_and_line_not_the_file():
    plans, ind, themes = _frames()
    out = reader_indicator_table(ind, plans, themes)
    assert out[PLAN_LINE_COL].tolist() == [
        "Haute-Garonne, l. 10",
        "Haute-Garonne, l. 11",
        "Haute-Garonne, l. 20",
        "Landes (ligne non lue)",
        "Pas-de-Calais, l. 30",
    ]
    assert SOURCE_COL not in out and out.columns[-1] == PLAN_LINE_COL
    shown = out.astype(str).to_numpy().ravel()
    assert not any(".txt" in x or "data/raw" in x for x in shown), "no file name or folder"
    # the text as repaired where OCR damaged it, as in the profiles
    assert out["text"].iloc[-1] == "Suivi de l'enfant"
    # the data table keeps the file and line a test (or a researcher) checks against the raw text
    assert indicator_table(ind, plans, themes)[SOURCE_COL].iloc[0] == "31_hg.txt:10"


# 3. Theme names, not codes --------------------------------------------------------------------


def test_reader_table_and_heatmap_name_the_themes_without_codes():
    plans, ind, themes = _frames()
    out = reader_indicator_table(ind, plans, themes)
    assert out["thème"].tolist() == [
        THEME_NAMES["T12"],
        THEME_NAMES["T12"],
        THEME_NAMES["T02"],
        THEME_NAMES["T11"],
        "sans thème",
    ]
    assert not out["thème"].str.contains(r"\bT\d\d\b").any()
    m = indicators_by_theme(out, expected_apart=True)
    # rows in the taxonomy's order (T02 before T11 before T12), « sans thème » last
    assert list(m.index) == [THEME_NAMES["T02"], THEME_NAMES["T11"], THEME_NAMES["T12"], "sans thème"]
    assert reader_indicator_table(ind, plans)["thème"].eq("thèmes non calculés").all()


# 2. « Résultats attendus » apart from the indicators -------------------------------------------


def test_measurability_counts_expected_results_in_a_class_of_their_own():
    plans, ind, themes = _frames()
    out = reader_indicator_table(ind, plans, themes)
    meas = measurability_summary(out, expected_apart=True)
    rows = list(meas.itertuples(index=False, name=None))
    assert rows == [
        ("Haute-Garonne (31)", "comptage", "non", 1),  # the indicator printed under « Risques identifiés »
        ("Landes (40)", "taux / part", "non", 1),
        ("Haute-Garonne (31)", EXPECTED_CLASS, "non", 2),  # last: its count and its comptage item apart
        ("Pas-de-Calais (62)", EXPECTED_CLASS, "non", 1),
    ]
    assert EXPECTED_CLASS == "résultat attendu (énoncé d'intention)"
    assert "nombre" in measurability_table(meas) and "n_indicateurs" not in measurability_table(meas)
    # without the option (a profile of one plan) the measure of each item is kept
    assert EXPECTED_CLASS not in set(measurability_summary(out)["mesure"])
    assert measurability_summary(out.iloc[:0], expected_apart=True).empty


def test_heatmap_gives_expected_results_their_own_column():
    plans, ind, themes = _frames()
    m = indicators_by_theme(reader_indicator_table(ind, plans, themes), expected_apart=True)
    assert list(m.columns) == [
        "Haute-Garonne (31) : indicateurs",
        "Haute-Garonne (31) : résultats attendus",
        "Landes (40) : indicateurs",
        "Pas-de-Calais (62) : résultats attendus",
    ]
    assert m.loc[THEME_NAMES["T12"], "Haute-Garonne (31) : résultats attendus"] == 2
    assert m.loc[THEME_NAMES["T02"], "Haute-Garonne (31) : indicateurs"] == 1
    assert int(m.to_numpy().sum()) == len(ind)


def test_heatmap_keeps_one_column_per_plan_when_nothing_or_too_much_to_split():
    plans, ind, themes = _frames()
    out = reader_indicator_table(ind, plans, themes)
    only_indicators = out[out["type"] != "résultat attendu"]
    assert list(indicators_by_theme(only_indicators, expected_apart=True).columns) == [
        "Haute-Garonne (31)",
        "Landes (40)",
    ]
    many = pd.concat([out.assign(département=f"Département {i}") for i in range(NATIONAL + 1)])
    assert indicators_by_theme(many, expected_apart=True).shape[1] == NATIONAL + 1  # the note says the counts


def test_expected_share_note_says_each_plans_share():
    plans, ind, themes = _frames()
    out = reader_indicator_table(ind, plans, themes)
    assert expected_share_note(out) == (
        "« Résultats attendus » parmi les éléments comptés pour chaque schéma : Haute-Garonne (31) 2 sur 3 ; "
        "Pas-de-Calais (62) 1 sur 1 ; Landes (40) n'imprime que des indicateurs."
    )
    assert expected_share_note(out[out["type"] != "résultat attendu"]).startswith("Aucun schéma comparé n'imprime")
    assert expected_share_note(out.iloc[:0]) == ""


# On the five real plans --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def tables(tmp_path_factory):
    """The five real plans built into a temporary folder (no theme step)."""
    from schemalab.build import build

    out = tmp_path_factory.mktemp("processed")
    assert build(RAW, out, log=lambda *_: None).failed == []
    return A.load_tables(out, RAW)


def test_real_sources_point_to_the_line_of_the_plan(tables):
    plans = tables["plans"]
    out = reader_indicator_table(tables["indicators"], plans, tables["action_themes"])
    data = indicator_table(tables["indicators"], plans, tables["action_themes"])
    assert len(out) == len(data) == len(tables["indicators"])
    files = dict(zip(plans["department_name"], plans["source_file"], strict=True))
    for ref, source in zip(out[PLAN_LINE_COL], data[SOURCE_COL], strict=True):
        name, line = re.fullmatch(r"(.+), l\. (\d+)", ref).groups()
        assert source == f"{files[name]}:{line}", (ref, source)
    assert "Lot-et-Garonne, l. 616" in set(out[PLAN_LINE_COL])


def test_real_measurability_and_heatmap_count_expected_results_apart(tables):
    out = reader_indicator_table(tables["indicators"], tables["plans"], tables["action_themes"])
    meas = measurability_summary(out, expected_apart=True)
    expected = meas[meas["mesure"] == EXPECTED_CLASS].groupby("département")["n_indicateurs"].sum().to_dict()
    assert expected == {"Haute-Garonne (31)": 108, "Pas-de-Calais (62)": 40}
    indicators = meas[meas["mesure"] != EXPECTED_CLASS].groupby("département")["n_indicateurs"].sum().to_dict()
    assert indicators == {"Haute-Garonne (31)": 5, "Landes (40)": 49, "Lot-et-Garonne (47)": 130, "Orne (61)": 85}
    m = indicators_by_theme(out, expected_apart=True)
    assert m.sum().to_dict() == {
        "Haute-Garonne (31) : indicateurs": 5,
        "Haute-Garonne (31) : résultats attendus": 108,
        "Landes (40) : indicateurs": 49,
        "Lot-et-Garonne (47) : indicateurs": 130,
        "Orne (61) : indicateurs": 85,
        "Pas-de-Calais (62) : résultats attendus": 40,
    }
    note = expected_share_note(out)
    assert "Haute-Garonne (31) 108 sur 113 ; Pas-de-Calais (62) 40 sur 40" in note
    assert note.endswith("Landes (40), Lot-et-Garonne (47) et Orne (61) n'impriment que des indicateurs.")


# The notebooks' words -----------------------------------------------------------------------------


def _cells(name: str) -> list[dict]:
    return json.loads((ROOT / "notebooks" / name).read_text(encoding="utf-8"))["cells"]


def test_report_05_names_no_file_or_folder_and_uses_the_reader_tables():
    cells = _cells("05_indicators.ipynb")
    words = " ".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    assert "data/raw" not in words and "fichier:ligne" not in words and "Source dans le schéma" in words
    code = " ".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
    assert "reader_indicator_table(" in code and "A.indicator_table(" not in code
    assert code.count("expected_apart=True") == 2 and "expected_share_note(ind)" in code


def test_report_01_gives_its_sources_after_the_provenance():
    cells = _cells("01_overview.ipynb")
    ids = [c["id"] for c in cells]
    assert ids.index("01-provenance") < ids.index("01-09") < ids.index("01-10") == len(ids) - 1
    body = [c for c in cells[: ids.index("01-provenance")] if c["cell_type"] == "markdown"]
    assert not any("## Sources" in "".join(c["source"]) for c in body)
    assert not any("source_sha256" in "".join(c["source"]) for c in cells), "the sha256 is in « Provenance »"


# The index -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, step, words",
    [
        ("build", {"status": "ok", "message": "current"}, "construction des tables : à jour"),
        ("themes", {"status": "ok", "message": "current"}, "thèmes : à jour"),
        ("themes", {"status": "ok", "message": "recomputed"}, "thèmes : recalculés"),
        (
            "build",
            {"status": "ok", "message": "rebuilt (missing tables: plans, actions)"},
            "construction des tables : refaite (tables manquantes : plans, actions)",
        ),
        ("build", {"status": "ok", "message": "rebuilt (--rebuild asked)"}, "construction des tables : refaite (demandée (--rebuild))"),
        (
            "build",
            {"status": "failed", "message": "rebuilt, but 1 file(s) failed: 40.txt: no sheet"},
            "construction des tables : ÉCHEC — refaite, mais 1 texte(s) en échec : 40.txt: no sheet",
        ),
    ],
)  # fmt: skip
def test_index_steps_in_french(name, step, words):
    from schemalab.report import _step_words

    assert _step_words(name, step) == words


def test_index_technical_block_in_french(tmp_path):
    from schemalab.report import write_index

    rec = {
        "run_id": "2026-07-01_100000",
        "started": "2026-07-01 10:00:00 UTC",
        "parameters": {"departments": ["31", "40"], "model": None, "n_clusters": None, "editions": "latest"},
        "steps": {"build": {"status": "ok", "message": "current"}, "themes": {"status": "ok", "message": "current"}},
        "notebooks": [
            {"name": "02_themes", "html": "02_themes.html", "status": "ok", "seconds": 10.6,
             "parameters": {"departments": ["31", "40"], "k_pairs": 15}},
            {"name": "08_profile_31", "html": "08_profile_31.html", "status": "ok", "seconds": 7.1,
             "parameters": {"department": "31"}},
        ],
        "changes": {},
        "previous_run": None,
        "failures": [],
    }  # fmt: skip
    (tmp_path / rec["run_id"]).mkdir()
    write_index(tmp_path / "index.html", [rec], [f"{rec['run_id']}/"], "Rapports")
    page = (tmp_path / "index.html").read_text(encoding="utf-8")
    tech = page[page.index("<details><summary>Détails techniques") :]
    text = re.sub(r"<[^>]+>", " ", tech)
    for french in (
        "construction des tables : à jour",
        "thèmes : à jour",
        "paires d'actions les plus proches montrées : 15",
        "groupes de fiches : nombre choisi automatiquement",
        "modèle des thèmes : celui par défaut",
        "Thèmes des actions",  # the report's title, not its notebook
        "Profil : Haute-Garonne (31)",
        "10,6 s",
    ):
        assert french in html.unescape(text), french
    for english in ("build", "current", "k_pairs", "department=", "groupes automatique", "02_themes ", "08_profile"):
        assert english not in text, english
    assert "08_profile_31.html" in page, "the links stay"
