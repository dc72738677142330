"""Plans 71 and 72: two text exports with no wrapping at all, every paragraph, list item and
table cell on a line of its own with no blank line between, each plan written and read by
hand by one helper and configured blind by another from the README alone
(tests/fixtures/71_run.md, 72_run.md).

- 71 (Côtes-d'Armance): a département's web pages scraped with BeautifulSoup
  (``get_text(separator="\\n", strip=True)``): list bullets and ``<ol>`` numbers dropped,
  inline tags cut onto lines of their own (« préoccupantes ( » / « CRIP » / « ) »), a
  recommendation's number alone above it, site chrome on every page.
- 72 (Pays-de-Brocélande): a Word document saved as text by LibreOffice: a table one cell
  per line, a three-column step | content | date table, no page number.

Each test reads what a reader finds at the lines it quotes."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import draft_for, fixture_lines, parse_fixture

from schemalab.extract import normalise_lines
from schemalab.parsers.base import list_lines, step_date

FIXTURES = Path(__file__).parent / "fixtures"
PLAN_71 = "71_cotes-d-armance_2026-2030.txt"
PLAN_72 = "72_pays-de-brocelande_2025-2029.txt"
_lines = fixture_lines
_draft = draft_for


@pytest.fixture(scope="module")
def plan71():
    return parse_fixture(PLAN_71, "71_cotes-d-armance.yml")


@pytest.fixture(scope="module")
def plan72():
    return parse_fixture(PLAN_72, "72_pays-de-brocelande.yml")


def test_items_one_per_line_with_no_glyph_are_apart():
    """71 sheet 1.1 (l.139-141): « Indicateurs » / « Nombre d'entretiens prénataux précoces
    réalisés » / « Part des sorties de maternité … »: two indicators, each a line the
    scraper printed for an ``<li>`` whose bullet it dropped."""
    lines = _lines(PLAN_71, 140, 141)
    assert [t for _, t in list_lines(lines)] == ["- " + t for _, t in lines]
    # a wrapped line goes on: « … suivies par » / « la Mission locale »
    wrapped = [(1, "Nombre de jeunes suivis par"), (2, "la Mission locale")]
    assert list_lines(wrapped) == wrapped


def test_an_inline_tag_cut_onto_its_own_lines_is_joined_without_spaces(plan71):
    """71 sheet 2.1 (l.243-245): « Cellule de recueil des informations préoccupantes ( » /
    « CRIP » / « ) »: BeautifulSoup printed the ``<abbr>`` on its own line."""
    pilots = [r["name"] for r in plan71.tables["action_actors"] if r["action_id"] == "2.1" and r["role"] == "pilot"]
    assert pilots == ["Cellule de recueil des informations préoccupantes (CRIP)"]


def test_a_recommendations_number_alone_above_it_is_its_ref(plan71):
    """71 Annexe 2 (l.642-643): « 1. » alone, then « Être associé aux décisions … »:
    `ref_alone` gives the item its number under `theme` too (it was read only with
    `theme_before`, silently)."""
    rows = plan71.tables["youth_recommendations"]
    assert [r["ref"] for r in rows] == [str(k) for k in range(1, 11)]
    assert (rows[0]["text"], rows[0]["line"]) == (
        "Être associé aux décisions qui me concernent, avec des mots que je comprends",
        642,
    )


def test_a_key_figures_sentence_is_its_caption(plan71):
    """71 « Les chiffres clés » (l.35-45): figures over their captions, no full stop between
    them, so the run l.33-45 was one "sentence" and the configuration's scope rule for
    « 96,5 M€ » / « consacrés par le Département à la protection de l'enfance en 2025 » also
    made « 7 200 000 € » / « de moyens nouveaux prévus sur la durée du schéma » a year's
    budget (71_run.md gap 1). Each key figure's sentence is its caption."""
    assert [t for _, t in _lines(PLAN_71, 42, 45)] == [
        "96,5 M€",
        "consacrés par le Département à la protection de l'enfance en 2025",
        "7 200 000 €",
        "de moyens nouveaux prévus sur la durée du schéma",
    ]
    plan = [r for r in plan71.tables["budget_lines"] if r["action_id"] is None]
    got = {r["amount_eur"]: (r["scope"], r["periodicity"], r["year"]) for r in plan}
    assert got[96_500_000.0] == ("annual_budget", "per_year", 2025)
    assert got[7_200_000.0] == ("plan_envelope", "one_off", None)


