"""Plans printing their actions as the rows of synthesis tables (``layout: rows``,
schemalab/parsers/action_rows.py): one action per row, in pipe, HTML and TSV tables,
read through the same stages as a sheet. Every expected row below is read off the
excerpt above it."""

from __future__ import annotations

import pytest

from schemalab.extract import ParseError
from schemalab.parsers.configurable import ConfigError, load_config_parser

CONFIG = r"""code: "97"
name: Tableaux
detect: "^Plan Tableaux"
layout: rows
rows:
  start: "^PLAN D'ACTIONS"
  end: "^ANNEXE"
axes:
  pattern: '^(?:## )?ORIENTATION (?P<n>\d) [–-] (?P<title>.+)$'
skip: ['^Val-d.Essai · page \d+$']
headings:
  N°: id
  Action: title
  Intitulé de l'action: title
  Modalités: sub_actions
  Étapes de mise en œuvre: sub_actions
  Pilote: pilots
  Porteur: pilots
  Partenaires: partners
  Échéance: calendar
  Calendrier: calendar
  Indicateurs: indicators
  Moyens: resources
split_items: {pattern: '\s+;\s+|\s*•\s+', fields: [partners, sub_actions, indicators]}
"""

PLAN = """Plan Tableaux 2026-2030

PLAN D'ACTIONS

## ORIENTATION 1 – Prévenir

| N° | Action | Modalités | Pilote | Partenaires | Échéance | Indicateurs | Moyens |
|---|---|---|---|---|---|---|---|
| 1.1 | Développer les visites à domicile | Recruter deux puéricultrices<br>Proposer une visite après la naissance | Direction de l'enfance et de la famille | Caisse d'allocations familiales ; Agence régionale de santé | 2026-2027 | Nombre de visites | 120 000 € par an |
| 1.2 | Ouvrir un lieu d'accueil enfants-parents | • Trouver un local • Former les accueillants | Direction de l'enfance et de la famille | Communes | 2e semestre 2027 | Nombre de familles accueillies | Redéploiement de moyens existants |
| **ORIENTATION 2 – Protéger** | | | | | | | |
| 2.1 | Créer une cellule | Installer la cellule | Direction de l'enfance et de la famille | Parquet | 2026 | Délai de traitement | |

Val-d'Essai · page 4

<table>
<tr><th>N°</th><th>Intitulé de l'action</th><th>Étapes de mise en œuvre</th><th>Porteur</th><th>Partenaires</th><th>Calendrier</th></tr>
<tr><td>2.2</td><td>Diversifier l'accueil</td><td><ul><li>Ouvrir dix places</li><li>Évaluer</li></ul></td>
<td>Direction de l'enfance et de la famille</td><td>Associations</td><td>2027 : ouverture des places</td></tr>
</table>

## ORIENTATION 3 – Accompagner vers l'autonomie

N°\tAction\tModalités\tPilote\tPartenaires\tÉchéance
3.1\tAccompagner les jeunes majeurs vers\tSigner des contrats jeunes majeurs avec\tDirection de l'enfance et de la famille\tMission locale\t2028
\tle logement\tles bailleurs sociaux ; Ouvrir un foyer ;\t
\t\tCréer un fonds d'aide

ANNEXE 1
"""


def _parse(tmp_path, config=CONFIG, plan=PLAN, strict=True):
    cfg = tmp_path / "97_tableaux.yml"
    cfg.write_text(config, encoding="utf-8")
    return load_config_parser(cfg)().parse(plan, "97.txt", strict=strict)


