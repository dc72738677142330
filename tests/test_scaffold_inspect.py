"""`schemalab inspect` on the real plans, and `schemalab new-department` on the fixture plan."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from schemalab import io
from schemalab.inspect import inspect_text
from schemalab.parsers.configurable import load_config_parser
from schemalab.scaffold import scaffold

FIXTURE = Path(__file__).parent / "fixtures" / "99_exemple_2025-2029.txt"

#: First sheet line and sheet count a reader finds in each real plan.
SHEETS = {
    "40_landes_2024-2028.txt": (188, 26),
    "62_pas-de-calais_2023-2027.txt": (2201, 16),
    "47_lot-et-garonne_2026-2030.txt": (601, 29),
    "61_orne_2017-2021.txt": (92, 12),
    "31_haute-garonne_2021-2025.txt": (964, 32),
}


@pytest.mark.parametrize("name", sorted(SHEETS))
def test_inspect_ranks_the_real_sheet_starts_first(name, raw_dir):
    rep = inspect_text((raw_dir / name).read_bytes(), name)
    first, count = SHEETS[name]
    assert rep.best.lines[0] == first
    assert len(rep.best.lines) == count


def test_inspect_flags_toc_and_summary_duplicates(raw_dir):
    rep = inspect_text((raw_dir / "40_landes_2024-2028.txt").read_bytes())
    verdicts = {(c.shape, c.style) for c in rep.candidates}
    assert ("Action N", "list") in verdicts  # the per-axis summaries
    assert ("Action N", "table") in verdicts  # the final Gantt table
    assert ("OBJECTIFS POURSUIVIS", 26) in rep.headings


@pytest.fixture()
def scaffolded(tmp_path):
    (tmp_path / "config").mkdir()
    lines = []
    out = scaffold("99", "Exemple", FIXTURE, root=tmp_path, config_dir=tmp_path / "config", log=lines.append)
    return tmp_path, out, lines


def test_scaffold_writes_raw_manifest_config_test(scaffolded):
    root, out, lines = scaffolded
    assert (root / "data/raw/99_exemple_2025-2029.txt").read_bytes() == FIXTURE.read_bytes()
    assert "99_exemple_2025-2029.txt,99,Exemple" in (root / "data/raw/manifest.csv").read_text(encoding="utf-8")
    assert (root / "config/index.yml").read_text() == "- 99_exemple.yml\n"
    # the configuration's test is its `checks:` block, for the analyst to fill in: no Python file
    assert "checks:" in (root / "config/99_exemple.yml").read_text(encoding="utf-8")
    assert "  sheets: null" in (root / "config/99_exemple.yml").read_text(encoding="utf-8")
    assert not (root / "tests").exists()
    assert any("`checks.sheets`: not counted yet" in line for line in lines)
    # 4 indicators (2, 1, 1): the label `Budget :` (l.60), printed once, is drafted as the
    # budget's (a label in the words sheets print fields under), not read as an indicator
    assert any(line.startswith("first parse: 3 sheets, 4 indicators, 8 actors") for line in lines)
    assert any(line.startswith("headings mapped:") and "BUDGET → resources" in line for line in lines)


def test_scaffolded_tables_pass_the_schema(scaffolded):
    root, out, _ = scaffolded
    res = out["result"]
    for name, rows in res.tables.items():
        io.write_table(name, rows, root / "out")
        io.read_table(name, root / "out")
    actions = res.tables["actions"]
    assert [a["title"] for a in actions] == [
        "Créer un lieu d'accueil parents-enfants",
        "Former les assistants familiaux",
        "Installer l'observatoire départemental",
    ]
    assert [a["axis_id"] for a in actions] == ["1", "2", "2"]
    assert [b["amount_eur"] for b in res.tables["budget_lines"]] == [45_000_000, 120_000]


def test_editing_the_yaml_maps_the_missing_heading(scaffolded):
    root, out, _ = scaffolded
    cfg = out["config"]
    cfg.write_text(
        cfg.read_text(encoding="utf-8").replace("headings:\n", "headings:\n  'Budget': resources\n"), encoding="utf-8"
    )
    lines = []
    res = scaffold("99", "Exemple", FIXTURE, root=root, config_dir=root / "config", check_only=True, log=lines.append)[
        "result"
    ]
    assert not res.unknown_headings
    (a2,) = [a for a in res.tables["actions"] if a["action_id"] == "2"]
    assert a2["resources_text"] == "120 000 € par an"
    parser = load_config_parser(cfg)
    assert parser.detect(FIXTURE.read_text(encoding="utf-8"))


def test_scaffold_refuses_bad_code_and_duplicates(scaffolded):
    root, _, _ = scaffolded
    with pytest.raises(ValueError, match="INSEE"):
        scaffold("9Z", "X", FIXTURE, root=root, config_dir=root / "config")
    with pytest.raises(ValueError, match="already"):
        scaffold("99", "Exemple", FIXTURE, root=root, config_dir=root / "config")


def test_inspect_cli(raw_dir):
    r = subprocess.run(
        [sys.executable, "-m", "schemalab.cli", "inspect", str(raw_dir / "61_orne_2017-2021.txt")],
        capture_output=True,
        text=True,
    )
    assert r.returncode == 0 and "sheet_start: '^(?P<id>\\d{1,2})\\.\\s'" in r.stdout


def test_scaffold_drafts_a_table_layout_for_a_tsv_plan(tmp_path, raw_dir):
    """The Orne plan brought in as if it were new: its headings are TSV cells, so the
    draft is `layout: table`, and the first parse already finds what a reader counts:
    12 sheets, the 85 réalisation/impact indicators and the 242 marked semesters."""
    (tmp_path / "config").mkdir()
    lines = []
    out = scaffold(
        "98",
        "Essai",
        raw_dir / "61_orne_2017-2021.txt",
        root=tmp_path,
        config_dir=tmp_path / "config",
        log=lines.append,
    )
    text = out["config"].read_text(encoding="utf-8")
    assert "layout: table" in text and "gantt: {row: calendar, unit: semester, mark: X}" in text
    # ranks read in cells mixing glyphs: • is third level, although partner cells list it alone
    assert '"➤": 1' in text and '"→": 2' in text and '"•": 3' in text
    # the pilots row prints the role headers: columns drafted; running headers skipped
    assert "columns: {pilots: [1, 'Pilotes'], partners: [2, 'Partenaires associés']}" in text
    assert "'^\\s*SCHÉMA ENFANCE FAMILLE\\s*$'" in text
    assert any(line.startswith("first parse: 12 sheets, 85 indicators") for line in lines)
    assert any("242 calendar rows" in line for line in lines)
    res = out["result"]
    assert [a["title"] for a in res.tables["actions"]][:1] == [
        "Coordonner les actions des partenaires pour partager des objectifs et modalités de fonctionnement communs"
    ]
    assert {r["kind"] for r in res.tables["indicators"]} == {"realisation", "impact"}
    # what is left to configure is reported: FA 8's lost Objectifs label, FA 9's shifted one
    warnings = "\n".join(res.warnings)
    assert "sheet 8 has no objectives heading" in warnings
    assert "sheet 9: label 'Points de vigilance' shifted to cell 1" in warnings


PLAN_98 = Path(__file__).parent / "fixtures" / "98_essai_2025-2029.txt"


def test_scaffold_of_a_mixed_markup_plan_leads_to_a_first_parse(tmp_path):
    """The test plan 98 (markdown, bold inline labels, HTML label cells, a table of
    contents repeating every `Fiche action n°k`): the draft maps the headings printed
    inline and in table cells, its sheet start skips the contents, the manifest title
    has no markdown `#`, and its first parse reads the 8 sheets a reader counts."""
    (tmp_path / "config").mkdir()
    lines = []
    out = scaffold("98", "Essai", PLAN_98, root=tmp_path, config_dir=tmp_path / "config", log=lines.append)
    text = out["config"].read_text(encoding="utf-8")
    manifest = (tmp_path / "data/raw/manifest.csv").read_text(encoding="utf-8")
    assert ",Schéma départemental de protection de l'enfance et de la famille,2025,2029," in manifest
    assert "'Pilote(s)': pilots" in text and "'Contexte': context" in text  # inline / HTML-cell only
    assert "sheets_end: '^\\s*# Annexe'" in text
    assert "page \\d+\\s*$'" in text  # the running footer is skipped
    # sheet 3's labels hard-wrapped over two lines are proposed joined
    assert "'MODALITES DE MISE EN OEUVRE': sub_actions" in text and "'PARTENAIRES ASSOCIES': partners" in text
    # the review annex's table (N° | Action | Réalisation | Commentaire)
    assert "columns: {ref: 0, title: 1, status: 2}" in text
    assert any(
        line.startswith("first parse: 8 sheets, 10 indicators, 27 actors, 14 sub-actions, 25 calendar rows")
        for line in lines
    ), lines
    res = out["result"]
    assert [a["action_id"] for a in res.tables["actions"]] == [str(k) for k in range(1, 9)]
    assert [(r["ref"], r["status"]) for r in res.tables["previous_review"]] == [
        ("1.1", "realise"),
        ("1.2", "en_cours"),
        ("2.1", "non_realise"),
        ("2.2", "partiel"),
    ]
    # what is left is reported: sheet 5 prints no Objectifs nor Indicateurs
    assert any("sheet 5 has no objectives, indicators heading" in line for line in lines)


def test_check_says_when_build_would_skip_the_file(tmp_path):
    (tmp_path / "config").mkdir()
    out = scaffold("98", "Essai", PLAN_98, root=tmp_path, config_dir=tmp_path / "config", log=lambda _: None)
    cfg = out["config"]
    text = cfg.read_text(encoding="utf-8")
    cfg.write_text(re.sub(r"(?m)^detect: .*$", "detect: 'Département de Nulle Part'", text), encoding="utf-8")
    lines = []
    scaffold("98", "Essai", PLAN_98, root=tmp_path, config_dir=tmp_path / "config", check_only=True, log=lines.append)
    assert any("would skip this file" in line for line in lines)


def test_check_refuses_a_text_that_is_not_the_registered_copy(tmp_path):
    """72's configurer gave --check a scratch copy with a calendar line deleted, and --check
    silently reparsed the copy in data/raw (72_run.md, gap 9): a different text is refused,
    naming both files; the same text (or the copy itself) is reparsed."""
    (tmp_path / "config").mkdir()
    out = scaffold("98", "Essai", PLAN_98, root=tmp_path, config_dir=tmp_path / "config", log=lambda _: None)
    scratch = tmp_path / "scratch.txt"
    scratch.write_bytes(PLAN_98.read_bytes().replace(b"Indicateurs", b"Indicateur", 1))
    with pytest.raises(ValueError, match="scratch.txt differs from .*98_essai_.*the copy --check reparses"):
        scaffold("98", "Essai", scratch, root=tmp_path, config_dir=tmp_path / "config", check_only=True)
    for same in (PLAN_98, out["raw"]):
        res = scaffold(
            "98", "Essai", same, root=tmp_path, config_dir=tmp_path / "config", check_only=True, log=lambda _: None
        )
        assert res["result"] is not None
    with pytest.raises(ValueError, match="run new-department without --check first"):
        scaffold("97", "Autre", PLAN_98, root=tmp_path, config_dir=tmp_path / "config", check_only=True)


def test_a_draft_that_does_not_parse_is_reported_with_what_to_fix(tmp_path):
    (tmp_path / "config").mkdir()
    out = scaffold("98", "Essai", PLAN_98, root=tmp_path, config_dir=tmp_path / "config", log=lambda _: None)
    cfg = out["config"]
    text = cfg.read_text(encoding="utf-8")
    cfg.write_text(
        re.sub(r"(?m)^sheet_start: .*$", lambda _: "sheet_start: '^Fiche n°(?P<id>\\d+)$'", text), encoding="utf-8"
    )
    lines = []
    res = scaffold(
        "98", "Essai", PLAN_98, root=tmp_path, config_dir=tmp_path / "config", check_only=True, log=lines.append
    )
    assert res["result"] is None and "action sheet" in str(res["error"])
    assert any(line.startswith("fix: `sheet_start` matches no line") for line in lines)
    cfg.write_text(text.replace("headings:", "headings:\n  bad: [unclosed", 1), encoding="utf-8")
    res = scaffold(
        "98", "Essai", PLAN_98, root=tmp_path, config_dir=tmp_path / "config", check_only=True, log=lines.append
    )
    assert "98_essai.yml:" in str(res["error"]) and "YAML syntax error" in str(res["error"])


def test_inspect_reads_headings_inline_and_in_html_cells():
    rep = inspect_text(PLAN_98.read_bytes(), PLAN_98.name)
    counts = dict(rep.headings)
    # "### Pilote(s)" ×2, "**Pilote(s) :** …" ×1, "<tr><td><b>Pilote(s)</b></td>…" ×2, and
    # the same label without its optional plural: "PILOTE", "**Pilote :**", "Pilote :"
    assert counts["Pilote(s)"] == 8
    # the contents lines repeat the sheet starts but end with a page number
    (toc,) = [c for c in rep.candidates if c.style == "toc"]
    assert toc.lines == list(range(7, 15)) and rep.best.lines[0] == 25
    assert re.search(rep.best.regex, "## Fiche action n°8")
    assert not re.search(rep.best.regex, "Fiche action n°1 : Renforcer les visites prénatales de la PMI ........ 6")


def test_scaffold_of_the_second_unseen_plan_parses_at_once(tmp_path):
    """Plan 96 prints dotted sheet numbers with the title on the start line
    (`MESURE 1.1 – Créer …`), sentence-case labels alone on their lines
    (`Description de l'action`), `Porteur` / `Co-porteurs`, kinds of indicators by label:
    the draft reads the 5 sheets, their 14 actors, 11 steps, 9 indicators and 15
    calendar rows a reader counts, and one more step: the footer printed once inside 1.2's
    steps (l.59), which no draft can tell from a step (README, "Limits"; add it to `skip`).
    It used to be glued to the step above it, so the count matched with a wrong text."""
    (tmp_path / "config").mkdir()
    lines = []
    plan = Path(__file__).parent / "fixtures" / "96_bord-de-mer_2024-2028.txt"
    out = scaffold("96", "Bord-de-Mer", plan, root=tmp_path, config_dir=tmp_path / "config", log=lines.append)
    assert any(
        line.startswith("first parse: 5 sheets, 9 indicators, 14 actors, 12 sub-actions, 15 calendar rows")
        for line in lines
    ), lines
    res = out["result"]
    steps = [r["text"] for r in res.tables["sub_actions"] if r["action_id"] == "1.2"]
    assert "Recruter un médecin" in steps
    assert "Conseil départemental du Bord-de-Mer – Schéma enfance famille 2024-2028 – 6" in steps
    assert [a["action_id"] for a in res.tables["actions"]] == ["1.1", "1.2", "2.1", "2.2", "2.3"]
    assert res.tables["actions"][0]["title"] == "Créer une plateforme d'écoute pour les parents"
    assert res.tables["plans"][0]["title"] == "Schéma enfance famille 2024-2028"
    # the review table after the sheets (Fiche | Intitulé | État | Observations)
    assert [(r["ref"], r["status"], r["status_raw"]) for r in res.tables["previous_review"]] == [
        ("A1", "realise", "Atteint"),
        ("A2", "partiel", "Partiellement atteint"),
        ("A3", "non_realise", "Non atteint"),
    ]


def _sheet(start: str, title: str | None, body: str) -> list[str]:
    return [start, *([title] if title else []), "", *body.split("|"), "", "Schéma 2025-2029 — page 3", ""]


#: A plan whose fourth sheet starts "FICHE ACTION IV" (no number a regex can read).
INCOMPLETE = "\n".join(
    ["DÉPARTEMENT D'ESSAI", "Schéma départemental de l'enfance", "2025-2029", ""]
    + _sheet("FICHE ACTION 1 : Accueillir les familles", None, "Pilote|Direction A|Calendrier|2026")
    + _sheet("FICHE ACTION 2 : Former les professionnels", None, "Pilote|Direction B|Calendrier|2027")
    + _sheet("FICHE ACTION 3 : Ouvrir un lieu", None, "Pilote|Direction C|Calendrier|2026")
    + _sheet("FICHE ACTION IV : Suivre les jeunes", None, "Pilote|Direction D|Calendrier|2028")
    + _sheet("FICHE ACTION 5 : Évaluer le schéma", None, "Pilote|Direction E|Calendrier|2029")
)


def test_a_draft_that_build_would_refuse_as_incomplete_is_reported(tmp_path):
    """A start line no regex can number (`FICHE ACTION IV`): the draft reads sheets 1,
    2, 3 and 5, numbering that skips 4. `build` refuses such a plan; the scaffold (and
    --check) say so first, with what to fix, instead of reporting a first parse."""
    (tmp_path / "config").mkdir()
    plan = tmp_path / "plan.txt"
    plan.write_text(INCOMPLETE, encoding="utf-8")
    lines = []
    out = scaffold("93", "Essai", plan, root=tmp_path, config_dir=tmp_path / "config", log=lines.append)
    assert "incomplete plan" in str(out["error"]) and "4" in str(out["error"])
    assert any("`build` would refuse it" in line for line in lines), lines
    assert any(line.startswith("fix: `sheet_start` misses sheets") for line in lines)
    assert not any(line.startswith("first parse:") for line in lines)


def test_scaffold_reads_sheets_started_in_two_shapes_title_below(tmp_path):
    """Plan 95 starts five sheets with `ACTION N°k : title` and two with `Orientation 2 /
    Action k`, the title on the next line. The draft's one sheet_start reads all seven
    (its first parse was 5 sheets, and build refused it), titles 4 and 5 from the line
    below; it maps the underlined labels (`Constat` / `-------`, printed once) and the
    numbered ones (`2. Pilotes`, sheet 6 only), the axes (`Orientation 1 — …`) and the
    review table aligned with spaces."""
    (tmp_path / "config").mkdir()
    lines = []
    plan = Path(__file__).parent / "fixtures" / "95_val-de-loire_2025-2029.txt"
    out = scaffold("95", "Val-de-Loire", plan, root=tmp_path, config_dir=tmp_path / "config", log=lines.append)
    assert "error" not in out, lines
    actions = out["result"].tables["actions"]
    assert [a["action_id"] for a in actions] == ["1", "2", "3", "4", "5", "6", "7"]
    assert actions[3]["title"] == "Diversifier les modes d'accueil des enfants confiés"  # line 157
    assert actions[4]["title"] == "Garantir le suivi de santé des enfants confiés"  # line 177
    assert actions[0]["title"] == "Repérer les fragilités parentales dès la grossesse"
    # "Orientation 1 — title" (an em dash) in the body, not its contents line "… .. 5"
    axes = [(a["axis_id"], a["title"]) for a in out["result"].tables["axes"]]
    assert axes[0] == ("1", "Prévenir au plus tôt les difficultés des familles") and len(axes) == 3
    assert [a["axis_id"] for a in actions] == ["1", "1", "1", "2", "2", "3", "3"]
    # the annex review, a table aligned with spaces, row 1's title wrapped (lines 267-273)
    review = [(r["ref"], r["status"]) for r in out["result"].tables["previous_review"]]
    assert review == [("1", "realise"), ("2", "en_cours"), ("3", "non_realise"), ("4", "partiel"), ("5", "realise")]
    assert out["result"].tables["previous_review"][0]["title"].endswith("protection de l'enfance")
    config = out["config"].read_text(encoding="utf-8")
    for label, fieldname in [
        ("Constat", "context"),
        ("Mise en œuvre", "sub_actions"),
        ("Objectifs", "objectives"),
        ("Pilotes", "pilots"),
        ("Partenaires", "partners"),
    ]:
        assert f"  '{label}': {fieldname}" in config, label
    # sheet 2's letter-spaced labels and sheet 6's numbered ones need no entry of their own
    pilots = {r["action_id"] for r in out["result"].tables["action_actors"] if r["role"] == "pilot"}
    assert {"2", "6"} <= pilots


INSPECT_FORMS = """Plan 2025-2029

