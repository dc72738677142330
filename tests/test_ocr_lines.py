"""The shared OCR readers (schemalab/parsers/ocr_lines.py) on excerpts, and their keys.

Excerpts quoted from data/raw/62_pas-de-calais_2023-2027.txt (line numbers in comments)
or written in the same damage; specs are given here as small generic values, so each
reader is shown to depend on its configuration, not on one plan.
"""

from __future__ import annotations

import re

import pytest
from conftest import RAW

from schemalab.parsers.base import Document
from schemalab.parsers.configurable import ConfigError, ConfiguredParser, load_config_parser
from schemalab.parsers.ocr_lines import (
    ActorTable,
    Lists,
    OcrLinesLayout,
    ReviewOutline,
    SubActionHeadings,
    axis_spans,
    cross_referenced_axes,
    ends_open,
    repair,
    repair_lines,
    review_outline,
    split_actor_table,
    split_items,
    starts_lower,
    sub_action_headings,
)

LISTS = Lists(re.compile(r"^\s{0,2}(?:[eo.]|v\"?)\s+(?=\S)"), re.compile(r"^ \S"), re.compile(r"^\s*\d{1,3}\s*$"))


def numbered(text: str) -> list[tuple[int, str]]:
    return list(enumerate(text.split("\n"), start=1))


@pytest.mark.parametrize(
    "text, lower",
    [("de la PMI", True), ("I'enfance", True), ("|'action", True), ("Service", False), ("(CDPPE)", False), ("", False)],
)
def test_starts_lower_counts_ocr_elisions(text, lower):
    assert starts_lower(text) is lower


@pytest.mark.parametrize(
    "text, is_open",
    [
        ("Service de", True),
        ("CAF,", True),
        ("enfance/", True),
        ("CAF", False),
        # 85's youth proposal 6: "… remplir des papiers avant" / "17 ans"
        ("remplir des papiers avant", True),
        ("un adulte qu'", True),
        ("avec leurs", True),
        ("remplir des papiers", False),
        # 83's youth proposal 8: a link wrapped onto the next line; 62's OCR "[Iaccueil" is no link
        ("même le week-end, comme [la ligne Allô", True),
        ("Service Départemental de [Iaccueil familial", False),
    ],
)
def test_ends_open(text, is_open):
    assert ends_open(text) is is_open


def test_lists_glyph_letters_start_items_and_lines_continue_them():
    # fiche 1, l.2219-2224: "e" and "o" glyphs, a wrapped item
    lines = numbered(
        "e Renforcer les actions collectives sages-femmes et puéricultrices\n"
        "o Réaliser un état des lieux des actions collectives\n"
        "e Généralisation du PRADO maternité\n"
        "o Contacter toutes les femmes accompagnées par la sage-femme de PMI deés le retour\n"
        "a domicile pour planifier systématiquement les visites PRADO"
    )
    items = split_items(lines, LISTS)
    assert [i.line for i in items] == [1, 2, 3, 4]
    assert items[3].text.endswith("deés le retour a domicile pour planifier systématiquement les visites PRADO")


def test_lists_glyphless_block_capital_lines_are_items_unless_the_previous_ends_open():
    lines = numbered("Sécuriser le parcours de\nTous les enfants\nRenforcer la PMI\n18\nOuvrir un lieu")
    assert [i.text for i in split_items(lines, LISTS)] == [
        "Sécuriser le parcours de Tous les enfants",
        "Renforcer la PMI",
        "Ouvrir un lieu",
    ]


def test_lists_glyph_depends_on_the_spec():
    dash = Lists(re.compile(r"^\s*[-•]\s+"))
    lines = numbered("- Premier\nsuite\n• Second")
    assert [i.text for i in split_items(lines, dash)] == ["Premier suite", "Second"]
    # without the dash as a glyph, it stays in the text (capitalised lines are items there)
    assert [i.text for i in split_items(lines, LISTS)] == ["- Premier suite", "• Second"]


ACTORS = ActorTable(
    "pilots",
    re.compile(r"\s+(?:(?P<bullet>[eo])|\|)\s+(?=\S)|\s+\|(?=\S)"),
    ("Direction", "Services?", "Cellule"),
    re.compile(r"^(?P<name>Direction de [I|l]['’\"]+Enfance et de la Famille)\s+(?=[A-ZÉ])"),
)