def test_each_row_of_the_action_tables_is_an_action_in_pipe_html_and_tsv(tmp_path):
    res = _parse(tmp_path)
    t = res.tables
    assert [(a["axis_id"], a["title"]) for a in t["axes"]] == [
        ("1", "Prévenir"),
        ("2", "Protéger"),  # a full-width row of the pipe table
        ("3", "Accompagner vers l'autonomie"),
    ]
    assert [(a["action_id"], a["axis_id"], a["title"]) for a in t["actions"]] == [
        ("1.1", "1", "Développer les visites à domicile"),
        ("1.2", "1", "Ouvrir un lieu d'accueil enfants-parents"),
        ("2.1", "2", "Créer une cellule"),
        ("2.2", "2", "Diversifier l'accueil"),  # its table has other column labels
        ("3.1", "3", "Accompagner les jeunes majeurs vers le logement"),  # title wrapped on a TSV row
    ]
    assert [(r["action_id"], r["role"], r["name"]) for r in t["action_actors"]][:3] == [
        ("1.1", "pilot", "Direction de l'enfance et de la famille"),
        ("1.1", "partner", "Caisse d'allocations familiales"),
        ("1.1", "partner", "Agence régionale de santé"),
    ]
    assert [(r["action_id"], r["text"]) for r in t["sub_actions"]] == [
        ("1.1", "Recruter deux puéricultrices"),
        ("1.1", "Proposer une visite après la naissance"),
        ("1.2", "Trouver un local"),
        ("1.2", "Former les accueillants"),
        ("2.1", "Installer la cellule"),
        ("2.2", "Ouvrir dix places"),
        ("2.2", "Évaluer"),
        # a phrase cut by the TSV wrap is one item; the row below continues the cell, cut
        # by split_items only where a separator is printed (here at the end of a line)
        ("3.1", "Signer des contrats jeunes majeurs avec les bailleurs sociaux"),
        ("3.1", "Ouvrir un foyer"),
        ("3.1", "Créer un fonds d'aide"),
    ]
    assert [(r["action_id"], r["year"], r["semester"], r["label"]) for r in t["calendar"]] == [
        ("1.1", 2026, None, None),
        ("1.1", 2027, None, None),
        ("1.2", 2027, 2, None),
        ("2.1", 2026, None, None),
        ("2.2", 2027, None, "ouverture des places"),
        ("3.1", 2028, None, None),
    ]
    assert [(r["action_id"], r["text"]) for r in t["indicators"]] == [
        ("1.1", "Nombre de visites"),
        ("1.2", "Nombre de familles accueillies"),
        ("2.1", "Délai de traitement"),
    ]
    assert [(r["action_id"], r["amount_eur"], r["first_line"]) for r in t["budget_lines"]] == [("1.1", 120000.0, 9)]
    assert t["actions"][1]["resources_text"] == "Redéploiement de moyens existants"
    # an HTML row runs to its </tr>; a wrapped TSV row to its last continuation line
    assert [(a["first_line"], a["last_line"]) for a in t["actions"]][3:] == [(18, 19), (25, 27)]
    assert not res.warnings and not res.unknown_headings


def test_the_number_printed_in_the_title_cell_or_the_position(tmp_path):
    config = CONFIG.replace("  N°: id\n", "").replace(
        '  end: "^ANNEXE"\n', '  end: "^ANNEXE"\n  id: ^(?P<id>\\d+\\.\\d+)\\s+(?P<title>.+)$\n'
    )
    plan = (
        "Plan Tableaux 2026-2030\nPLAN D'ACTIONS\n## ORIENTATION 1 – Prévenir\n"
        "| Action | Pilote | Échéance |\n|---|---|---|\n"
        "| 1.1 Développer les visites | Direction de l'enfance et de la famille | 2026 |\n"
        "| à domicile | | 2027 |\n"
        "| 1.2 Ouvrir un lieu | Direction de l'enfance et de la famille | 2028 |\n"
    )
    res = _parse(tmp_path, config, plan)
    assert [(a["action_id"], a["title"]) for a in res.tables["actions"]] == [
        ("1.1", "Développer les visites à domicile"),
        ("1.2", "Ouvrir un lieu"),
    ]
    assert [(r["action_id"], r["year"]) for r in res.tables["calendar"]] == [
        ("1.1", 2026),
        ("1.1", 2027),
        ("1.2", 2028),
    ]
    # no number printed at all: the action's number is its position in the tables
    config = CONFIG.replace("  N°: id\n", "")
    plan = plan.replace("| 1.1 ", "| ").replace("| 1.2 ", "| ")
    res = _parse(tmp_path, config, plan)
    assert [(a["action_id"], a["title"]) for a in res.tables["actions"]] == [
        ("1", "Développer les visites"),
        ("2", "à domicile"),
        ("3", "Ouvrir un lieu"),
    ]


