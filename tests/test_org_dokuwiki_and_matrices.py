"""Plans read since plan 17 (pandoc's Org mode, tests/fixtures/17_run.md) and plan 16
(pandoc's DokuWiki, tests/fixtures/16_run.md), each written and read by hand by one engineer
and configured blind by another: Org and DokuWiki read as Markdown, a programme printed as a
table, the pilots and partners of a roles matrix, a review's glyphs read through their legend
and its rows numbered again under each group. Each test reads what a reader finds at the
lines it quotes."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import draft_for, parse_fixture, sheet_actors

from schemalab.extract import calendar_entries, dokuwiki_lines, jira_lines, legend_marks, org_lines, read_lines

FIXTURES = Path(__file__).parent / "fixtures"
ORG = "17_hautes-corbieres_2026-2031.txt"
DOKU = "16_val-d-aurigne_2025-2029.txt"


def read(plan: str, first: int, last: int) -> dict[int, str]:
    """Lines ``first`` to ``last`` of a test plan as every reader reads them (:func:`read_lines`)."""
    text = read_lines((FIXTURES / plan).read_bytes(), plan)
    return {n: text[n - 1] for n in range(first, last + 1)}


@pytest.fixture(scope="module")
def org():
    return parse_fixture(ORG, "17_hautes-corbieres.yml", strict=True)


@pytest.fixture(scope="module")
def doku():
    return parse_fixture(DOKU, "16_val-d-aurigne.yml", strict=True)


# -- Org mode -----------------------------------------------------------------------------


def test_org_headings_and_drawers_read_as_markdown():
    """17 l.101-112: `* Orientation 1 -- …` / `:PROPERTIES:` / `:CUSTOM_ID: …` / `:END:` / `**
    Objectif stratégique 1.1 -- …` / `*** Fiche 1.1.1 -- …`: Markdown headings, the drawer's
    lines blank, the `--` dash as printed."""
    rows = read(ORG, 101, 112)
    assert rows[101] == "# Orientation 1 -- Prévenir le plus tôt possible et soutenir les parents"
    assert (rows[102], rows[103], rows[104]) == ("", "", "")
    assert rows[105].startswith("## Objectif stratégique 1.1 -- ")
    assert rows[109].startswith("### Fiche 1.1.1 -- Généraliser l'entretien prénatal précoce")


def test_an_org_cell_of_several_paragraphs_is_one_row():
    """17 l.124-132: `| Modalités de mise en œuvre | 1. Recruter … |` / `| | |` / `| | 2. Signer
    … |` / … / `| |    - systématiques … |`: one pipe row on the label's line, each paragraph an
    item after a `<br>`, the item indented under « 3. Organiser … : » a detail; the other
    lines blank."""
    rows = read(ORG, 124, 133)
    assert rows[124].startswith("| Modalités de mise en œuvre | 1. Recruter deux sages-femmes de PMI")
    assert (
        " <br> 3. Organiser les visites à domicile : <br>   - systématiques pour les premières naissances" in rows[124]
    )
    assert all(rows[n] == "" for n in range(125, 133))
    assert rows[133].startswith("| Public visé | Futurs et jeunes parents")


def test_org_lines_leaves_other_text_alone():
    """A Markdown plan's `* item` bullets are no Org headings: with no drawer and no Org rule,
    the text is returned unchanged."""
    lines = ["* Proposer un entretien", "* Recruter deux sages-femmes", "| a | b |", "|---|---|"]
    assert org_lines(lines) == lines


def test_the_steps_of_an_org_cell_keep_their_details(org):
    """17 l.124-132: « 3. Organiser les visites à domicile : » and its two indented items: one
    step, the items its details (the blind configuration read them glued to the step)."""
    steps = [(r["text"], r["details_text"]) for r in org.tables["sub_actions"] if r["action_id"] == "1.1.1"]
    assert steps[2] == (
        "Organiser les visites à domicile :",
        "systématiques pour les premières naissances\nsur proposition de la maternité pour les sorties précoces",
    )
    assert len(steps) == 3


def test_a_heading_above_the_sheets_level_ends_a_sheet(org):
    """17 l.144-175: sheet 1.1.2 (`### Fiche 1.1.2`) ends before `## Objectif stratégique 1.2`
    (l.168): the heading is no indicator of 1.1.2."""
    sheet = next(a for a in org.tables["actions"] if a["action_id"] == "1.1.2")
    assert sheet["last_line"] < 168
    indicators = [r["text"] for r in org.tables["indicators"] if r["action_id"] == "1.1.2"]
    assert not any("Objectif stratégique" in t for t in indicators)


def test_a_line_naming_the_sheet_as_continued_is_left_out(org):
    """17 l.307: `/Fiche 2.1.1 (suite)/` between the sheet's two tables: no step, no text."""
    assert read(ORG, 307, 307)[307] == "*Fiche 2.1.1 (suite)*"
    steps = [r["text"] for r in org.tables["sub_actions"] if r["action_id"] == "2.1.1"]
    assert not any("suite" in t for t in steps)


