"""Table-driven tests of the shared extractors (schemalab.extract)."""

from __future__ import annotations

import pytest

from schemalab.extract import (
    DOC_COMPOUNDS,
    ParseError,
    clean_inline,
    document_compounds,
    euro_amounts,
    html_table_rows,
    inline_tokens,
    join_wrapped,
    normalise_lines,
    parse_bullets,
    semester,
    semester_row,
    year_header,
    years,
)


@pytest.mark.parametrize(
    "raw, expected",
    [
        pytest.param("2025 – 2027", [2025, 2026, 2027], id="en-dash-range"),
        pytest.param("2024-2028", [2024, 2025, 2026, 2027, 2028], id="hyphen-range"),
        pytest.param("2025", [2025], id="single"),
        pytest.param("2025 – élaboration", [2025], id="year-with-phase"),
        pytest.param("2026-2028 - animation", [2026, 2027, 2028], id="range-with-phase"),
        pytest.param("de 2022 à 2024", [2022, 2023, 2024], id="a-range"),
        pytest.param("2023 et 2025", [2023, 2025], id="et-is-two-years-not-a-range"),
        pytest.param("le 01/06/2023", [], id="date-is-not-a-year"),
        pytest.param("2 025 places", [], id="thousands-not-a-year"),
        pytest.param("Nombre de mesures", [], id="none"),
        pytest.param("2030-2025", [2025, 2030], id="reversed-range-is-two-years"),
    ],
)
def test_years(raw, expected):
    assert years(raw) == expected


@pytest.mark.parametrize(
    "raw, expected",
    [
        pytest.param("12,5 k€", [12500.0], id="k-euro-decimal-comma"),
        pytest.param("2 000 000 €", [2000000.0], id="spaced-thousands"),
        pytest.param("10 M€", [10000000.0], id="M-euro"),
        pytest.param("1,2 M€", [1200000.0], id="M-euro-decimal"),
        pytest.param("plus de 60 millions d'euros", [60000000.0], id="millions-d-euros"),
        pytest.param("1.200.000 euros", [1200000.0], id="dotted-thousands"),
        pytest.param("350 000 € et 40 k€", [350000.0, 40000.0], id="two-amounts"),
        pytest.param("un budget de 500 euros", [500.0], id="plain-euros"),
        pytest.param("3,5 milliards d’euros", [3.5e9], id="milliards-curly-apostrophe"),
        pytest.param("25 000€", [25000.0], id="no-space-before-symbol"),
        pytest.param("150 places", [], id="not-money"),
        pytest.param("en 2022", [], id="year-not-money"),
        # 88 action 3.1.2: an amount written in words, before a figure
        pytest.param(
            "Deux cent mille euros par an, dont 50 000 € au titre", [200000.0, 50000.0], id="words-then-figure"
        ),
        pytest.param("trois millions d'euros", [3e6], id="words-millions"),
        pytest.param("quatre-vingt-dix mille euros", [90000.0], id="words-hyphenated"),
        pytest.param("1,5 million d'euros", [1.5e6], id="figure-not-read-twice"),
        pytest.param("des millions d'euros", [], id="a-scale-alone-is-no-amount"),
        pytest.param("près d'un euro sur quatre de nos dépenses", [], id="a-share-is-no-amount"),
        # 82 sheet 6 (OCR of a scan): the euro sign read as a capital E after a figure of thousands
        pytest.param("45 000 E par an ; 320 000 € pour le relais", [45000.0, 320000.0], id="ocr-E"),
        pytest.param("soit 1 200 E.", [1200.0], id="ocr-E-before-a-stop"),
        pytest.param("Annexe 3 E", [], id="small-number-E-is-no-amount"),
        pytest.param("les 2 000 Enfants", [], id="E-starting-a-word-is-no-amount"),
    ],
)
def test_euro_amounts(raw, expected):
    assert [a.value for a in euro_amounts(raw)] == expected


@pytest.mark.parametrize(
    "raw, expected",
    [
        pytest.param("S1", 1, id="S1"),
        pytest.param("S 2", 2, id="S-space-2"),
        pytest.param("1er semestre 2019", 1, id="premier"),
        pytest.param("2ème semestre", 2, id="deuxieme"),
        pytest.param("Semaine 2", None, id="not-a-semester"),
    ],
)
def test_semester(raw, expected):
    assert semester(raw) == expected