def test_a_web_pages_title_drops_the_sites_name():
    """71 (l.1): « Schéma … 2026-2030 | Département des Côtes-d'Armance », the page's
    ``<title>``: the manifest title and the draft's `title:` leave the site's name out."""
    from schemalab.scaffold import plan_title

    text = (FIXTURES / PLAN_71).read_text(encoding="utf-8")
    want = "Schéma départemental de prévention et de protection de l'enfance 2026-2030"
    assert plan_title(normalise_lines(text), "Essai") == want
    assert "(?P<title>Schéma départemental de prévention" in _draft("71", PLAN_71)


@pytest.mark.parametrize(
    "text, dates",
    [
        ("1er semestre 2025", [([2025], 1)]),
        ("2026-2029", [([2026, 2027, 2028, 2029], None)]),
        ("Publier un rapport annuel en 2026", None),  # a step that names its year
    ],
)
def test_a_step_item_that_is_a_date_and_nothing_else(text, dates):
    assert step_date(text) == dates


def test_a_steps_date_printed_alone_under_it_schedules_the_step(plan72):
    """72 sheet 2.2 (l.279-287), a step | content | date table one cell per line: « Étape 1 »
    / « Installer le comité technique de l'ODPE, ouvert aux partenaires » / « 1er semestre
    2025 »: a calendar row labelled by its step, no step of its own; the sheet has a
    calendar though it prints no Calendrier label (strict accepts it)."""
    steps = [r["text"] for r in plan72.tables["sub_actions"] if r["action_id"] == "2.2"]
    assert steps[0] == "Installer le comité technique de l’ODPE, ouvert aux partenaires"
    assert not any(step_date(s) for s in steps)
    cal = [(r["year"], r["semester"], r["label"]) for r in plan72.tables["calendar"] if r["action_id"] == "2.2"]
    assert cal[0] == (2025, 1, "Installer le comité technique de l’ODPE, ouvert aux partenaires")
    assert [y for y, _, _ in cal] == [2025, 2025, 2026, 2027, 2028, 2029]


def test_the_observatory_after_one_dash_is_a_unit_of_the_directorate(plan72):
    """72 sheet 2.2 (l.271): « Direction de l'enfance et de la famille – Observatoire
    départemental de la protection de l'enfance (ODPE) » is one pilot, as two hand
    readings (72, 74) have it."""
    pilots = [r["name"] for r in plan72.tables["action_actors"] if r["action_id"] == "2.2" and r["role"] == "pilot"]
    assert pilots == [
        "Direction de l’enfance et de la famille – Observatoire départemental de la protection de l’enfance (ODPE)"
    ]


def test_numbers_alone_with_no_running_line_are_no_page_numbers():
    """71 and 72 print no page number; their numbers alone number the review's rows (71
    l.600-635). The draft proposes no `skip` for numbers alone there (it did, and its own
    review block read 1 row); 74 (PyMuPDF) prints « Conseil départemental … » / « 20 » at
    every page's foot, so its draft does."""
    number_skip = "'^\\s*[-–—(]?\\s*\\d{1,3}\\s*[-–—)]?\\s*$'"
    assert number_skip not in _draft("71", PLAN_71)
    assert number_skip not in _draft("72", PLAN_72)
    assert number_skip in _draft("74", "74_coteaux-d-aubrac_2026-2030.txt")


