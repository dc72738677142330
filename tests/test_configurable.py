"""Configuration-driven parsers: equal to the Python parsers they replace; clear errors."""

from __future__ import annotations

import pytest
from conftest import RAW

from schemalab.extract import ParseError
from schemalab.parsers import by_code
from schemalab.parsers.configurable import ConfigError, configured_parsers, load_config_parser
from schemalab.parsers.table_rows import TableRowsLayout

# The configured parsers of 40, 47, 61 and 62 are compared, whole plan, to the tables frozen
# from the Python parsers they replaced: tests/test_expected_tables.py.

#: Altered copies of the Orne plan (one trap each) → what the Python reference parser
#: (orne.py, deleted since) reported, recorded before its deletion: the places (file and
#: line) of the warnings the alteration adds, and the line of the strict error (None:
#: the strict parse succeeds). The configuration reports the same places.
ORNE_ALTERATIONS = {
    "gantt-html-disagrees": (
        "<td>Instance partenariale de suivi</td> <td></td> <td>X</td>",
        "<td>Instance partenariale de suivi</td> <td>X</td> <td>X</td>",
        ["61.txt:129"],
        None,
    ),
    "unknown-label": (
        "Points de vigilance\t<p>Cibler",
        "Points d'attention\t<p>Cibler",
        # the vigilance text read as indicators: 89 where the reader of 61_orne.yml's
        # `checks:` counts 85
        ["61.txt:137", "61.txt:116", "61.txt", "61.txt"],
        116,
    ),
    "no-numbered-orientations": (
        "1 Mobiliser l'ensemble",
        "Mobiliser l'ensemble",
        # and the reader's figures: three axes read where `checks:` counts four, sheet 3 in none
        ["61.txt:56", "61.txt:86", "61.txt:28", "61.txt:29", "61.txt:30", "61.txt", "61.txt:143"],
        None,
    ),
    "summary-title-differs": (
        "1. Coordonner les actions des partenaires pour partager",
        "1. Coordonner les partenaires pour partager",
        ["61.txt:28"],
        None,
    ),
    "gantt-cell-not-a-mark": (
        "Consolidation des partenariats bilatéraux\t\tX",
        "Consolidation des partenariats bilatéraux\t\tY",
        ["61.txt:107", "61.txt:92"],
        107,
    ),
}


@pytest.mark.parametrize("old, new, places, strict_line", list(ORNE_ALTERATIONS.values()), ids=list(ORNE_ALTERATIONS))
def test_orne_configuration_reports_altered_plans_as_the_python_reference_did(old, new, places, strict_line):
    text = (RAW / "61_orne_2017-2021.txt").read_text(encoding="utf-8")
    changed = text.replace(old, new, 1)
    assert changed != text, f"the plan no longer prints {old!r}"
    parser = by_code("61")()
    before = parser.parse(text, "61.txt").warnings
    added = [w for w in parser.parse(changed, "61.txt").warnings if w not in before]
    assert [w.split(": ")[0] for w in added] == places
    try:
        parser.parse(changed, "61.txt", strict=True)
        line = None
    except ParseError as exc:
        line = exc.line
    assert line == strict_line


def test_every_configured_parser_loads_and_documents_its_anatomy():
    parsers = configured_parsers()
    assert parsers
    for p in parsers:
        assert "Anatomy" in (p.__doc__ or ""), f"{p.config_path}: say the document's anatomy under `anatomy:`"


def _write(tmp_path, text):
    p = tmp_path / "99_test.yml"
    p.write_text(text, encoding="utf-8")
    return p


BASE = 'code: "99"\nname: Test\ndetect: "Test"\nsheet_start: "^Fiche (?P<id>\\\\d+)$"\nheadings: {PILOTES: pilots}\n'


@pytest.mark.parametrize(
    "extra, message",
    [
        pytest.param("colour: blue\n", "unknown keys", id="unknown-key"),
        pytest.param("sheets_end: '(unclosed'\n", "sheets_end", id="bad-regex"),
        pytest.param("headings: {PILOTES: pilotage}\n", "unknown fields", id="bad-field"),
        pytest.param("gantt_steps: sometimes\n", "gantt_steps", id="gantt-steps-not-a-boolean"),
        pytest.param("sheets_end: ['^A', '^B']\n", "one regular expression", id="regex-as-a-list"),
    ],
)
def test_config_errors_name_file_and_key(tmp_path, extra, message):
    text = BASE.replace("headings: {PILOTES: pilots}\n", "") + (
        extra if "headings" in extra else "headings: {PILOTES: pilots}\n" + extra
    )
    with pytest.raises(ConfigError, match=message) as err:
        load_config_parser(_write(tmp_path, text))
    assert "99_test.yml" in str(err.value)


def test_sheet_start_needs_an_id_group(tmp_path):
    with pytest.raises(ConfigError, match="id"):
        load_config_parser(_write(tmp_path, BASE.replace("(?P<id>\\\\d+)", "\\\\d+")))


@pytest.mark.parametrize(
    "start",
    ["^Fiche (?P<id>\\\\d+)(?: : )?(?P<title>.*)$", "^(?:Fiche|Action) (?P<id>\\\\d+)(?P<title>(?: .*)?)$"],
)
def test_a_title_group_that_always_takes_part_is_accepted(tmp_path, start):
    text = BASE.replace("^Fiche (?P<id>\\\\d+)$", start)
    assert text != BASE
    assert "title" in load_config_parser(_write(tmp_path, text)).sheet_start.groupindex


def test_minimal_config_parses_a_small_plan(tmp_path):
    parser = load_config_parser(_write(tmp_path, BASE))
    res = parser().parse("Plan Test 2020-2024\n\nFiche 1\nUn titre\nPILOTES\n- La PMI\n", "99_test.txt", strict=True)
    assert [a["title"] for a in res.tables["actions"]] == ["Un titre"]
    assert [a["name"] for a in res.tables["action_actors"]] == ["La PMI"]
    assert res.tables["plans"][0]["plan_id"] == "99-2020-2024"


def test_underlined_letter_spaced_and_numbered_labels_read_as_the_label_mapped(tmp_path):
    """One `headings:` entry per label: underlined (`---`, `===`, `___`, the underline
    dropped), letter-spaced as OCR prints small capitals, or numbered, it is the same
    label. An underlined line that is no mapped label is listed as an unknown heading."""
    cfg = BASE.replace(
        "headings: {PILOTES: pilots}", "headings: {Pilotes: pilots, Partenaires: partners, Objectifs: objectives}"
    )
    plan = "\n".join(
        [
            "Plan Test 2020-2024",
            "",
            "Fiche 1",
            "Underlined",
            "Objectifs",
            "---------",
            "Agir tôt",
            "Points de vigilance",
            "-------------------",
            "Pilotes",
            "=======",
            "- La PMI",
            "Partenaires",
            "___________",
            "- La CAF",
            "Fiche 2",
            "Letter-spaced",
            "O BJECTIFS",
            "Agir ensemble",
            "P I L O T E S",
            "- L'ASE",
            "P ARTENAIRES",
            "- La MSA",
            "Fiche 3",
            "Numbered",
            "1. Objectifs",
            "Agir vite",
            "2) Pilotes",
            "- Le SDIS",
            "III - Partenaires",
            "- Le CHU",
        ]
    )
    res = load_config_parser(_write(tmp_path, cfg))().parse(plan, "99_test.txt", strict=False)
    actors = [(a["action_id"], a["role"], a["name"]) for a in res.tables["action_actors"]]
    assert actors == [
        ("1", "pilot", "La PMI"),
        ("1", "partner", "La CAF"),
        ("2", "pilot", "L'ASE"),
        ("2", "partner", "La MSA"),
        ("3", "pilot", "Le SDIS"),
        ("3", "partner", "Le CHU"),
    ]
    objectives = [a["objectives_text"] for a in res.tables["actions"]]
    assert [o.splitlines()[0] for o in objectives] == ["Agir tôt", "Agir ensemble", "Agir vite"]
    assert "---" not in objectives[0]
    assert (8, "Points de vigilance") in res.unknown_headings
    assert "---" not in str(res.tables["action_actors"])


def test_a_label_wrapped_over_three_lines(tmp_path):
    cfg = BASE.replace(
        "headings: {PILOTES: pilots}", "headings: {PILOTES: pilots, Modalités de mise en oeuvre: sub_actions}"
    )
    plan = (
        "Plan Test 2020-2024\n\nFiche 1\nUn titre\nMODALITES DE\nMISE EN\nOEUVRE\n- Ouvrir un lieu\nPILOTES\n- La PMI\n"
    )
    res = load_config_parser(_write(tmp_path, cfg))().parse(plan, "99_test.txt", strict=True)
    assert [r["text"] for r in res.tables["sub_actions"]] == ["Ouvrir un lieu"]
    assert [a["name"] for a in res.tables["action_actors"]] == ["La PMI"]