@pytest.mark.parametrize(
    "raw, expected",
    [
        pytest.param("- **Chargé de mission OLPE**", "Chargé de mission OLPE", id="bold-bullet"),
        pytest.param("<b>Acteurs</b><br>CAF", "Acteurs CAF", id="html"),
        pytest.param("● Edito", "Edito", id="round-bullet"),
        pytest.param("*italique* et **gras**", "italique et gras", id="emphasis"),
        pytest.param("a  &amp;   b", "a & b", id="entity-and-spaces"),
        pytest.param(
            "le 1<sup>er</sup> forum, au 1<sup>er</sup> janvier", "le 1er forum, au 1er janvier", id="superscript"
        ),
        # 83 (a web page saved by html2text): links read as their text, images dropped, _italics_
        pytest.param(
            "dans chaque [maison des adolescents](https://x.fr/mda) ![](/img/a.png)",
            "dans chaque maison des adolescents",
            id="markdown-link-and-image",
        ),
        pytest.param("_Indicateurs de réalisation_", "Indicateurs de réalisation", id="underscore-italics"),
        pytest.param("fichier_nom_test", "fichier_nom_test", id="underscores-inside-a-word"),
    ],
)
def test_clean_inline(raw, expected):
    assert clean_inline(raw) == expected


def test_parse_bullets_nesting_and_continuation():
    lines = list(
        enumerate(
            [
                "- Parent item :",
                " - ✓ child one",
                " - ✓ child two",
                "- Second item wrapped",
                "over two lines",
                "- ✓ column-0 checkmark is top level",
            ],
            start=10,
        )
    )
    items = parse_bullets(lines)
    assert [i.text for i in items] == [
        "Parent item :",
        "Second item wrapped over two lines",
        "column-0 checkmark is top level",
    ]
    assert [c.text for c in items[0].children] == ["child one", "child two"]
    assert [i.line for i in items] == [10, 13, 15]


def test_parse_bullets_reads_pdf_bullets():
    """pdftotext gives Word's Symbol bullet as a private-use character, and sometimes the
    bullet alone on its line with its item on the next (plan 85's lists)."""
    lines = list(enumerate(["\uf0b7 Ouvrir trois lieux d'accueil", "\u2022", "Créer des groupes", "de parole"], 1))
    items = parse_bullets(lines)
    assert [(i.text, i.line) for i in items] == [
        ("Ouvrir trois lieux d'accueil", 1),
        ("Créer des groupes de parole", 3),
    ]


@pytest.mark.parametrize(
    "raw",
    [
        pytest.param(b"a\r\nb\r\n", id="crlf"),
        pytest.param(b"a\rb\r", id="cr"),
        pytest.param("a\nb\n".encode("utf-8-sig"), id="bom"),
    ],
)
def test_normalise_keeps_line_numbers(raw):
    assert normalise_lines(raw)[:2] == ["a", "b"]


def test_normalise_nfd_equals_nfc():
    import unicodedata

    text = "Élaborer un référentiel"
    assert normalise_lines(unicodedata.normalize("NFD", text)) == normalise_lines(text)


@pytest.mark.parametrize(
    "raw, line",
    [
        pytest.param(b"ok\nbad \x00 byte\n", 2, id="binary"),
        pytest.param(b"ok\n\xff\xfe broken\n", 2, id="not-utf8"),
    ],
)
def test_normalise_refuses_binary_with_file_and_line(raw, line):
    with pytest.raises(ParseError) as err:
        normalise_lines(raw, "plan.txt")
    assert err.value.source == "plan.txt" and err.value.line == line
    assert f"plan.txt:{line}" in str(err.value)


GLYPHS = {"➤": 1, "→": 2, "•": 3}


@pytest.mark.parametrize(
    "cell, expected",
    [
        pytest.param("<ul> ➤ A <ul> → a1 → a2</ul> ➤ B</ul>", [(1, "A"), (2, "a1"), (2, "a2"), (1, "B")], id="nested"),
        pytest.param("<p>Réalisation :</p> → N", [(0, "Réalisation :"), (2, "N")], id="paragraph-then-item"),
        pytest.param("Texte libre ➤ A", [(None, "Texte libre"), (1, "A")], id="loose-text-first"),
        pytest.param("• CAF • PJJ", [(3, "CAF"), (3, "PJJ")], id="third-level-only"),
        pytest.param("<ul> </ul>", [], id="empty"),
    ],
)
def test_inline_tokens(cell, expected):
    assert [(r, clean_inline(t, bullet=False)) for r, t in inline_tokens(cell, GLYPHS)] == expected