def test_an_unmapped_column_is_an_unknown_heading_and_a_half_mapped_header_an_error(tmp_path):
    plan = PLAN.replace("| Indicateurs | Moyens |", "| Indicateurs | Coût |")
    res = _parse(tmp_path, plan=plan, strict=False)
    assert res.unknown_headings == [(7, "Coût")]  # once, at its header row
    plan = PLAN.replace("| N° | Action | Modalités | Pilote |", "| N° | Action | Volet | Chef de file |")
    plan = plan.replace("| Partenaires | Échéance | Indicateurs | Moyens |", "| Acteurs | Date | Suivi | Coût |")
    with pytest.raises(ParseError, match=r"97.txt:7: a header row of labels .* 2 of 8 cells"):
        _parse(tmp_path, plan=plan)


def test_a_row_before_any_header_row_names_its_line(tmp_path):
    plan = PLAN.replace(
        "| N° | Action | Modalités | Pilote | Partenaires | Échéance | Indicateurs | Moyens |\n|---|---|---|---|---|---|---|---|\n",
        "",
    )
    with pytest.raises(ParseError, match=r"97.txt:7: a header row of labels"):
        _parse(tmp_path, plan=plan)


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda c: c.replace('rows:\n  start: "^PLAN D\'ACTIONS"\n  end: "^ANNEXE"\n', ""), "go together"),
        (lambda c: c + "sheet_start: '^Fiche (?P<id>\\d+)$'\n", "no `sheet_start`"),
        (
            lambda c: c.replace("layout: rows\n", "sheet_start: '^Fiche (?P<id>\\d+)$'\n").replace(
                'rows:\n  start: "^PLAN D\'ACTIONS"\n  end: "^ANNEXE"\n', ""
            ),
            "with `layout: rows`",
        ),
        (lambda c: c.replace('  end: "^ANNEXE"', "  end: \"^ANNEXE\"\n  id: '^(?P<n>\\d+)'"), "needs groups"),
        (lambda c: c.replace('  end: "^ANNEXE"', '  end: "^ANNEXE"\n  first: 2'), "unknown keys in `rows`"),
    ],
    ids=["rows-block-missing", "sheet-start-too", "id-without-rows", "id-groups", "unknown-key"],
)
def test_configuration_errors_name_the_file_and_the_key(tmp_path, change, message):
    with pytest.raises(ConfigError, match=message) as err:
        _parse(tmp_path, config=change(CONFIG))
    assert "97_tableaux.yml" in str(err.value)


def test_the_scaffold_proposes_the_rows_layout_and_its_draft_reads_every_action(tmp_path):
    from schemalab.scaffold import draft_config

    draft, info = draft_config("97", "Tableaux", PLAN, "97.txt")
    assert info["error"] is None and "layout: rows" in draft
    res = _parse(tmp_path, config=draft, strict=False)
    assert [(a["action_id"], a["axis_id"], a["title"]) for a in res.tables["actions"]] == [
        ("1.1", "1", "Développer les visites à domicile"),
        ("1.2", "1", "Ouvrir un lieu d'accueil enfants-parents"),
        ("2.1", "2", "Créer une cellule"),
        ("2.2", "2", "Diversifier l'accueil"),
        ("3.1", "3", "Accompagner les jeunes majeurs vers le logement"),
    ]
    # the columns of the three tables, labelled three ways, are all mapped
    assert not res.unknown_headings
    assert {r["action_id"] for r in res.tables["action_actors"] if r["role"] == "pilot"} == {
        "1.1",
        "1.2",
        "2.1",
        "2.2",
        "3.1",
    }