def test_a_pipe_table_cut_by_a_page_footer_goes_on_after_it(tmp_path):
    """Blank lines around the footer and the header row printed again on the next page
    do not end the table: the row with an empty label continues the field above."""
    cfg = BASE.replace("headings: {PILOTES: pilots}", "headings: {Pilote: pilots, Étapes: sub_actions}")
    cfg += "skip: ['^Page \\d+$']\n"
    plan = "\n".join(
        [
            "Plan Test 2020-2024",
            "",
            "Fiche 1",
            "Un titre",
            "",
            "| Rubrique | Contenu |",
            "|---|---|",
            "| Pilote | La PMI |",
            "| Étapes | a) Ouvrir<br>b) Former |",
            "",
            "Page 4",
            "",
            "| Rubrique | Contenu |",
            "|---|---|",
            "| | c) Évaluer |",
        ]
    )
    res = load_config_parser(_write(tmp_path, cfg))().parse(plan, "99_test.txt", strict=True)
    # the letter markers are list markers, dropped in every layout (strip_list_marker)
    assert [r["text"] for r in res.tables["sub_actions"]] == ["Ouvrir", "Former", "Évaluer"]
    assert [a["name"] for a in res.tables["action_actors"]] == ["La PMI"]


TABLE_CONFIG = (
    BASE.replace("headings: {PILOTES: pilots}\n", "")
    + r"""
layout: table
sheet_start: '^(?P<id>\d+)\.\s+(?P<title>\S.*)$'
sheet_start_confirm: true
headings: {Objectifs: objectives, Pilotage: pilots, Actions: sub_actions, Calendrier: calendar, Indicateurs: indicators}
table:
  glyphs: {"➤": 1, "→": 2, "•": 3}
  kind_marker: '(?:<p>\s*)?(Réalisation|Impact)\s*:\s*(?:</p>)?'
  actors: {row: pilots, columns: {pilots: [1, Pilotes], partners: [2, Partenaires]}, item_glyph: "•"}
  sub_actions: {rank: 1}
  gantt: {row: calendar, unit: semester, mark: X}
"""
)

TABLE_PLAN = "\n".join(
    [
        "Plan Test 2020-2024",
        "",
        "1. Premier titre    <- a summary entry: no field row follows",
        "2. Second titre",
        "",
        "1. Premier titre",
        "Objectifs\t<ul> ➤ Faire A ➤ Faire B</ul>",
        "Pilotage\tPilotes\tPartenaires",
        "\tConseil départemental\t<ul> • CAF • PJJ</ul>",
        "Actions\t<ul> ➤ Action un <ul> → détail</ul> ➤ Action deux</ul>",
        "\t\t2021\t\t2022\t",
        "\t\tS1\tS2\tS1\tS2",
        "Calendrier\tAction un\tX\tX\t\t",
        "\tAction deux\t\t\tX\tX",
        "Indicateurs\t<p>Réalisation :</p> → Nombre A\t<p>Impact :</p> → Effet B",
    ]
)


def test_table_layout_reads_a_small_tsv_plan(tmp_path):
    parser = load_config_parser(_write(tmp_path, TABLE_CONFIG))
    assert issubclass(parser, TableRowsLayout)
    res = parser().parse(TABLE_PLAN, "99_test.txt", strict=True)
    (a,) = res.tables["actions"]
    assert (a["action_id"], a["title"], a["first_line"]) == ("1", "Premier titre", 6)
    assert a["objectives_text"] == "Faire A\nFaire B"
    actors = [(r["role"], r["name"]) for r in res.tables["action_actors"]]
    assert actors == [("pilot", "Conseil départemental"), ("partner", "CAF"), ("partner", "PJJ")]
    assert [r["text"] for r in res.tables["sub_actions"]] == ["Action un", "Action deux"]
    cal = [(r["label"], r["year"], r["semester"]) for r in res.tables["calendar"]]
    assert cal == [
        ("Action un", 2021, 1),
        ("Action un", 2021, 2),
        ("Action deux", 2022, 1),
        ("Action deux", 2022, 2),
    ]
    assert [(r["kind"], r["text"]) for r in res.tables["indicators"]] == [
        ("realisation", "Nombre A"),
        ("impact", "Effet B"),
    ]


def test_table_layout_gantt_cell_that_is_not_a_mark_is_an_error_in_strict_mode(tmp_path):
    parser = load_config_parser(_write(tmp_path, TABLE_CONFIG))
    bad = TABLE_PLAN.replace("Action un\tX\tX", "Action un\tX\tprévu")
    with pytest.raises(ParseError, match="99_test.txt:13: a Gantt row"):
        parser().parse(bad, "99_test.txt", strict=True)
    res = parser().parse(bad, "99_test.txt")
    assert len(res.tables["calendar"]) == 2 and any("not a Gantt row" in w for w in res.warnings)


@pytest.mark.parametrize(
    "text, message",
    [
        pytest.param(TABLE_CONFIG.replace("layout: table\n", ""), "go together", id="table-without-layout"),
        pytest.param(TABLE_CONFIG.replace("glyphs:", "glyph:"), "unknown keys", id="table-unknown-key"),
        pytest.param(TABLE_CONFIG.replace("unit: semester", "unit: month"), "semester", id="gantt-unit"),
        pytest.param(TABLE_CONFIG.replace("pilots: [1, Pilotes]", "pilotes: [1]"), "actors", id="actor-role"),
        pytest.param(BASE + "axes: {heading_before: '^P$'}\n", "numbered", id="axes-incomplete"),
        pytest.param(BASE + "title: {pattern: '^(?P<title>.*)$'}\n", "start", id="title-groups"),
    ],
)
def test_table_and_axes_config_errors_name_file_and_key(tmp_path, text, message):
    with pytest.raises(ConfigError, match=message) as err:
        load_config_parser(_write(tmp_path, text))
    assert "99_test.yml" in str(err.value)


@pytest.mark.parametrize(
    "text, where",
    [
        pytest.param(BASE + "skip:\n  - '^a'\n   - '^b'\n", "99_test.yml:8: YAML syntax error", id="yaml-syntax"),
        pytest.param(BASE + "colour: blue\n", "99_test.yml:6: unknown keys ['colour']", id="unknown-key"),
        pytest.param(BASE + "title:\n  pattern: '^(?P<title>.*)$'\n  colour: x\n", "99_test.yml:8:", id="nested-key"),
        pytest.param(BASE.replace("pilots}", "pilotage}"), "99_test.yml:5: headings map", id="bad-field"),
        pytest.param(BASE + "stop: ['(unclosed']\n", "99_test.yml:6: `stop`", id="bad-regex"),
        pytest.param(
            BASE.replace("(?P<id>\\\\d+)$", "(?P<id>\\\\d+)(?: : (?P<title>.*))?$"),
            "99_test.yml:4: `sheet_start`: the group (?P<title>",
            id="optional-title-group",
        ),
        pytest.param(
            BASE.replace("Fiche (?P<id>", "(?:Fiche (?P<id>\\\\d+)|Action )(?P<n>"),
            "99_test.yml:4: `sheet_start`: the group (?P<id>",
            id="id-in-one-alternative",
        ),
        pytest.param(
            BASE + "move_items:\n  when_empty: pilots\n", "99_test.yml:6: `move_items` is a list", id="move-dict"
        ),
        pytest.param(
            BASE + "move_items:\n  - {when_empty: pilots, from: partners}\n",
            "99_test.yml:7: `move_items.0` lacks ['matching', 'to']",
            id="move-missing",
        ),
        pytest.param(BASE + "move_items:\n  - pilots\n", "99_test.yml:7: `move_items.0` is a mapping", id="move-str"),
        pytest.param(
            BASE + "move_items:\n  - {when_empty: pilots, from: partners, to: pilots,\n     matching: '(x'}\n",
            "`move_items.0.matching`",
            id="move-bad-regex",
        ),
    ],
)
def test_config_errors_name_the_line(tmp_path, text, where):
    with pytest.raises(ConfigError) as err:
        load_config_parser(_write(tmp_path, text))
    assert where in str(err.value)


def test_a_broken_configuration_fails_only_its_departement(tmp_path):
    """One YAML error no longer stops every command: the other configurations load, and
    the broken one's plan fails with the error (file and line) when it is parsed."""
    good = _write(tmp_path, BASE)
    bad = tmp_path / "98_casse.yml"
    bad.write_text('code: "98"\nname: Casse\ndetect: "Plan Casse"\nheadings:\n  A: pilots\n   B: x\n', encoding="utf-8")
    index = tmp_path / "index.yml"
    index.write_text(f"- {bad.name}\n- {good.name}\n", encoding="utf-8")
    errors = []
    parsers = configured_parsers(index, errors)
    assert [p.code for p in parsers] == ["98", "99"] and len(errors) == 1
    assert "98_casse.yml:6: YAML syntax error" in str(errors[0])
    broken, ok = parsers
    assert broken.detect("Plan Casse 2020-2024") and not ok.detect("Plan Casse 2020-2024")
    with pytest.raises(ParseError, match="98_casse.yml:6"):
        broken().parse("Plan Casse 2020-2024\n", "98_casse.txt")
    assert ok().parse("Plan Test 2020-2024\nFiche 1\nTitre\nPILOTES\n- PMI\n", "99.txt").tables["actions"]
    with pytest.raises(ConfigError):
        configured_parsers(index)  # without an error list, the first error is raised


