"""Plans 32 and 33: a Word document whose sheets print a sidebar box beside their text, exported
to PDF and read by `pdftotext -layout` (32), and an Excel workbook printing one form per sheet,
read by `xlsx2csv -a -d ,` (33). Each written and read by hand by one helper and configured
blind by another from the README alone (tests/fixtures/3N_run.md). Each test reads what a reader
finds at the lines it quotes."""

from __future__ import annotations

import pytest
from conftest import FIXTURES, draft_for, fixture_lines, parse_fixture, sheet_actors, sheet_values

SIDEBAR = "32_pays-de-merlande_2026-2030.txt"
FORMS = "33_val-de-correze-haute_2026-2030.txt"


@pytest.fixture(scope="module")
def plan32():
    return parse_fixture(SIDEBAR, "32_pays-de-merlande.yml")


@pytest.fixture(scope="module")
def plan33():
    return parse_fixture(FORMS, "33_val-de-correze-haute.yml")


def test_the_sidebar_is_read_apart_from_the_text_beside_it(plan32):
    """L.58-87: « Constat » at the margin and « Pilote » at character 79 on one line, the box's
    lines beside the text's. The box's bodies and dates are read from the right column, each
    at the raw line it is printed on; the Constat from the left column alone, its paragraph
    going on past the line the box's « Partenaires » holds alone (l.62)."""
    lines = dict(fixture_lines(SIDEBAR, 58, 75))
    assert lines[58].startswith("Constat") and lines[58].rstrip().endswith("Pilote")
    assert lines[62].strip() == "Partenaires"
    assert sheet_actors(plan32, "1.1", "partner") == [
        "Agence régionale de santé (ARS)",
        "Caisse primaire d'assurance maladie (CPAM)",
        "Maternités du territoire",
        "Réseau périnatal régional",
    ]
    for r in plan32.tables["action_actors"]:
        if r["action_id"] == "1.1" and r["role"] == "partner":
            assert r["name"].split(" (")[0].split()[0] in dict(fixture_lines(SIDEBAR, r["line"], r["line"]))[r["line"]]
    assert [(r["year"], r["label"], r["line"]) for r in plan32.tables["calendar"] if r["action_id"] == "1.1"] == [
        (2026, "diagnostic", 72),
        (2027, "déploiement", 73),
        (2028, "déploiement", 73),
        (2029, "évaluation", 75),
    ]
    context = next(a["context_text"] for a in plan32.tables["actions"] if a["action_id"] == "1.1")
    assert context.startswith("Le nombre d'entretiens prénataux précoces")
    assert "restent éloignés des maternités et les\nvisites à domicile" in context
    assert context.endswith("selon les circonscriptions.") and "Pilote" not in context


def test_a_sheet_continued_on_the_next_page_goes_on_in_its_own_field(plan32):
    """Sheet 3.2's box ends on its first page; its step 8's details go on after the page break
    (l.376 « … après chaque incident », l.383 « grave ; »): 8 steps, none of them a box line."""
    steps = sheet_values(plan32, "sub_actions", "3.2", "text")
    assert len(steps) == 8
    assert steps[-1].startswith("Mettre en place un plan de prévention des fugues")
    assert not any(s.startswith(("Pilote", "Budget", "Calendrier", "Direction")) for s in steps)


def test_side_columns_leaves_a_label_value_table_alone():
    """A table of labels and values aligned with spaces holds its labels on the left: no
    sidebar (two labels right of the margin are needed), the lines come back as printed."""
    from schemalab.parsers.columns import side_columns

    labels = {"Pilote", "Partenaires", "Calendrier", "Objectifs"}
    table = [
        "Pilote                               Direction de l'enfance",
        "Partenaires                          CAF, ARS",
        "Calendrier                           2026-2027",
    ]
    assert side_columns(table, lambda t: t in labels, lambda t: False) is None
    sidebar = [
        "Objectifs                                  Pilote",
        "- Réduire les délais de                    Direction de l'enfance",
        "  mise en œuvre",
        "                                           Partenaires",
        "- Prévenir les placements                  CAF",
        "Fiche 2",
        "Objectifs                                  Calendrier",
    ]
    out, origin = side_columns(sidebar, lambda t: t in labels, lambda t: t.startswith("Fiche"))
    assert out[:6] == ["Pilote", "Direction de l'enfance", "Partenaires", "CAF", "", "Objectifs"]
    assert out[6:9] == ["- Réduire les délais de", "  mise en œuvre", "- Prévenir les placements"]
    assert origin[:4] == [1, 2, 4, 5] and origin[6:9] == [2, 3, 5]
    # the region stops at the next sheet's start: its line and the one after come back as printed
    assert out[9:] == sidebar[5:] and origin[9:] == [6, 7]