def test_actor_table_bullets_separate_the_cells():
    # fiche 1, l.2203-2209
    lines = numbered("Direction de I'Enfance et de la Famille/SDPMI e CAF\n\ne CPAM\n\ne CH")
    pilots, partners = split_actor_table(lines, ACTORS, LISTS)
    assert [p.text for p in pilots] == ["Direction de I'Enfance et de la Famille/SDPMI"]
    assert [p.text for p in partners] == ["CAF", "CPAM", "CH"]


def test_actor_table_lead_pilot_then_a_capitalised_partner_and_comma_lists():
    lines = numbered("Direction de I'Enfance et de la Famille Archives départementales, CAF, Tribunal")
    pilots, partners = split_actor_table(lines, ACTORS, LISTS)
    assert [p.text for p in pilots] == ["Direction de I'Enfance et de la Famille"]
    assert [p.text for p in partners] == ["Archives départementales", "CAF", "Tribunal"]  # no bullet: commas


def test_actor_table_a_head_noun_starts_a_new_pilot_and_lowercase_resumes_the_open_partner():
    lines = numbered(
        "Direction de I'Enfance et de la Famille e Organismes gestionnaires d’ESSMS de\n"
        "Service Départemental des Etablissements et protection de I'enfance\n"
        "\n"
        "Services Médico-Sociaux (SDESMS) e Agence régionale de santé"
    )
    pilots, partners = split_actor_table(lines, ACTORS, LISTS)
    assert [p.text for p in pilots][1] == "Service Départemental des Etablissements et Services Médico-Sociaux (SDESMS)"
    assert [p.text for p in partners] == [
        "Organismes gestionnaires d’ESSMS de protection de I'enfance",
        "Agence régionale de santé",
    ]


def test_actor_table_stacked_cells():
    # fiche 14, l.3045-3051: the cells printed one under the other
    lines = numbered(
        "Direction de I'Enfance et de la Famille/Service\n\nLes jeunes et les partenaires\n\n"
        "départemental de la coordination des politiques"
    )
    pilots, partners = split_actor_table(lines, ACTORS, LISTS, stacked=True)
    assert [p.text for p in pilots] == [
        "Direction de I'Enfance et de la Famille/Service départemental de la coordination des politiques"
    ]
    assert [p.text for p in partners] == ["Les jeunes et les partenaires"]


SUBS = SubActionHeadings("sub_actions", re.compile(r"^\s?Action (?P<n>\d+)\s*:\s*(?P<title>\S.*)$"), "Action {n}")


def test_sub_action_headings_wrap_and_own_their_bullets():
    lines = numbered(
        "Action 1 : Renforcer I'accompagnement\na |la parentalité\ne Poursuivre les groupes\n\n"
        "Action 2 : Renforcer la prévention\n"
    )
    subs, printed = sub_action_headings(lines, SUBS, LISTS)
    assert subs == [
        ("Action 1", "Renforcer I'accompagnement a |la parentalité", 1, "Poursuivre les groupes"),
        ("Action 2", "Renforcer la prévention", 5, None),
    ]
    assert printed == [
        "Action 1 : Renforcer I'accompagnement a |la parentalité",
        "- Poursuivre les groupes",
        "Action 2 : Renforcer la prévention",
    ]


def test_sub_action_headings_printed_before_their_bullets_get_no_details():
    # fiche 8: headings of Actions 4-7, then all their bullets
    lines = numbered("Action 4 : A\n\nAction 5 : B\n\nAction 6 : C\ne un\ne deux")
    subs, _printed = sub_action_headings(lines, SUBS, LISTS)
    assert [d for *_r, d in subs] == [None, None, None]


def _doc(text: str) -> Document:
    return Document("x.txt", text.split("\n"))


def test_axis_titles_wrap_and_cross_references_give_the_axis_of_a_sheet():
    doc = _doc(
        " ENGAGEMENT 1: Favoriser les interventions précoces pour\nprévenir les difficultés\n\n"
        "Voir fiche action n°1 Titre\nVoir fiche action n° 6 Titre\n"
        " ENGAGEMENT 2 : Garantir la qualité\n\nVoir fiche action n°® 6\nBilan"
    )
    pattern = re.compile(r"^\s?ENGAGEMENT (?P<n>\d+)\s*:\s*(?P<title>\S.*)$")
    spans = axis_spans(doc, pattern, 3, re.compile("^Bilan"))
    assert [(a, n, e, t) for a, n, e, t in spans] == [
        ("1", 1, 6, "Favoriser les interventions précoces pour prévenir les difficultés"),
        ("2", 6, 9, "Garantir la qualité"),
    ]
    refs = cross_referenced_axes(doc, spans, re.compile(r"Voir fiche action n\s*°\s*®?\s*(?P<n>\d+)"))
    assert refs == {"1": "1", "6": "2"}  # fiche 6 is referred to from both: the later chapter


