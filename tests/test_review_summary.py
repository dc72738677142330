"""What a plan prints about its review of the previous plan besides the reviewed rows, read by
the parser (schemalab/parsers/review_text.py) and stored in the tables: its own summary figure
(plans.review_summary, with its lines), reviewed titles whose beginning was lost
(previous_review.title_partly_lost), and the plan's repaired title (plans.title_clean). Report
07 reads them from the tables, never from the raw text."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import RAW, parse_raw

from schemalab import analysis as A
from schemalab.analysis import review as R
from schemalab.io import conform
from schemalab.parsers import by_code
from schemalab.parsers.review_text import (
    REVIEW_LEAD_LINES,
    review_summaries,
    summary_windows,
    title_partly_lost,
)

PDC = "62_pas-de-calais_2023-2027.txt"
PDC_QUOTE = "Plus de 90% des actions ont ete engagees ou totalement réalisées"


def _raw(name: str) -> list[str]:
    return (RAW / name).read_text(encoding="utf-8").splitlines()


@pytest.fixture(scope="module")
def parsed():
    """The five real plans, parsed."""
    return {code: parse_raw(code) for code in ("31", "40", "47", "61", "62")}


# 1. The rule, on made-up text: each wording, before or after the review table -------------------

#: A review section, its table (rows at lines 4-6), then the lines after it.
BEFORE = ["Introduction", "Bilan du schéma précédent", "{}", "1\tCréer un observatoire\tRéalisé",
          "2\tOuvrir une maison\tEn cours", "3\tFormer les équipes\tNon réalisé"]  # fmt: skip


@pytest.mark.parametrize(
    "printed, quote",
    [
        pytest.param(
            "Au terme du schéma, 85 % des actions ont été réalisées.", "85 % des actions ont été réalisées", id="pct"
        ),
        pytest.param(
            "Près de 70% des actions prévues sont engagées ou partiellement réalisées.",
            "Près de 70% des actions prévues sont engagées ou partiellement réalisées",
            id="pct-about-two-participles",
        ),
        pytest.param(
            "Au total, 42 actions sur 56 ont été réalisées.", "42 actions sur 56 ont été réalisées", id="n-on-m"
        ),
        pytest.param(
            "Plus de 30 actions sur les 45 sont achevées.",
            "Plus de 30 actions sur les 45 sont achevées",
            id="n-on-the-m",
        ),
        pytest.param(
            "Ainsi, 48 des 60 actions du précédent schéma sont engagées.",
            "48 des 60 actions du précédent schéma sont engagées",
            id="n-of-m",
        ),
        pytest.param("12 des 20 actions sont en cours.", "12 des 20 actions sont en cours", id="n-of-m-en-cours"),
        pytest.param(
            "Près de 85 % des actions ont été mises en œuvre.",
            "Près de 85 % des actions ont été mises en œuvre",
            id="mises-en-oeuvre",
        ),
        pytest.param(  # plan 84: the total first, the counts in words, an adverb
            "Sur les huit actions principales, trois ont été pleinement réalisées.",
            "Sur les huit actions principales, trois ont été pleinement réalisées",
            id="on-the-m-first-in-words",
        ),
        pytest.param("Douze des vingt actions sont engagées.", "Douze des vingt actions sont engagées", id="words"),
        pytest.param(  # plans 27 (l.371) and 33 (l.301): the previous plan named before the comma
            "Sur les 12 actions du schéma 2019-2023, 8 ont été réalisées ou sont en cours de réalisation.",
            "Sur les 12 actions du schéma 2019-2023, 8 ont été réalisées ou sont en cours",
            id="on-the-m-of-the-plan-second-auxiliary",
        ),
    ],
)
def test_each_wording_is_read_before_and_after_the_review_table(printed, quote):
    before = [x.format(printed) for x in BEFORE]
    assert review_summaries(before, 4, 6) == [(quote, 3, 3)]
    after = [x.format("") for x in BEFORE] + ["", printed]
    assert review_summaries(after, 4, 6) == [(quote, 8, 8)]


@pytest.mark.parametrize(
    "printed",
    [
        pytest.param("", id="nothing-printed"),
        pytest.param("80 % des familles suivies ont été reçues.", id="not-actions"),
        pytest.param("Le schéma comptait 56 actions.", id="a-count-alone"),
        pytest.param("42 actions ont été réalisées en 2022.", id="no-total"),
        pytest.param("En 2022, 85 % des enfants confiés ont été vus.", id="pct-of-children"),
        pytest.param("Sur les trois réunions, deux ont été annulées.", id="not-actions-in-words"),
    ],
)
def test_nothing_is_recorded_when_no_summary_is_printed(printed):
    lines = [x.format(printed) for x in BEFORE] + ["", printed]
    assert review_summaries(lines, 4, 6) == []


def test_a_summary_wrapped_beside_another_column_is_quoted_without_that_column():
    """An OCR'd page reads two columns line by line: the figure's words end each line, the
    other column's words start it (Pas-de-Calais, 62:391-395); the quote keeps the figure's
    words only, and both lines it spans."""
    lines = ["Bilan du schéma précédent", "Les orientations du 12 actions", "schéma étaient cinq : sur 20 ont été",
             "prévention, accueil. réalisées", "1\tCréer\tRéalisé"]  # fmt: skip
    assert review_summaries(lines, 5, 5) == [("12 actions sur 20 ont été réalisées", 2, 4)]


def test_where_the_rule_reads():
    """Before the table: from the line announcing the review to the first row (else the
    REVIEW_LEAD_LINES lines before it); after: REVIEW_LEAD_LINES lines, up to the next thing
    read (a sheet); never inside an action sheet."""
    lines = ["x"] * 200
    lines[9] = "Annexe : bilan du précédent schéma"  # line 10
    assert summary_windows(lines, 50, 60) == [(10, 50), (61, 61 + REVIEW_LEAD_LINES)]
    assert summary_windows(["x"] * 200, 90, 100) == [(90 - REVIEW_LEAD_LINES, 90), (101, 101 + REVIEW_LEAD_LINES)]
    # a sheet (lines 20-30) before the table and one starting at line 70 after it
    assert summary_windows(lines, 50, 60, [(20, 30), (70, 80)]) == [(10, 20), (31, 50), (61, 70)]
    text = [x.format("") for x in BEFORE] + ["Fiche 1", "85 % des actions ont été financées.", ""]
    assert review_summaries(text, 4, 6, [(7, 9)]) == []  # printed on a sheet: not the review's figure
    far = [x.format("") for x in BEFORE] + [""] * REVIEW_LEAD_LINES + ["85 % des actions ont été réalisées."]
    assert review_summaries(far, 4, 6) == []


def test_a_made_up_plan_records_its_figure_with_its_lines_or_nothing(tmp_path):
    """End to end through a configured parser: the figure printed after the review table is in
    plans.review_summary with its lines; a plan printing none gets null."""
    from test_vocabulary import CONFIG, REVIEW_SPACES

    from schemalab.parsers.configurable import load_config_parser

    cfg = tmp_path / "97_bloc.yml"
    cfg.write_text(CONFIG + REVIEW_SPACES, encoding="utf-8")
    parser = load_config_parser(cfg)

    def plan(after: str) -> dict:
        text = (
            "Plan Bloc 2025-2029\n\nBilan du schéma précédent\n\nBILAN\nN°   Action   État\n"
            "1    Créer un observatoire    réalisé\n2    Ouvrir une maison    en cours\n3    Former    non réalisé\n\n"
            f"{after}\n\nFiche 1\nUn titre\nPilote(s) : CAF\n"
        )
        res = parser().parse(text, "97.txt", strict=True)
        assert [r["line"] for r in res.tables["previous_review"]] == [7, 8, 9]
        return res.tables["plans"][0]

    p = plan("Soit 2 des 3 actions\nréalisées.")  # lines 11-12
    assert (p["review_summary"], p["review_summary_line"], p["review_summary_last_line"]) == (
        "2 des 3 actions réalisées",
        11,
        12,
    )
    p = plan("")
    assert (p["review_summary"], p["review_summary_line"], p["review_summary_last_line"]) == (None, None, None)


# 2. Pas-de-Calais's own figure, read by the parser -----------------------------------------------


def test_pas_de_calais_figure_is_in_the_plans_table_with_its_lines(parsed):
    """Pas-de-Calais prints its own figure in a column beside the list of its orientations
    (62:388-395: « 101 ACTIONS », « Plus de 90% des actions ont ete engagees ou totalement
    réalisées »), under « Le bilan du précédent schéma » (62:355), before its review table
    (first row 62:1895). The parser keeps it as printed, with its lines; the other plans print
    none."""
    text = _raw(PDC)
    assert "Le bilan du précédent schéma" in text[355 - 1]
    pieces = ["Plus de 90%", "des actions ont", "ete engagees", "ou totalement", "réalisées"]
    for n, piece in zip(range(391, 396), pieces, strict=True):
        assert text[n - 1].rstrip().endswith(piece), (n, text[n - 1])
    assert " ".join(pieces) == PDC_QUOTE
    plan = parsed["62"].tables["plans"][0]
    assert (plan["review_summary"], plan["review_summary_line"], plan["review_summary_last_line"]) == (
        PDC_QUOTE,
        391,
        395,
    )
    assert min(r["line"] for r in parsed["62"].tables["previous_review"]) == 1895
    for code in ("31", "40", "47", "61"):
        assert parsed[code].tables["plans"][0]["review_summary"] is None, code


def test_report_07_quotes_the_figure_from_the_tables():
    """Report 07 quotes what plans.review_summary holds, with its lines, as the plan's claim;
    a plan whose row holds none gets no quote (nothing is read from the raw text)."""
    plans = conform(
        "plans",
        [
            dict(plan_id="47-2026-2030", department_code="47", department_name="Lot-et-Garonne", title="S",
                 period_start=2026, period_end=2030, source_file="absent.txt", source_sha256="x"),
            dict(plan_id="62-2023-2027", department_code="62", department_name="Pas-de-Calais", title="S",
                 period_start=2023, period_end=2027, source_file="absent.txt", source_sha256="y",
                 review_summary=PDC_QUOTE, review_summary_line=391, review_summary_last_line=395),
        ],
    )  # fmt: skip
    review = conform(
        "previous_review",
        [
            dict(plan_id=p, ref="1", title="Créer", status="unknown", status_raw=None, line=10)
            for p in ("47-2026-2030", "62-2023-2027")
        ],
    )
    said = {x.split(" : ")[0]: x for x in A.review_statement(review, plans)}
    assert (
        f"Le schéma dit lui-même : « {PDC_QUOTE} » (l. 391-395) ; c'est son propre chiffre"
        in said["Pas-de-Calais (62)"]
    )
    assert "dit lui-même" not in said["Lot-et-Garonne (47)"]
    assert R.review_own_figures(plans) == {"62-2023-2027": [([PDC_QUOTE], 391, 395)]}
    # two sentences printed: each quoted, with the lines they span
    two = plans.assign(review_summary=[None, "85 % des actions ont été engagées\n42 actions sur 56 sont réalisées"])
    (line,) = [x for x in A.review_statement(review, two) if x.startswith("Pas-de-Calais")]
    assert "« 85 % des actions ont été engagées » ; « 42 actions sur 56 sont réalisées » (l. 391-395)" in line


# 3. A reviewed title whose beginning was lost ----------------------------------------------------


@pytest.mark.parametrize(
    "title, others, lost",
    [
        pytest.param(
            "d'accueil collectif, hébergement",
            ["Former les équipes", "Adapter le dispositif"],
            True,
            id="lowercase-start",
        ),  # fmt: skip
        pytest.param("I'accueil de jour", ["Former les équipes", "Adapter le dispositif"], True, id="ocr-elision"),
        pytest.param("Diversifier l'accueil", ["Former les équipes", "Adapter le dispositif"], False, id="capital"),
        pytest.param("former les équipes", ["adapter le dispositif", "créer un lieu"], False, id="all-lowercase"),
        pytest.param("d'accueil collectif", [], False, id="no-sibling"),
        pytest.param(None, ["Former les équipes"], False, id="no-title"),
    ],
)
def test_a_title_starting_mid_phrase_among_capitalised_siblings_is_partly_lost(title, others, lost):
    assert title_partly_lost(title, others) is lost


def test_pas_de_calais_p18_a3_lost_its_label_line(parsed):
    """62:2141-2149, Priorité 18: « Action 1: », « Action 2: » (2141, 2143), then a mark alone
    (2147 « @] ») and « d'accueil cellectif, … » (2148), then « Action 4: » (2149): the line
    « Action 3: <start of the title> » was lost in OCR. The row read there (P18-A3) is flagged
    by the rule (its title starts in lowercase where its siblings' start with a capital), and
    it is the only one of the 151 reviewed rows of 47 and 62."""
    text = _raw(PDC)
    assert text[2141 - 1].startswith("Action 1:") and text[2143 - 1].startswith("Action 2:")
    assert text[2147 - 1] == "@]" and text[2148 - 1].startswith("d'accueil cellectif")
    assert text[2149 - 1].startswith("Action 4:")
    assert not any(x.lstrip().startswith(("Action 3", "Acticn 3", "Actien 3")) for x in text[2138 - 1 : 2152])
    flagged = [
        (r["plan_id"], r["ref"], r["line"])
        for code in ("47", "62")
        for r in parsed[code].tables["previous_review"]
        if r["title_partly_lost"]
    ]
    assert flagged == [("62-2023-2027", "P18-A3", 2147)]
    assert sum(len(parsed[c].tables["previous_review"]) for c in ("47", "62")) == 151
    review = conform("previous_review", parsed["62"].tables["previous_review"])
    plans = conform("plans", parsed["62"].tables["plans"])
    shown = R.review_rows(review, plans).set_index("ref")["intitulé"]
    assert shown["P18-A3"] == (
        "… d'accueil cellectif, hebergement en appartement, accueil de jour.. (intitulé en partie perdu)"
    )
    assert not shown.drop("P18-A3").str.contains("en partie perdu").any()


# 4. The plan's title, repaired like the sheets' ---------------------------------------------------


def test_the_plan_title_is_repaired_by_the_same_rule_as_the_sheets_titles(parsed):
    """62:213 prints « Le schéma départemental de I'enfance et de la famille 2023-2027 » (OCR
    « I' » for « l' »): plans.title keeps it, plans.title_clean repairs it with the parser's
    title repair, the one behind the sheets' and the axes' title_clean; the other plans' titles
    have no OCR damage and title_clean equals title."""
    assert _raw(PDC)[213 - 1] == "Le schéma départemental de I'enfance et de la famille 2023-2027"
    plan = parsed["62"].tables["plans"][0]
    assert plan["title"] == "Le schéma départemental de I'enfance et de la famille 2023-2027"
    assert plan["title_clean"] == "Le schéma départemental de l'enfance et de la famille 2023-2027"
    parser = by_code("62")()
    for table in ("actions", "axes", "previous_review"):
        for r in parsed["62"].tables[table]:
            assert r["title_clean"] == parser.clean_title(r["title"]), (table, r["title"])
    for code in ("31", "40", "47", "61"):
        p = parsed[code].tables["plans"][0]
        assert p["title_clean"] == p["title"], code
    shown = A.display.shown_text(pd.DataFrame([plan]), "title")
    assert shown.iloc[0] == "Le schéma départemental de l'enfance et de la famille 2023-2027"
