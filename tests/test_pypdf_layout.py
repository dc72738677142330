"""Plan 54 (Hautes-Vosges-du-Sud): a Word document exported to PDF by LibreOffice and read by
pypdf in layout mode (``page.extract_text(extraction_mode="layout")``). Written and read by hand
by one helper, configured blind by another from the README alone (tests/fixtures/54_run.md).
Each test reads what a reader finds at the lines it quotes."""

from __future__ import annotations

import pytest
from conftest import FIXTURES, draft_for, fixture_lines, parse_fixture, sheet_actors, sheet_values

from schemalab.parsers.configurable import load_config_parser

PLAN = "54_hautes-vosges-du-sud_2026-2030.txt"


@pytest.fixture(scope="module")
def plan54():
    return parse_fixture(PLAN, "54_hautes-vosges-du-sud.yml")


def test_a_header_row_of_labels_aligned_with_spaces(plan54):
    """2.2 l.497-503: « Pilote(s)   Partenaires   Calendrier   Budget », each column's cell
    wrapped in its narrow column under its label."""
    assert fixture_lines(PLAN, 497, 497)[0][1].split() == ["Pilote(s)", "Partenaires", "Calendrier", "Budget"]
    assert sheet_actors(plan54, "2.2", "pilot") == [
        "Direction de l'enfance et de la famille",
        "Maison départementale des personnes handicapées (MDPH)",
    ]
    assert "Éducation nationale" in sheet_actors(plan54, "2.2", "partner")
    assert sorted(
        zip(
            sheet_values(plan54, "calendar", "2.2", "year"),
            sheet_values(plan54, "calendar", "2.2", "label"),
            strict=True,
        )
    ) == [
        (2026, "protocole ASE-MDPH"),
        (2027, "création de l'équipe mobile"),
    ]
    assert sorted(sheet_values(plan54, "budget_lines", "2.2", "amount_eur")) == [175000.0, 350000.0]


def test_a_year_grid_under_its_header_cells_its_step_labels_wrapped(plan54):
    """2.3 l.535-542: « Étapes      Calendrier » over the years, each step's label wrapped
    under its row of marks (« Former les professionnels de l'ASE et de la   X   X » / « PMI au
    repérage »)."""
    assert sheet_values(plan54, "sub_actions", "2.3", "text") == [
        "Former les professionnels de l'ASE et de la PMI au repérage",
        "Ouvrir un accueil de jour mère-enfant à Val-d'Arence",
        "Mettre en place des groupes de parole pour les enfants exposés",
    ]
    labels = sheet_values(plan54, "calendar", "2.3", "label")
    assert labels.count("Mettre en place des groupes de parole pour les enfants exposés") == 3


def test_a_kind_heading_under_a_list_after_a_page_break(plan54):
    """1.2 l.393-396: « • Nombre d'ateliers organisés » over « Indicateurs de résultat » printed
    under the glyph, not the item's text: a heading, the items below it results."""
    kinds = dict(
        zip(
            sheet_values(plan54, "indicators", "1.2", "text"),
            sheet_values(plan54, "indicators", "1.2", "kind"),
            strict=True,
        )
    )
    assert kinds["Nombre d'ateliers organisés"] == "realisation"
    assert kinds["Taux de satisfaction des parents"] == "resultat"


def test_wrapped_titles_of_a_sheet_and_of_an_axis(plan54):
    """4.2 l.763-764: « Fiche action n° 4.2 – Adapter l'accueil des mineurs non accompagnés » /
    « (MNA) »; axis 1 l.337-338: « Orientation 1 – … prévenir dès la » / « grossesse »."""
    title = next(a["title"] for a in plan54.tables["actions"] if a["action_id"] == "4.2")
    assert title == "Adapter l'accueil des mineurs non accompagnés (MNA)"
    axes = {a["axis_id"]: a["title"] for a in plan54.tables["axes"]}
    assert axes["1"] == "Soutenir les parents et prévenir dès la grossesse"


def test_key_figures_each_in_a_column_of_its_own(plan54):
    """l.185-190: « 98,7 M€      dépenses de protection de l'enfance du Département en 2024 »,
    « 103,5 millions      budget primitif 2025 … » / « d'euros », « 6,2 M€      enveloppe de
    mesures nouvelles prévue pour le schéma … »: three amounts, each its own figure."""
    plan = {r["amount_eur"]: r for r in plan54.tables["budget_lines"] if r["action_id"] is None}
    assert (plan[98700000.0]["scope"], plan[98700000.0]["year"]) == ("annual_budget", 2024)
    assert (plan[103500000.0]["scope"], plan[103500000.0]["year"]) == ("annual_budget", 2025)
    assert (plan[6200000.0]["scope"], plan[6200000.0]["nature"]) == ("plan_envelope", "planned")


def test_a_review_status_wrapped_beside_the_titles_wrap(plan54):
    """l.921-922: « 10  Associer les familles à l'élaboration du   Partiellement » / « projet
    pour l'enfant   réalisée »."""
    row = next(r for r in plan54.tables["previous_review"] if r["ref"] == "10")
    assert (row["title"], row["status"]) == ("Associer les familles à l'élaboration du projet pour l'enfant", "partiel")


def test_the_draft_of_a_pypdf_layout_text(tmp_path):
    """The untouched draft reads every sheet and 2.2's columns."""
    yml = tmp_path / "54.yml"
    yml.write_text(draft_for("54", PLAN), encoding="utf-8")
    res = load_config_parser(yml)().parse((FIXTURES / PLAN).read_bytes(), PLAN)
    assert len(res.tables["actions"]) == 12
    assert "Maison départementale des personnes handicapées (MDPH)" in sheet_actors(res, "2.2", "pilot")