def test_a_wrapped_cell_without_split_items_continues_an_open_line_and_its_amount_is_read_whole(tmp_path):
    config = CONFIG.replace(
        "split_items: {pattern: '\\s+;\\s+|\\s*•\\s+', fields: [partners, sub_actions, indicators]}\n", ""
    )
    plan = (
        "Plan Tableaux 2026-2030\nPLAN D'ACTIONS\n"
        "N°\tAction\tPilote\tPartenaires\tMoyens\n"
        "1.1\tOuvrir un service\tDirection de l'enfance et de la\tCentre hospitalier de\t200 000 € par an pour le\n"
        "\t\tfamille\tVernay\trelais\n"
        "\t\t\tMission locale\t\n"
    )
    res = _parse(tmp_path, config, plan, strict=False)
    actors = [(r["role"], r["name"]) for r in res.tables["action_actors"]]
    # a line starting in lower case, or after a line ending open ("de"), continues the
    # item; a capital after a closed line is an item of its own
    assert actors == [
        ("pilot", "Direction de l'enfance et de la famille"),
        ("partner", "Centre hospitalier de Vernay"),
        ("partner", "Mission locale"),
    ]
    (money,) = res.tables["budget_lines"]
    assert (money["amount_eur"], money["first_line"]) == (200000.0, 4)
    assert "pour le relais" in money["context"]


def test_a_youth_recommendation_wrapped_onto_the_next_line_is_one_text(tmp_path):
    config = CONFIG + (
        "youth_recommendations:\n  start: '^ANNEXE 2'\n  theme: '^(?P<theme>[A-Z][^.]{3,40})$'\n"
        "  item: '^\\s+(?P<ref>\\d+)\\. (?P<text>\\S.*)$'\n"
    )
    plan = PLAN + (
        "ANNEXE 2\n\nDevenir majeur\n  7. Garder un contact avec mon éducateur après 18 ans, même si\n"
        "     je n'ai plus de contrat jeune majeur\n  8. Avoir une aide pour trouver mon premier logement\n\n"
        "Val-d'Essai · page 9\n"
    )
    res = _parse(tmp_path, config, plan)
    assert [(r["theme"], r["ref"], r["text"]) for r in res.tables["youth_recommendations"]] == [
        (
            "Devenir majeur",
            "7",
            "Garder un contact avec mon éducateur après 18 ans, même si je n'ai plus de contrat jeune majeur",
        ),
        ("Devenir majeur", "8", "Avoir une aide pour trouver mon premier logement"),
    ]


def test_inspect_lists_the_action_tables_first():
    from schemalab.extract import normalise_lines
    from schemalab.inspect import format_report, inspect_text
    from schemalab.scaffold import action_tables

    tables = action_tables(normalise_lines(PLAN, "97.txt"))
    # the axis row of the first table is not an action row
    assert [(t["header"], len(t["rows"])) for t in tables] == [(7, 3), (17, 1), (24, 3)]
    report = format_report(inspect_text(PLAN, "97.txt"), "97.txt", tables)
    assert "Action tables: 3 table(s)" in report and "layout: rows" in report
    assert "header row at line 17: N° | Intitulé de l'action | Étapes de mise en œuvre" in report


def test_an_axis_column_printed_once_and_a_header_wrapped_over_two_rows(tmp_path):
    config = CONFIG.replace("  N°: id\n", "  N°: id\n  Orientation: axis\n  Calendrier prévisionnel: calendar\n")
    plan = (
        "Plan Tableaux 2026-2030\nPLAN D'ACTIONS\n"
        "| Orientation | N° | Action | Pilote | Calendrier |\n"
        "| | | | | prévisionnel |\n"
        "|---|---|---|---|---|\n"
        "| Prévenir les ruptures | 1 | Ouvrir un relais | Direction de l'enfance et de la famille | 2026 |\n"
        "| | 2 | Former les parents | Direction de l'enfance et de la famille | 2027 |\n"
        "| ORIENTATION 3 – Accompagner | 3 | Loger les jeunes | Direction de l'enfance et de la famille | 2028 |\n"
        "| Prévenir les ruptures | 4 | Évaluer | Direction de l'enfance et de la famille | 2029 |\n"
    )
    res = _parse(tmp_path, config, plan)
    # no number printed for the first orientation: numbered in print order; the third
    # is numbered by axes.pattern; the first again, by its title
    assert [(a["axis_id"], a["title"]) for a in res.tables["axes"]] == [
        ("1", "Prévenir les ruptures"),
        ("3", "Accompagner"),
    ]
    assert [(a["action_id"], a["axis_id"]) for a in res.tables["actions"]] == [
        ("1", "1"),
        ("2", "1"),
        ("3", "3"),
        ("4", "1"),
    ]
    # "Calendrier" / "prévisionnel": one label, mapped whole
    assert [(r["action_id"], r["year"]) for r in res.tables["calendar"]] == [
        ("1", 2026),
        ("2", 2027),
        ("3", 2028),
        ("4", 2029),
    ]