def test_strict_judges_expected_fields_after_moves(tmp_path):
    """A field the plan prints under another heading and that `move_items` moves counts."""
    cfg = BASE.replace(
        "headings: {PILOTES: pilots}", "headings: {PILOTES: pilots, MOYENS: resources, INDICATEURS: indicators}"
    )
    cfg += "expected_fields: [pilots, indicators]\n"
    cfg += "move_items: [{when_empty: resources, from: pilots, matching: '^Indicateur', to: indicators}]\n"
    plan = "Plan Test 2020-2024\nFiche 1\nTitre\nMOYENS\nPILOTES\n- PMI\n- Indicateur : nombre de visites\n"
    res = load_config_parser(_write(tmp_path, cfg))().parse(plan, "99.txt", strict=True)
    assert [r["text"] for r in res.tables["indicators"]] == ["Indicateur : nombre de visites"]


@pytest.mark.parametrize("lists", ["", "lists:\n  glyph: '^(?:[–•-])\\s+'\n"])
def test_a_list_marker_never_stays_in_a_step_or_an_indicator(tmp_path, lists):
    """94 sheet 3.1: an HTML cell whose `<br>` items start with `– ` gave steps starting
    with `– `; a pipe cell likewise. With or without `lists`, the marker is no text."""
    cfg = BASE.replace(
        "headings: {PILOTES: pilots}",
        "headings: {PILOTES: pilots, Étapes: sub_actions, Critères: indicators}",
    )
    plan = "\n".join(
        [
            "Plan Test 2020-2024",
            "Fiche 1",
            "Titre",
            "PILOTES",
            "- PMI",
            "<table>",
            "<tr><td>Étapes</td><td>– Proposer un stage<br>– Désigner un référent</td></tr>",
            "</table>",
            "",
            "| Critères | • Nombre de stages<br>▶ Nombre de contrats |",
        ]
    )
    res = load_config_parser(_write(tmp_path, cfg + lists))().parse(plan, "99.txt", strict=False)
    assert [r["text"] for r in res.tables["sub_actions"]] == ["Proposer un stage", "Désigner un référent"]
    assert [r["text"] for r in res.tables["indicators"]] == ["Nombre de stages", "Nombre de contrats"]


@pytest.mark.parametrize(
    "split, partners, context",
    [
        # a regex: every field is split (the behaviour 95, 96 and 98 rely on)
        ("split_items: '\\s+;\\s+'\n", ["CAF", "MSA"], "212 assistants familiaux exercent\n64 partiront"),
        # scoped to fields: 94's context sentence `… 2026 ; 64 partiront …` stays whole
        (
            "split_items: {pattern: '\\s+;\\s+', fields: [pilots, partners]}\n",
            ["CAF", "MSA"],
            "212 assistants familiaux exercent ; 64 partiront",
        ),
    ],
)
def test_split_items_can_be_scoped_to_fields(tmp_path, split, partners, context):
    cfg = BASE.replace(
        "headings: {PILOTES: pilots}", "headings: {Pilotes: pilots, Partenaires: partners, Situation: context}"
    )
    plan = (
        "Plan Test 2020-2024\nFiche 1\nTitre\nPilotes : PMI\nPartenaires : CAF ; MSA\n"
        "Situation : 212 assistants familiaux exercent ; 64 partiront\n"
    )
    res = load_config_parser(_write(tmp_path, cfg + split))().parse(plan, "99.txt", strict=True)
    assert [r["name"] for r in res.tables["action_actors"] if r["role"] == "partner"] == partners
    assert res.tables["actions"][0]["context_text"] == context


@pytest.mark.parametrize(
    "split",
    [
        "split_items: {pattern: ';', fields: [pilotes]}\n",
        "split_items: {pattern: ';'}\n",
        "split_items: {pattern: ';', fields: [pilots], every: yes}\n",
    ],
)
def test_split_items_mapping_errors_name_the_key(tmp_path, split):
    with pytest.raises(ConfigError, match="split_items") as err:
        load_config_parser(_write(tmp_path, BASE + split))
    assert "99_test.yml" in str(err.value)


@pytest.mark.parametrize(
    "block",
    [
        "header: {axis: '^Axe', bogus: 1}",
        "title: {pattern: '^(?P<title>T)', bogus: 1}",
        "axes: {pattern: '^Axe (?P<n>\\\\d)', bogus: 1}",
        "review: {start: '^Bilan', bogus: 1}",
        "youth_recommendations: {start: '^Jeunes', bogus: 1}",
        "summary: {axis: '^Axe', bogus: 1}",
        "lists: {glyph: '^- ', bogus: 1}",
        "money: {plan_level_until: '^Fiche', bogus: 1}",
        "text_clean: {bogus: 1}",
        "split_items: {pattern: ';', fields: [pilots], bogus: 1}",
        "head_lines: {matching: 'x', to: pilots, bogus: 1}",
        "dash_lists: {fields: [pilots], bogus: 1}",
        "year_steps: {bogus: 1}",
    ],
)
def test_every_unknown_key_is_an_error_naming_file_line_and_key(tmp_path, block):
    """94_run.md: `header:` took an unknown sub-key silently."""
    with pytest.raises(ConfigError) as err:
        load_config_parser(_write(tmp_path, BASE + block + "\n"))
    assert "99_test.yml:6:" in str(err.value) and "bogus" in str(err.value), str(err.value)


def test_the_unknown_heading_warning_names_the_key_to_edit(tmp_path):
    """94_run.md: the warning said `heading_aliases`, a key no YAML has."""
    cfg = BASE + "heading_pattern: '^[A-Z ]{6,}$'\n"
    plan = "Plan Test 2020-2024\nFiche 1\nTitre\nPILOTES\n- PMI\nCONTEXTE LOCAL\nDu texte.\n"
    res = load_config_parser(_write(tmp_path, cfg))().parse(plan, "99.txt", strict=False)
    (w,) = [w for w in res.warnings if "unknown headings" in w]
    assert "`headings:` in 99_test.yml" in w and "heading_aliases" not in w and "CONTEXTE LOCAL" in w


def test_expected_indicators_are_met_by_indicator_headings_with_a_kind(tmp_path):
    """94 sheet 1.2 prints `Indicateurs de réalisation` / `Indicateurs de résultat` only."""
    cfg = BASE.replace(
        "headings: {PILOTES: pilots}",
        "headings: {PILOTES: pilots, INDICATEURS DE REALISATION: indicators_realisation, "
        "INDICATEURS DE RESULTAT: results, INDICATEURS: indicators}",
    )
    cfg += "expected_fields: [pilots, indicators]\n"
    plan = "Plan Test 2020-2024\nFiche 1\nTitre\nPILOTES\n- PMI\nINDICATEURS DE REALISATION\n- Nombre de visites\n"
    res = load_config_parser(_write(tmp_path, cfg))().parse(plan, "99.txt", strict=True)
    assert [r["kind"] for r in res.tables["indicators"]] == ["realisation"]
    with pytest.raises(ParseError, match="no indicators heading"):
        load_config_parser(_write(tmp_path, cfg))().parse(
            "Plan Test 2020-2024\nFiche 1\nTitre\nPILOTES\n- PMI\n", "99.txt", strict=True
        )


@pytest.mark.parametrize(
    "printed, field",
    [
        ("Porteur de l'action", "pilots"),
        ("Porteur(s) de l'action", "pilots"),  # 94 sheet 1.2: the optional plural folds
        ("PORTEUR(S) DE L'ACTION :", "pilots"),
        ("▶ Porteur de l'action", "pilots"),  # 94 sheet 3.2: a label mark folds
        ("► Étapes", "sub_actions"),
        ("Porteurs de l'action", None),  # a plural without parentheses is another label
        ("Étape", None),  # 98: a Gantt header cell, never the `Étapes` label
        ("• Étapes", None),  # a list bullet, not a label mark
    ],
)
def test_label_variants_fold_only_the_optional_plural_and_a_label_mark(tmp_path, printed, field):
    cfg = BASE.replace("headings: {PILOTES: pilots}", "headings: {Porteur de l'action: pilots, Étapes: sub_actions}")
    assert load_config_parser(_write(tmp_path, cfg))().canonical(printed) == field


# -- structure read by shared rules (gaps of the blind trial on plan 93) ----------------

#: Labels of the small excerpts below.
STRUCT = BASE.replace(
    "headings: {PILOTES: pilots}",
    "headings: {Pilote: pilots, Partenaires: partners, Partenaires associés: partners, "
    "Pilote de l'action: pilots, Étapes: sub_actions, Calendrier: calendar, Constat: context}",
)


def _struct(tmp_path, body: str, extra: str = "", strict: bool = True):
    plan = "Plan Test 2020-2024\nFiche 1\nUn titre\n" + body
    return load_config_parser(_write(tmp_path, STRUCT + extra))().parse(plan, "99_test.txt", strict=strict)


def _names(res, role):
    return [r["name"] for r in res.tables["action_actors"] if r["role"] == role]