def test_an_axis_title_wraps_up_to_the_next_axis_line_only():
    """87: a list of orientations, one title wrapped ("… des enfants" / "protégés") and
    the next orientation on the line right below, a page footer under the last: `wraps`
    takes neither."""
    doc = _doc(
        "  ORIENTATION 3     Prendre soin de la santé des enfants\n                    protégés\n"
        "  ORIENTATION 4     Accompagner les jeunes\n                    - 5 -\n"
    )
    pattern = re.compile(r"^\s*ORIENTATION (?P<n>\d)\s{2,}(?P<title>\S.*)$")
    spans = axis_spans(doc, pattern, 2, None, (re.compile(r"^\s*- \d+ -\s*$"),))
    assert [(a, t) for a, _n, _e, t in spans] == [
        ("3", "Prendre soin de la santé des enfants protégés"),
        ("4", "Accompagner les jeunes"),
    ]


def test_repair_rules_then_words():
    rules = [(re.compile(r"\bc(?:e|c)u(vr|r)"), r"œu\1"), (re.compile(r"\bIz\b"), "le")]
    assert repair("Iz bien-étre, mise en ceuvre", rules, {"étre": "être"}) == "le bien-être, mise en œuvre"
    assert repair("Accés", [], {"accés": "accès"}) == "Accès"  # a capital is kept


def test_repair_lines_applies_line_start_rules_to_each_line():
    start = [(re.compile(r"^Q(?=[A-Z])"), "")]
    rules = [(re.compile(r"\ba\b(?=\s+la\b)"), "à")]
    assert repair_lines("QOrganiser a la maison\nQui a la clé", start, rules, {}) == (
        "Organiser à la maison\nQui à la clé"
    )
    assert repair_lines(None, start, rules, {}) is None


OUTLINE = ReviewOutline(
    start=re.compile("^Bilan"),
    end=None,
    group=re.compile(r"^ORIENTATION (?P<n>\d+)\s*:\s*(?P<title>.*)$"),
    subgroup=re.compile(r"^Priorit[ée] (?P<n>\d+)\s*[:\-]\s*(?P<title>.*)$"),
    row=re.compile(r"^Act(?:ion|icn)\s*(?P<n>\d+|&)\s*:\s*(?P<title>.*)$"),
    mark=re.compile(r"\s+(?P<mark>®|\[ \]|@\])\s*$"),
    mark_line=re.compile(r"^\s*(?:(?:®|\[ \]|@\])\s*)+$"),
    ref="{group}.{subgroup}.{row}",
    context="{group_title} / {subgroup_title}",
)


def test_review_outline_rows_numbers_marks_and_lost_labels():
    doc = _doc(
        "Bilan\nORIENTATION 1: Réaffirmer la prévention\ndans le dispositif\n\nPriorité 1: Renforcer la PMI\n\n"
        "Action 1: Rappeler les missions ®\nAction & : Renforcer les liens\navec les services [ ]\n"
        "Priorité 2- Soutenir\n@]\nd'accueil collectif\n"
    )
    rows = review_outline(doc, OUTLINE, 1, len(doc.lines) + 1)
    assert [(r["ref"], r["title"], r["status_raw"], r["line"]) for r in rows] == [
        ("1.1.1", "Rappeler les missions", "®", 7),
        ("1.1.2", "Renforcer les liens avec les services", "[ ]", 8),  # "&": the next number
        ("1.2.1", "d'accueil collectif", "@]", 11),  # the mark line of a row whose label was lost
    ]
    assert rows[0]["context"] == "Réaffirmer la prévention dans le dispositif / Renforcer la PMI"


def test_review_outline_row_before_its_headings_is_an_error():
    from schemalab.extract import ParseError

    doc = _doc("Bilan\nAction 1: Sans priorité\n")
    with pytest.raises(ParseError, match="x.txt:2"):
        review_outline(doc, OUTLINE, 1, 3)


