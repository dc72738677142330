"""Plans 65 and 66: each written and read by hand by one helper with the real converter,
configured blind by another from the README alone (tests/fixtures/65_run.md, 66_run.md).

- 65 (Hautes-Fagnes): a Word document read by docx2python (``docx2python(path).text``):
  a paragraph a line with a blank line between, tables one cell per paragraph, a cell merged
  over two columns printed once per column, list numbers as ``1)<TAB>`` and ``--<TAB>``.
- 66 (Val-de-Sèvre): a designed PDF read by pypdfium2 (``get_text_range``): CRLF inside a
  page, a word cut at a line end printed whole on one line with U+FFFE where its hyphen was,
  the running header and footer first on each page.

Each test reads what a reader finds at the lines it quotes."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import fixture_lines, parse_fixture

FIXTURES = Path(__file__).parent / "fixtures"
PLAN_65 = "65_hautes-fagnes_2026-2030.txt"
PLAN_66 = "66_val-de-sevre_2026-2030.txt"
_lines = fixture_lines


@pytest.fixture(scope="module")
def plan65():
    return parse_fixture(PLAN_65, "65_hautes-fagnes.yml")


@pytest.fixture(scope="module")
def plan66():
    return parse_fixture(PLAN_66, "66_val-de-sevre.yml")


def test_a_cell_merged_over_two_columns_is_read_once(plan65):
    """65 sheet 4.1 (l.595-667): docx2python prints each value cell, merged over two columns,
    once per column: « Direction de l'enfance et de la famille – pôle jeunes majeurs » (l.599)
    and again (l.601), the four steps, then the four steps again. The configurer found every
    pilot, partner, step and indicator of the sheet read twice, and no key to drop the copy."""
    assert _lines(PLAN_65, 599, 599) == [(599, _lines(PLAN_65, 601, 601)[0][1])]

    def of_41(table):
        return [r for r in plan65.tables[table] if r["action_id"] == "4.1"]

    assert [r["name"] for r in of_41("action_actors") if r["role"] == "pilot"] == [
        "Direction de l'enfance et de la famille – pôle jeunes majeurs"
    ]
    steps = [r["text"] for r in of_41("sub_actions")]
    assert len(steps) == 4 and len(set(steps)) == 4
    assert len(of_41("indicators")) == 2


def test_a_word_pdfium_cut_at_a_line_end_is_whole():
    """66 l.234 « … Direction de l'enfance et de la fa\\ufffemille », l.314 « médecins
    libé\\ufffferaux »: pdfium prints the two parts of a hyphenated word on one line with
    U+FFFE between; the configurer found it in 13 actor rows and 7 review rows, two of them
    names the registry could not know. The words are whole; a hyphen stays before a capital."""
    raw = (FIXTURES / PLAN_66).read_text(encoding="utf-8").splitlines()
    assert "fa\ufffemille" in raw[233]
    assert _lines(PLAN_66, 234, 234)[0][1].endswith("Direction de l’enfance et de la famille")
    assert _lines(PLAN_66, 314, 314)[0][1].endswith("médecins libéraux")
    from schemalab.textio import normalise

    assert normalise("Val-de\ufffeSèvre, les enfants\ufffeparents et les enfants-parents") == (
        "Val-de-Sèvre, les enfants-parents et les enfants-parents"
    )


def test_no_actor_keeps_pdfiums_mark(plan66):
    names = [r["name"] for r in plan66.tables["action_actors"]]
    assert names and not any("\ufffe" in n for n in names)
    assert "Direction de l’enfance et de la famille" in names


def test_a_year_grid_printed_with_single_spaces(plan66):
    """66 sheet 3.2 (l.303-308): pdfium prints the grid « Étape 2026 2027 2028 2029 2030 » over
    « Signature des CPOM X X – – – », one token per cell, an empty cell as « – ». The
    configurer found five junk rows and no warning; each row's marks schedule its step."""
    assert [t for _, t in _lines(PLAN_66, 303, 305)] == [
        "Étape 2026 2027 2028 2029 2030",
        "Appel à projets « petites unités de vie » X – – – –",
        "Signature des CPOM X X – – –",
    ]
    rows = sorted((r["year"], r["label"]) for r in plan66.tables["calendar"] if r["action_id"] == "3.2")
    assert rows == sorted(
        [
            (2026, "Appel à projets « petites unités de vie »"),
            (2026, "Signature des CPOM"),
            (2027, "Signature des CPOM"),
            (2027, "Ouverture des petites unités"),
            (2028, "Ouverture des petites unités"),
            (2028, "Places d’accueil des fratries"),
            (2029, "Places d’accueil des fratries"),
            (2029, "Ouverture des lieux de vie et d’accueil"),
            (2030, "Ouverture des lieux de vie et d’accueil"),
        ]
    )
    from schemalab.extract import grid_rows

    # a year list in prose is no grid: no row under it ends with one token per year
    assert grid_rows([(1, "Calendrier 2026 2027 2028"), (2, "Ouverture du service en septembre")]) == []