def test_a_contents_list_printing_no_page_number_is_no_sheet():
    """L.29-43: the twelve « Fiche n.n – … » titles indented under their axes, no page number,
    then each sheet at the margin (l.57 on): the draft `new-department` writes reads 12 sheets,
    each once (the blind run's draft stopped on « sheet 1.1 already starts at line 29 »)."""
    from schemalab.parsers.configurable import load_config_parser

    assert fixture_lines(SIDEBAR, 29, 29)[0][1].startswith("    Fiche 1.1 – ")
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as d:
        cfg = Path(d) / "32_draft.yml"
        cfg.write_text(draft_for("32", SIDEBAR), encoding="utf-8")
        res = load_config_parser(cfg)().parse((FIXTURES / SIDEBAR).read_bytes(), SIDEBAR)
    assert [a["first_line"] for a in res.tables["actions"]][:2] == [57, 98]
    assert len(res.tables["actions"]) == 12


def test_a_cell_s_indented_bullets_are_its_step_s_details(plan33):
    """L.39-44, one quoted cell: « 2. Mettre en service un bus itinérant de consultations PMI : »
    then « ···- définition des tournées … » and « ···- permanences hebdomadaires … »: three
    steps, the two indented bullets the second step's details."""
    rows = [(r["ref"], r["text"], r["details_text"]) for r in plan33.tables["sub_actions"] if r["action_id"] == "1.1"]
    assert [r[0] for r in rows] == ["1", "2", "3"]
    assert rows[1][2] == "définition des tournées avec les communes\npermanences hebdomadaires dans 12 communes"


def test_bare_numbers_are_euros_by_their_row_or_column_label(plan33):
    """A workbook's euro format is not printed: l.52 « Moyens / budget,180000,… », l.186
    « Crédits départementaux (€),,250000,… », l.260 « ,500,Allocation mensuelle … » (the label
    merged down), l.7-11 the « Budget prévisionnel 2026-2030 » column of the contents sheet;
    the years of l.185's header are no amounts."""
    assert fixture_lines(FORMS, 52, 52)[0][1].startswith("Moyens / budget,180000,")
    assert sheet_values(plan33, "budget_lines", "1.1", "amount_eur") == [180000.0]
    assert sheet_values(plan33, "budget_lines", "3.1", "amount_eur") == [
        250000.0,
        500000.0,
        500000.0,
        500000.0,
        1750000.0,
    ]
    assert sheet_values(plan33, "budget_lines", "4.1", "amount_eur") == [1200000.0, 500.0]
    own = [(r["amount_eur"], r["first_line"]) for r in plan33.tables["budget_lines"] if r["action_id"] is None]
    assert own[:5] == [(950000.0, 7), (480000.0, 8), (2150000.0, 9), (6300000.0, 10), (9880000.0, 11)]
    assert not any(2025 <= r["amount_eur"] <= 2030 for r in plan33.tables["budget_lines"])


def test_unit_cells_reads_only_money_labels():
    """A row labelled with something else than money (« Nombre de places », « Calendrier »)
    keeps its bare numbers as printed."""
    from schemalab.parsers.action_rows import unit_cells

    lines = [
        "Nombre de places\t120",
        "Calendrier\t2026\t2027",
        "Budget\t45000\tpar an",
        "\t800\tpar jeune",
        "",
        "x\t900",
    ]
    assert unit_cells(lines) == {3: "Budget\t45000 €\tpar an", 4: "\t800 €\tpar jeune"}


