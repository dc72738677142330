"""Plans 67 and 68: two Markdown-like exports, each plan written and read by hand by one
helper with the real converter and configured blind by another from the README alone
(tests/fixtures/67_run.md, 68_run.md).

- 67 (Rives-de-l'Andelle): a département's web pages extracted by trafilatura
  (``extract(html, include_tables=True)``): site chrome dropped, tables as pipe rows whose
  cells run their lines and bullets together with a space, a ``<dl>`` printed as a list
  alternating labels and values.
- 68 (Vallons-de-Ceyre): a Word document converted by mammoth
  (``convert_to_markdown``): every ASCII punctuation mark escaped with a backslash
  (« 1\\.1 », « \\(PMI\\) »), ``__bold__`` labels, tables printed one cell per paragraph
  with the empty cells dropped.

Each test reads what a reader finds at the lines it quotes."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import draft_for, fixture_lines, parse_fixture

from schemalab.scaffold import plan_title, scaffold

FIXTURES = Path(__file__).parent / "fixtures"
PLAN_67 = "67_rives-de-l-andelle_2026-2030.txt"
PLAN_68 = "68_vallons-de-ceyre_2026-2030.txt"
_lines = fixture_lines


@pytest.fixture(scope="module")
def plan67():
    return parse_fixture(PLAN_67, "67_rives-de-l-andelle.yml")


@pytest.fixture(scope="module")
def plan68():
    return parse_fixture(PLAN_68, "68_vallons-de-ceyre.yml")


def test_new_department_reads_a_period_printed_with_markdown_escapes(tmp_path):
    """68 l.5 prints the period « __2026\\-2030__ »: new-department refused the plan (« no plan
    period … in its first 80 lines ») and so did --check; it now registers it under 2026-2030
    and its untouched draft reads the 12 sheets « Fiche action n° 1\\.1 » … numbered 1.1 …"""
    assert _lines(PLAN_68, 5, 5)[0][1] == "__2026-2030__"  # as every reader reads it
    assert "2026\\-2030" in (FIXTURES / PLAN_68).read_text(encoding="utf-8").splitlines()[4]
    (tmp_path / "config").mkdir()
    out = scaffold(
        "68", "Vallons-de-Ceyre", FIXTURES / PLAN_68, root=tmp_path, config_dir=tmp_path / "config", log=lambda _: None
    )
    assert out["raw"].name == PLAN_68
    ids = [r["action_id"] for r in out["result"].tables["actions"]]
    assert ids[:3] == ["1.1", "1.2", "1.3"] and len(set(ids)) == len(ids)


def test_a_sentence_or_a_list_item_naming_the_schema_is_no_title():
    """67: trafilatura prints the page heading « Schéma départemental de prévention et de
    protection de l'enfance 2026-2030 » (l.2) on every page; the lines printed once that name
    the schéma are a sentence (l.22 « Le schéma 2026-2030 répond à ces constats … pages
    suivantes. »), a key figure's list item (l.15 « - 7,8 M€ … pour le schéma 2026-2030 ») and
    a table row. The draft took l.22 for the title."""
    from schemalab.extract import normalise_lines

    lines = normalise_lines((FIXTURES / PLAN_67).read_text(encoding="utf-8"))
    assert lines[21].startswith("Le schéma 2026-2030 répond à ces constats")
    assert plan_title(lines) == "Schéma départemental de prévention et de protection de l'enfance 2026-2030"
    assert "Le schéma 2026" not in draft_for("67", PLAN_67).split("title:")[1].split("\n")[1]


def test_key_figures_in_markdown_bold_over_a_blank_line(tmp_path):
    """68 « Les chiffres clés » (l.75-81): « __91,3 M€__ » / (blank) / « budget annuel consacré
    par le Département à la protection de l'enfance (compte administratif 2024) » and
    « __7,5 millions d'euros__ » / (blank) / « de crédits nouveaux mobilisés pour la mise en
    œuvre du schéma sur cinq ans ». The configurer found `plan_money` read nothing: an
    underscore was taken for a letter of the amount's word, and the caption is a paragraph
    below a blank line. Read now: the year's budget of 2024, and the plan's envelope."""
    from schemalab.parsers.configurable import load_config_parser

    assert [t for _, t in _lines(PLAN_68, 75, 77)] == [
        "__91,3 M€__",
        "",
        "budget annuel consacré par le Département à la protection de l’enfance (compte administratif 2024)",
    ]
    yml = tmp_path / "68_vallons-de-ceyre.yml"
    yml.write_text(
        (FIXTURES / "68_vallons-de-ceyre.yml").read_text(encoding="utf-8") + "\nplan_money: before_first_sheet\n",
        encoding="utf-8",
    )
    res = load_config_parser(yml)().parse((FIXTURES / PLAN_68).read_bytes(), PLAN_68)
    plan = {
        r["amount_eur"]: (r["scope"], r["nature"], r["year"])
        for r in res.tables["budget_lines"]
        if r["action_id"] is None
    }
    assert plan == {
        91_300_000.0: ("annual_budget", "consumed", 2024),
        7_500_000.0: ("plan_envelope", "planned", None),
    }


@pytest.mark.parametrize(
    "line, items",
    [
        (  # 67 l.36: an item ends on an acronym, a name's head in the plural
            36,
            [
                "Nombre d'entretiens prénataux précoces réalisés par la PMI",
                "Part des familles vulnérables visitées dans les quinze jours après la naissance",
                "Nombre de permanences ouvertes en maisons France Services",
            ],
        ),
        (  # 67 l.58: a calendar item opening on « À partir de »
            58,
            [
                "2026-2027 : expérimentation dans deux circonscriptions de l'Éducation nationale",
                "À partir de la rentrée 2028 : généralisation à l'ensemble du département",
            ],
        ),
    ],
)
def test_a_cell_whose_lines_trafilatura_ran_together(line, items):
    """trafilatura joins a table cell's lines and bullets with a space (`joined_cells`). The
    configurer found the cut made inside « maisons France Services » and never after an
    acronym ending an item (« … par la PMI Part des familles … »), and a calendar label run
    into the next date (« … nationale À partir de la rentrée 2028 »)."""
    from schemalab.parsers.configurable import joined_items, pipe_cells

    cell = pipe_cells(_lines(PLAN_67, line, line)[0][1])[1]
    assert joined_items(cell) == items
    # a capitalised word after an acronym that opens no item goes on (a place, a name)
    assert joined_items("Signer une convention avec l'ARS Nouvelle-Aquitaine pour le suivi des enfants") == [
        "Signer une convention avec l'ARS Nouvelle-Aquitaine pour le suivi des enfants"
    ]


def test_a_definition_list_printed_as_one_list(tmp_path):
    """67 sheet 2.2 (l.77-95) is a ``<dl>``: trafilatura prints its labels and values alike
    as list items (« - Pilote » / « - Observatoire … (ODPE) » / « - Partenaires » / « - Protection
    judiciaire de la jeunesse (PJJ) » …). A list item that is a mapped label and nothing else is
    a label where a sheet prints three or more; the configurer had to map every value by its
    own words with `head_lines`. Without them the sheet reads as the hand reading does."""
    from schemalab.parsers.configurable import load_config_parser

    assert [t for _, t in _lines(PLAN_67, 77, 79)] == [
        "- Pilote",
        "- Observatoire départemental de la protection de l'enfance (ODPE)",
        "- Partenaires",
    ]
    cfg = (FIXTURES / "67_rives-de-l-andelle.yml").read_text(encoding="utf-8")
    head = cfg[cfg.index("head_lines:") : cfg.index("review:", cfg.index("head_lines:"))]
    yml = tmp_path / "67_rives-de-l-andelle.yml"
    yml.write_text(cfg.replace(head, ""), encoding="utf-8")
    res = load_config_parser(yml)().parse((FIXTURES / PLAN_67).read_bytes(), PLAN_67)

    def of_22(table, **match):
        return [r for r in res.tables[table] if r["action_id"] == "2.2" and all(r[k] == v for k, v in match.items())]

    assert [r["name"] for r in of_22("action_actors", role="pilot")] == [
        "Observatoire départemental de la protection de l'enfance (ODPE)"
    ]
    assert len(of_22("action_actors", role="partner")) == 4
    assert [r["text"] for r in of_22("sub_actions")] == [
        "Réunir l'ODPE en séance plénière deux fois par an",
        "Produire un rapport annuel sur les parcours des enfants confiés",
        "Conduire chaque année une étude thématique avec l'IRTS",
    ]
    assert sorted(r["year"] for r in of_22("calendar")) == [2026, 2027]
    assert not res.unknown_headings


def test_a_step_and_date_table_printed_one_cell_per_paragraph(plan68):
    """68 sheet 3.1's calendar (l.394-412) is a step | date table mammoth printed one cell per
    paragraph: « Campagne de recrutement » / « 1er semestre 2026 » / « Revalorisation de la
    rémunération » / « janvier 2027 » … Each date schedules the step printed above it, as a
    date alone under a step does in a steps field; unlabelled, « janvier 2027 » and the 2027 of
    « 2026-2030 » had been one row."""
    assert [t for _, t in _lines(PLAN_68, 402, 404)] == ["Campagne de recrutement", "", "1er semestre 2026"]
    rows = sorted(
        (r["year"], r["semester"] or 0, r["label"]) for r in plan68.tables["calendar"] if r["action_id"] == "3.1"
    )
    assert rows == sorted(
        [
            (2026, 1, "Campagne de recrutement"),
            (2027, 0, "Revalorisation de la rémunération"),
            (2027, 2, "Création du service de relais"),
        ]
        + [(y, 0, "Formation continue") for y in range(2026, 2031)]
    )


def test_the_draft_takes_a_family_that_numbers_the_last_sheets_on_one_level(tmp_path):
    """67 prints « Fiche action n° 1.1 » … « 2.3 », « FICHE 3.1 » … « 3.3 » (nine sheets), then
    « Action 10 », « Action 11 », « Action 12 » (l.149, 158, 167) in the last axis. The draft
    combined the first two families only, read nine sheets, and dropped its axes block as
    « axis 4 holds no sheet (a truncated plan?) ». It also drafts the youth block of Annexe 2,
    whose items are list items: « - Recommandation 1 – Pouvoir garder contact … » (l.203)."""
    (tmp_path / "config").mkdir()
    out = scaffold(
        "67",
        "Rives-de-l'Andelle",
        FIXTURES / PLAN_67,
        root=tmp_path,
        config_dir=tmp_path / "config",
        log=lambda _: None,
    )
    tables = out["result"].tables
    assert [r["action_id"] for r in tables["actions"]][-4:] == ["3.3", "10", "11", "12"]
    assert len(tables["axes"]) == 4
    assert [t for _, t in _lines(PLAN_67, 203, 203)] == [
        "- Recommandation 1 – Pouvoir garder contact avec mes frères et sœurs quand nous ne sommes pas accueillis ensemble"
    ]
    youth = tables["youth_recommendations"]
    assert [r["ref"] for r in youth] == [str(k) for k in range(1, 11)]
    assert youth[0]["theme"] == "Mon quotidien dans mon lieu d'accueil"