def test_html_table_rows_keeps_header_and_empty_cells():
    t = "<table><tr><th>a</th><th></th></tr><tr><td>X</td><td>y <b>z</b></td></tr></table>"
    assert html_table_rows(t) == [["a", ""], ["X", "y <b>z</b>"]]


@pytest.mark.parametrize(
    "cells, expected",
    [
        pytest.param(["", "", "2018", "", "2019", ""], (2, [2018, 2019]), id="two-cells-per-year"),
        pytest.param(["Déclinaison", "texte", "2018", "", "2019"], (2, [2018, 2019]), id="after-other-cells"),
        pytest.param(["", "2018", "2019", "2020", "2021"], None, id="one-cell-per-year"),
        pytest.param(["", "2018", "", "2020", ""], None, id="gap-in-years"),
        pytest.param(["Budget 2018", "12"], None, id="not-a-header"),
    ],
)
def test_year_header(cells, expected):
    assert year_header(cells) == expected


@pytest.mark.parametrize(
    "cells, expected",
    [
        pytest.param(["", "", "S1", "S2", "S1", "S2"], 2, id="semester-row"),
        pytest.param(["Calendrier", "S1", "S2"], None, id="with-a-label"),
        pytest.param(["", ""], None, id="empty"),
    ],
)
def test_semester_row(cells, expected):
    assert semester_row(cells) == expected


@pytest.mark.parametrize(
    "printed, label",
    [
        # 94 sheet 1.1 (the semester words are read first, then the label)
        ("à partir du  2026", None),
        ("de 2027 à 2029", None),  # 94 sheet 2.2
        ("2028 à 2030", None),  # 94 sheet 3.3
        ("2026 : élection des membres", "élection des membres"),  # 94 sheet 3.2
        ("Lancement à partir de 2026", "Lancement"),
        ("d'ici fin 2028", None),
        ("dès 2027 : recrutement", "recrutement"),
        ("mi-2027 : bilan intermédiaire", "bilan intermédiaire"),
        ("Évaluation en 2029", "Évaluation"),
        ("Élaboration du cahier des charges (2026)", "Élaboration du cahier des charges"),
        ("Comité de suivi annuel", "Comité de suivi annuel"),
        # 85 sheet 3: the recurrence before the colon says how often, not what
        ("Dès 2026 puis chaque année : publication du tableau de bord", "publication du tableau de bord"),
        # 83 sheets 1.3, 5, 3.1: a recurrence or the whole plan is when, not what
        ("Chaque année à partir de 2027 : rencontre avec les partenaires", "rencontre avec les partenaires"),
        ("Chaque année à partir de 2027", None),
        ("Tout au long du schéma (2026-2031)", None),
        ("Réunion de chaque territoire en 2027", "Réunion de chaque territoire"),
    ],
)
def test_calendar_label_never_keeps_the_date_phrase(printed, label):
    from schemalab.extract import calendar_label

    assert calendar_label(printed) == label


@pytest.mark.parametrize(
    "printed, label",
    [
        # a sentence that merely carries its period: no label (94 sheet 2.2, 93 sheet 3)
        ("La démarche sera conduite de 2027 à 2029.", None),
        ("La démarche s'étend de 2026 à 2027.", None),
        # words set apart from the date by ':' or a dash are a label, final '.' dropped
        ("2026 : ouverture de l'unité.", "ouverture de l'unité"),
        ("Lancement – 2026.", "Lancement"),
        # a phrase without a final stop is still labelled by its words
        ("Évaluation en 2029", "Évaluation"),
        ("Bilan, etc...", "Bilan, etc..."),
    ],
)
def test_a_dated_sentence_is_no_label_and_a_label_loses_its_final_stop(printed, label):
    from schemalab.extract import calendar_label

    assert calendar_label(printed) == label