BASE = 'code: "99"\nname: Test\ndetect: "Test"\nsheet_start: "^Fiche (?P<id>\\\\d+) : (?P<title>.*)$"\n'
OCR_CONFIG = (
    BASE
    + r"""headings: {PILOTES PARTENAIRES: pilots, MODALITES: sub_actions, RESULTATS: results, CONSTAT: context}
title_wraps: until_blank
lists: {glyph: '^\s{0,2}[eo]\s+(?=\S)', page_break: '^ \S'}
actor_table: {field: pilots, separator: '\s+(?P<bullet>e)\s+(?=\S)', head_nouns: [Direction, Service]}
sub_action_headings: {field: sub_actions, pattern: '^Étape (?P<n>\d+) : (?P<title>.*)$', ref: 'Étape {n}'}
axes: {pattern: '^AXE (?P<n>\d) : (?P<title>.*)$', wraps: 2, cross_reference: 'fiche n°(?P<n>\d+)'}
title_clean: [{pattern: 'ceuvre', replace: 'œuvre'}, {pattern: '\ba\b', replace: 'à', for: text}]
title_clean_words: {accés: accès}
text_clean: {}
money:
  sheet_fields: [{field: sub_actions, nature: planned, context: next_line}]
  plan_level_until: '^Bilan'
  nature_words: {consumed: '\bversée?s?\b'}
  scope_rules: [{paragraph: 'pour tous', scope: outside_scope}]
review_outline:
  start: '^Bilan'
  group: '^ORIENTATION (?P<n>\d) : (?P<title>.*)$'
  subgroup: '^Priorité (?P<n>\d) : (?P<title>.*)$'
  row: '^Action (?P<n>\d) : (?P<title>.*)$'
  mark: '\s+(?P<mark>[®@])$'
  mark_line: '^[®@]$'
  ref: '{subgroup}-{row}'
  context: '{group_title}'
"""
)

OCR_PLAN = """Plan Test 2020-2024

AXE 1 : Agir tôt
pour les familles

Voir fiche n°1.
Un fonds de 2 M€ pour tous.

Bilan
ORIENTATION 1 : Agir tôt
Priorité 1 : Prévenir
Action 1 : Accés aux droits ®

Fiche 1 : Mise en ceuvre du
plan d'accés

PILOTES PARTENAIRES
Direction de la PMI e CAF
e CPAM
CONSTAT
e 30 000 € versés en 2022
MODALITES
Étape 1 : Ouvrir un lieu
e Un lieu a la gare pour
1 M€ par an
RESULTATS
e Un lieu ouvert
"""


def test_a_configuration_with_the_ocr_keys_reads_a_small_plan(tmp_path):
    path = tmp_path / "99_test.yml"
    path.write_text(OCR_CONFIG, encoding="utf-8")
    parser = load_config_parser(path)
    assert issubclass(parser, OcrLinesLayout) and issubclass(parser, ConfiguredParser)
    res = parser().parse(OCR_PLAN, "99_test.txt", strict=True)
    (a,) = res.tables["actions"]
    assert (a["title"], a["title_clean"], a["axis_id"]) == (
        "Mise en ceuvre du plan d'accés",
        "Mise en œuvre du plan d'accès",
        "1",
    )
    assert res.tables["axes"][0]["title"] == "Agir tôt pour les familles"
    assert [(r["role"], r["name"]) for r in res.tables["action_actors"]] == [
        ("pilot", "Direction de la PMI"),
        ("partner", "CAF"),
        ("partner", "CPAM"),
    ]
    (s,) = res.tables["sub_actions"]
    assert (s["ref"], s["text"], s["details_text"]) == (
        "Étape 1",
        "Ouvrir un lieu",
        "Un lieu a la gare pour 1 M€ par an",
    )
    assert s["details_clean"] == "Un lieu à la gare pour 1 M€ par an"  # `for: text` rule
    assert a["implementation_text"] == "Étape 1 : Ouvrir un lieu\n- Un lieu a la gare pour 1 M€ par an"
    assert [r["text"] for r in res.tables["indicators"]] == ["Un lieu ouvert"]
    money = [(r["action_id"], r["amount_eur"], r["nature"], r["scope"]) for r in res.tables["budget_lines"]]
    # plan level: before "Bilan" only; on the sheet: only the sub_actions field (the
    # 30 000 € of the CONSTAT field is not listed in money.sheet_fields)
    assert money == [(None, 2_000_000.0, "other", "outside_scope"), ("1", 1_000_000.0, "planned", "action")]
    (r,) = res.tables["previous_review"]
    assert (r["ref"], r["title"], r["status_raw"], r["title_clean"]) == (
        "1-1",
        "Accés aux droits",
        "®",
        "Accès aux droits",
    )