def test_a_programme_printed_as_a_table_gives_each_sheet_its_years_and_total(org):
    """17 l.552-565 (Annexe 2): « /Montants en k€, …/ », « | *Fiche* | *2026* | … | *Total* | »,
    « | 1.2.1 -- Renfort de la CRIP | 87 | 52 | 52 | 52 | 52 | 52 | 347 | »: sheet 1.2.1's 87 k€
    in 2026 and 52 k€ a year after, each a part of its 347 k€; « | *TOTAL* | *502* | … |
    *5 500* | »: the plan's totals."""
    rows = [r for r in org.tables["budget_lines"] if r["first_line"] == 557]
    total = rows[-1]
    assert (total["action_id"], total["amount_eur"], total["role"]) == ("1.2.1", 347000.0, "total")
    assert [(r["year"], r["amount_eur"], r["role"], r["part_of"]) for r in rows[:-1]] == [
        (2026, 87000.0, "component", total["position"]),
        *((y, 52000.0, "component", total["position"]) for y in range(2027, 2032)),
    ]
    plan = [(r["year"], r["amount_eur"]) for r in org.tables["budget_lines"] if r["first_line"] == 565]
    assert plan == [
        (2026, 502000.0), (2027, 752000.0), (2028, 952000.0), (2029, 1102000.0), (2030, 1096000.0),
        (2031, 1096000.0), (None, 5500000.0),
    ]  # fmt: skip
    assert {r["scope"] for r in org.tables["budget_lines"] if r["first_line"] == 565} == {"plan_envelope"}


def test_a_roles_matrix_gives_the_sheets_their_pilots_and_partners(org):
    """17 l.571-587 (Annexe 3): « | *N°* | *Fiche* | *DEF* | *PMI* | *Caisse d'allocations
    familiales (CAF)* | *ARS* | … | », « | 1.1.1 | Entretien prénatal précoce | CP | P | A | A |
    … | », « Légende : P = pilote ; CP = copilote ; A = associé. »: DEF and PMI pilot 1.1.1, the
    CAF and the ARS its partners; 2.2.2's pilot is the ARS (« P » under ARS)."""
    assert sheet_actors(org, "1.1.1", "pilot") == ["DEF", "PMI"]
    assert sheet_actors(org, "1.1.1", "partner") == ["Caisse d'allocations familiales (CAF)", "ARS"]
    assert sheet_actors(org, "2.2.2", "pilot") == ["DEF", "ARS"]
    assert {r["line"] for r in org.tables["action_actors"] if r["action_id"] == "1.1.1"} == {573}


@pytest.mark.parametrize(
    "line, marks",
    [
        (
            "Légende : ✔ réalisée · ◐ partiellement réalisée · ⏳ en cours · ✘ non réalisée",
            {"✔": "réalisée", "◐": "partiellement réalisée", "⏳": "en cours", "✘": "non réalisée"},
        ),
        (
            "Légende : 🟢 réalisée · 🟠 en cours ou partiellement réalisée · 🔴 non réalisée · ⚪ abandonnée",
            {"🟢": "réalisée", "🟠": "en cours ou partiellement réalisée", "🔴": "non réalisée", "⚪": "abandonnée"},
        ),
        (
            "Légende : P = pilote ; CP = copilote ; A = associé. DEF : Direction",
            {"P": "pilote", "CP": "copilote", "A": "associé"},
        ),
        ("**Légende** : P = pilote ; A = associé", {"P": "pilote", "A": "associé"}),
        ("Légende des pictogrammes", {}),
        ("Le bilan légende mal ses tableaux.", {}),
    ],
)
def test_a_legend_says_what_each_mark_stands_for(line, marks):
    assert legend_marks(line) == marks