def test_a_row_cut_by_a_page_break_under_a_header_printed_again_continues_its_action(tmp_path):
    config = CONFIG.replace("  Calendrier: calendar\n", "  Calendrier prévisionnel: calendar\n")
    header = (
        "| N° | Action | Modalités | Pilote | Calendrier | Indicateurs |\n|---|---|---|---|---|---|\n"
        "| | | | | prévisionnel | |\n"
    )
    plan = (
        "Plan Tableaux 2026-2030\nPLAN D'ACTIONS\n"
        + header
        + "| 1 | Repérer les violences | • Désigner un référent | Direction de l'enfance et de la famille "
        "| 2026 | Nombre de référents ; |\n"
        "| | | • Former les travailleurs sociaux au repérage des | | | |\n"
        "\nVal-d'Essai · page 4\n\n"
        + header
        + "| | | enfants exposés <br>• Réaliser une enquête | | | Nombre de professionnels formés |\n"
        "| 2 | Réduire les délais | • Créer une équipe | Direction de l'enfance et de la famille | 2027 | Délai moyen |\n"
    )
    res = _parse(tmp_path, config, plan)
    t = res.tables
    # the row under the second header is action 1 cut by the page break, not a second
    # line of the header's labels (its first printing wrapped only "prévisionnel")
    assert [(r["action_id"], r["text"]) for r in t["sub_actions"]] == [
        ("1", "Désigner un référent"),
        ("1", "Former les travailleurs sociaux au repérage des enfants exposés"),
        ("1", "Réaliser une enquête"),
        ("2", "Créer une équipe"),
    ]
    assert [(r["action_id"], r["text"]) for r in t["indicators"]] == [
        ("1", "Nombre de référents"),
        ("1", "Nombre de professionnels formés"),
        ("2", "Délai moyen"),
    ]
    assert {r["heading_raw"] for r in t["indicators"]} == {"Indicateurs"}


def test_a_table_printing_no_number_after_numbered_ones_is_numbered_in_print_order(tmp_path):
    config = CONFIG.replace("  N°: id\n", "").replace(
        '  end: "^ANNEXE"\n', '  end: "^ANNEXE"\n  id: ^n°(?P<id>\\d+) – (?P<title>.+)$\n'
    )
    plan = (
        "Plan Tableaux 2026-2030\nPLAN D'ACTIONS\n"
        "| Action | Pilote | Échéance |\n|---|---|---|\n"
        "| n°1 – Développer les visites | Direction de l'enfance et de la famille | 2026 |\n"
        "| à domicile | | |\n"
        "| n°2 – Ouvrir un lieu | Direction de l'enfance et de la famille | 2027 |\n\n"
        "Action\tPilote\tÉchéance\n"
        "Installer un conseil des jeunes\tMission des droits de l'enfant\t2025 puis annuel\n"
        "\tDirection de l'enfance et de la famille\t\n"
        "Relancer l'observatoire\tDirection de l'enfance et de la famille\tT1 2026\n"
    )
    res = _parse(tmp_path, config, plan)
    t = res.tables
    assert [(a["action_id"], a["title"]) for a in t["actions"]] == [
        ("1", "Développer les visites à domicile"),
        ("2", "Ouvrir un lieu"),
        ("3", "Installer un conseil des jeunes"),
        ("4", "Relancer l'observatoire"),
    ]
    assert [(r["action_id"], r["name"]) for r in t["action_actors"] if r["action_id"] == "3"] == [
        ("3", "Mission des droits de l'enfant"),
        ("3", "Direction de l'enfance et de la famille"),
    ]
    # "2025 puis annuel": the year printed, no label (a recurrence says how often, not what)
    assert [(r["action_id"], r["year"], r["label"]) for r in t["calendar"]][2:] == [
        ("3", 2025, None),
        ("4", 2026, None),
    ]