def test_the_draft_ends_a_pages_last_sheet_at_the_site_chrome(tmp_path):
    """71 sheet 1.3 (l.158-181) is its page's last: « Nombre d'enfants orientés vers la PCO »,
    then the navigation, footer and next page's header (l.182-238: « Retour au schéma » / « | »
    / « Axe suivant » / « Dans ce schéma » … « © 2026 Département … »), every line of it printed
    on each page. The untouched draft's sheet ran on through them to the next page's first
    sheet; it now drafts `boundaries` at the first line of that block. 72 (a Word text, no
    chrome) gets none."""
    from schemalab.parsers.configurable import load_config_parser

    assert [t for _, t in _lines(PLAN_71, 181, 183)] == [
        "Nombre d'enfants orientés vers la PCO",
        "Retour au schéma",
        "|",
    ]
    draft = _draft("71", PLAN_71)
    assert "boundaries: ['^\\s*Retour au schéma\\s*$', '^\\s*Axe précédent\\s*$'" in draft
    assert "boundaries:" not in _draft("72", PLAN_72)
    yml = tmp_path / "71_essai.yml"
    yml.write_text(draft, encoding="utf-8")
    res = load_config_parser(yml)().parse((FIXTURES / PLAN_71).read_bytes(), PLAN_71)
    last = next(r for r in res.tables["actions"] if r["action_id"] == "1.3")
    assert last["last_line"] == 181
    indicators = [r["text"] for r in res.tables["indicators"] if r["action_id"] == "1.3"]
    assert indicators[-1] == "Nombre d'enfants orientés vers la PCO"


def test_a_review_row_number_survives_the_page_number_skip(tmp_path):
    """74 Annexe 1 (l.605-650): the rows' numbers 1-10 alone on their lines stay rows under
    the page-number `skip` the draft proposes (the review read none with it); a number by a
    skipped running line is a page's and goes (l.652-654: « Faute de recrutements » /
    « Conseil départemental … » / « 20 »)."""
    import re

    from schemalab.parsers.ocr_lines import _skipped_in_review

    number = re.compile(r"^\s*[-–—(]?\s*\d{1,3}\s*[-–—)]?\s*$")
    footer = re.compile(r"^\s*Conseil d[éèêëe]partemental des Coteaux\-d'Aubrac$")
    row = re.compile(r"^(?P<n>\d{1,2})(?P<title>)$")
    span = _lines("74_coteaux-d-aubrac_2026-2030.txt", 645, 654)
    kept = [t for (_, t), gone in zip(span, _skipped_in_review(span, (number, footer), row), strict=True) if not gone]
    assert kept[0] == "9" and "10" in kept and "20" not in kept
    from schemalab.parsers.configurable import load_config_parser

    cfg = (FIXTURES / "74_coteaux-d-aubrac.yml").read_text(encoding="utf-8")
    head = "skip:   # running page headers/footers (they repeat with a page number)\n"
    assert head in cfg
    cfg = cfg.replace(head, head + "  - '^\\s*[-–—(]?\\s*\\d{1,3}\\s*[-–—)]?\\s*$'\n", 1)
    yml = tmp_path / "74_coteaux-d-aubrac.yml"
    yml.write_text(cfg, encoding="utf-8")
    res = load_config_parser(yml)().parse((FIXTURES / "74_coteaux-d-aubrac_2026-2030.txt").read_bytes(), "74.txt")
    assert [r["ref"] for r in res.tables["previous_review"]] == [str(k) for k in range(1, 11)]