# -- DokuWiki ------------------------------------------------------------------------------


def test_dokuwiki_headings_tables_and_lists_read_as_markdown():
    """16 l.68-81 and l.92-95: `====== Axe 1 : … ======` / `===== Action 2 : … =====` / `^Pilote
    ^Copilote ^…^` / `|PMI |  |Caisse … (CAF)\\\\ \\\\ Agence …` / `  * Proposer …`: `#` and `##`
    headings, pipe rows, the cell's breaks `<br>`, the bullets Markdown's."""
    rows = read(DOKU, 68, 95)
    assert rows[68].startswith("# Axe 1 : ")
    assert rows[92] == "## Action 2 : Déployer l'accompagnement périnatal renforcé des familles vulnérables"
    assert rows[94].startswith("| Pilote | Copilote | Partenaires | Calendrier | Budget")
    assert rows[95].startswith(
        "| PMI |  | Caisse d'allocations familiales (CAF) <br> Agence régionale de santé (ARS) <br> centres hospitaliers"
    )
    assert rows[81].startswith("- Proposer un entretien prénatal précoce")


def test_dokuwiki_numbered_items_are_numbered_on_to_the_next_heading():
    """16 l.363-399: ten one-item `  - ` lists, each followed by an italic « Pourquoi » line:
    numbered 1 to 10 (the list is numbered; the paragraphs between do not restart it)."""
    rows = read(DOKU, 363, 399)
    assert rows[363].startswith("1. Pouvoir choisir la personne de confiance")
    assert rows[365].startswith("*Pourquoi : parce qu'on se sent seul face au juge.*")
    assert rows[399].startswith("10. Créer un lieu où les anciens de l'ASE")


def test_dokuwiki_lines_leaves_mediawiki_alone():
    """MediaWiki's `== Title ==` headings with no `^` row and no level-one DokuWiki heading:
    not DokuWiki."""
    lines = ["= Axe 1 =", "== Action 1 ==", "| cell", "== Action 2 =="]
    assert dokuwiki_lines(lines) == lines


def test_a_header_row_of_labels_is_read_for_each_sheet(doku):
    """16 l.94-95: « Pilote | Copilote | Partenaires | … » over « PMI | | CAF … »: the PMI pilots
    sheet 2 (no copilot), its four partners one a line of the cell."""
    assert sheet_actors(doku, "2", "pilot") == ["PMI"]
    assert sheet_actors(doku, "2", "partner") == [
        "Caisse d'allocations familiales (CAF)",
        "Agence régionale de santé (ARS)",
        "centres hospitaliers d'Aurigne et de Montbrac",
        "associations habilitées",
    ]