def test_review_outline_status_words_map_like_the_review_table(tmp_path):
    """`review_outline.status` is the `review.status` mapping (one function): a mapped
    word gives its status, an unmapped one `unknown`, status_raw as printed."""
    cfg = OCR_CONFIG.replace("  mark: '\\s+(?P<mark>[®@])$'", "  mark: '\\s+(?P<mark>réalisée|en cours|abandonnée)$'")
    cfg += "  status: {realise: '^réalisée$', en_cours: '^en cours$'}\n"
    plan = OCR_PLAN.replace(
        "Action 1 : Accés aux droits ®\n",
        "Action 1 : Accés aux droits réalisée\nAction 2 : Un guichet en cours\nAction 3 : Un bus abandonnée\n",
    )
    path = tmp_path / "99_test.yml"
    path.write_text(cfg, encoding="utf-8")
    res = load_config_parser(path)().parse(plan, "99_test.txt", strict=False)
    assert [(r["ref"], r["status"], r["status_raw"]) for r in res.tables["previous_review"]] == [
        ("1-1", "realise", "réalisée"),
        ("1-2", "en_cours", "en cours"),
        ("1-3", "unknown", "abandonnée"),
    ]
    path.write_text(cfg.replace("en_cours: '^en cours$'", "ongoing: 'en cours'"), encoding="utf-8")
    with pytest.raises(ConfigError, match=r"review_outline\.status"):
        load_config_parser(path)


@pytest.mark.parametrize(
    "change, message",
    [
        pytest.param(("lists: {glyph:", "lists: {glyphs:"), "unknown keys", id="lists-key"),
        pytest.param(("field: pilots, separator", "field: pilotes, separator"), "actor_table", id="actor-field"),
        pytest.param(
            ("(?P<n>\\d+) : (?P<title>.*)$', ref", "(\\d+) : (.*)$', ref"), "sub_action_headings", id="sub-groups"
        ),
        pytest.param(("title_wraps: until_blank", "title_wraps: yes please"), "title_wraps", id="title-wraps"),
        pytest.param(("wraps: 2", "wraps: two"), "axes.wraps", id="axes-wraps"),
        pytest.param(("'fiche n°(?P<n>\\d+)'", "'fiche n°(\\d+)'"), "cross_reference", id="cross-ref-group"),
        pytest.param(("nature: planned", "nature: spent"), "nature", id="money-nature"),
        pytest.param(("scope: outside_scope", "scope: elsewhere"), "scope_rules", id="money-scope"),
        pytest.param(("  ref: '{subgroup}-{row}'\n", ""), "ref", id="outline-missing"),
        pytest.param(("for: text", "for: prose"), "title_clean.1.for", id="clean-for"),
        pytest.param(("money:\n", "plan_money: before_first_sheet\nmoney:\n"), "keep one", id="money-twice"),
        pytest.param(
            ("money:\n", "budget_nature: {planned: dotation}\nmoney:\n"), "same rules", id="nature-rules-twice"
        ),
    ],
)
def test_ocr_key_errors_name_the_file_line_and_key(tmp_path, change, message):
    old, new = change
    assert old in OCR_CONFIG
    path = tmp_path / "99_test.yml"
    path.write_text(OCR_CONFIG.replace(old, new), encoding="utf-8")
    with pytest.raises(ConfigError, match=re.escape(message)) as err:
        load_config_parser(path)
    assert re.search(r"99_test\.yml:\d+:", str(err.value)), str(err.value)


def test_lists_are_required_by_the_readers_that_use_them(tmp_path):
    path = tmp_path / "99_test.yml"
    path.write_text(re.sub(r"(?m)^lists: .*\n", "", OCR_CONFIG), encoding="utf-8")
    with pytest.raises(ConfigError, match="give `lists`"):
        load_config_parser(path)