@pytest.mark.parametrize(
    "printed, entries",
    [
        # 93 sheet 7: two dated sentences on one line are two entries, each its label
        (
            "2025 : aménagement des salles. 2026 : mise en place du transport.",
            [([2025], None, "aménagement des salles"), ([2026], None, "mise en place du transport")],
        ),
        # 93 sheet 1 (the two printed lines joined): each sentence its semester
        (
            "Premier semestre 2025 : formation des sages-femmes. Second semestre 2025 : ouverture des permanences.",
            [([2025], 1, "formation des sages-femmes"), ([2025], 2, "ouverture des permanences")],
        ),
        # a sentence stating no year stays with the dated one before it
        ("2025 : lancement. Puis généralisation.", [([2025], None, "lancement. Puis généralisation")]),
        ("de 2026 à 2027", [([2026, 2027], None, None)]),
        # 92 sheet 9: two "2026 : …" lines of a space-aligned column joined into one value
        (
            "2026 : installation du comité technique 2027 : premier tableau de bord",
            [([2026], None, "installation du comité technique"), ([2027], None, "premier tableau de bord")],
        ),
        # 92 sheet 1: semester words stay with the year they precede, "; " is no label
        (
            "premier semestre 2026 : recensement des locaux ; second semestre 2026 : ouverture des permanences.",
            [([2026], 1, "recensement des locaux"), ([2026], 2, "ouverture des permanences")],
        ),
        # a year joined to the one before is no new entry
        ("de 2026 à 2028 : mise en place", [([2026, 2027, 2028], None, "mise en place")]),
        # 89 action 4: a recurrence says how often, not what; no label, no year not printed
        ("2025 puis annuel", [([2025], None, None)]),
        ("2026, puis chaque année", [([2026], None, None)]),
        ("2025 : réunion annuelle", [([2025], None, "réunion annuelle")]),
        # 88 action 4.1.1: two dated clauses cut at the semicolon, each with its semester;
        # a phase named by its noun keeps its label despite the full stop
        (
            "Installation du conseil au premier semestre 2026 ; renouvellement au second semestre 2028.",
            [([2026], 1, "Installation du conseil"), ([2028], 2, "renouvellement")],
        ),
        ("Ouverture de l'unité en 2027.", [([2027], None, "Ouverture de l'unité")]),
        ("Le comité sera installé en 2026.", [([2026], None, None)]),
    ],
)
def test_calendar_entries_one_per_dated_sentence(printed, entries):
    from schemalab.extract import calendar_entries

    assert calendar_entries(printed) == entries


def test_a_semester_wrapped_over_two_lines_is_read():
    """93 sheet 1: `… Second semestre` / `2025 : ouverture …`: the line ending with the
    semester words goes on with the year on the next line (ends_open)."""
    from schemalab.parsers.ocr_lines import ends_open

    assert ends_open("Premier semestre 2025 : formation des sages-femmes. Second semestre")
    assert ends_open("… à partir du S2")
    assert not ends_open("Second semestre 2025 : ouverture.")


@pytest.mark.parametrize(
    "printed, ref",
    [
        ("1. Recenser", "1"),
        ("2) Publier", "2"),
        ("a) Lancer", "a"),
        ("- b. Former", "b"),
        ("- 1. Aménager", "1"),  # a cell's <br> item, read as "- " + item (91)
        ("- Nommer", None),
        ("2026 : x", None),
    ],
)
def test_a_step_marker_gives_the_printed_number(printed, ref):
    from schemalab.extract import numbered_marker, parse_bullets

    assert numbered_marker(printed) == ref
    items = parse_bullets([(1, printed)])
    if not printed[0].isalpha():  # a bullet or a number starts a list item ("a)": a loose line)
        assert items[0].marker == ref


# -- money: three slips found by an observatory reader ----------------------------------


@pytest.mark.parametrize(
    "sentence, restated",
    [
        # 31:95: the 2 M€ is the running total of the 500 000 € a month
        (
            "Gestion de la crise sanitaire dans les collèges : 500 000 €/mois pour le Conseil départemental, "
            "soit 2 M€ depuis le début de la crise sanitaire",
            {1: 0},
        ),
        ("30 000 € sur trois ans, soit 10 000 € par an", {1: 0}),  # a conversion
        # "soit" after a percentage restates the percentage (31:77, 31:688)
        ("Une avance jusqu'à 60 % pour les marchés non engagés, soit 10 M€ d'investissement", {}),
        ("En 2020, la dépense progresse de 19 %, soit 34 245 522 Euros et atteint 212 139 607 euros.", {}),
        ("un budget de 1 M€, soit une hausse de 200 000 €", {}),  # a variation, not a restatement
        ("Achat : 95 000 € ; fonctionnement : 60 000 € par an", {}),
    ],
)
def test_an_amount_introduced_by_soit_restates_the_amount_before_it(sentence, restated):
    from schemalab.extract import restated_amounts

    assert restated_amounts(sentence) == restated