FICHE ACTION 1
Accueillir les familles
1. Objectifs
Agir tôt.
2) Pilote
La PMI

FICHE ACTION 2
Former les professionnels
O BJECTIFS
Agir ensemble.
P A R T E N A I R E S
La CAF

FICHE ACTION 3
Ouvrir un lieu
Objectifs
---------
Agir vite.
Points de vigilance
===================
Le coût.
"""


def test_inspect_proposes_underlined_letter_spaced_and_numbered_labels():
    """Numbered labels are headings, not a second kind of sheet start; letter-spaced
    and numbered forms count with the plain label; an underlined label is proposed
    even when it is printed once; a start line ending with its number is a candidate."""
    rep = inspect_text(INSPECT_FORMS, "x.txt")
    assert rep.best.lines == [3, 10, 17] and rep.best.numbers == ["1", "2", "3"]
    assert re.search(rep.best.regex, "FICHE ACTION 3") and not re.search(rep.best.regex, "FICHE ACTION 3 : Un")
    assert [c for c in rep.candidates if c.shape == "N. Title"] == []
    counts = dict(rep.headings)
    assert counts["Objectifs"] == 3  # "1. Objectifs", "O BJECTIFS", underlined "Objectifs"
    assert counts["Points de vigilance"] == 1  # underlined once
    assert counts["Pilote"] == 1 and counts["PARTENAIRES"] == 1  # numbered; letter-spaced, unspaced


def test_inspect_start_line_with_a_chapter_number_then_the_title_below():
    text = "\n".join(
        [
            "Plan 2025-2029",
            "",
            *[f"Orientation {o} / Action {k}\nTitre {k}\nPilote\nX\n" for o, k in ((1, 1), (1, 2), (2, 3))],
        ]
    )
    rep = inspect_text(text, "x.txt")
    assert rep.best.shape == "Orientation N / Action N" and rep.best.numbers == ["1", "2", "3"]
    assert re.search(rep.best.regex, "Orientation 4 / Action 12")


@pytest.mark.parametrize("sep", [" — ", " – ", " : ", "\t"])
def test_a_draft_reads_titles_after_a_separator_and_on_the_next_line(sep):
    """94: `FICHE 1.1 — title` on most sheets, `FICHE 1.3` with the title below on
    others. The draft had no title group and its own parse failed ("a title for sheet
    1.1"); now its sheet_start has a title group that always takes part, and it parses."""
    from schemalab.parsers.configurable import load_config_parser
    from schemalab.scaffold import draft_config

    sheets = [("1.1", "Repérer tôt"), ("1.2", "Soutenir les parents"), ("1.3", None), ("2.1", "Recruter")]
    body = []
    for k, title in sheets:
        body += [f"FICHE {k}{sep}{title}" if title else f"FICHE {k}", *([] if title else ["Accueillir mieux"])]
        body += ["", "PILOTE", "PMI", "", "PARTENAIRES", "CAF", ""]
    text = "\n".join(["Schéma départemental enfance famille", "Période 2026-2030", "", *body])
    draft, info = draft_config("99", "Essai", text, "99_essai_2026-2030.txt")
    assert info["error"] is None, info["error"]
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "99.yml"
        path.write_text(draft, encoding="utf-8")
        res = load_config_parser(path)().parse(text, "99_essai_2026-2030.txt", strict=False)
    assert [(a["action_id"], a["title"]) for a in res.tables["actions"]] == [
        ("1.1", "Repérer tôt"),
        ("1.2", "Soutenir les parents"),
        ("1.3", "Accueillir mieux"),
        ("2.1", "Recruter"),
    ]


def test_the_draft_for_plan_94_parses_its_ten_sheets(tmp_path):
    """94's starts: `FICHE 1.1 — title`, `Fiche 1.4 – title`, `Fiche 2.2<TAB>title`,
    `FICHE 1.3` (title below). The draft once failed its own parse (no title group) and
    missed `Fiche …` (another case) and the TAB line (taken for a table row)."""
    (tmp_path / "config").mkdir()
    lines = []
    plan = Path(__file__).parent / "fixtures" / "94_hauts-plateaux_2026-2030.txt"
    out = scaffold("94", "Hauts-Plateaux", plan, root=tmp_path, config_dir=tmp_path / "config", log=lines.append)
    assert "error" not in out, lines
    actions = out["result"].tables["actions"]
    assert [a["action_id"] for a in actions] == ["1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "2.3", "3.1", "3.2", "3.3"]
    titles = {a["action_id"]: a["title"] for a in actions}
    assert titles["1.1"] == "Renforcer l'entretien prénatal précoce dans les zones rurales"  # l.86, after ` — `
    assert titles["2.2"] == "Accueillir ensemble les frères et sœurs confiés"  # l.220, after a TAB
    assert titles["1.3"] and titles["2.3"]  # on the line below


def test_the_scaffold_of_plan_93_does_not_crash(tmp_path):
    """Plan 93's sheet 10 opens a line with `<table>`: the drafted table layout met a row
    with no cell before the table and the scaffold died with an IndexError traceback,
    after writing the raw copy and its manifest row. The draft is now `layout: lines`
    (its labels are printed as `**Label :**`, `| Label |`, `<td>Label</td>` and alone
    more often than as TSV cells), its sheet_start allows `<h3>Fiche 10 – …</h3>`, and
    its first parse reads the ten sheets the plan prints."""
    plan = FIXTURE.parent / "93_val-des-sources_2025-2029.txt"
    lines = []
    out = scaffold("93", "Val-des-Sources", plan, root=tmp_path, config_dir=tmp_path / "config", log=lines.append)
    assert out["config"].exists() and out["raw"].exists()
    assert not any("internal error" in line for line in lines)
    assert out.get("error") is None and "layout: table" not in out["config"].read_text(encoding="utf-8")
    actions = out["result"].tables["actions"]
    assert [a["action_id"] for a in actions] == [str(k) for k in range(1, 11)]
    assert actions[9]["title"] == "Donner la parole aux enfants accueillis"


def test_a_scaffold_that_fails_writes_nothing(tmp_path, monkeypatch):
    """A failure while drafting (here a simulated bug) is an error message and leaves
    neither the raw copy nor a manifest row behind; a failure while writing removes
    what was written."""
    import schemalab.scaffold as sc

    def boom(*a, **k):
        raise IndexError("list index out of range")

    monkeypatch.setattr(sc, "draft_config", boom)
    with pytest.raises(ValueError, match="nothing was written"):
        scaffold("99", "Exemple", FIXTURE, root=tmp_path, config_dir=tmp_path / "config", log=lambda _: None)
    assert not (tmp_path / "data" / "raw").exists() or not any((tmp_path / "data" / "raw").iterdir())
    monkeypatch.undo()

    def fail_config_write(self, *a, **k):
        if self.name == "99_exemple.yml":  # after the raw copy and the manifest row
            raise OSError("disk full")
        return orig(self, *a, **k)

    orig = Path.write_text
    monkeypatch.setattr(Path, "write_text", fail_config_write)
    with pytest.raises(OSError):
        scaffold("99", "Exemple", FIXTURE, root=tmp_path, config_dir=tmp_path / "config", log=lambda _: None)
    monkeypatch.undo()
    raw_dir = tmp_path / "data" / "raw"
    assert not any(raw_dir.glob("99_*")) and not (raw_dir / "manifest.csv").exists()
    assert not (tmp_path / "config" / "99_exemple.yml").exists() and not (tmp_path / "config" / "index.yml").exists()


def test_check_refuses_what_the_schema_refuses_as_build_does(tmp_path, monkeypatch):
    """`--check` runs the schema validation `build` runs before writing: a parse whose
    tables the schema refuses (here an indicator with no text, as `<ul>` lines once
    gave) is reported as `build` would refuse it, never as a clean first parse."""
    from schemalab.parsers.base import ParseResult

    (tmp_path / "config").mkdir()
    scaffold("98", "Essai", PLAN_98, root=tmp_path, config_dir=tmp_path / "config", log=lambda _: None)
    add = ParseResult.add

    def add_null_text(self, table, **row):
        if table == "indicators":
            row["text"] = None
        return add(self, table, **row)

    monkeypatch.setattr(ParseResult, "add", add_null_text)
    lines = []
    out = scaffold(
        "98", "Essai", PLAN_98, root=tmp_path, config_dir=tmp_path / "config", check_only=True, log=lines.append
    )
    assert "indicators" in str(out["error"]) and "nulls" in str(out["error"])
    assert any("`build` would refuse it" in line for line in lines)
    assert not any(line.startswith("first parse:") for line in lines)
    assert io.schema_problems({"indicators": []}) == []


#: Sheet starts of plan 92 in its shapes, a table of contents, `1.` steps.
FICHE_ACTION = "\n".join(
    ["DÉPARTEMENT D'ESSAI", "Schéma départemental de l'enfance", "2026-2030", "", "SOMMAIRE"]
    + [f"   Fiche-action n° {k} – Titre {k} ............ {k + 3}" for k in range(1, 5)]
    + [""]
    + _sheet(
        "### Fiche-action n° 1 – Accueillir les familles",
        None,
        "Pilote : Direction A|Étapes :|1. Ouvrir|2. Former|3. Suivre",
    )
    + _sheet("FICHE-ACTION N° 2", "Former les professionnels", "Pilote : Direction B|Étapes :|1. Écrire|2. Diffuser")
    + _sheet("Fiche-action n° 3 – Suivre les jeunes", None, "Pilote : Direction C|Calendrier : 2027")
    + _sheet("<h4>Fiche-action n° 4 – Évaluer le schéma</h4>", None, "<p><b>Pilote :</b> Direction D</p>")
)


def test_inspect_and_scaffold_find_fiche_action_starts_not_numbered_steps(tmp_path):
    rep = inspect_text(FICHE_ACTION)
    best = rep.best
    assert best.shape.startswith("Fiche-action") and best.numbers == ["1", "2", "3", "4"]
    assert not any(c.style == "plain" and c.regex.startswith("^(?P<id>") for c in rep.candidates)
    (tmp_path / "config").mkdir()
    plan = tmp_path / "plan.txt"
    plan.write_text(FICHE_ACTION, encoding="utf-8")
    out = scaffold("93", "Essai", plan, root=tmp_path, config_dir=tmp_path / "config", log=lambda _: None)
    assert out.get("error") is None
    assert [a["action_id"] for a in out["result"].tables["actions"]] == ["1", "2", "3", "4"]
    assert [a["title"] for a in out["result"].tables["actions"]][1] == "Former les professionnels"


def test_the_scaffold_of_plan_91_parses_with_its_axes_review_and_sheets_end(tmp_path):
    """91: axes printed `AXE A – …` (letters as ids), the review a pipe table without
    outer pipes (`1   | title | Réalisée`), a glossary (`SIGLES UTILISÉS`, l.306) before
    the governance section. The draft once proposed `cells: spaces` and failed its own
    parse, found no axes, and ended the sheets at `GOUVERNANCE` (the glossary joined
    sheet 9)."""
    (tmp_path / "config").mkdir()
    lines = []
    plan = Path(__file__).parent / "fixtures" / "91_marches-du-nord_2025-2029.txt"
    out = scaffold("91", "Marches-du-Nord", plan, root=tmp_path, config_dir=tmp_path / "config", log=lines.append)
    assert "error" not in out, lines
    res = out["result"]
    assert [(a["axis_id"], a["title"]) for a in res.tables["axes"]] == [
        ("A", "Accompagner les parents dès les premiers mois"),
        ("B", "Protéger l'enfant et sécuriser son parcours"),
        ("C", "Préparer l'autonomie des jeunes"),
    ]
    review = [(r["ref"], r["status"]) for r in res.tables["previous_review"]]
    assert review == [
        ("1", "realise"),
        ("2", "partiel"),
        ("3", "non_realise"),
        ("4", "realise"),
        ("5", "en_cours"),
        ("6", "partiel"),
    ]
    assert "sheets_end: '^\\s*SIGLES'" in out["config"].read_text(encoding="utf-8")


def test_a_proposed_block_that_breaks_the_draft_is_dropped_with_the_reason(monkeypatch):
    import schemalab.scaffold as sc

    # a review block whose section the plan does not print: the parse fails with it
    monkeypatch.setattr(
        sc, "_review_block", lambda lines, last: ["review:", "  start: '^NOWHERE$'", "  columns: {ref: 0, title: 1}"]
    )
    body = []
    for k in (1, 2, 3):
        body += [f"Fiche action {k} – Titre {k}", "", "PILOTE", "PMI", "", "PARTENAIRES", "CAF", ""]
    text = "\n".join(["Schéma départemental enfance famille", "Période 2026-2030", "", *body])
    draft, info = sc.draft_config("99", "Essai", text, "99_essai_2026-2030.txt")
    assert info["error"] is None, info["error"]
    assert "# `review` dropped by the scaffold: the draft did not parse with it (" in draft
    assert "\n# review:\n#   start: '^NOWHERE$'" in draft
    assert "\nreview:" not in draft


def test_the_scaffold_gives_a_grouped_review_table_its_groups(tmp_path):
    """A review table whose rows are printed under orientation / axis lines (as the reviews
    of Lot-et-Garonne and Pas-de-Calais are): the draft proposes `review.groups` for those
    lines, so each reviewed action keeps the heading it was printed under (its context, which
    the theme step reads it with). The test plan 98's review, with such lines added."""
    (tmp_path / "config").mkdir()
    text = PLAN_98.read_text(encoding="utf-8")
    old = "|---|---|---|---|\n| 1.1 |"
    assert old in text
    text = text.replace(old, "|---|---|---|---|\n**ORIENTATION 1 : Observer**\n## Axe 1 - Connaître\n| 1.1 |")
    old = "| 2.1 |"
    text = text.replace(old, "**ORIENTATION 2 : Accueillir**\n\n| 2.1 |")
    raw = tmp_path / "98_essai_2025-2029.txt"
    raw.write_text(text, encoding="utf-8")
    out = scaffold("98", "Essai", raw, root=tmp_path, config_dir=tmp_path / "config", log=lambda _: None)
    assert "groups: ['^ORIENTATION\\b', '^## ']" in out["config"].read_text(encoding="utf-8")
    review = [(r["ref"], r["context"]) for r in out["result"].tables["previous_review"]]
    assert review == [
        ("1.1", "ORIENTATION 1 : Observer — Axe 1 - Connaître"),
        ("1.2", "ORIENTATION 1 : Observer — Axe 1 - Connaître"),
        ("2.1", "ORIENTATION 2 : Accueillir"),
        ("2.2", "ORIENTATION 2 : Accueillir"),
    ]


@pytest.mark.parametrize("code", ["89", "90", "91", "92", "93", "94", "98"])
def test_the_draft_youth_block_reads_the_recommendations_a_reader_reads(tmp_path, code):
    """The scaffold's `youth_recommendations` block (an annex naming the young, its
    numbered items in one shape, the short lines above each group as themes), put in
    the plan's own configuration, reads the hand reading's youth rows, no more. (Written
    after these plans were seen: a check of the drafter, not a blind measure.)"""
    import json

    import yaml

    from schemalab.scaffold import draft_config

    fixtures = Path(__file__).parent / "fixtures"
    plan = next(fixtures.glob(f"{code}_*_20*.txt"))
    config = yaml.safe_load(next(fixtures.glob(f"{code}_*.yml")).read_text(encoding="utf-8"))
    draft, _ = draft_config(code, "Essai", plan.read_text(encoding="utf-8"), plan.name)
    config["youth_recommendations"] = yaml.safe_load(draft)["youth_recommendations"]
    cfg = tmp_path / f"{code}_essai.yml"
    cfg.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    res = load_config_parser(cfg)().parse(plan.read_bytes(), plan.name, strict=True)
    expected = json.loads((fixtures / f"{code}_expected.json").read_text(encoding="utf-8"))["youth_recommendations"]
    assert [[r["theme"], r["ref"], r["text"]] for r in res.tables["youth_recommendations"]] == expected


def test_inspect_lists_the_labels_of_two_cell_pipe_rows():
    """88: `| Acteurs | Pilote : … |`, `| Échéance | 2026 |` on every sheet: the first
    cells are labels the draft maps (a grid of three columns or more is not read so)."""
    sheet = "Action {n} : titre\n| Acteurs | Pilote : CAF |\n|---|---|\n| Échéance | 2026 |\n| Moyens | 10 000 € |\n\n"
    grid = "| Étape | 2026 | 2027 |\n|---|---|---|\n| Ouvrir | X | |\n"
    report = inspect_text("".join(sheet.format(n=n) for n in range(1, 4)) + grid * 3)
    found = dict(report.headings)
    assert found.get("Acteurs") == 3 and found.get("Échéance") == 3
    assert "Étape" not in found and "Ouvrir" not in found


def test_inspect_lists_the_labels_of_a_box_aligned_with_spaces():
    """87 (`pdftotext -layout`): `  Pilote(s)             Direction …` on every sheet; the
    left texts are labels."""
    sheet = (
        "FICHE ACTION N°{n}\nUn titre\n  Pilote(s)             Direction de l'enfance\n  Calendrier            2026\n\n"
    )
    found = dict(inspect_text("".join(sheet.format(n=n) for n in range(1, 4))).headings)
    assert found.get("Pilote(s)") == 3 and found.get("Calendrier") == 3


def test_a_sheets_draft_lists_the_labels_it_could_not_map():
    """A label printed on every sheet that no field word names (`Observations`) is left in
    the draft as a comment to map, and in the draft's info (it was lost when the rows
    layout's own list of unmapped column labels was added)."""
    from schemalab.scaffold import draft_config

    sheet = "Fiche action {n} : Un titre\nPilote : CAF\nObservations : rien\nCalendrier : 2026\n\n"
    draft, info = draft_config(
        "97", "Essai", "Plan Essai 2026-2030\n" + "".join(sheet.format(n=n) for n in range(1, 4)), "97.txt"
    )
    assert "Observations" in info["unmapped"]
    assert "  # 'Observations': ignore" in draft


def test_a_pandoc_draft_finds_axes_behind_bookmark_spans_and_a_double_dash(tmp_path):
    """86: `# []{#_Toc190412003 .anchor}Orientation 1 -- Prévenir …` (a Word bookmark
    pandoc keeps, Word's en dash as `--`) and a period `2026 -- 2030`: the untouched
    draft parses and reads the three axes and the plan's years as the plan's own
    configuration does."""
    fixtures = Path(__file__).parent / "fixtures"
    plan = fixtures / "86_vallee-du-loup_2026-2030.txt"
    _, info, got = _drafted(tmp_path, plan.name)
    assert info["error"] is None
    want = load_config_parser(fixtures / "86_vallee-du-loup.yml")().parse(plan.read_bytes(), plan.name)
    assert [(a["axis_id"], a["title"]) for a in got.tables["axes"]] == [
        (a["axis_id"], a["title"]) for a in want.tables["axes"]
    ]
    assert len(got.tables["axes"]) == 3
    assert (got.tables["plans"][0]["period_start"], got.tables["plans"][0]["period_end"]) == (2026, 2030)


def _drafted(tmp_path, name: str):
    """The scaffold's untouched draft for the fixture plan ``name``, and what it reads:
    (draft, info, parse result)."""
    from schemalab.scaffold import draft_config

    plan = Path(__file__).parent / "fixtures" / name
    draft, info = draft_config(name[:2], "Essai", plan.read_text(encoding="utf-8"), plan.name)
    (tmp_path / "draft.yml").write_text(draft, encoding="utf-8")
    return draft, info, load_config_parser(tmp_path / "draft.yml")().parse(plan.read_bytes(), plan.name)


def test_a_review_printed_before_the_sheets_is_drafted(tmp_path):
    """88 prints the review of the previous plan (a pipe table with an `État d'avancement`
    column) before its sheets: the draft's review block reads its seven rows."""
    draft, info, res = _drafted(tmp_path, "88_plaine-et-bocage_2026-2031.txt")
    assert info["error"] is None and "review:" in draft
    assert [r["ref"] for r in res.tables["previous_review"]] == ["1", "2", "3", "4", "5", "6", "7"]
    assert res.tables["previous_review"][3]["status"] == "non_realise"


def test_a_draft_reads_sheets_whose_number_is_printed_below_fiche_action(tmp_path):
    """85 (pdftotext of a designed PDF) prints `FICHE ACTION` / `N° 3` / the title: the
    number line starts the sheet, the word line is skipped (it would end the sheet above
    as text of its last field). The blind configurer's draft read 1 sheet of 11."""
    _, info, res = _drafted(tmp_path, "85_bocage-des-landiers_2026-2030.txt")
    assert info["error"] is None
    assert [a["action_id"] for a in res.tables["actions"]] == [str(k) for k in range(1, 12)]
    # no sheet's last field ends on the next sheet's "FICHE ACTION" line
    assert not any("FICHE ACTION" in (r["text"] or "") for r in res.tables["indicators"])


def test_a_draft_finds_strategic_axes_and_a_footer_above_the_page_number(tmp_path):
    """84 (a PDF-to-Markdown conversion): `## Axe stratégique 1 : …` and `# Axe stratégique
    2 : …`, and a running footer printed on the line above `Page N`: the draft reads the
    four axes and skips the footer, as the plan's configuration does."""
    import yaml

    fixtures = Path(__file__).parent / "fixtures"
    plan = fixtures / "84_haut-comtat_2025-2029.txt"
    draft, _, got = _drafted(tmp_path, plan.name)
    footer = "Schéma enfance-famille 2025-2029 — Haut-Comtat"
    assert any(re.search(p, footer) for p in yaml.safe_load(draft)["skip"])
    want = load_config_parser(fixtures / "84_haut-comtat.yml")().parse(plan.read_bytes(), plan.name)
    assert [(a["axis_id"], a["title"]) for a in got.tables["axes"]] == [
        (a["axis_id"], a["title"]) for a in want.tables["axes"]
    ]
    assert len(got.tables["axes"]) == 4


def test_inspect_reads_a_two_level_number_printed_alone():
    """84 prints `### Action 2.4` alone (its title in a table row): sheet 2.4, not 2."""
    rep = inspect_text("### Action 1.1 – Un titre\n\n### Action 2.4\n\n### Action 3.1 : Un autre\n")
    numbers = [n for c in rep.candidates for n in c.numbers]
    assert "2.4" in numbers and "2" not in numbers


def test_running_headers_skip_their_ocr_variants():
    """82 (OCR of a scan): the running header loses its accents on some pages
    (`Schema departemental …`) and the page numbers print `- 12 -` and `-11 -`: the
    drafted `skip` patterns take every variant, so none lands inside a sheet."""
    from schemalab.scaffold import _page_lines

    lines = []
    for k, head in enumerate(["Schéma départemental Causse-Noir"] * 4 + ["Schema departemental Causse-Noir"]):
        lines += [f"Texte de la page {'ABCDE'[k]}.", "", head, f"- {k + 10} -" if k != 2 else f"-{k + 10} -", ""]
    skips = [re.compile(p) for p in _page_lines(lines, r"^FICHE N° (?P<id>\d+)")]
    for line in ("Schema departemental Causse-Noir", "Schéma départemental Causse-Noir", "-12 -", "- 10 -"):
        assert any(p.search(line) for p in skips), line
    assert not any(p.search("Texte de la page A.") for p in skips)


def test_a_draft_takes_numbered_families_over_a_label_every_sheet_repeats(tmp_path):
    """83 (web pages) prints no common start line: `Fiche 1.1` … `Fiche 1.4`, `▸ Action 5`
    … `▸ Action 8`, `Fiche n° 3.1` … `Fiche n° 3.4`, in three blocks, and on every sheet
    the label « Pourquoi cette action ? ». The label ranks first but gives no number: the
    draft (which failed to load, a `sheet_start` with no id) now reads the twelve sheets a
    reader numbers, from the three families."""
    _, _, res = _drafted(tmp_path, "83_rivages-et-garrigues_2026-2031.txt")
    assert [a["action_id"] for a in res.tables["actions"]] == [
        *("1.1", "1.2", "1.3", "1.4"),
        *("5", "6", "7", "8"),
        *("3.1", "3.2", "3.3", "3.4"),
    ]
    assert res.tables["actions"][4]["title"] == "Recruter et fidéliser les assistants familiaux"


def test_sheet_families_numbered_in_two_levels_fill_each_others_gaps():
    """Sheets 1.1 … 2.2 and 4.1, 4.2 printed `Fiche action n° 1.1`, sheets 3.1 … 3.3
    printed `FICHE 3.1 – …` (plan 81's two shapes): axis 3 is missing from the first
    family, so the second joins it in one `sheet_start`."""
    from schemalab.inspect import sheet_starts

    text = ""
    for n in ("1.1", "1.2", "2.1", "2.2"):
        text += f"Fiche action n° {n}\n\nTitre {n}\n\nPilote\n\nDEF\n\n\n\n"
    for n in ("3.1", "3.2", "3.3"):
        text += f"FICHE {n} – Titre {n}\n\nPilote\n\nDEF\n\n\n\n"
    for n in ("4.1", "4.2"):
        text += f"Fiche action n°{n}\n\nTitre {n}\n\nPilote\n\nDEF\n\n\n\n"
    regex, families = sheet_starts(inspect_text(text))
    assert regex is not None and len(families) == 2
    starts = [m.group("id") for m in (re.match(regex, t) for t in text.splitlines()) if m]
    assert starts == ["1.1", "1.2", "2.1", "2.2", "3.1", "3.2", "3.3", "4.1", "4.2"]


def test_a_drafted_detect_matches_the_text_build_matches(tmp_path):
    """81's title prints a typographic apostrophe (`l’enfance`); `build` matches `detect`
    on the text with apostrophes folded (`l'enfance`). The blind run's draft copied the
    `’` into `detect`: `--check` passed and `build` skipped the plan. The draft is now
    written on the folded text, and `--check` looks at it as `build` does."""
    from schemalab.textio import match_key

    plan = Path(__file__).parent / "fixtures" / "81_pays-de-serre_2026-2030.txt"
    (tmp_path / "config").mkdir()
    lines = []
    out = scaffold("81", "Pays-de-Serre", plan, root=tmp_path, config_dir=tmp_path / "config", log=lines.append)
    parser = load_config_parser(out["config"])
    assert parser.detect(match_key(plan.read_text(encoding="utf-8")))
    assert not any("would skip" in line for line in lines)
    assert len(out["result"].tables["actions"]) == 10  # both start shapes (Fiche action n° 1.1, FICHE 3.1)


@pytest.mark.parametrize(
    "plan, refs",
    [
        ("81_pays-de-serre_2026-2030.txt", ["1.1", "1.2", "1.3", "2.1", "2.2", "3.1", "3.2", "3.3"]),
        ("85_bocage-des-landiers_2026-2030.txt", ["1.1", "1.3", "2.1", "2.4", "3.2", "3.5", "4.1"]),
    ],
)
def test_a_review_printed_one_cell_per_line_is_drafted(tmp_path, plan, refs):
    """81 (docx2txt) and 85 (`pdftotext` without `-layout`) print their review table one
    cell per line: `N°` / `Action du schéma 2019-2024` / `État d'avancement`, then each row's
    number alone, its title, its status. Both blind drafts had no review block; the draft
    now reads the rows a reader numbers, with the statuses their words say."""
    draft, info, res = _drafted(tmp_path, plan)
    assert "review_outline:" in draft and info["error"] is None
    rows = res.tables["previous_review"]
    assert [r["ref"] for r in rows] == refs
    if plan.startswith("81"):  # l.650-677: « Réalisée en partie » is partial, « Non évaluée » unknown
        assert [r["status"] for r in rows] == [
            *("realise", "partiel", "realise", "non_realise", "partiel", "non_realise", "unknown", "en_cours")
        ]


def test_labels_printed_with_their_value_and_no_colon_are_drafted_as_bare_labels(tmp_path):
    """80 (lynx -dump) prints two sheets as `Pilote Direction …`, `Étapes 1) …`,
    `Indicateurs Nombre …`: the draft sets `bare_labels: true` and reads 1.2's three
    steps; its title is the page's title, not the breadcrumb above it that names the
    schéma too (`[3]Accueil > … > Schéma 2025-2029`)."""
    draft, info, res = _drafted(tmp_path, "80_vallee-de-l-orge_2025-2029.txt")
    assert info["error"] is None and "bare_labels: true" in draft
    assert res.tables["plans"][0]["title"] == "Schéma départemental enfance-famille 2025-2029"
    assert len([r for r in res.tables["sub_actions"] if r["action_id"] == "1.2"]) == 3


@pytest.mark.parametrize(
    "name",
    [
        "82_causse-noir_2025-2029.txt",  # `Association Réussir …` a partner, `MODALITÉS DE …` a heading
        "91_marches-du-nord_2025-2029.txt",  # `Pilote        Mission …`: label | value columns
        "92_causses-et-vallees_2026-2030.txt",
    ],
)
def test_no_bare_labels_where_lines_only_start_with_a_labels_word(tmp_path, name):
    from schemalab.scaffold import draft_config

    plan = Path(__file__).parent / "fixtures" / name
    assert "bare_labels" not in draft_config(name[:2], "Essai", plan.read_text(encoding="utf-8"), plan.name)[0]


def test_a_numbered_breadcrumb_naming_the_schema_is_no_title():
    """79 (w3m -dump): the breadcrumb ` 4. Schéma départemental … 2026-2030` (l.16) names
    the schéma above the page's title (l.18); the blind configurer's draft took it."""
    from schemalab.extract import normalise_lines
    from schemalab.scaffold import _title_line

    plan = Path(__file__).parent / "fixtures" / "79_pays-d-aurance_2026-2030.txt"
    lines = normalise_lines(plan.read_text(encoding="utf-8"))
    assert _title_line(lines, "Essai") == lines[17] == "Schéma départemental de protection de l'enfance 2026-2030"


def test_the_draft_for_a_slide_deck_reads_every_start_shape_and_joined_cells(tmp_path):
    """78 (markitdown of a PowerPoint deck) starts its sheets in three shapes: `# Fiche action
    1.1 – …` (8 sheets, 3.1 printed twice), `# FA n°2.2 | …` (3) and `# Fiche 2.3` (1): the
    blind configurer's draft read the first only. The draft now reads the twelve, and
    proposes `joined_cells: true` (its table cells run their paragraphs together, l.121)."""
    draft, info, res = _drafted(tmp_path, "78_val-de-brenne_2026-2031.txt")
    assert info["error"] is None
    assert sorted(r["action_id"] for r in res.tables["actions"]) == [
        f"{a}.{b}" for a in range(1, 5) for b in range(1, 4)
    ]
    assert re.search(r"^joined_cells: true .*l\.121", draft, re.M)


def test_a_one_off_start_shape_going_on_with_the_numbers_is_a_sheet(tmp_path):
    """84 prints `### Action 2.4` alone, its title in an `| Intitulé | … |` row (l.248-251):
    the draft reads it as a twelfth sheet and maps `Intitulé` to the title."""
    draft, info, res = _drafted(tmp_path, "84_haut-comtat_2025-2029.txt")
    assert info["error"] is None and "'Intitulé': title" in draft
    titles = {r["action_id"]: r["title"] for r in res.tables["actions"]}
    assert titles["2.4"].startswith("Améliorer la santé des enfants confiés")


@pytest.mark.parametrize("name", ["91_marches-du-nord_2025-2029.txt", "84_haut-comtat_2025-2029.txt"])
def test_no_joined_cells_where_cells_keep_their_breaks(name):
    from schemalab.scaffold import draft_config

    plan = Path(__file__).parent / "fixtures" / name
    assert "joined_cells" not in draft_config(name[:2], "Essai", plan.read_text(encoding="utf-8"), plan.name)[0]


@pytest.mark.parametrize(
    "name, title",
    [
        # 77 (pdfplumber): the running header « Schéma … 2027-2031 Département des … » is
        # printed on every page; the cover prints « Schéma départemental » / « enfance-famille »
        # / « 2027-2031 » (l.3-5)
        ("77_monts-du-vellave_2027-2031.txt", "Schéma départemental enfance-famille 2027-2031"),
        # 88: a title over two markdown heading lines, the period two lines below (l.3-6)
        (
            "88_plaine-et-bocage_2026-2031.txt",
            "Schéma départemental de protection de l'enfance et de la famille 2026-2031",
        ),
        # 75 (markitdown of a workbook): the cover cell of a pipe row, its empty cell « NaN »
        ("75_val-de-lisiere_2026-2030.txt", "Schéma départemental de protection de l'enfance 2026-2030"),
        # 61 (2022-2026): « SCHÉMA » alone is no title; the full line below is
        ("61_orne_2022-2026.txt", "Schéma départemental de l'enfance et de la famille 2022-2026"),
    ],
)
def test_the_manifest_title_is_the_covers_title_read_whole(name, title):
    """The scaffold's manifest title is the one `build` checks the parsed title against:
    a running header taken instead, or half a wrapped title, made `build` refuse the plan
    as misfiled (77's blind run) until the manifest row was corrected by hand."""
    from schemalab.extract import normalise_lines
    from schemalab.scaffold import plan_title

    plan = Path(__file__).parent / "fixtures" / name
    assert plan_title(normalise_lines(plan.read_text(encoding="utf-8")), "Essai") == title


@pytest.mark.parametrize(
    "name, parsed",
    [
        ("77_monts-du-vellave_2027-2031.txt", "Schéma départemental enfance-famille"),
        ("88_plaine-et-bocage_2026-2031.txt", "Schéma départemental de protection de l'enfance et de la famille"),
    ],
)
def test_the_drafts_title_block_reads_the_wrapped_title(tmp_path, name, parsed):
    """The draft's `title:` block reads the title line and the line it wraps onto (the
    period apart), so that the parsed title agrees with the manifest row's, which `build`
    checks."""
    from schemalab.scaffold import draft_config

    plan = Path(__file__).parent / "fixtures" / name
    text = plan.read_text(encoding="utf-8")
    yml = tmp_path / f"{name[:2]}_essai.yml"
    yml.write_text(draft_config(name[:2], "Essai", text, name)[0], encoding="utf-8")
    plan_row = load_config_parser(yml)().parse(text, name).tables["plans"][0]
    assert plan_row["title"] == parsed


_FOUR_COLUMN_FORM = """AXE 1            FICHE 1.1                           Renforcer l'accompagnement périnatal
Pilote           Service de PMI                      Calendrier       2026-2028
Co-pilote        Caisse d'allocations familiales     Coût estimé      60 000 € / an
Partenaires      Maternités                          Public visé      Femmes enceintes
Déroulé de       1. Signer une convention de liaison
l'action         2. Recruter deux puéricultrices
Indicateurs de    Nombre de visites à domicile
suivi             Part des sorties de maternité suivies
"""


def test_inspect_reads_a_four_column_forms_start_right_labels_and_wrapped_labels():
    """28's blind run: a form whose first row prints the axis before the sheet's number
    (« AXE 1   FICHE 1.1   title ») offered no sheet start, its right-hand label | value
    pair (« Calendrier », « Coût estimé », « Public visé ») and its labels wrapped in their
    column (« Déroulé de » / « l'action ») were no headings: the draft read no sheet."""
    text = "\n\n".join(
        _FOUR_COLUMN_FORM.replace("1.1", n).replace("AXE 1", f"AXE {n[0]}") for n in ("1.1", "1.2", "2.1")
    )
    rep = inspect_text(text)
    best = rep.best
    assert best.numbers == ["1.1", "1.2", "2.1"] and best.style == "plain"
    assert re.match(best.regex, "AXE 2            FICHE 2.3                  Créer des lieux")
    heads = {h for h, _ in rep.headings}
    assert {"Calendrier", "Coût estimé", "Public visé", "Déroulé de l'action", "Indicateurs de suivi"} <= heads


def test_check_needs_only_the_code_of_a_registered_plan():
    """26's blind run: the README's and the draft's own `new-department --code … --check` failed
    (argparse asked for --name and --raw); they are the manifest's for a registered plan."""
    from schemalab.scaffold import _registered

    name, raw = _registered("40")
    assert name == "Landes" and raw.name == "40_landes_2024-2028.txt" and raw.exists()
    with pytest.raises(ValueError, match="not in .*manifest.csv"):
        _registered("41")


def test_a_sheet_continued_on_its_next_page_is_no_start():
    """69 l.655 « FICHE 3.1 (suite) »: counted as a second start of 3.1, its family was refused,
    and with it the combined start of the plan's three shapes (« Fiche action n° 1.1 – … »,
    « FICHE 3.1 », « Action 4.1 – … »): the draft read 6 sheets of 12."""
    plan = Path(__file__).parent / "fixtures" / "69_hautes-combes_2026-2030.txt"
    rep = inspect_text(plan.read_text(encoding="utf-8"))
    fiche = next(c for c in rep.candidates if c.shape == "FICHE N" and c.style == "plain")
    assert fiche.numbers == ["3.1", "3.2", "3.3"]
    from schemalab.inspect import sheet_starts

    regex, chosen = sheet_starts(rep)
    assert regex is not None and {c.shape for c in chosen} >= {"FICHE N", "Action N"}