@pytest.mark.parametrize(
    "body",
    [
        "<table>\n<tr><th>Rubrique</th><th>Contenu</th></tr>\n<tr><td>Pilote</td><td>La PMI</td></tr>\n"
        "<tr><td>Étapes</td><td><ul><li>Ouvrir</li><li>Former</li></ul></td></tr>\n</table>\n",
        "| Rubrique | Contenu |\n|---|---|\n| Pilote | La PMI |\n| Étapes | Ouvrir<br>Former |\n",
        "Rubrique\tDescription\nPilote\tLa PMI\nÉtapes\tOuvrir\n\tFormer\n",
    ],
    ids=["html", "pipe", "tsv"],
)
def test_a_column_header_that_is_not_labels_is_skipped_and_the_rows_read(tmp_path, body):
    res = _struct(tmp_path, "Constat : un constat\n" + body)
    assert _names(res, "pilot") == ["La PMI"]
    assert [r["text"] for r in res.tables["sub_actions"]] == ["Ouvrir", "Former"]
    # the header row is not content of the field above it
    assert res.tables["actions"][0]["context_text"] == "un constat"


def test_a_header_table_with_no_label_row_warns(tmp_path):
    body = "Pilote : La PMI\n<table>\n<tr><th>Public</th><th>Nombre</th></tr>\n<tr><td>Enfants</td><td>12</td></tr>\n</table>\n"
    res = _struct(tmp_path, body, strict=False)
    assert any("header row" in w and "not read as fields" in w for w in map(str, res.warnings))


@pytest.mark.parametrize(
    "grid",
    [
        "<table>\n<tr><th>Calendrier</th><th>S1 2025</th><th>S2 2025</th><th>S1 2026</th></tr>\n"
        "<tr><td>Installer le conseil</td><td></td><td>■</td><td></td></tr>\n"
        "<tr><td>Diffuser le livret</td><td></td><td></td><td>■</td></tr>\n</table>\n",
        "| Calendrier | S1 2025 | S2 2025 | S1 2026 |\n|---|---|---|---|\n"
        "| Installer le conseil | | X | |\n| Diffuser le livret | | | X |\n",
        "Calendrier\n\tS1 2025\tS2 2025\tS1 2026\nInstaller le conseil\t\tX\t\nDiffuser le livret\t\t\tX\n",
    ],
    ids=["html", "pipe", "tsv"],
)
def test_gantt_header_cells_holding_semester_and_year(tmp_path, grid):
    res = _struct(tmp_path, "Pilote : La PMI\n" + grid, strict=False)
    rows = [(r["year"], r["semester"], r["label"]) for r in res.tables["calendar"]]
    assert rows == [(2025, 2, "Installer le conseil"), (2026, 1, "Diffuser le livret")]
    # the grid does not run into the field above it
    assert _names(res, "pilot") == ["La PMI"]


@pytest.mark.parametrize(
    "body",
    [
        "| Pilote | La PMI |\n|---|---|\n| Étapes | a. Rédiger<br>b) Former<br>2 réunions par an |\n",
        "<table>\n<tr><td>Pilote</td><td>La PMI</td></tr>\n"
        "<tr><td>Étapes</td><td><ul><li>1) Rédiger</li><li>2. Former</li><li>2 réunions par an</li></ul></td></tr>\n</table>\n",
        "Pilote\tLa PMI\nÉtapes\ta. Rédiger\n\tb. Former\n\t2 réunions par an\n",
        "Pilote : La PMI\nÉtapes\n1. Rédiger\n2. Former\n- 2 réunions par an\n",
    ],
    ids=["pipe", "html", "tsv", "lines"],
)
def test_letter_and_number_markers_leave_steps_in_every_layout(tmp_path, body):
    res = _struct(tmp_path, body)
    assert [r["text"] for r in res.tables["sub_actions"]] == ["Rédiger", "Former", "2 réunions par an"]


def test_label_and_value_columns_aligned_with_spaces(tmp_path):
    body = (
        "Constat\nLes services  ne reçoivent pas   d'enfants de moins de trois ans.\n\n"
        "Pilote de\nl'action         Direction de l'enfance\n\n"
        "Partenaires      Association Les Petits Pas ; Service départemental\n"
        "associés         de protection maternelle et infantile ; Établissements d'accueil\n"
        "                 du jeune enfant\n"
    )
    res = _struct(tmp_path, body, "split_items: {pattern: '\\s+;\\s+', fields: [partners]}\n")
    assert _names(res, "pilot") == ["Direction de l'enfance"]
    assert _names(res, "partner") == [
        "Association Les Petits Pas",
        "Service départemental de protection maternelle et infantile",
        "Établissements d'accueil du jeune enfant",
    ]
    # prose with double spaces is not a column of labels
    assert "ne reçoivent pas" in res.tables["actions"][0]["context_text"]


def test_split_items_takes_a_list_of_patterns_by_field(tmp_path):
    cfg = (
        "split_items:\n"
        "  - {pattern: '\\s+;\\s+', fields: [partners]}\n"
        "  - {pattern: '\\s+•\\s+', fields: [sub_actions]}\n"
    )
    body = "Pilote : PMI\nPartenaires : CAF ; MSA • Mairie\nÉtapes : Ouvrir • Former ; vite\n"
    res = _struct(tmp_path, body, cfg)
    assert _names(res, "partner") == ["CAF", "MSA • Mairie"]
    assert [r["text"] for r in res.tables["sub_actions"]] == ["Ouvrir", "Former ; vite"]


def test_split_items_list_entries_are_checked(tmp_path):
    with pytest.raises(ConfigError, match="split_items"):
        load_config_parser(_write(tmp_path, STRUCT + "split_items: [{pattern: ';', fields: [pilotes]}]\n"))


def test_a_split_before_a_year_keeps_the_semester_words_with_it(tmp_path):
    # 92 sheet 1: a split_items pattern cutting before "2026 : " used to leave
    # "premier semestre" as an item of its own, and the calendar rows lost their semester
    cfg = BASE.replace("headings: {PILOTES: pilots}", "headings: {Calendrier: calendar}") + (
        "split_items: {pattern: '\\s+(?=20\\d\\d : )', fields: [calendar]}\n"
    )
    plan = "Plan Test 2020-2024\n\nFiche 1\nUn titre\nCalendrier : premier semestre 2026 : a second semestre 2026 : b\n"
    res = load_config_parser(_write(tmp_path, cfg))().parse(plan, "99_test.txt")
    assert [(r["year"], r["semester"], r["label"]) for r in res.tables["calendar"]] == [(2026, 1, "a"), (2026, 2, "b")]


@pytest.mark.parametrize(
    "printed",
    [
        "Indicateurs : nombre de jeunes relogés ; nombre de garanties accordées.\n",
        # 93 sheet 9: the inline list wrapped onto a plain line
        "Indicateurs : nombre de jeunes relogés ; nombre de\ngaranties accordées.\n",
    ],
)
def test_the_full_stop_ending_an_inline_list_is_no_part_of_its_last_item(tmp_path, printed):
    cfg = BASE.replace("headings: {PILOTES: pilots}", "headings: {Indicateurs: indicators}") + (
        "split_items: '\\s+;\\s+'\n"
    )
    plan = "Plan Test 2020-2024\n\nFiche 1\nUn titre\n" + printed
    res = load_config_parser(_write(tmp_path, cfg))().parse(plan, "99_test.txt")
    assert [r["text"] for r in res.tables["indicators"]] == [
        "nombre de jeunes relogés",
        "nombre de garanties accordées",
    ]


def test_a_single_inline_item_and_etc_keep_their_full_stop(tmp_path):
    cfg = BASE.replace("headings: {PILOTES: pilots}", "headings: {Indicateurs: indicators}") + (
        "split_items: '\\s+;\\s+'\n"
    )
    plan = "Plan Test 2020-2024\n\nFiche 1\nUn titre\nIndicateurs : taux de réponse.\n\nFiche 2\nDeux\nIndicateurs : a ; b, etc.\n"
    res = load_config_parser(_write(tmp_path, cfg))().parse(plan, "99_test.txt")
    assert [r["text"] for r in res.tables["indicators"]] == ["taux de réponse.", "a", "b, etc."]


def test_printed_step_markers_are_kept_in_ref(tmp_path):
    # 92 sheets 1, 2, 9: "1." / "a)" / "1)" steps had a null ref, the number lost
    cfg = BASE.replace("headings: {PILOTES: pilots}", "headings: {Étapes: sub_actions}")
    plan = "Plan Test 2020-2024\n\nFiche 1\nUn titre\nÉtapes\n1. Recenser\n2) Publier\n- Former\n"
    res = load_config_parser(_write(tmp_path, cfg))().parse(plan, "99_test.txt")
    assert [(r["text"], r.get("ref")) for r in res.tables["sub_actions"]] == [
        ("Recenser", "1"),
        ("Publier", "2"),
        ("Former", None),
    ]


# -- structure read by shared rules (gaps of the blind trial on plan 92) ----------------