def test_axes_cross_referenced_where_a_sheet_prints_its_axis_line_again(tmp_path, plan72):
    """72 chapter 2 (l.129-148) lists each axis's sheets under its axis line (« Axe 1 – … » /
    « • Fiche action n° 1.1 – … »); sheets 1.1 and 2.1 print their axis line again, word for
    word, as the value of their « Axe » label (l.155, l.223). With `axes.cross_reference`
    the first printing of each axis number starts its chapter, as with `axes.pattern` alone
    (the build used to refuse axis 1 as « printed again »), and `axes.end` bounds the last."""
    from schemalab.parsers.configurable import load_config_parser

    assert _lines(PLAN_72, 155, 155)[0][1] == _lines(PLAN_72, 129, 129)[0][1]
    cfg = (FIXTURES / "72_pays-de-brocelande.yml").read_text(encoding="utf-8")
    header = cfg[cfg.index("header:   # no axis line") : cfg.index("summary:   # chapter 2")]
    pattern = "  pattern: '^Axe (?P<n>\\d+) – (?P<title>\\S.*)$'\n"
    assert pattern in cfg
    xref = "  cross_reference: '^\\s*•\\s*(?:Fiche action n°|Fiche|Action)\\s*(?P<n>\\d+\\.\\d+)\\b'\n"
    for end in ("", "  end: '^3\\. Les fiches-actions$'\n"):
        yml = tmp_path / "72_pays-de-brocelande.yml"
        yml.write_text(cfg.replace(header, "").replace(pattern, pattern + xref + end, 1), encoding="utf-8")
        res = load_config_parser(yml)().parse((FIXTURES / PLAN_72).read_bytes(), PLAN_72)
        assert [(a["axis_id"], a["first_line"]) for a in res.tables["axes"]] == [
            ("1", 129),
            ("2", 134),
            ("3", 140),
            ("4", 145),
        ]
        axis_of = {a["action_id"]: a["axis_id"] for a in res.tables["actions"]}
        assert axis_of == {a["action_id"]: a["action_id"].split(".")[0] for a in res.tables["actions"]}
        assert axis_of == {a["action_id"]: a["axis_id"] for a in plan72.tables["actions"]}


def test_review_rows_under_one_level_of_headings(tmp_path, plan72):
    """72 Annexe 1 (l.443-486) prints its rows under « Axe 1 – Prévention », « Axe 2 –
    Protection », « Axe 3 – Parcours et autonomie » with no second level; the configurer had to
    `skip` those lines (`review_outline.group` wanted a subgroup), so no row had a context.
    `group` alone reads them: rows 1-3 under axis 1, 4-7 under axis 2, 8-10 under axis 3, the
    numbers going on across groups, each row's status and remark as before."""
    from schemalab.parsers.configurable import load_config_parser

    assert [t for _, t in _lines(PLAN_72, 443, 443) + _lines(PLAN_72, 457, 457) + _lines(PLAN_72, 475, 475)] == [
        "Axe 1 – Prévention",
        "Axe 2 – Protection",
        "Axe 3 – Parcours et autonomie",
    ]
    cfg = (FIXTURES / "72_pays-de-brocelande.yml").read_text(encoding="utf-8")
    skip = next(line for line in cfg.splitlines(keepends=True) if line.startswith("  - '^Axe [123] – "))
    row = "  row: '^(?P<n>\\d{1,2})\\s*(?P<title>)$'"
    assert row in cfg
    group = "  group: '^Axe (?P<n>[123]) – (?P<title>\\S.*)$'\n  context: 'Axe {group} – {group_title}'\n"
    yml = tmp_path / "72_pays-de-brocelande.yml"
    yml.write_text(cfg.replace(skip, "").replace(row, group + row, 1), encoding="utf-8")
    rows = load_config_parser(yml)().parse((FIXTURES / PLAN_72).read_bytes(), PLAN_72).tables["previous_review"]
    assert [(r["ref"], r["context"]) for r in rows] == [
        (str(k), f"Axe {axis} – {title}")
        for k, axis, title in [(1, 1, "Prévention"), (2, 1, "Prévention"), (3, 1, "Prévention")]
        + [(k, 2, "Protection") for k in range(4, 8)]
        + [(k, 3, "Parcours et autonomie") for k in range(8, 11)]
    ]
    shipped = plan72.tables["previous_review"]
    keep = ("ref", "title", "status", "details_text")
    assert [{k: r[k] for k in keep} for r in rows] == [{k: r[k] for k in keep} for r in shipped]