def test_a_recurring_schedule_under_a_dated_line_is_an_entry_of_its_own(plan32):
    """L.560-563, sheet 4.3's box: « Dès 2026 : installation du » / « conseil » / « Chaque année :
    présentation à » / « l'ODPE »: one calendar row, 2026 « installation du conseil »; the
    yearly presentation states no year (no row, not glued to the first)."""
    rows = [(r["year"], r["label"]) for r in plan32.tables["calendar"] if r["action_id"] == "4.3"]
    assert rows == [(2026, "installation du conseil")]


def test_the_workbook_draft_starts_a_sheet_at_each_worksheet_named_by_its_number(tmp_path):
    """L.30 « -------- 2 - Fiche 1.1 » … « -------- 13 - Fiche 4.3 »: the forms print their
    number in four shapes (« Fiche action n°,1.1 », « FICHE ACTION N° 2.1 », « N° de fiche,3.1 »,
    « Fiche action,Fiche 4.1 »), the worksheet's name in one. The contents worksheet's table
    « Axe,Intitulé de l'axe,Fiches actions,Budget prévisionnel 2026-2030 » (l.6) is no table of
    actions: the draft reads the 12 sheets (the blind run's draft read none)."""
    from schemalab.parsers.configurable import load_config_parser

    assert fixture_lines(FORMS, 30, 30)[0][1] == "-------- 2 - Fiche 1.1"
    cfg = tmp_path / "33_draft.yml"
    cfg.write_text(draft_for("33", FORMS), encoding="utf-8")
    assert "layout: rows" not in cfg.read_text(encoding="utf-8")
    res = load_config_parser(cfg)().parse((FIXTURES / FORMS).read_bytes(), FORMS)
    assert [a["action_id"] for a in res.tables["actions"]] == [f"{a}.{b}" for a in range(1, 5) for b in range(1, 4)]


# -- plans 29 (a web page read by html2text) and 30 (a quarter Gantt, pdftotext -layout) ------------

WEB = "29_val-d-arnelle_2026-2030.txt"
QUARTERS = "30_hautes-serres_2026-2030.txt"


@pytest.fixture(scope="module")
def plan29():
    return parse_fixture(WEB, "29_val-d-arnelle.yml")


@pytest.fixture(scope="module")
def plan30():
    return parse_fixture(QUARTERS, "30_hautes-serres.yml")


def test_roles_in_brackets_after_the_bodies_they_apply_to(plan29):
    """L.62 « **Acteurs :** Service de PMI (pilote), CPAM (copilote), maternités du territoire,
    sages-femmes libérales, centre hospitalier de Sainte-Arnelle (partenaires) »: two pilots (a
    copilot is a pilot), three partners, the marks in no name."""
    assert sheet_actors(plan29, "1.1", "pilot") == ["Service de PMI", "CPAM"]
    assert sheet_actors(plan29, "1.1", "partner") == [
        "maternités du territoire",
        "sages-femmes libérales",
        "centre hospitalier de Sainte-Arnelle",
    ]


def test_a_second_label_on_the_line_after_a_dash(plan29):
    """L.89 « **Pilotage :** Direction enfance famille — **Partenaires :** CAF, services d'aide et
    d'accompagnement à domicile, MSA »: one pilot, three partners."""
    assert sheet_actors(plan29, "1.2", "pilot") == ["Direction enfance famille"]
    assert sheet_actors(plan29, "1.2", "partner") == [
        "CAF",
        "services d'aide et d'accompagnement à domicile",
        "MSA",
    ]


def test_a_schedule_stating_no_year_in_a_step_date_table(plan29):
    """L.253 « Refondre le modèle de PPE avec des jeunes accueillis| En continu| … »: sheet 2.4's
    dates are all « En continu »: two steps, no step « En continu », a relative calendar."""
    assert sheet_values(plan29, "sub_actions", "2.4", "text") == [
        "Refondre le modèle de PPE avec des jeunes accueillis",
        "Former les référents ASE à l'entretien avec l'enfant",
    ]
    assert next(a["calendar_status"] for a in plan29.tables["actions"] if a["action_id"] == "2.4") == "relative"