def test_a_review_s_glyphs_are_read_through_their_legend_and_its_restarted_numbers(doku):
    """16 l.341-357: « Légende : ✔ réalisée · ◐ partiellement réalisée · ⏳ en cours · ✘ non
    réalisée », then « | Orientation 1 – … | » / « | 1 | … | ✔ | » … « | Orientation 2 – … | » /
    « | 1 | … | ✔ | »: statuses from the legend's words, refs 1.1 … 3.4."""
    review = {r["ref"]: r for r in doku.tables["previous_review"]}
    assert list(review) == ["1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "2.3", "3.1", "3.2", "3.3", "3.4"]
    assert [review[k]["status"] for k in ("1.1", "1.2", "1.4", "2.3")] == [
        "realise",
        "partiel",
        "en_cours",
        "non_realise",
    ]
    assert (review["2.1"]["status_raw"], review["2.1"]["context"]) == (
        "✔",
        "Orientation 2 – Diversification de l'accueil",
    )


def test_a_semester_opening_a_range_is_its_first_year_s():
    """16 l.222: « 2ᵉ semestre 2026 – 2027 »: the second half of 2026, then 2027 (the
    superscript ordinal read as « 2e »)."""
    assert calendar_entries("2ᵉ semestre 2026 – 2027") == [([2026], 2, None), ([2027], None, None)]
    assert calendar_entries("2ᵉ semestre 2026") == [([2026], 2, None)]
    assert calendar_entries("De 2026 à 2028") == [([2026, 2027, 2028], None, None)]


def test_the_draft_reads_a_header_row_of_labels_and_the_first_person_indicators():
    """16: the untouched draft maps the header row's labels (Pilote, Copilote, Partenaires,
    Calendrier, Budget) and « Comment nous saurons que ça marche » (the indicators), and drafts
    the review table (its restarted numbers no longer refuse the parse)."""
    draft = draft_for("16", DOKU)
    for label, field in (("Pilote", "pilots"), ("Copilote", "pilots"), ("Partenaires", "partners"),
                         ("Calendrier", "calendar"), ("Comment nous saurons que ça marche", "indicators")):  # fmt: skip
        assert f"'{label}': {field}" in draft
    assert "\nreview:" in draft


def test_an_amount_outside_the_sheets_naming_its_sheet_is_that_sheet_s(doku):
    """16 l.15: « … une enveloppe de 21,5 M€ …, dont 7,8 M€ financés par l'État … Parmi ces
    mesures, 1,2 M€ financeront le déploiement de l'accompagnement périnatal renforcé (action
    2). »: the 1,2 M€ is sheet 2's; the envelope and the State's share stay the plan's."""
    rows = {r["amount_eur"]: r for r in doku.tables["budget_lines"] if r["first_line"] == 15}
    assert (rows[1200000.0]["action_id"], rows[1200000.0]["scope"]) == ("2", "action")
    assert (rows[21500000.0]["action_id"], rows[21500000.0]["scope"]) == (None, "plan_envelope")
    assert (rows[7800000.0]["action_id"], rows[7800000.0]["scope"]) == (None, "third_party")


@pytest.mark.parametrize(
    "context, raw, named",
    [
        (
            "dont 7,2 M€ pour la création de places (action 6) et 0,9 M€ par an pour les assistants familiaux (action 7).",
            "7,2 M€",
            "6",
        ),
        (
            "dont 7,2 M€ pour la création de places (action 6) et 0,9 M€ par an pour les assistants familiaux (action 7).",
            "0,9 M€",
            "7",
        ),
        ("Un budget de 60 000 € (fiche-action n° 4).", "60 000 €", "4"),
        ("Un budget de 60 000 € est prévu. La fiche (action 4) le précise.", "60 000 €", None),  # another sentence
        ("Un budget de 60 000 € (action 42).", "60 000 €", None),  # no such sheet
    ],
)
def test_the_sheet_an_amount_s_own_clause_names(context, raw, named):
    from schemalab.extract import to_named_sheets

    row = {"action_id": None, "scope": "plan_envelope", "context": context, "amount_raw": raw}
    to_named_sheets([row], {"4", "6", "7"})
    assert row["action_id"] == named


# -- pandoc's multiline tables (15) and Jira markup (14) -------------------------------------

MULTI = "15_haut-verdanson_2026-2030.txt"
JIRA = "14_vallee-de-l-essaune_2025-2029.txt"


def test_a_multiline_table_is_one_pipe_row_per_row():
    """15 l.259-265: `----` / `**Indicateur**   **Valeur de référence**   **Cible 2030**` / `---- ----
    ----` / `Délai moyen d\\'évaluation     4,5 mois     3 mois` / blank / `Part des évaluations
    35 %   100 %` / `conduites en binôme`: a header over a rule, each row on its first line,
    the wrapped cell joined, the escaped quote's shift not cutting « 4,5 mois »."""
    rows = read(MULTI, 259, 266)
    assert rows[260] == "| **Indicateur** | **Valeur de référence** | **Cible 2030** |"
    assert rows[261] == "|---|---|---|"
    assert rows[262] == "| Délai moyen d'évaluation | 4,5 mois | 3 mois |"
    assert rows[264] == "| Part des évaluations conduites en binôme | 35 % | 100 % |"
    assert rows[265] == rows[266] == ""


def test_a_two_column_multiline_table_headed_by_a_label_is_a_row_of_labels():
    """15 l.72-79: the label | value table whose first row pandoc made its header (« **Enjeu** |
    Les entretiens … »): no rule under it, a row like the others."""
    rows = read(MULTI, 72, 79)
    assert rows[73].startswith("| **Enjeu** | Les entretiens prénataux précoces")
    assert all(not rows[n].startswith("|--") for n in rows)
    assert rows[79].startswith("| **Objectifs** | Repérer plus tôt")


@pytest.fixture(scope="module")
def multi():
    return parse_fixture(MULTI, "15_haut-verdanson.yml")


def test_the_indicators_of_a_multiline_table(multi):
    """15 l.259-265: the two indicators of sheet 4, whole, with no value glued to them."""
    texts = [r["text"] for r in multi.tables["indicators"] if r["action_id"] == "4"]
    assert texts == ["Délai moyen d'évaluation", "Part des évaluations conduites en binôme"]


def test_a_rate_of_completion_is_a_status(multi):
    """15 l.673-716 (« Taux de réalisation »): 100 % réalisée, 60 % partiellement, 0 % non
    réalisée, « en cours » by the configuration's words."""
    statuses = {r["status_raw"]: r["status"] for r in multi.tables["previous_review"]}
    assert statuses["100 %"] == "realise" and statuses["0 %"] == "non_realise"
    assert {statuses[k] for k in statuses if k not in ("100 %", "0 %", "en cours")} == {"partiel"}


def test_jira_headings_and_cells_over_several_lines_read_as_markdown():
    """14 l.51, 57-60, 96-97: `h2. {anchor:…}Action 1.1 – …`, `| Partenaires associés | *
    Maternités …` / `* Sages-femmes libérales` / … / `* Agence régionale de santé \\(ARS) |`,
    `|| Porteur || Direction … \\(DEF)` / `et Service de PMI ||`: one pipe row each, the cell's
    items after `<br>`, a line opening in lower case going on with the phrase above."""
    rows = read(JIRA, 51, 97)
    assert rows[51] == "## Action 1.1 – Renforcer les visites à domicile de la PMI autour de la naissance"
    assert rows[57].startswith("| Partenaires associés | - Maternités du centre hospitalier")
    assert " <br> - Sages-femmes libérales <br> " in rows[57]
    assert rows[58] == rows[59] == rows[60] == ""
    assert rows[96] == "| Porteur | Direction de l'enfance et de la famille (DEF) et Service de PMI |"


def test_jira_lines_leaves_markdown_alone():
    lines = ["# Axe 1", "## Action 1", "| a | b |", "* item"]
    assert jira_lines(lines) == lines


def test_the_jira_draft_reads_steps_review_and_youth_table():
    """14: the untouched draft parses, maps the step table printed with no rule (« Étape |
    Échéance | … »), drafts the review whose title cells open on « Action 1 – » and the
    youth table (its rows with an empty second cell the themes)."""
    draft = draft_for("14", JIRA)
    assert "'Étape': sub_actions" in draft
    assert "columns: {title: 1, status: 2}" in draft
    assert "youth_recommendations:" in draft and "(?P<theme>" in draft
    res = parse_fixture(JIRA, "14_vallee-de-l-essaune.yml")
    review = {r["ref"]: (r["title"], r["status"]) for r in res.tables["previous_review"]}
    assert review["Action 2"] == ("Ouvrir un lieu d'accueil enfants-parents par territoire", "partiel")
    assert review["Action 9"][1] == "non_realise"  # « Pas commencé »
    youth = res.tables["youth_recommendations"]
    assert (youth[0]["theme"], youth[0]["text"]) == (
        "Être écouté et informé",
        "Savoir qui est notre référent et pouvoir le joindre facilement",
    )
    assert len(youth) == 10
    steps = [r["text"] for r in res.tables["sub_actions"] if r["action_id"] == "1.2"]
    assert steps == [
        "Lancer l'appel à projets commun Département / CAF",
        "Ouvrir un LAEP itinérant dans le Haut-Essaune",
        "Réunir les porteurs de projets en bilan annuel",
    ]


def test_two_bodies_before_a_remark_in_brackets():
    """14 l.168: « DEF et MDPH (pilotage conjoint) »: the DEF and the MDPH; a body with its own
    words in brackets stays one (« PMI (service départemental) »)."""
    from schemalab.actors import load_registry

    reg = load_registry()
    assert [m.part for m in reg.resolve("DEF et MDPH (pilotage conjoint)")] == ["DEF", "MDPH"]
    assert [m.part for m in reg.resolve("PMI (service départemental)")] == ["PMI (service départemental)"]


# -- annex tables keyed by sheet (13) --------------------------------------------------------

LAUZON = "13_coteaux-du-lauzon_2026-2030.txt"


@pytest.fixture(scope="module")
def lauzon():
    return parse_fixture(LAUZON, "13_coteaux-du-lauzon.yml")


def test_a_dashboard_of_indicators_gives_each_sheet_its_indicators(lauzon):
    """13 l.582-609 (Annexe 2): « | 3 | Délai moyen de mise en œuvre d'une AED | 3 mois | moins
    d'un mois | ASE | »: an indicator of sheet 3 on its row's line, its target the « Cible 2030 »
    cell; « | 6 | Satisfaction des professionnels … | nd | – | … | »: no target."""
    rows = {r["text"]: r for r in lauzon.tables["indicators"] if r["action_id"] in ("3", "6")}
    aed = rows["Délai moyen de mise en œuvre d'une AED"]
    assert (aed["action_id"], aed["target_text"]) == ("3", "moins d'un mois")
    assert rows["Satisfaction des professionnels à l'égard du référentiel"]["target_text"] is None
    assert len([r for r in lauzon.tables["indicators"]]) == 26


def test_a_calendar_by_sheet_gives_each_sheet_its_years(lauzon):
    """13 l.613-626 (Annexe 3): « | 3 | | X | X | X | | », « | 7 | | ● | ● | ● | ● | »: sheet 3 in
    2027-2029, sheet 7 in 2027-2030, from the grid (source gantt), their calendar explicit."""
    years = lambda aid: [(r["year"], r["source"]) for r in lauzon.tables["calendar"] if r["action_id"] == aid]  # noqa: E731
    assert years("3") == [(2027, "gantt"), (2028, "gantt"), (2029, "gantt")]
    assert [y for y, _ in years("7")] == [2027, 2028, 2029, 2030]
    assert {a["calendar_status"] for a in lauzon.tables["actions"]} == {"explicit"}


def test_the_partners_after_a_semicolon_on_a_wrapped_line(lauzon):
    """13 l.218-220: « Pilote : Direction enfance famille (DEF) – service de l'aide sociale à » /
    « l'enfance (ASE) ; partenaires : associations habilitées, Éducation » / « nationale. »: one
    pilot, two partners."""
    assert sheet_actors(lauzon, "3", "pilot") == [
        "Direction enfance famille (DEF) – service de l'aide sociale à l'enfance (ASE)"
    ]
    assert sheet_actors(lauzon, "3", "partner") == ["associations habilitées", "Éducation nationale"]


# -- a slide's three boxes side by side (12) ------------------------------------------------


def test_a_slide_s_boxes_give_their_steps_and_their_labelled_lines():
    """12 l.56-66 (`pdftotext -layout` of a slide): « Pourquoi ?   Comment ?   Qui ? Quand ?
    Combien ? » over three boxes side by side: the « Comment ? » bullets four steps (a bullet
    opens a step, « 2 sages- » / « femmes de PMI » joined), the third box's « Pilote : … »,
    « Partenaires : … », « Calendrier : 2025-2027 », « Indicateur : … » lines each their field."""
    res = parse_fixture("12_pays-de-merval_2025-2029.txt", "12_pays-de-merval.yml")
    steps = [r["text"] for r in res.tables["sub_actions"] if r["action_id"] == "1.1"]
    assert steps[0] == "Recruter 4 puéricultrices et 2 sages-femmes de PMI" and len(steps) == 4
    assert sheet_actors(res, "1.1", "pilot") == ["Direction de la protection maternelle et infantile (PMI)"]
    assert sheet_actors(res, "1.1", "partner") == [
        "Agence régionale de santé (ARS)",
        "CPAM",
        "centres hospitaliers de Merval et de Saint-Aulaire",
    ]
    assert [r["year"] for r in res.tables["calendar"] if r["action_id"] == "1.1"] == [2025, 2026, 2027]
    assert [r["text"] for r in res.tables["indicators"] if r["action_id"] == "1.1"] == [
        "nombre de visites à domicile prénatales par an"
    ]