def test_plans_without_ocr_keys_keep_the_plain_configured_parser():
    from schemalab.parsers import by_code

    for code in ("40", "61"):
        assert not issubclass(by_code(code), OcrLinesLayout)
    assert issubclass(by_code("62"), OcrLinesLayout)
    assert (RAW / "62_pas-de-calais_2023-2027.txt").exists()


def test_every_ocr_key_is_documented_in_configurable_and_the_readme():
    from pathlib import Path

    from schemalab.parsers import configurable, ocr_lines

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    for key in (*ocr_lines.KEYS, "wraps", "cross_reference", "within", "line_start", "sheet_fields", "scope_rules"):
        assert f"{key}:" in configurable.__doc__, f"`{key}` is not documented in configurable.py"
        assert key in readme, f"`{key}` is not in the README's configuration guide"


def test_sub_action_headings_keep_the_plain_steps_of_a_sheet_without_headings(tmp_path):
    """A sheet whose step field prints no heading keeps its bullets as steps (they were
    all dropped); a pattern that matches no line on any sheet warns."""
    path = tmp_path / "99_test.yml"
    path.write_text(OCR_CONFIG, encoding="utf-8")
    plain = OCR_PLAN.replace("Étape 1 : Ouvrir un lieu\n", "")
    res = load_config_parser(path)().parse(plain, "99_test.txt", strict=False)
    assert [r["text"] for r in res.tables["sub_actions"]] == ["Un lieu a la gare pour 1 M€ par an"]
    assert [r.get("ref") for r in res.tables["sub_actions"]] == [None]
    assert any("sub_action_headings" in str(w) and "on any sheet" in str(w) for w in res.warnings)
    # with its heading, the sheet reads it as before (ref printed, bullets as details)
    res = load_config_parser(path)().parse(OCR_PLAN, "99_test.txt", strict=True)
    assert [(r["ref"], r["text"]) for r in res.tables["sub_actions"]] == [("Étape 1", "Ouvrir un lieu")]


FLAT_REVIEW = ReviewOutline(
    start=re.compile("^ANNEXE A"),
    end=None,
    group=None,
    subgroup=None,
    row=re.compile(r"^A(?P<n>\d+)\.\s+(?P<title>.*)$"),
    mark=re.compile(r"\s+—\s+(?P<mark>\S.*?)\s*$"),
    mark_line=None,
    ref="A{row}",
    context=None,
)


def test_a_flat_review_list_splits_title_and_status_and_skips_footers():
    """Plan 93's annex A: `Ak. title — Status` lines with no group nor subgroup; A2's
    status wrapped onto an indented line; a running footer between rows is skipped, not
    appended to A2's title; no context is null, not ''."""
    doc = _doc(
        "ANNEXE A\nLe schéma comptait deux actions.\n\nA1. Créer une cellule — Réalisée\n"
        "A2. Créer une plateforme pour les enfants\nVal — Schéma 2025-2029   - 16 -\n    — Non réalisée\n"
    )
    footer = (re.compile(r"^Val — Schéma 2025-2029\s+- \d+ -$"),)
    rows = review_outline(doc, FLAT_REVIEW, 1, len(doc.lines) + 1, footer)
    assert [(r["ref"], r["title"], r["status_raw"], r["context"]) for r in rows] == [
        ("A1", "Créer une cellule", "Réalisée", None),
        ("A2", "Créer une plateforme pour les enfants", "Non réalisée", None),
    ]
    # without the skip pattern the footer ends up in the title (the blind trial's A7)
    assert "Val" in review_outline(doc, FLAT_REVIEW, 1, len(doc.lines) + 1)[1]["title"]


def test_review_outline_config_subgroup_without_group_is_an_error(tmp_path):
    """A subgroup needs the group above it; a group alone is one level of headings
    (tests/test_text_exports.py, plan 72)."""
    cfg = OCR_CONFIG.replace("  group: '^ORIENTATION (?P<n>\\d) : (?P<title>.*)$'\n", "")
    assert "  group:" not in cfg.split("review_outline:")[1]
    path = tmp_path / "99_test.yml"
    path.write_text(cfg, encoding="utf-8")
    with pytest.raises(ConfigError, match="lacks"):
        load_config_parser(path)
    alone = OCR_CONFIG.replace("  subgroup: '^Priorité (?P<n>\\d) : (?P<title>.*)$'\n", "")
    path.write_text(alone, encoding="utf-8")
    load_config_parser(path)