@pytest.mark.parametrize("bold", [("<b>", "</b>"), ("<strong>", "</strong>")], ids=["b", "strong"])
@pytest.mark.parametrize("lists", ["", "lists: {glyph: '^\\s*[-–•]\\s+'}\n"], ids=["no-lists", "lists"])
def test_html_paragraphs_with_a_bold_label_are_one_field_each(tmp_path, bold, lists):
    o, c = bold
    body = (
        f"<p>{o}Pilote :{c} La PMI</p>\n"
        f"<p>{o}Partenaires :{c} CAF</p>\n"
        f"<p>{o}Étapes :{c}</p>\n<ul>\n<li>Proposer un entretien</li>\n<li>Ouvrir des stages</li>\n</ul>\n"
        f"<p>{o}Calendrier :{c} 2026-2028</p>\n"
    )
    res = _struct(tmp_path, body, lists)
    assert _names(res, "pilot") == ["La PMI"]
    assert _names(res, "partner") == ["CAF"]
    # the <ul> / </ul> lines are no items (with `lists` on they became empty ones)
    assert [r["text"] for r in res.tables["sub_actions"]] == ["Proposer un entretien", "Ouvrir des stages"]
    assert sorted(r["year"] for r in res.tables["calendar"]) == [2026, 2027, 2028]


@pytest.mark.parametrize("moyens", ["MOYENS\n", ""], ids=["printed-empty", "absent"])
def test_move_items_when_the_target_label_is_empty_or_absent(tmp_path, moyens):
    """`when_empty` holds when the label is printed with no value and when it is not
    printed at all (92 sheet 8: the calendar label was absent, the move did nothing)."""
    cfg = BASE.replace(
        "headings: {PILOTES: pilots}", "headings: {PILOTES: pilots, MOYENS: resources, INDICATEURS: indicators}"
    )
    cfg += "move_items: [{when_empty: indicators, from: pilots, matching: '^Indicateur', to: indicators}]\n"
    plan = f"Plan Test 2020-2024\nFiche 1\nTitre\n{moyens}PILOTES\n- PMI\n- Indicateur : nombre de visites\n"
    res = load_config_parser(_write(tmp_path, cfg))().parse(plan, "99.txt", strict=False)
    assert [r["text"] for r in res.tables["indicators"]] == ["Indicateur : nombre de visites"]
    assert _names(res, "pilot") == ["PMI"]


def test_head_lines_takes_several_rules_and_drops_a_printed_label(tmp_path):
    """`head_lines` as a list; a head line printed `Label : value` gives its value only
    (the label was kept, and read as a body); a line without a label is kept whole.
    `Porteur` and `Cible` are no labels of `headings` here: they stay head lines."""
    extra = (
        "head_lines:\n"
        "  - {matching: '^Porteur', to: pilots}\n"
        "  - {matching: '^\\[Fiche issue', to: context}\n"
        "  - {matching: '^Cible : (?P<value>.+)$', to: targets}\n"
    )
    body = "[Fiche issue des recommandations]\nPorteur : La PMI\nCible : familles\nÉtapes\n- Ouvrir\n"
    res = _struct(tmp_path, body, extra)
    assert _names(res, "pilot") == ["La PMI"]
    action = res.tables["actions"][0]
    assert action["context_text"] == "[Fiche issue des recommandations]"
    assert action["targets_text"] == "familles"


def test_head_lines_entries_are_checked(tmp_path):
    with pytest.raises(ConfigError, match=r"head_lines\.1"):
        load_config_parser(_write(tmp_path, STRUCT + "head_lines: [{matching: 'x', to: context}, {to: context}]\n"))


@pytest.mark.parametrize(
    "lines, items",
    [
        # complete lines: a capital or a digit after a line ending closed
        (["2026 : installation du comité", "2027 : premier tableau de bord"], 2),
        (["Publication du tableau de bord", "Nombre d'études conduites"], 2),
        # wrapped phrases: lower-case start, or the line above ends open
        (["Autorité judiciaire, Caisse d'allocations", "familiales, Université de Roquebrune"], 1),
        (["Association Les Petits Pas ; Service départemental", "de protection maternelle"], 1),
        (["Réunir les acteurs du territoire avec", "Éducation nationale"], 1),
        (["Caisse d'allocations familiales,", "Université de Roquebrune"], 1),
        (["A ;", "B"], 1),
        (["Premier semestre", "2026 : ouverture"], 1),
        (["Ouvrir (en lien avec la", "PMI)"], 1),
    ],
)
def test_column_items_join_only_wrapped_phrases(lines, items):
    from schemalab.parsers.configurable import column_items

    got = column_items(list(enumerate(lines, start=10)))
    assert len(got) == items
    assert " ".join(t for _, t in got) == " ".join(lines)
    assert got[0][0] == 10


def test_space_aligned_value_lines_that_are_complete_are_items(tmp_path):
    body = (
        "Pilote        La PMI\n\n"
        "Calendrier    2026 : installation du comité\n"
        "              2027 : premier tableau de bord\n\n"
        "Partenaires   Mission locale des\n"
        "              vallées\n"
    )
    res = _struct(tmp_path, body, strict=False)
    assert [(r["year"], r["label"]) for r in res.tables["calendar"]] == [
        (2026, "installation du comité"),
        (2027, "premier tableau de bord"),
    ]
    assert _names(res, "pilot") == ["La PMI"]
    assert _names(res, "partner") == ["Mission locale des vallées"]


def test_the_table_of_contents_announces_sheets_without_configuration(tmp_path):
    """No `announced` key: the contents lines (dot leaders, page number) naming sheets
    are read, so a `sheet_start` that misses sheets (here the `1.` steps taken for
    sheets) leaves the plan incomplete, which `build` refuses."""
    plan = (
        "Plan Test 2020-2024\nSommaire\n"
        "   Fiche-action n° 1 – Accueillir ............ 4\n"
        "   Fiche-action n° 2 – Former ................ 6\n"
        "   Fiche-action n° 3 – Suivre ................ 8\n\n"
        "### Fiche-action n° 1 – Accueillir\nPILOTES\n- PMI\n1. Ouvrir\n2. Former\n"
        "FICHE-ACTION N° 2\nFormer\nPILOTES\n- PMI\n"
        "<h4>Fiche-action n° 3 – Suivre</h4>\nPILOTES\n- PMI\n"
    )
    good = BASE.replace(
        '"^Fiche (?P<id>\\\\d+)$"',
        "'^(?:### |<h4>)?(?i:Fiche-action n°) (?P<id>\\d+)(?: – )?(?P<title>.*?)(?:</h4>)?$'",
    )
    res = load_config_parser(_write(tmp_path, good))().parse(plan, "99.txt", strict=False)
    assert [a["action_id"] for a in res.tables["actions"]] == ["1", "2", "3"]
    assert not res.incomplete
    bad = BASE.replace('"^Fiche (?P<id>\\\\d+)$"', "'^(?P<id>\\d)\\. (?P<title>.*)$'")
    res = load_config_parser(_write(tmp_path, bad))().parse(plan, "99.txt", strict=False)
    assert res.incomplete and "3 (line 5)" in res.incomplete[0]


def test_lines_before_the_first_label_that_no_key_reads_are_warned(tmp_path):
    """92 sheet 8: lines above the first read label vanished without a word."""
    body = "<p><b>Public :</b> jeunes confiés</p>\nPilote : La PMI\n"
    res = _struct(tmp_path, body, strict=False)
    warned = [str(w) for w in res.warnings if "before the first label" in str(w)]
    assert len(warned) == 1 and "jeunes confiés" in warned[0] and ":4" in warned[0]
    # mapped, or read by head_lines: no warning; the title below the start is no such line
    res = _struct(tmp_path, body, "head_lines: {matching: '<p><b>Public', to: targets}\n", strict=False)
    assert not [w for w in res.warnings if "before the first label" in str(w)]
    assert res.tables["actions"][0]["targets_text"] == "jeunes confiés"


REVIEW_CONFIG = (
    'code: "97"\nname: Bloc\ndetect: "Bloc"\n'
    "sheet_start: '^Fiche (?P<id>\\d+)$'\n"
    "headings: {Pilote(s): pilots}\nsheets_end: '^BILAN$'\n"
    "review:\n  start: '^BILAN$'\n  columns: {ref: 0, title: 1, status: 2}\n"
    "  status: {realise: '^Réalisée$', en_cours: '^En cours$'}\n"
)
REVIEW_PLAN = "Plan Bloc 2025-2029\n\nFiche 1\nUn titre\nPilote(s) : CAF\n\nBILAN\n{rows}\n"


@pytest.mark.parametrize(
    "rows",
    [
        pytest.param(
            "N°  | Fiche | État\n----|-------|-----\n1   | Créer un observatoire | Réalisée\n2 | Ouvrir | En cours",
            id="no-outer-pipes",
        ),
        pytest.param(
            "| N° | Fiche | État |\n|---|---|---|\n| 1 | Créer un observatoire | Réalisée |\n| 2 | Ouvrir | En cours |",
            id="outer-pipes",
        ),
    ],
)
def test_review_cells_pipes_with_or_without_outer_pipes(tmp_path, rows):
    cfg = tmp_path / "97_bloc.yml"
    cfg.write_text(REVIEW_CONFIG.replace("review:\n", "review:\n  cells: pipes\n"), encoding="utf-8")
    res = load_config_parser(cfg)().parse(REVIEW_PLAN.format(rows=rows), "97.txt", strict=True)
    assert [(r["ref"], r["title"], r["status"]) for r in res.tables["previous_review"]] == [
        ("1", "Créer un observatoire", "realise"),
        ("2", "Ouvrir", "en_cours"),
    ]


