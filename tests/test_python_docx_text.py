"""Plan 56 (Pays-d'Argentière): a Word document whose text a département's data team took out
with python-docx, walking the document's body in order (each paragraph on a line; each table
row on a line, its cells joined by a tab, a cell's paragraphs joined by a line end; a merged
cell given once per column it spans; Word's bullets and numbers not printed). Written and read
by hand by one helper, configured blind by another from the README alone
(tests/fixtures/56_run.md). Each test reads what a reader finds at the lines it quotes."""

from __future__ import annotations

import pytest
from conftest import draft_for, fixture_lines, parse_fixture, sheet_actors, sheet_values

PLAN = "56_pays-d-argentiere_2026-2030.txt"


@pytest.fixture(scope="module")
def plan56():
    return parse_fixture(PLAN, "56_pays-d-argentiere.yml")


def test_a_tsv_cells_further_paragraphs_are_its_items(plan56):
    """1.1 l.53-54: « Pilote(s)<TAB>Direction de la protection maternelle et infantile (PMI) »
    over « Direction de l'action sociale territoriale – … », the cell's second paragraph on a
    line of its own: two pilots; 3.1 l.166-167 likewise."""
    assert "\t" in fixture_lines(PLAN, 53, 53)[0][1] and "\t" not in fixture_lines(PLAN, 54, 54)[0][1]
    assert sheet_actors(plan56, "1.1", "pilot") == [
        "Direction de la protection maternelle et infantile (PMI)",
        "Direction de l'action sociale territoriale – services sociaux de secteur",
    ]
    assert sheet_actors(plan56, "3.1", "pilot") == [
        "Direction de l'enfance et de la famille – service de l'accueil familial",
        "Direction des ressources humaines (DRH)",
    ]
    assert len(sheet_values(plan56, "sub_actions", "1.1", "text")) == 4


def test_lettered_steps_are_items():
    """3.2 l.189-191: « a) Lancer … » / « b) Transformer … » / « c) Créer … », three steps."""
    res = parse_fixture(PLAN, "56_pays-d-argentiere.yml")
    assert sheet_values(res, "sub_actions", "3.2", "text") == [
        "Lancer un appel à projets pour 24 places d'accueil de jour",
        "Transformer 30 places d'internat en petites unités de vie",
        "Créer un service d'accueil d'urgence de 10 places à Montclair-sur-Loue",
    ]


def test_a_merged_cell_given_once_per_column_is_read_once(plan56):
    """2.3 l.160: « Coût estimé » merged over the year grid's five columns, its text printed
    five times: one amount and its ARS share, no step; 3.3 l.199: the start line merged over
    the table's two columns, printed twice: one title."""
    assert fixture_lines(PLAN, 160, 160)[0][1].count("300 000 €") == 5
    assert sorted(sheet_values(plan56, "budget_lines", "2.3", "amount_eur")) == [150000.0, 300000.0]
    assert "Coût estimé" not in sheet_values(plan56, "sub_actions", "2.3", "text")
    assert len(sheet_values(plan56, "calendar", "2.3", "year")) == 9
    title = next(a["title"] for a in plan56.tables["actions"] if a["action_id"] == "3.3")
    assert title == "Garantir le suivi de santé des enfants confiés"


def test_a_header_row_table_whose_cells_run_over_several_lines(plan56):
    """2.2 l.136-141: « Pilote<TAB>Partenaires<TAB>Calendrier<TAB>Budget », then one row whose
    cells hold several paragraphs, each on a line, a tab where the next cell opens."""
    assert sheet_actors(plan56, "2.2", "pilot") == ["Observatoire départemental de la protection de l'enfance (ODPE)"]
    assert sheet_actors(plan56, "2.2", "partner") == [
        "Protection judiciaire de la jeunesse (PJJ)",
        "Caisse d'allocations familiales (CAF)",
        "Maison départementale des personnes handicapées (MDPH)",
        "Université de Vaudrenne – laboratoire de sociologie",
    ]
    assert sorted(sheet_values(plan56, "calendar", "2.2", "year")) == [2026, 2027, 2028, 2029]
    assert sheet_values(plan56, "budget_lines", "2.2", "amount_eur") == [25000.0]
    assert sheet_values(plan56, "budget_lines", "2.2", "nature") == ["planned"]  # its column headed « Budget »


def test_a_kind_printed_before_a_list_holds_for_its_pieces(plan56):
    """2.1 l.127: « Réalisation : … reçues et évaluées ; part des évaluations conduites en
    binôme »: both pieces are output indicators; l.128 « Résultat : … ; … » both results."""
    kinds = dict(
        zip(
            sheet_values(plan56, "indicators", "2.1", "text"),
            sheet_values(plan56, "indicators", "2.1", "kind"),
            strict=True,
        )
    )
    assert kinds["part des évaluations conduites en binôme"] == "realisation"
    assert kinds["part des évaluations achevées en moins de trois mois"] == "resultat"


def test_key_figures_printed_one_a_line_without_full_stops(plan56):
    """l.32-33: « 94,7 millions d'euros : dépenses du Département pour l'enfance et la famille
    en 2024 (compte administratif) » over « 8,6 M€ : enveloppe consacrée aux actions nouvelles
    du schéma … », no full stop: each line is its figure's sentence."""
    plan = {r["amount_eur"]: r for r in plan56.tables["budget_lines"] if r["action_id"] is None}
    assert (plan[94700000.0]["scope"], plan[94700000.0]["year"]) == ("annual_budget", 2024)
    assert (plan[8600000.0]["scope"], plan[8600000.0]["nature"]) == ("plan_envelope", "planned")


def test_the_draft_of_a_plan_mixing_tsv_tables_and_paragraphs(tmp_path):
    """Most labels are TSV cells, but three sheets print ``Label : value`` paragraphs (1.3 l.87):
    the draft keeps ``layout: lines``, which reads both, and reads every sheet."""
    from schemalab.parsers.configurable import load_config_parser

    draft = draft_for("56", PLAN)
    assert "layout: table" not in draft and "sheet_start_confirm" not in draft
    yml = tmp_path / "56.yml"
    yml.write_text(draft, encoding="utf-8")
    from conftest import FIXTURES

    res = load_config_parser(yml)().parse((FIXTURES / PLAN).read_bytes(), PLAN)
    assert len(res.tables["actions"]) == 12


def test_a_confirmation_that_rejects_every_start_is_named(tmp_path):
    """The configurer's first error (56_run.md, step 5): with ``sheet_start_confirm`` a start
    counts only when a label follows it; where prose follows every start no sheet is found,
    and the error says the pattern matched and the confirmation rejected (it used to say
    only that no line matched ``sheet_start``)."""
    from schemalab.extract import ParseError
    from schemalab.parsers.configurable import load_config_parser

    yml = tmp_path / "97.yml"
    yml.write_text(
        'code: "97"\nname: Essai\ndetect: "Essai"\nsheet_start: \'^Fiche (?P<id>\\d+) – (?P<title>.+)$\'\n'
        "sheet_start_confirm: true\nheadings: {Pilote: pilots}\n",
        encoding="utf-8",
    )
    text = "Schéma Essai 2026-2030\n\nFiche 1 – Titre\nUn paragraphe.\nPilote : DEF\n"
    with pytest.raises(ParseError) as err:
        load_config_parser(yml)().parse(text.encode(), "97_essai.txt")
    assert "`sheet_start_confirm` rejects every one" in str(err.value) and ":3:" in str(err.value)