def test_a_restated_amount_is_a_duplicate_never_a_second_amount():
    from schemalab.extract import link_amounts

    context = (
        "Gestion de la crise sanitaire dans les collèges : 500 000 €/mois pour le Conseil départemental, "
        "soit 2 M€ depuis le début de la crise sanitaire"
    )
    rows = [
        {"position": 15, "amount_eur": 500000.0, "first_line": 95, "context": context, "role": "single",
         "periodicity": "per_month", "action_id": None, "payer": None, "year": None, "nature": "other"},
        {"position": 16, "amount_eur": 2e6, "first_line": 95, "context": context, "role": "single",
         "periodicity": "one_off", "action_id": None, "payer": None, "year": None, "nature": "other"},
    ]  # fmt: skip
    link_amounts(rows)
    assert [(r["role"], r["duplicate_of"], r["part_of"]) for r in rows] == [
        ("single", None, None),
        ("single", 15, None),
    ]


@pytest.mark.parametrize(
    "text, k, payer",
    [
        # 47:417: the payer is printed in the next sentence, which refers back to the action
        (
            'Un budget de 60 000€ est défini pour cette action nommée "Mobiduc". L\'action est co-financée '
            "par l'Etat et le Département au titre du contrat local des solidarités.",
            0,
            "État, Département",
        ),
        ("Un budget de 60 000 € est prévu. Elle est financée par la CAF.", 0, "CAF"),
        ("Un budget de 60 000 € est prévu. Financé par l'ARS.", 0, "ARS"),
        # a payer printed in the amount's own sentence wins, read or not by the own-sentence rule
        ("La CAF finance un budget de 60 000 €. L'action est co-financée par l'ARS.", 0, "CAF"),
        ("Un budget de 60 000 € est financé par la CAF. L'action est co-financée par l'ARS.", 0, None),
        # the next sentence funds an amount of its own: not this one's payer
        ("Un budget de 60 000 € est prévu. Il est financé par la CAF à hauteur de 30 000 €.", 0, None),
        # a next sentence that does not open on its funding says nothing of this amount
        ("Un budget de 60 000 € est prévu. Le comité est animé par l'Etat, financé par la CAF.", 0, None),
        # the next list item is another block
        ("<li>Un budget de 60 000 € est prévu.</li><li>L'action est financée par la CAF.</li>", 0, None),
    ],
)
def test_the_payer_may_be_printed_in_the_next_sentence(text, k, payer):
    from schemalab.extract import amount_payer, money_text

    found = euro_amounts(text)
    mt = money_text(text, found[k], found)
    assert amount_payer(mt.context, mt.before, mt.after) == payer


def test_the_next_funding_sentence_changes_no_other_reading():
    """The context stays the amount's own sentence; periodicity and year read ``after``
    from its start."""
    from schemalab.extract import amount_periodicity, attached_year, money_text

    text = "Un budget de 60 000 € par an est défini. L'action est co-financée par l'Etat et le Département."
    found = euro_amounts(text)
    mt = money_text(text, found[0], found)
    assert mt.context == "Un budget de 60 000 € par an est défini."
    assert amount_periodicity(mt.before, mt.after) == "per_year"
    assert attached_year(mt.before, mt.after) is None