@pytest.mark.parametrize(
    ("table", "key", "names"),
    [
        ("axes", "axis_id", "`axes.end`"),
        ("previous_review", "ref", "`review.end`"),
        ("youth_recommendations", "ref", "`youth_recommendations.end`"),
    ],
)
def test_a_key_printed_twice_names_the_configuration_key_to_edit(table, key, names):
    """72's configurer met « … is printed again (first at line 129) / fix: edit the key named
    in the message », and no key was named (72_run.md, gap 2): the hint names the block."""
    from schemalab.extract import ParseError
    from schemalab.scaffold import _fix_hint

    exc = ParseError(PLAN_72, 155, f"one {table} row per plan_id, {key}; {{}} is printed again (first at line 129)")
    assert names in _fix_hint(exc)


# Plan 69 (Hautes-Combes): a Word document converted to plain text by pandoc (`-t plain
# --columns=80`): grid tables whose cells wrap inside their column, a cell's line breaks
# printed as plain line ends, contents entries ending on their page number with no leader.
PLAN_69 = "69_hautes-combes_2026-2030.txt"


@pytest.fixture(scope="module")
def plan69():
    return parse_fixture(PLAN_69, "69_hautes-combes.yml")


def test_contents_entries_ending_on_a_page_number_start_no_sheet(tmp_path):
    """69 (l.24, l.225): « Fiche action n° 1.1 – Renforcer … en périnatalité 8 » in the
    contents, the same start line with no page number in the body. The untouched draft
    failed (« sheet 1.1 already starts at line 24 »); the printing that ends on a page number
    is the contents' entry when another does not, and a wrapped entry's page number may be
    on its next line (« … dans » / « les territoires 9 »)."""
    from schemalab.parsers.configurable import load_config_parser

    yml = tmp_path / "69_essai.yml"
    yml.write_text(_draft("69", PLAN_69), encoding="utf-8")
    res = load_config_parser(yml)().parse((FIXTURES / PLAN_69).read_bytes(), PLAN_69)
    starts = {a["action_id"]: a["first_line"] for a in res.tables["actions"]}
    assert starts["1.1"] == 225 and min(starts.values()) > 60


def test_bodies_on_the_lines_of_a_grid_cell_are_apart(plan69):
    """69 sheet 2.3 (l.549-552): the Pilote(s) cell « Direction de l'enfance et de la » /
    « famille » / « Direction des services départementaux » / « de l'Éducation nationale
    (DSDEN) »: two pilots (Word's line break inside a cell prints as a plain line end),
    the first wrapped name whole. Its configurer had to list the joined text in the
    registry."""
    pilots = [r["name"] for r in plan69.tables["action_actors"] if r["action_id"] == "2.3" and r["role"] == "pilot"]
    assert pilots == [
        "Direction de l'enfance et de la famille",
        "Direction des services départementaux de l'Éducation nationale (DSDEN)",
    ]


def test_a_unit_after_its_bodys_dash_in_a_comma_list(plan69):
    """69 sheet 4.2 (l.860-863): « Préfecture des Hautes-Combes – service des étrangers,
    Éducation nationale – centre d'information et d'orientation, … »: each dash joins a unit
    to its body; counted within each comma's group, two dashes no longer enumerate."""
    partners = [r["name"] for r in plan69.tables["action_actors"] if r["action_id"] == "4.2" and r["role"] == "partner"]
    assert "Préfecture des Hautes-Combes – service des étrangers" in partners
    assert "Éducation nationale – centre d'information et d'orientation" in partners
    assert "service des étrangers" not in partners