def test_a_rows_plan_missing_an_action_is_refused_with_a_hint_naming_the_rows_keys(tmp_path):
    """Numbers 1, 2, 4: `build` would refuse the plan as incomplete; the scaffold says so
    and names what decides where an action starts in this layout, not `sheet_start`."""
    from schemalab.scaffold import scaffold

    (tmp_path / "config").mkdir()
    plan = tmp_path / "plan.txt"
    plan.write_text(
        "Plan Tableaux 2026-2030\n\nPLAN D'ACTIONS\n\n"
        "| N° | Action | Pilote | Partenaires | Échéance |\n|---|---|---|---|---|\n"
        + "".join(
            f"| {n} | Action numéro {n} | Direction de l'enfance et de la famille | Communes | 2026 |\n"
            for n in (1, 2, 4)
        ),
        encoding="utf-8",
    )
    lines: list[str] = []
    out = scaffold("93", "Essai", plan, root=tmp_path, config_dir=tmp_path / "config", log=lines.append)
    assert "layout: rows" in out["config"].read_text(encoding="utf-8")
    assert "incomplete plan" in str(out["error"]) and "3" in str(out["error"])
    hint = [line for line in lines if line.startswith("fix:")]
    assert len(hint) == 1 and "`rows.id`" in hint[0] and "sheet_start" not in hint[0], lines


def test_the_rows_draft_anchors_on_headings_skips_running_headers_and_finds_the_review(tmp_path):
    """What a first draft needs on a plan like 89: the chapter heading above the first
    table as `rows.start` (not a sentence's last words), a running header printed after
    each page number skipped, `rows.id` for numbers printed as "n°3 – " while a table
    printing none is numbered in print order, an unrecognised column label left for the
    reader to map, and the review table after the action tables (not read as their rows)."""
    from schemalab.scaffold import draft_config

    page = "\n                    — page {n} —\n\x0cVal | Schéma 2026-2030\n\n"  # a form feed before the header
    plan = (
        "Plan Tableaux 2026-2030\n"
        + page.format(n=1)
        + "3. PLAN D'ACTIONS\n\nLe tableau présente les actions du schéma et leur calendrier\nprévisionnel.\n\n"
        "| Action | Pilote | Échéance | Contenu |\n|---|---|---|---|\n"
        "| n°1 – Ouvrir un lieu | Direction de l'enfance et de la famille | 2026 | Trouver un local |\n"
        "| n°2 – Former les parents | Direction de l'enfance et de la famille | 2027 | Recruter |\n"
        + page.format(n=2)
        + "Action\tPilote\tÉchéance\n"
        "Installer un conseil\tMission des droits de l'enfant\t2027\n"
        "Relancer l'observatoire\tDirection de l'enfance et de la famille\t2028\n"
        + page.format(n=3)
        + "ANNEXE 1 – BILAN DU SCHÉMA PRÉCÉDENT\n\nL'état d'avancement est résumé ci-dessous.\n\n"
        "| N° | Action du schéma précédent | Niveau de réalisation |\n|---|---|---|\n"
        "| 1 | Créer une cellule | Réalisé |\n| 2 | Ouvrir un centre parental | Non réalisé |\n" + page.format(n=4)
    )
    draft, info = draft_config("97", "Tableaux", plan, "97.txt")
    assert info["error"] is None, draft
    assert "  start: '^3\\. PLAN D''ACTIONS\\s*$'" in draft
    assert "  # 'Contenu': ?" in draft
    import re

    import yaml

    skips = yaml.safe_load(draft)["skip"]
    assert any(re.search(p, "\x0cVal | Schéma 2026-2030") for p in skips), skips  # after the form feed
    assert "  start: '^\\s*ANNEXE 1 – BILAN DU SCHÉMA PRÉCÉDENT\\s*$'" in draft
    res = _parse(tmp_path, config=draft, plan=plan, strict=False)
    t = res.tables
    assert [(a["action_id"], a["title"]) for a in t["actions"]] == [
        ("1", "Ouvrir un lieu"),
        ("2", "Former les parents"),
        ("3", "Installer un conseil"),
        ("4", "Relancer l'observatoire"),
    ]
    assert [(r["ref"], r["title"], r["status"]) for r in t["previous_review"]] == [
        ("1", "Créer une cellule", "realise"),
        ("2", "Ouvrir un centre parental", "non_realise"),
    ]