@pytest.mark.parametrize(
    "section, start, expected",
    [
        # 31:43 in a 2021-2025 plan
        (
            "Dès le mois d'avril 2020, un plan d'urgence et de solidarité de grande ampleur a été déployé. "
            "En novembre 2020, le Département s'est doté d'un deuxième volet.\n"
            "C'est dans ce contexte que va être adopté le schéma de l'enfance 2021 – 2025.",
            2021,
            True,
        ),
        ("Dès juillet 2020, le Département a voté un plan de relance de 60 millions d'euros.", 2023, True),
        ("Un plan d'urgence sera lancé en 2022.", 2021, False),  # during the plan
        ("Face au confinement, le Département a adopté un plan d'urgences sociales.", 2021, False),  # undated
    ],
)
def test_an_emergency_plan_dated_before_the_plan(section, start, expected):
    from schemalab.extract import emergency_plan_dated_before

    assert emergency_plan_dated_before(section, start) is expected


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        # 89 action 12 (a TSV cell under "Indicateurs")
        ("Réalisation : nombre de réunions du conseil", ("realisation", "nombre de réunions du conseil")),
        ("Impact : part des propositions reprises", ("impact", "part des propositions reprises")),
        ("Indicateur de résultat – taux de sortie", ("resultat", "taux de sortie")),
        ("Nombre de réunions : 4 par an", (None, "Nombre de réunions : 4 par an")),
        ("Impacts attendus", (None, "Impacts attendus")),
    ],
)
def test_an_indicator_printed_with_its_kind(printed, expected):
    from schemalab.extract import indicator_kind_prefix

    assert indicator_kind_prefix(printed) == expected


def test_a_pandoc_grid_table_becomes_one_pipe_row_per_table_row():
    """86 (a Word document converted by pandoc): a grid table's rows, their cells wrapped
    inside the borders, a first row spanning both columns, a header border `+===+`, a
    hard break and pandoc's escapes; the line count and each row's first line are kept."""
    from schemalab.extract import pandoc_lines

    def row(a, b=None):  # a line of a row, cells padded to the borders' columns
        return f"| {a.ljust(10)} |" + (f" {b.ljust(24)}|" if b is not None else "")

    wide = "+" + "-" * 37 + "+"
    border, header = "+" + "-" * 12 + "+" + "-" * 25 + "+", "+" + "=" * 12 + "+" + "=" * 25 + "+"
    lines = [
        wide,
        "| " + "**Action 3.2 -- Accompagner".ljust(35) + " |",
        "| " + "des jeunes**".ljust(35) + " |",
        border,
        row("**Pilote**", "Caisse d'allocations\\"),
        row("", "Mission locale de la"),
        row("", "Vallée-du-Loup"),
        header,
        row("**Étapes**", "-   1^er^ semestre 2026"),
        row("", "-   Recruter"),
        border,
        "1\\) Ouvrir",
    ]
    out = pandoc_lines(lines)
    assert len(out) == len(lines)
    assert out[1] == "| **Action 3.2 -- Accompagner des jeunes** |"
    assert out[4] == "| **Pilote** | Caisse d'allocations <br> Mission locale de la Vallée-du-Loup |"
    assert out[5] == "|---|---|"  # the header's rule right under the header row's first line
    assert out[8] == "| **Étapes** | -   1er semestre 2026 <br> -   Recruter |"
    assert out[11] == "1) Ouvrir"
    assert [out[k] for k in (0, 2, 3, 6, 7, 9, 10)] == [""] * 7
    assert pandoc_lines(["| a | b |", "Plain -- text"]) == ["| a | b |", "Plain -- text"]


def test_a_table_drawn_with_box_characters_is_read_as_a_grid_table():
    """79 (web pages saved by `w3m -dump`): a table drawn with box characters, a label
    centred in its cell's height, a `<br>` printed as a line end with no mark (a line
    starting with a capital or a digit after one that ends closed is a new part), a
    phrase wrapped inside its column (joined), a bullet list; the line count is kept."""
    from schemalab.extract import pandoc_lines

    lines = [
        "┌─────────────┬──────────────────────────────────┐",
        "│             │ 1er semestre 2026 : recrutement  │",
        "│ Calendrier  │ 2nd semestre 2026 : protocole de │",
        "│             │ liaison maternité-PMI            │",
        "├─────────────┼──────────────────────────────────┤",
        "│  Étapes de  │   • Recruter trois puéricultrices│",
        "│   mise en   │     pour les secteurs ruraux     │",
        "│    œuvre    │   • Créer un protocole           │",
        "└─────────────┴──────────────────────────────────┘",
        "Un tiret ─ dans la prose reste un tiret.",
    ]
    out = pandoc_lines(lines)
    assert len(out) == len(lines)
    assert (
        out[1]
        == "| Calendrier | 1er semestre 2026 : recrutement <br> 2nd semestre 2026 : protocole de liaison maternité-PMI |"
    )
    assert out[5] == (
        "| Étapes de mise en œuvre | • Recruter trois puéricultrices pour les secteurs ruraux <br> • Créer un protocole |"
    )
    assert out[9] == lines[9]
    assert [out[k] for k in (0, 2, 3, 4, 6, 7, 8)] == [""] * 7