def test_a_printed_nature_word_wins_over_the_field_nature(tmp_path):
    """`money.sheet_fields: [{field: sub_actions, nature: planned}]` gives planned to the
    amounts whose sentence says no nature; a printed `estimé` (93 sheet 3: `Coût de
    fonctionnement estimé à 310 000 €`) stays cost_estimate, and no amount is dropped."""
    plan = OCR_PLAN.replace("Ouvrir un lieu\n", "Ouvrir un lieu\ne Coût estimé à 50 000 €\n")
    path = tmp_path / "99_test.yml"
    path.write_text(OCR_CONFIG, encoding="utf-8")
    res = load_config_parser(path)().parse(plan, "99_test.txt", strict=False)
    natures = {r["amount_eur"]: r["nature"] for r in res.tables["budget_lines"] if r["action_id"] == "1"}
    assert natures[1_000_000] == "planned" and natures[50_000] == "cost_estimate"


def test_an_empty_review_context_is_null(tmp_path):
    """`context: ''` (the 93 blind trial's workaround) gives null, not ''; so does any
    blank text value a reader adds to a table."""
    path = tmp_path / "99_test.yml"
    path.write_text(OCR_CONFIG.replace("  context: '{group_title}'", "  context: ''"), encoding="utf-8")
    res = load_config_parser(path)().parse(OCR_PLAN, "99_test.txt", strict=False)
    assert [r["context"] for r in res.tables["previous_review"]] == [None]
    res.add("previous_review", ref="x", title="  ", context="")
    assert res.tables["previous_review"][-1]["title"] is None


def test_review_outline_ref_keeps_the_printed_number_and_names_a_bad_field(tmp_path):
    """85: a review printed one cell per line, rows numbered `1.1`, `2.4` as the previous
    plan's actions: `ref: '{n}'` keeps the printed number (`{row}` counts 1, 2, …); a
    title wrapped after a cut word is joined whole; a name `ref` cannot use is a
    configuration error naming the key, not an internal error."""
    cfg = BASE + (
        "headings: {PILOTES: pilots}\nsheets_end: '^Bilan'\nreview_outline:\n  start: '^Bilan'\n"
        "  row: '^(?P<n>\\d\\.\\d)\\s*(?P<title>.*)$'\n  mark: '^(?P<mark>Réalisée|En cours)$'\n"
        "  ref: '{n}'\n  status: {realise: '^Réalisée$', en_cours: '^En cours$'}\n"
    )
    plan = (
        "Plan Test 2020-2024\n\nFiche 1 : Un titre\nPILOTES\nCAF\n\nBilan\n"
        "1.1\nCréer une cellule d'accompa-\ngnement\nRéalisée\n2.4\nOuvrir un foyer\nEn cours\n"
    )
    path = tmp_path / "99_test.yml"
    path.write_text(cfg, encoding="utf-8")
    res = load_config_parser(path)().parse(plan, "99_test.txt", strict=True)
    assert [(r["ref"], r["title"], r["status"]) for r in res.tables["previous_review"]] == [
        ("1.1", "Créer une cellule d'accompagnement", "realise"),
        ("2.4", "Ouvrir un foyer", "en_cours"),
    ]
    path.write_text(cfg.replace("ref: '{n}'", "ref: '{number}'"), encoding="utf-8")
    with pytest.raises(ConfigError, match=r"review_outline\.ref"):
        load_config_parser(path)


def test_a_wrapped_title_cut_inside_a_word_is_joined_whole(tmp_path):
    """85's sheet 7: `Garantir l'accès aux soins et l'accompa-` / `gnement des enfants`
    (`title_wraps`): one word, as every other reader of wrapped lines joins it."""
    path = tmp_path / "99_test.yml"
    path.write_text(OCR_CONFIG, encoding="utf-8")
    plan = OCR_PLAN.replace(
        "Fiche 1 : Mise en ceuvre du\nplan d'accés", "Fiche 1 : Mise en ceuvre de l'accompa-\ngnement"
    )
    res = load_config_parser(path)().parse(plan, "99_test.txt", strict=True)
    assert res.tables["actions"][0]["title"] == "Mise en ceuvre de l'accompagnement"