def test_a_table_with_no_outer_pipes_and_rows_merged_across_it(plan29):
    """L.370-389 (html2text): « N°| Action| État d'avancement| Commentaire », its rule, then
    « **Orientation 1 – Prévenir et repérer précocement** » (a row merged across the table) and
    rows whose last cell is filled or empty: fifteen rows, each under its orientation."""
    rows = plan29.tables["previous_review"]
    assert [r["ref"] for r in rows] == [f"{a}.{b}" for a in (1, 2, 3) for b in range(1, 6)]
    assert rows[0]["status"] == "partiel" and rows[0]["details_text"] == "Proposé à 48 % des futures mères"
    assert rows[9]["ref"] == "2.5" and rows[9]["status"] == "unknown"
    assert rows[10]["context"].startswith("Orientation 3")


def test_a_gantt_by_quarter_gives_half_years(plan30):
    """L.61-72, Action 1: « 2026  2027  2028 » over « T1 T2 T3 T4 T1 … », the X of each row under
    its quarters (T1-T2 the first half-year, T3-T4 the second), some between two quarters of
    one half-year."""
    lines = dict(fixture_lines(QUARTERS, 61, 72))
    assert lines[61].split()[-3:] == ["2026", "2027", "2028"] and lines[63].split()[:4] == ["T1", "T2", "T3", "T4"]
    got = {(r["year"], r["semester"], r["label"]) for r in plan30.tables["calendar"] if r["action_id"] == "1"}
    assert got == {
        (2026, 1, "Recrutement des sages-femmes"),
        (2026, 2, "Protocole avec les maternités"),
        (2027, 1, "Protocole avec les maternités"),
        (2027, 1, "Visites à domicile systématiques"),
        (2027, 2, "Visites à domicile systématiques"),
        (2028, 1, "Visites à domicile systématiques"),
        (2028, 2, "Visites à domicile systématiques"),
    }


def test_bullets_at_a_numbered_step_s_indentation_are_its_details(plan30):
    """L.86-92, Action 2 « Comment ? »: « 3. Créer un service d'AED renforcée de 40 mesures : »
    then two bullets at the steps' indentation once the label | value column is read, then
    « 4. Former … »: four steps, the bullets the third's details."""
    rows = [(r["ref"], r["details_text"]) for r in plan30.tables["sub_actions"] if r["action_id"] == "2"]
    assert [r[0] for r in rows] == ["1", "2", "3", "4"]
    assert rows[2][1] == (
        "appel à projets en direction des associations habilitées\n"
        "intervention jusqu'à trois fois par semaine au domicile"
    )


def test_the_draft_maps_labels_asked_as_questions(tmp_path):
    """Plan 30 prints its labels as questions (l.38-57: « Pourquoi ? », « Pour quoi faire ? »,
    « Comment ? », « Qui pilote ? », « Avec qui ? », « Pour qui ? », « Combien ? »); the draft
    `new-department` writes maps each to its field and reads every sheet's steps and indicators'
    neighbours (the blind run's draft mapped « Qui pilote ? » alone)."""
    from schemalab.parsers.configurable import load_config_parser

    draft = draft_for("30", QUARTERS)
    for label, field in (("Pourquoi ?", "context"), ("Pour quoi faire ?", "objectives"), ("Comment ?", "sub_actions")):
        assert f"'{label}': {field}" in draft
    cfg = tmp_path / "30_draft.yml"
    cfg.write_text(draft, encoding="utf-8")
    res = load_config_parser(cfg)().parse((FIXTURES / QUARTERS).read_bytes(), QUARTERS)
    assert len(res.tables["actions"]) == 12
    assert len([r for r in res.tables["sub_actions"] if r["action_id"] == "2"]) == 4


def test_the_draft_of_a_web_page_with_list_tables(tmp_path):
    """Plan 29: axes printed « ## Enjeu 1 – … » (l.48), steps and indicators in tables whose
    header rows (« Étape| Échéance| Responsable », « Indicateur| Valeur de départ| Cible 2030 »)
    no heading list names, a review whose rows a bold « **Orientation 2 – …** » line splits:
    the draft reads the axes, the 38 steps each dated by its row, the 27 indicators and the
    15 reviewed actions (the blind run's draft: none of them)."""
    from schemalab.parsers.configurable import load_config_parser

    cfg = tmp_path / "29_draft.yml"
    cfg.write_text(draft_for("29", WEB), encoding="utf-8")
    res = load_config_parser(cfg)().parse((FIXTURES / WEB).read_bytes(), WEB)
    assert [a["axis_id"] for a in res.tables["axes"]] == ["1", "2", "3"]
    assert len(res.tables["sub_actions"]) == 38 and len(res.tables["indicators"]) == 27
    assert len(res.tables["previous_review"]) == 15