def test_a_running_page_header_inside_the_review_table_is_no_reviewed_action(tmp_path):
    """``skip`` lines are dropped from the review section as from a sheet: a page header
    printed with pipes between two rows (89's "Monts-d'Azur | Schéma … 2025-2029") is not
    read as a row."""
    cfg = tmp_path / "97_bloc.yml"
    config = REVIEW_CONFIG.replace("review:\n", "review:\n  cells: pipes\n")
    cfg.write_text(config + "skip: ['^Bloc \\| Schéma 2025-2029$', '— page \\d+ —']\n", encoding="utf-8")
    rows = (
        "| N° | Fiche | État |\n|---|---|---|\n| 1 | Créer un observatoire | Réalisée |\n\n"
        "            — page 9 —\n\nBloc | Schéma 2025-2029\n\n| 2 | Ouvrir | En cours |"
    )
    res = load_config_parser(cfg)().parse(REVIEW_PLAN.format(rows=rows), "97.txt", strict=True)
    assert [(r["ref"], r["title"], r["status"]) for r in res.tables["previous_review"]] == [
        ("1", "Créer un observatoire", "realise"),
        ("2", "Ouvrir", "en_cours"),
    ]


def test_a_review_row_wrapped_onto_a_row_with_an_empty_number_continues_its_title(tmp_path):
    """88: `| 5 | Nommer un référent santé dans chaque | Réalisée | |` then
    `|   | maison d'enfants à caractère social | | |`: one reviewed action."""
    cfg = tmp_path / "97_bloc.yml"
    cfg.write_text(REVIEW_CONFIG.replace("review:\n", "review:\n  cells: pipes\n"), encoding="utf-8")
    rows = (
        "| N° | Fiche | État | Commentaire |\n|---|---|---|---|\n"
        "| 5 | Nommer un référent santé dans chaque | Réalisée | |\n"
        "|   | maison d'enfants à caractère social | | |\n| 6 | Ouvrir | En cours | |"
    )
    res = load_config_parser(cfg)().parse(REVIEW_PLAN.format(rows=rows), "97.txt", strict=True)
    assert [(r["ref"], r["title"], r["status"]) for r in res.tables["previous_review"]] == [
        ("5", "Nommer un référent santé dans chaque maison d'enfants à caractère social", "realise"),
        ("6", "Ouvrir", "en_cours"),
    ]


def test_review_groups_give_the_rows_below_them_their_context(tmp_path):
    """``review.groups`` in a table read by cells (no ``row``): each reviewed action gets the
    group lines printed above it as its context (outer first; an outer group clears the inner
    one), which the theme step reads it under; rows above the first group get none."""
    cfg = tmp_path / "97_bloc.yml"
    cfg.write_text(
        REVIEW_CONFIG.replace("review:\n", "review:\n  cells: pipes\n  groups: ['^## Orientation', '^### Axe']\n"),
        encoding="utf-8",
    )
    rows = (
        "| N° | Fiche | État |\n|---|---|---|\n| 0 | Avant tout | Réalisée |\n"
        "## Orientation 1 : Prévenir\n### Axe 1 : Soutenir les parents\n"
        "| 1 | Créer un relais parental | Réalisée |\n| 2 | Ouvrir un lieu d'accueil | En cours |\n"
        "## Orientation 2 : Accueillir\n| 3 | Recruter des assistants familiaux | Réalisée |"
    )
    res = load_config_parser(cfg)().parse(REVIEW_PLAN.format(rows=rows), "97.txt", strict=True)
    assert [(r["ref"], r["context"]) for r in res.tables["previous_review"]] == [
        ("0", None),
        ("1", "Orientation 1 : Prévenir — Axe 1 : Soutenir les parents"),
        ("2", "Orientation 1 : Prévenir — Axe 1 : Soutenir les parents"),
        ("3", "Orientation 2 : Accueillir"),
    ]


def test_review_cells_pipes_with_a_row_pattern(tmp_path):
    # a table printed with no outer pipes is read with them (extract.pandoc_lines, since 83);
    # `row` written on the printed line (`^\d`) still matches
    cfg = tmp_path / "97_bloc.yml"
    cfg.write_text(REVIEW_CONFIG.replace("review:\n", "review:\n  cells: pipes\n  row: '^\\d'\n"), encoding="utf-8")
    rows = "N°  | Fiche | État\n----|-------|-----\n1 | Créer un observatoire | Réalisée"
    res = load_config_parser(cfg)().parse(REVIEW_PLAN.format(rows=rows), "97.txt", strict=True)
    assert [(r["ref"], r["title"], r["status"]) for r in res.tables["previous_review"]] == [
        ("1", "Créer un observatoire", "realise")
    ]


def test_a_review_that_reads_no_row_says_so(tmp_path):
    # pipes without outer pipes are not read by the default reader: reported, not silent
    cfg = tmp_path / "97_bloc.yml"
    cfg.write_text(REVIEW_CONFIG, encoding="utf-8")
    text = REVIEW_PLAN.format(rows="N° | Fiche | État\n1 | Créer | Réalisée")
    res = load_config_parser(cfg)().parse(text, "97.txt")
    assert not res.tables["previous_review"]
    assert any("`review` read no row" in w for w in res.warnings)
    with pytest.raises(ParseError, match="read no row"):
        load_config_parser(cfg)().parse(text, "97.txt", strict=True)


@pytest.mark.parametrize(
    "printed",
    [
        pytest.param("*Pilotes* : CAF ; MSA\n_Budget_ : 10 000 € par an.", id="italic-label-then-colon"),
        pytest.param("*Pilotes :* CAF ; MSA\n*Budget :* 10 000 € par an.", id="colon-inside-italics"),
        pytest.param("<i>Pilotes</i> : CAF ; MSA\n<em>Budget :</em> 10 000 € par an.", id="html-italics"),
    ],
)
def test_italic_labels_with_their_value_on_the_line(tmp_path, printed):
    cfg = tmp_path / "97_bloc.yml"
    cfg.write_text(
        'code: "97"\nname: Bloc\ndetect: "Bloc"\nsheet_start: \'^Fiche (?P<id>\\d+)$\'\n'
        "headings: {Pilotes: pilots, Budget: resources, Calendrier: calendar}\nsplit_items: '\\s+;\\s+'\n",
        encoding="utf-8",
    )
    text = f"Plan Bloc 2025-2029\n\nFiche 1\nUn titre\nCalendrier : 2026\n{printed}\n"
    res = load_config_parser(cfg)().parse(text, "97.txt", strict=True)
    assert [(r["role"], r["name_raw"]) for r in res.tables["action_actors"]] == [("pilot", "CAF"), ("pilot", "MSA")]
    assert res.tables["actions"][0]["resources_text"] == "10 000 € par an."
    assert [r["year"] for r in res.tables["calendar"]] == [2026]


def test_head_lines_apply_in_the_order_written(tmp_path):
    # two rules reading one head line "Tag : B · A": the field opens with the first rule's value
    cfg = tmp_path / "97_bloc.yml"
    cfg.write_text(
        'code: "97"\nname: Bloc\ndetect: "Bloc"\nsheet_start: \'^Fiche (?P<id>\\d+)$\'\n'
        "headings: {Partenaires: partners}\n"
        "head_lines:\n"
        "  - {matching: '^Tag : .* · (?P<value>\\S.*)$', to: context}\n"
        "  - {matching: '^Tag : (?P<value>\\S.*?) · ', to: context}\n",
        encoding="utf-8",
    )
    text = "Plan Bloc 2025-2029\n\nFiche 1\nUn titre\nTag : second · premier\nPartenaires : PMI\n"
    res = load_config_parser(cfg)().parse(text, "97.txt", strict=True)
    assert res.tables["actions"][0]["context_text"].split() == ["premier", "second"]


def test_a_label_line_after_a_gantt_grid_is_not_swallowed_by_the_calendar(tmp_path):
    # "Observations : …" printed after the grid, not in headings: an unknown heading
    cfg = tmp_path / "97_bloc.yml"
    cfg.write_text(
        'code: "97"\nname: Bloc\ndetect: "Bloc"\nsheet_start: \'^Fiche (?P<id>\\d+)$\'\n'
        "headings: {Pilotes: pilots, Calendrier: calendar}\n",
        encoding="utf-8",
    )
    grid = "Calendrier :\n\n| | 2025 | 2026 |\n|---|---|---|\n| Ouverture | X | |\n\n"
    text = f"Plan Bloc 2025-2029\n\nFiche 1\nUn titre\nPilotes : CAF\n{grid}*Observations* : un texte\n2026 : bilan\n"
    res = load_config_parser(cfg)().parse(text, "97.txt")
    assert res.unknown_headings == [(12, "Observations")]
    assert [(r["year"], r["source"]) for r in res.tables["calendar"]] == [(2025, "gantt"), (2026, "sheet")]
    with pytest.raises(ParseError):
        load_config_parser(cfg)().parse(text, "97.txt", strict=True)