def test_a_review_row_pattern_with_an_optional_title_group(tmp_path, plan66):
    """66 Annexe 1 prints some rows' numbers alone on their line (l.410 « 1 »), others before
    the title. The configurer's first `row`, whose title group is optional
    (``^(?P<n>\\d{1,2})(?:\\s+(?P<title>[A-ZÉ].*))?$``), crashed the parser with an « internal
    error » (AttributeError) naming no key; an unmatched group is now an empty title, and
    the rows read as with the configurer's final pattern."""
    from schemalab.parsers.configurable import load_config_parser

    cfg = (FIXTURES / "66_val-de-sevre.yml").read_text(encoding="utf-8")
    final = "  row: '^(?P<n>\\d{1,2})(?:\\s+|$)(?P<title>(?:[A-ZÉ].*)?)$'"
    assert final in cfg
    yml = tmp_path / "66_val-de-sevre.yml"
    yml.write_text(cfg.replace(final, "  row: '^(?P<n>\\d{1,2})(?:\\s+(?P<title>[A-ZÉ].*))?$'"), encoding="utf-8")
    res = load_config_parser(yml)().parse((FIXTURES / PLAN_66).read_bytes(), PLAN_66)

    def rows(tables):
        return [(r["ref"], r["title"], r["status"]) for r in tables["previous_review"]]

    assert len(rows(res.tables)) == 11
    assert rows(res.tables) == rows(plan66.tables)


def test_the_draft_skips_a_footer_ending_on_its_page_number_and_reads_a_title_over_three_lines(tmp_path):
    """66: pdfium prints each page's running header, then its footer ending on the page's
    number, before the body (l.9-10 « VAL-DE-SÈVRE Schéma … 2026-2030 » / « Département du
    Val-de-Sèvre – Direction de l'enfance et de la famille 2 »). The draft proposed no `skip`
    (a footer's number after its words was no page line), and the page-8 footer ran into
    2.2's last partner. The cover's title wraps over three lines (l.4-6), and `continued_by`
    joined one: the title read « Schéma départemental de prévention et de protection de »."""
    from conftest import draft_for

    from schemalab.parsers.configurable import load_config_parser

    assert [t for _, t in _lines(PLAN_66, 4, 6)] == [
        "Schéma départemental de",
        "prévention et de protection de",
        "l’enfance",
    ]
    draft = draft_for("66", PLAN_66)
    assert (
        "  - '^D[éèêëe]partement du Val\\-de\\-S[éèêëe]vre – Direction de l’enfance et de la famille \\d+\\s*$'"
        in draft
    )
    yml = tmp_path / "66_essai.yml"
    yml.write_text(draft, encoding="utf-8")
    res = load_config_parser(yml)().parse((FIXTURES / PLAN_66).read_bytes(), PLAN_66)
    assert res.tables["plans"][0]["title"] == "Schéma départemental de prévention et de protection de l’enfance"
    partners = [r["name"] for r in res.tables["action_actors"]]
    assert not any("Direction de l’enfance et de la famille 8" in n or n.startswith("VAL-DE-SÈVRE") for n in partners)


def test_the_drafted_review_row_is_a_number_alone_or_before_a_title(tmp_path):
    """65 Annexe 1: docx2python prints the review table one cell per paragraph, a row's number
    alone (« 3 »), its remark cell too (l.783 « 62 % de couverture … »). The draft's `row`
    took any line opening on a number, so the remarks « 62 % … » and « 54 % … » were read as
    rows 62 and 54 (12 rows for 10); a title after the number opens with a capital."""
    from conftest import draft_for

    from schemalab.parsers.configurable import load_config_parser

    assert _lines(PLAN_65, 783, 783)[0][1].startswith("62 % de couverture")
    yml = tmp_path / "65_essai.yml"
    yml.write_text(draft_for("65", PLAN_65), encoding="utf-8")
    res = load_config_parser(yml)().parse((FIXTURES / PLAN_65).read_bytes(), PLAN_65)
    assert [r["ref"] for r in res.tables["previous_review"]] == [str(k) for k in range(1, 11)]