# -- plans 27 (mammoth + html2text, budget tables in k€) and 28 (a four-column Word form) ---------

KEUR = "27_monts-du-brivet_2025-2029.txt"
FORM4 = "28_plaine-de-vaudrey_2026-2031.txt"


def test_a_budget_table_by_year_in_thousands_of_euros():
    """L.51-54, action 1: « En k€| 2025| 2026| 2027| 2028| 2029| Total » over « Fonctionnement| 40|
    42,5| 42,5| 45| 45| 215 » and « Investissement| 18| | | | | 18 »: each figure under a year is
    that year's amount in thousands of euros, planned, a component of the row's total; the
    Total column is the row's total (so a sum of the components or of the totals, never both)."""
    res = parse_fixture(KEUR, "27_monts-du-brivet.yml")
    assert fixture_lines(KEUR, 51, 51)[0][1].startswith("En k€| 2025| 2026")
    rows = [(r["amount_eur"], r["year"], r["role"]) for r in res.tables["budget_lines"] if r["action_id"] == "1"]
    assert rows == [
        (40000.0, 2025, "component"),
        (42500.0, 2026, "component"),
        (42500.0, 2027, "component"),
        (45000.0, 2028, "component"),
        (45000.0, 2029, "component"),
        (215000.0, None, "total"),
        (18000.0, 2025, "component"),
        (18000.0, None, "total"),
    ]
    assert all(r["nature"] == "planned" for r in res.tables["budget_lines"] if r["action_id"] == "1")


def test_a_four_column_form_read_pair_by_pair():
    """L.311-317, sheet 4.1: « Pilote  Direction de l'enfance et de la  Calendrier  2026-2027 »,
    the right pair's label one space after the left value on l.313 (« … Plaine-de- Coût estimé
    850 000 € / an »): the pilot, the co-pilot and the partners from the left pair, the
    calendar, the cost and the public from the right, none glued to the other."""
    res = parse_fixture(FORM4, "28_plaine-de-vaudrey.yml")
    assert " Coût estimé " in fixture_lines(FORM4, 313, 313)[0][1]
    assert sheet_actors(res, "4.1", "pilot") == [
        "Direction de l'enfance et de la famille (DEF)",
        "Missions locales de la Plaine-de-Vaudrey",
    ]
    assert [(r["year"], r["line"]) for r in res.tables["calendar"] if r["action_id"] == "4.1"] == [
        (2026, 311),
        (2027, 311),
    ]
    assert sheet_values(res, "budget_lines", "4.1", "amount_eur") == [850000.0]
    assert not any("Calendrier" in a or "Public" in a for a in sheet_actors(res, "4.1", "partner"))


def test_review_groups_between_pipe_rows_read_with_a_row_pattern(tmp_path):
    """L.372, 378, 384: « **Orientation k – … ** » lines holding no pipe between the review's
    rows give each row its orientation whether the rows are read by `review.row` or not."""
    from schemalab.parsers.configurable import load_config_parser

    text = (FIXTURES / "29_val-d-arnelle.yml").read_text(encoding="utf-8")
    cfg = tmp_path / "29_row.yml"
    cfg.write_text(
        text.replace("  cells: pipes\n", "  cells: pipes\n  row: '^\\|?\\s*\\d\\.\\d\\s*\\|'\n"), encoding="utf-8"
    )
    assert "  row: " in cfg.read_text(encoding="utf-8")
    res = load_config_parser(cfg)().parse((FIXTURES / WEB).read_bytes(), WEB)
    rows = res.tables["previous_review"]
    assert len(rows) == 15
    assert [r["context"][:13] for r in rows[::5]] == ["Orientation 1", "Orientation 2", "Orientation 3"]