def test_an_inline_list_wrapped_at_its_separator_and_plan_money_across_wraps(tmp_path):
    """91's blind trial: an inline value cut at ``split_items`` across a line break
    ("… admission ;" / "nombre de …", lower case) gives two items; a plan-level amount
    whose sentence starts on the line above ("En 2024, le" / "Département a consacré
    62,8 M€") takes that sentence's year; a cell's numbered <br> items keep their refs."""
    cfg = BASE.replace(
        "headings: {PILOTES: pilots}",
        "headings: {PILOTES: pilots, Indicateurs: indicators, Étapes: sub_actions, Moyens: resources}",
    ) + ("split_items: '\\s+;(?:\\s+|$)'\nplan_money: before_first_sheet\namount_years: sentence\n")
    plan = "\n".join(
        [
            "Plan Test 2025-2029",
            "",
            "Protéger les enfants est notre mission. En 2024, le",
            "Département a consacré 62,8 M€ à la protection de l'enfance.",
            "",
            "Fiche 1",
            "Un titre",
            "Indicateurs : part des enfants ayant eu un bilan à l'admission ;",
            "nombre de consultations réalisées.",
            "",
            "| Étapes | 1. Aménager un véhicule <br> 2. Définir une tournée |",
            "| Moyens | 95 000 € par an |",
            "",
            "Fiche 2",
            "Un autre titre",
            "Indicateurs : taux de réponse des familles",
            "sous trois mois.",
            "",
        ]
    )
    res = load_config_parser(_write(tmp_path, cfg))().parse(plan, "99_test.txt", strict=False)
    assert [(r["text"], r["line"]) for r in res.tables["indicators"]] == [
        ("part des enfants ayant eu un bilan à l'admission", 8),
        ("nombre de consultations réalisées", 9),
        ("taux de réponse des familles sous trois mois.", 16),  # no cut at the wrap: one item
    ]
    assert [(r["ref"], r["text"]) for r in res.tables["sub_actions"]] == [
        ("1", "Aménager un véhicule"),
        ("2", "Définir une tournée"),
    ]
    money = {r["amount_raw"]: r for r in res.tables["budget_lines"]}
    assert money["62,8 M€"]["year"] == 2024
    assert money["62,8 M€"]["context"].startswith("En 2024, le Département a consacré")
    assert money["95 000 €"]["context"] == "95 000 € par an"


def test_a_title_whose_bold_closes_on_the_line_below_is_one_title(tmp_path):
    """88: `**Action 1.1.2 : Créer une équipe mobile de soutien à la parentalité` /
    `pour les territoires ruraux du Bocage**`: the bold opened on the start line closes
    on the next, which ends the title; the context starts after it."""
    cfg = tmp_path / "97_bloc.yml"
    cfg.write_text(
        'code: "97"\nname: Bloc\ndetect: "Bloc"\n'
        "sheet_start: '^\\*\\*Action (?P<id>\\d+) : (?P<title>.*?)(?:\\*\\*)?\\s*$'\n"
        "headings: {Pilote: pilots}\nhead_lines: {matching: '.', to: context}\n",
        encoding="utf-8",
    )
    plan = (
        "Plan Bloc 2025-2029\n\n**Action 1 : Créer une équipe mobile de soutien\npour les territoires ruraux**\n"
        "Des familles sont loin des services.\nPilote : CAF\n\n**Action 2 : Ouvrir un lieu**\nPilote : CAF\n"
    )
    res = load_config_parser(cfg)().parse(plan, "97.txt", strict=True)
    acts = res.tables["actions"]
    assert [(a["action_id"], a["title"]) for a in acts] == [
        ("1", "Créer une équipe mobile de soutien pour les territoires ruraux"),
        ("2", "Ouvrir un lieu"),
    ]
    assert acts[0]["context_text"] == "Des familles sont loin des services."


def test_a_cover_title_wrapped_over_two_heading_lines_is_joined_with_a_space(tmp_path):
    """88: `# Schéma départemental de protection` / `# de l'enfance et de la famille`
    (``title.continued_by``): one title, the heading marks of the second line dropped;
    a subtitle that starts a phrase of its own (Orne's `TOME 2`) still follows ", "."""
    cfg = tmp_path / "97_bloc.yml"
    base = 'code: "97"\nname: Bloc\ndetect: "Bloc"\nsheet_start: \'^Fiche (?P<id>\\d+)$\'\nheadings: {Pilote: pilots}\n'
    title = "title: {pattern: '^# (?P<title>Schéma .*)$', continued_by: '%s', period: '(?P<start>20\\d\\d) – (?P<end>20\\d\\d)'}\n"
    plan = "Bloc\n# Schéma départemental de protection\n# de l'enfance et de la famille\nTOME 2 : actions\n2026 – 2031\nFiche 1\nUn titre\nPilote : CAF\n"
    cfg.write_text(base + title % "^# de l", encoding="utf-8")
    res = load_config_parser(cfg)().parse(plan, "97.txt", strict=True)
    assert res.tables["plans"][0]["title"] == "Schéma départemental de protection de l'enfance et de la famille"
    cfg.write_text(base + title % "^TOME", encoding="utf-8")
    res = load_config_parser(cfg)().parse(plan, "97.txt", strict=True)
    assert res.tables["plans"][0]["title"] == "Schéma départemental de protection, TOME 2 : actions"
    # 73 (pypdf): the cover's « Schéma départemental enfance- » / « famille »: a compound
    # cut at its hyphen is joined whole
    cut = "Bloc\n# Schéma départemental enfance-\nfamille\n2026 – 2031\nFiche 1\nUn titre\nPilote : CAF\n"
    cfg.write_text(base + title % "^famille", encoding="utf-8")
    res = load_config_parser(cfg)().parse(cut, "97.txt", strict=True)
    assert res.tables["plans"][0]["title"] == "Schéma départemental enfance-famille"


def test_a_scope_rule_reads_a_sheet_amount_on_its_own_sentence_when_no_blank_line_parts_it(tmp_path):
    """88: a sheet printed without blank lines is one "paragraph" from its start to its
    amount; the amount's sentence is its own line's, so `money.scope_rules` can match it
    (the rule matched a 300-character cut of the sheet's first lines before)."""
    cfg = tmp_path / "97_bloc.yml"
    cfg.write_text(
        'code: "97"\nname: Bloc\ndetect: "Bloc"\nsheet_start: \'^Fiche (?P<id>\\d+)$\'\n'
        "headings: {ÉTAPES: sub_actions, PILOTE: pilots, FINANCEMENT: resources}\n"
        "money: {scope_rules: [{sentence: 'fonds européens', scope: third_party}]}\n",
        encoding="utf-8",
    )
    steps = "".join(f"- Étape numéro {k} de la mise en œuvre de cette action sur le territoire\n" for k in range(8))
    plan = f"Plan Bloc 2025-2029\nFiche 1\nUn titre\nÉTAPES\n{steps}PILOTE\n- CAF\nFINANCEMENT\n80 000 € sur les fonds européens.\n"
    res = load_config_parser(cfg)().parse(plan, "97.txt", strict=True)
    (row,) = res.tables["budget_lines"]
    assert (row["amount_eur"], row["scope"], row["context"]) == (
        80000.0,
        "third_party",
        "80 000 € sur les fonds européens.",
    )


def test_a_label_row_printed_in_the_header_position_keeps_its_rule_out_of_the_value(tmp_path):
    """88: the first label | content row is printed as the table's header, the `|---|---|`
    rule under it; the rule is markup, never part of the pilot's name."""
    res = _struct(
        tmp_path,
        "| Pilote | La PMI |\n|---|---|\n| Étapes | Ouvrir <br> Former |\n",
    )
    assert _names(res, "pilot") == ["La PMI"]
    assert [r["text"] for r in res.tables["sub_actions"]] == ["Ouvrir", "Former"]


@pytest.mark.parametrize(
    "body",
    [
        # 88: a label | content row whose content prints two labels of its own
        "| Acteurs | Pilote : La PMI – Partenaires : CAF, Éducation nationale |\n|---|---|\n| Calendrier | 2026 |\n",
        # the same as an inline value
        "Acteurs : Pilote : La PMI ; Partenaires : CAF, Éducation nationale\nCalendrier : 2026\n",
    ],
    ids=["pipe-row", "inline"],
)
def test_a_value_printing_labels_of_its_own_gives_each_part_its_field(tmp_path, body):
    config = STRUCT.replace("Constat: context}", "Constat: context, Acteurs: pilots}")
    plan = "Plan Test 2020-2024\nFiche 1\nUn titre\n" + body
    res = load_config_parser(_write(tmp_path, config))().parse(plan, "99_test.txt", strict=True)
    assert _names(res, "pilot") == ["La PMI"]
    assert _names(res, "partner") == ["CAF", "Éducation nationale"]
    assert [r["year"] for r in res.tables["calendar"]] == [2026]