def test_the_marks_pandoc_leaves_of_word_typography():
    """86: Word's en dash comes out `--` (a year range, a hand-typed bullet), a kind named
    alone above its indicators (`**De réalisation :**`)."""
    from schemalab.extract import indicator_kind_heading, strip_list_marker

    assert years("2026 -- 2028") == [2026, 2027, 2028]
    assert strip_list_marker("-- Signer une convention") == "Signer une convention"
    assert indicator_kind_heading("**De réalisation :**") == "realisation"
    assert indicator_kind_heading("Indicateurs d'impact") == "impact"
    assert indicator_kind_heading("De réalisation : nombre de visites") is None


@pytest.mark.parametrize(
    ("prev", "line", "joined"),
    [
        pytest.param("l'accompa-", "gnement", "l'accompagnement", id="cut-word"),
        pytest.param("la bien-", "veillance", "la bienveillance", id="cut-word-bien"),
        pytest.param("un porte-", "parole", "un porte-parole", id="compound-head"),
        pytest.param("les grands-", "parents", "les grands-parents", id="compound-plural"),
        pytest.param("le bien-", "être", "le bien-être", id="compound-tail"),
        pytest.param("celle-", "ci", "celle-ci", id="demonstrative"),
        pytest.param("Côtes-et-", "Marais", "Côtes-et-Marais", id="capital"),
    ],
)
def test_join_wrapped_tells_a_cut_word_from_a_compound(prev, line, joined):
    """A PDF conversion cuts words at line ends with a hyphen; French compounds carry one
    of their own. The hand reading of plan 87 joins the first and keeps the second."""
    assert join_wrapped(prev, line) == joined


def test_join_wrapped_keeps_a_compound_the_document_prints_whole():
    """Plan 85 cuts "lieux d'accueil enfants-" / "parents" at a line end and prints
    "enfants-parents" whole elsewhere: the document says it is a compound."""
    token = DOC_COMPOUNDS.set(document_compounds(["les lieux d'accueil enfants-parents (LAEP)"]))
    try:
        assert join_wrapped("d'accueil enfants-", "parents itinérants") == "d'accueil enfants-parents itinérants"
        assert join_wrapped("l'accompa-", "gnement") == "l'accompagnement"
    finally:
        DOC_COMPOUNDS.reset(token)
    assert join_wrapped("d'accueil enfants-", "parents") == "d'accueil enfantsparents"


@pytest.mark.parametrize(
    ("line", "below", "read"),
    [
        # 85's mot du Président: the amount cut inside its unit by a hyphen
        ("notre collectivité a consacré 71,6 mil-", "lions d'euros à la protection", [71_600_000]),
        # the euro sign on the line below; the line below's own amount is its line's
        ("un budget de 150 000", "€ par an, dont 20 000 € de la CAF", [150_000]),
        ("une enveloppe de 2,5", "millions d'euros", [2_500_000]),
        # nothing cut: the line as printed
        ("Le schéma couvre 2026-2030", "et 45 000 € par an", []),
        ("120 000 € par an", "dont 60 000 € de l'ARS", [120_000]),
    ],
)
def test_an_amount_cut_at_the_line_end_is_read_once_on_its_line(line, below, read):
    from schemalab.extract import with_cut_amount

    assert [a.value for a in euro_amounts(with_cut_amount(line, below))] == read


def test_a_pipe_table_printed_with_no_outer_pipes_gets_them():
    """83 (html2text): `Rubrique | Information` / `---|---` / `Qui pilote ? | …`: the rows
    read as every pipe table's; a line with a pipe outside such a table is left alone."""
    from schemalab.extract import pandoc_lines

    lines = ["Partager : Facebook | X", "", "Rubrique | Information", "---|---", "Qui pilote ? | La DEF", "", "Fin | x"]
    assert pandoc_lines(lines) == [
        "Partager : Facebook | X",
        "",
        "| Rubrique | Information |",
        "| ---|--- |",
        "| Qui pilote ? | La DEF |",
        "",
        "Fin | x",
    ]


def test_a_markdown_link_wrapped_over_two_lines_reads_as_its_text():
    assert join_wrapped("dans chaque [maison des", "adolescents](https://x.fr/mda) du territoire") == (
        "dans chaque maison des adolescents du territoire"
    )