def test_a_value_whose_colon_names_no_field_stays_one_value(tmp_path):
    res = _struct(tmp_path, "| Étapes | Recruter : deux postes – Former : les équipes |\n")
    assert [r["text"] for r in res.tables["sub_actions"]] == ["Recruter : deux postes – Former : les équipes"]


def test_a_configured_sheet_with_a_recurring_schedule_and_no_year_is_relative(tmp_path):
    """A configured plan reads its calendar with the shared reader: "chaque année" and
    no year is a relative schedule, as in the Python parsers (it was `absent`)."""
    res = _struct(tmp_path, "Calendrier : chaque année, en juin\nPilote : CAF\n")
    assert res.tables["actions"][0]["calendar_status"] == "relative"
    assert res.tables["calendar"] == []


PDFTOTEXT = (
    "FICHE ACTION N°7\n"
    "Structurer le parcours de soins et l'accompa-\n"
    "gnement psychique des enfants confiés\n"
    "  Étapes de mise        • Ouvrir une unité de 8 places à double habilitation\n"
    "  en œuvre                ASE / Protection judiciaire de la jeunesse\n"
    "                        • Créer une colocation à Saint-Aubin-des-\n"
    "                          Marais\n"
    "  Partenaires           Maison départementale des adolescents de Côtes-et-\n"
    "                        Marais ; Mission locale\n"
    "  Calendrier                              2025    2026    2027\n"
    "                        Achat du véhicule  X\n"
    "                        Premières tournées         X\n"
    "  Indicateurs de        Nombre de bilans de santé\n"
    "  réalisation\n"
)


def test_a_sheet_as_pdftotext_lays_it_out_is_read(tmp_path):
    """87 (a PDF converted by `pdftotext -layout`): labels indented by two spaces, a label
    wrapped with its first part no label of its own (`Étapes de mise` / `en œuvre`) or its
    last part alone on its line (`Indicateurs de` / `réalisation`), a value in a hanging
    indent under its bullet, words cut by a hyphen at the line end (a cut word joined
    whole, a compound keeping its hyphen), the title continued after a cut word, and a
    year grid printed in the value column."""
    cfg = tmp_path / "97_bloc.yml"
    cfg.write_text(
        'code: "97"\nname: Bloc\ndetect: "Bloc"\nsheet_start: \'^FICHE ACTION N°(?P<id>\\d+)$\'\n'
        "headings: {Étapes de mise en œuvre: sub_actions, Partenaires: partners, Calendrier: calendar,"
        " Indicateurs de réalisation: indicators_realisation}\n"
        "split_items: {pattern: '\\s+;\\s+', fields: [partners]}\n",
        encoding="utf-8",
    )
    res = load_config_parser(cfg)().parse("Plan Bloc 2025-2029\n\n" + PDFTOTEXT, "97.txt", strict=True)
    t = res.tables
    assert t["actions"][0]["title"] == (
        "Structurer le parcours de soins et l'accompagnement psychique des enfants confiés"
    )
    assert [r["text"] for r in t["sub_actions"]] == [
        "Ouvrir une unité de 8 places à double habilitation ASE / Protection judiciaire de la jeunesse",
        "Créer une colocation à Saint-Aubin-des-Marais",
    ]
    assert [r["name"] for r in t["action_actors"]] == [
        "Maison départementale des adolescents de Côtes-et-Marais",
        "Mission locale",
    ]
    assert [(r["year"], r["label"]) for r in t["calendar"]] == [
        (2025, "Achat du véhicule"),
        (2026, "Premières tournées"),
    ]
    assert [(r["kind"], r["text"]) for r in t["indicators"]] == [("realisation", "Nombre de bilans de santé")]


def test_a_plan_whose_sheets_read_no_field_is_refused_under_strict(tmp_path):
    """87's blind run: every sheet found, not one label read (the labels were where the
    reader did not look), and the strict build passed. Now an error under strict, a
    warning otherwise, naming the first sheet's line."""
    cfg = tmp_path / "97_bloc.yml"
    cfg.write_text(
        'code: "97"\nname: Bloc\ndetect: "Bloc"\nsheet_start: \'^Fiche (?P<id>\\d+)$\'\nheadings: {Pilote: pilots}\n',
        encoding="utf-8",
    )
    plan = "Plan Bloc 2025-2029\nFiche 1\nUn titre\n  Porteur      CAF\nFiche 2\nUn autre\n  Porteur      ARS\n"
    with pytest.raises(ParseError, match=r"97.txt:2: .*no field read in any of the 2 sheets"):
        load_config_parser(cfg)().parse(plan, "97.txt", strict=True)
    res = load_config_parser(cfg)().parse(plan, "97.txt", strict=False)
    assert any("no field read" in str(w) for w in res.warnings)
    res = load_config_parser(cfg)().parse(plan.replace("Porteur", "Pilote"), "97.txt", strict=True)
    assert [r["name"] for r in res.tables["action_actors"]] == ["CAF", "ARS"]


def test_a_wrapped_label_mapped_by_its_first_line_keeps_its_tail_out_of_the_value(tmp_path):
    """A configuration (or the scaffold's draft) that maps only `Étapes de mise`: the tail
    `en œuvre` printed under it is the label's, not a step, and the columns go on."""
    cfg = tmp_path / "97_bloc.yml"
    cfg.write_text(
        'code: "97"\nname: Bloc\ndetect: "Bloc"\nsheet_start: \'^FICHE ACTION N°(?P<id>\\d+)$\'\n'
        "headings: {Étapes de mise: sub_actions, Partenaires: partners}\n",
        encoding="utf-8",
    )
    plan = (
        "Plan Bloc 2025-2029\n\nFICHE ACTION N°1\nOuvrir une unité\n"
        "  Étapes de mise        • Ouvrir huit places\n"
        "  en œuvre              • Recruter l'équipe\n"
        "  Partenaires           Mission locale\n"
    )
    res = load_config_parser(cfg)().parse(plan, "97.txt", strict=True)
    assert [r["text"] for r in res.tables["sub_actions"]] == ["Ouvrir huit places", "Recruter l'équipe"]
    assert [r["name"] for r in res.tables["action_actors"]] == ["Mission locale"]


def test_a_sheet_title_printed_in_a_label_row_is_the_title(tmp_path):
    """84: `### Action 2.4` alone, its title in a `| Intitulé | … |` row standing in the
    header position of the sheet's table; `Intitulé: title` reads it. A title printed on
    the start line is kept (1.1)."""
    cfg = tmp_path / "97_bloc.yml"
    cfg.write_text(
        'code: "97"\nname: Bloc\ndetect: "Bloc"\n'
        "sheet_start: '^### Action (?P<id>\\d\\.\\d)(?:\\s*[–:]\\s*)?(?P<title>.*?)\\s*$'\n"
        "headings: {Intitulé: title, Pilote: pilots, Contexte: context, Rubrique: ignore}\n",
        encoding="utf-8",
    )
    plan = (
        "Bloc 2025-2029\n\n### Action 1.1 – Renforcer la PMI\n\n| Rubrique | Contenu |\n|---|---|\n"
        "| Contexte | Peu de puéricultrices. |\n| Pilote | CAF |\n\n### Action 2.4\n\n"
        "| Intitulé | Améliorer la santé des enfants confiés |\n|---|---|\n| Contexte | Des délais. |\n"
        "| Pilote | ARS |\n"
    )
    res = load_config_parser(cfg)().parse(plan, "97.txt", strict=True)
    titles = [(a["action_id"], a["title"]) for a in res.tables["actions"]]
    assert titles == [("1.1", "Renforcer la PMI"), ("2.4", "Améliorer la santé des enfants confiés")]
    assert [a["context_text"] for a in res.tables["actions"]] == ["Peu de puéricultrices.", "Des délais."]


def test_a_bold_question_and_its_answer_on_one_line_is_a_label(tmp_path):
    """83 sheet 8: `**Qui pilote ?** La direction de l'enfance` (the other sheets print the
    question on its own line): the value goes to the question's field."""
    cfg = tmp_path / "97_bloc.yml"
    cfg.write_text(
        'code: "97"\nname: Bloc\ndetect: "Bloc"\nsheet_start: \'^### Fiche (?P<id>\\d+) : (?P<title>.*)$\'\n'
        "headings: {'Qui pilote ?': pilots, 'Avec qui ?': partners}\nsplit_items: '\\s+;\\s+'\n",
        encoding="utf-8",
    )
    plan = "Bloc 2025-2029\n\n### Fiche 1 : Un titre\n\n**Qui pilote ?** CAF\n\n**Avec qui ?**\n\nARS ; MSA\n"
    res = load_config_parser(cfg)().parse(plan, "97.txt", strict=True)
    assert [(r["role"], r["name"]) for r in res.tables["action_actors"]] == [
        ("pilot", "CAF"),
        ("partner", "ARS"),
        ("partner", "MSA"),
    ]
