"""Every HTML report opens in a real headless browser (Debian's chromium) with nothing missing.

Checks per page: no console error, no failed request, no request other than the page
itself and inline data: images (so the report opens offline), every image loaded
(naturalWidth > 0). Screenshots of the index and of one report are saved under
reports/screenshots/ for a person to look at. A plan crafted with a script tag, an
img onerror and a markdown link shows them as text (plan text is data, never markup).

.ci/run installs chromium when /usr/bin/chromium is missing; playwright (PyPI, with its
driver) drives it: no browser is downloaded.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tests.report_helpers import RAW, ROOT, real_report

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SHOTS = ROOT / "reports" / "screenshots"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    if not CHROMIUM.exists():
        pytest.fail("chromium missing: `apt-get install -y chromium` (.ci/run does it)")
    from playwright.sync_api import sync_playwright

    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as p:
        ctx = p.chromium.launch_persistent_context(
            str(profile),
            executable_path=str(CHROMIUM),
            args=ARGS,
            headless=True,
            viewport={"width": 1280, "height": 900},
        )
        yield ctx
        ctx.close()


def open_page(ctx, path: Path, screenshot: Path | None = None) -> dict:
    """Open ``path``; return what went wrong and the page handle."""
    page = ctx.new_page()
    errors, failed, foreign = [], [], []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("requestfailed", lambda r: failed.append(r.url))
    url = path.resolve().as_uri()
    page.on("request", lambda r: foreign.append(r.url) if r.url != url and not r.url.startswith("data:") else None)
    page.goto(url, wait_until="load")
    page.wait_for_timeout(100)
    images = page.eval_on_selector_all("img", "els => els.map(e => [e.complete, e.naturalWidth])")
    if screenshot:
        screenshot.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(screenshot), full_page=True)
    return {"page": page, "errors": errors, "failed": failed, "foreign": foreign, "images": images}


def report_pages() -> list[Path]:
    _, run, _ = real_report()
    return sorted(run.glob("*.html")) + [run.parent / "index.html"]


def test_every_report_opens_cleanly_offline(browser):
    pages = report_pages()
    assert len(pages) >= 10
    problems = {}
    for path in pages:
        shot = None
        if path.name == "index.html" and path.parent.name == "reports":
            shot = SHOTS / "index.png"
        elif path.name == "04_calendars.html":
            shot = SHOTS / "04_calendars.png"
        r = open_page(browser, path, shot)
        bad_images = [i for i in r["images"] if not i[0] or i[1] == 0]
        if r["errors"] or r["failed"] or r["foreign"] or bad_images:
            problems[path.name] = {k: r[k] for k in ("errors", "failed", "foreign")} | {"images": bad_images}
        if path.suffix == ".html" and path.name.startswith(("03_", "04_", "08_")):
            assert r["images"], f"{path.name}: figures expected"
        r["page"].close()
    assert not problems, problems
    assert (SHOTS / "index.png").stat().st_size > 0 and (SHOTS / "04_calendars.png").stat().st_size > 0


HOSTILE = '<script>window.__pwned = 1</script><img src="x" onerror="window.__pwned = 2">[lien](http://example.invalid/)'


def test_plan_text_is_shown_as_text_never_markup(browser, tmp_path):
    from schemalab.io import read_table, table_metadata, write_table
    from schemalab.report import run_report

    _, _, data = real_report()
    mine = tmp_path / "processed"
    shutil.copytree(data, mine)
    for name, col, mask in (
        ("actions", "title", lambda df: df["action_id"] == "1"),
        ("action_actors", "name_raw", lambda df: (df["action_id"] == "1") & (df["position"] == 1)),
        ("budget_lines", "context", lambda df: df["position"] == 1),
    ):
        df = read_table(name, mine)
        sel = mask(df) & (df["plan_id"] == "40-2024-2028")
        assert sel.any()
        df.loc[sel, col] = HOSTILE
        write_table(name, df, mine, table_metadata(mine / f"{name}.parquet")["sources"])
    cfg = tmp_path / "cfg"
    cfg.mkdir()
    for nb in ("03_budgets", "06_actors", "08_profile"):
        shutil.copy(ROOT / "notebooks" / f"{nb}.ipynb", cfg)
    (cfg / "report.yml").write_text(
        "notebooks:\n  - notebook: 03_budgets.ipynb\n  - notebook: 06_actors.ipynb\n"
        "  - notebook: 08_profile.ipynb\n    per_department: true\n",
        encoding="utf-8",
    )
    code, run = run_report(
        departments=["40"],
        out_dir=tmp_path / "reports",
        data_dir=mine,
        raw_dir=RAW,
        config=cfg / "report.yml",
        quiet=True,
    )
    assert code == 0
    for name in ("03_budgets", "06_actors", "08_profile_40"):
        r = open_page(browser, run / f"{name}.html")
        page = r["page"]
        assert page.evaluate("window.__pwned") is None, f"{name}: plan text ran as code"
        assert page.locator('img[src="x"]').count() == 0, f"{name}: plan text became an element"
        assert page.locator('a[href="http://example.invalid/"]').count() == 0
        # text_content: a long table is folded in <details> (closed), its cells are still text of the page
        assert "<script>window.__pwned = 1</script>" in page.text_content("body"), f"{name}: text not shown"
        assert not r["foreign"] and not r["errors"], (name, r["foreign"], r["errors"])
        page.close()


def test_crafted_raw_plan_shows_hostile_text_as_text(browser, tmp_path):
    """Issue 10.6 end to end: a raw plan crafted with a script tag (plain and as HTML
    entities), an img onerror and a markdown link, built by the real parser and rendered by
    the real report: nothing runs, no element or link is created, the words are shown."""
    from schemalab.build import build
    from schemalab.io import read_table
    from schemalab.report import run_report

    raw = tmp_path / "raw"
    shutil.copytree(RAW, raw)
    plan = raw / "40_landes_2024-2028.txt"
    lines = plan.read_text(encoding="utf-8").split("\n")
    title = lines.index("Fiche action 1") + 2  # the sheet title line (a blank line before it)
    entities = "&lt;script&gt;window.__pwned = 3&lt;/script&gt;"
    lines[title] = f"{lines[title]} {HOSTILE} {entities}"
    plan.write_text("\n".join(lines), encoding="utf-8")
    data = tmp_path / "processed"
    assert build(raw, data, only=["40"], log=lambda *_: None).failed == []
    stored = read_table("actions", data).set_index("action_id").loc["1", "title"]
    # a Markdown link reads as its text (html2text, converters): the word stays, no address
    assert " lien " in f" {stored} " and "example.invalid" not in stored
    assert "<script>window.pwned = 3</script>" in stored  # a real tag reaches the tables

    cfg = tmp_path / "cfg"
    cfg.mkdir()
    shutil.copy(ROOT / "notebooks" / "08_profile.ipynb", cfg)
    (cfg / "report.yml").write_text(
        "notebooks:\n  - notebook: 08_profile.ipynb\n    per_department: true\n", encoding="utf-8"
    )
    code, run = run_report(
        departments=["40"], out_dir=tmp_path / "reports", data_dir=data, raw_dir=raw, config=cfg / "report.yml",
        quiet=True,
    )  # fmt: skip
    assert code == 0
    r = open_page(browser, run / "08_profile_40.html")
    page = r["page"]
    assert page.evaluate("window.__pwned") is None, "plan text ran as code"
    assert page.locator('img[src="x"]').count() == 0
    assert page.locator('a[href="http://example.invalid/"]').count() == 0
    body = page.inner_text("body")
    assert "lien" in body and "example.invalid" not in body
    # the parser drops tags and markdown emphasis (``__``) of converted text: the words stay
    assert "window.pwned = 1" in body
    # entities decode to a literal script tag in the table, shown as text by the report
    assert "<script>window.pwned = 3</script>" in body
    assert not r["foreign"] and not r["errors"], (r["foreign"], r["errors"])
    page.close()


# What a reader sees ------------------------------------------------------------------------------

ENGLISH_UI = ("No description has been provided", "Out[", "In [", "Traceback", "NaN", "None")


def test_every_report_reads_in_french_with_nothing_broken_or_cut(browser):
    """Issue 20: lang="fr", every figure with a French alt, no `<NA>`, no English UI text,
    no table cut without a link to the whole, "À retenir" and "Méthode et limites" in every
    report, actor names in 06; screenshots of every report for a person to look at."""
    _, run, _ = real_report()
    pages = sorted(run.glob("*.html"))
    problems = {}
    for path in pages:
        if path.name == "index.html":
            continue
        r = open_page(browser, path, SHOTS / f"{path.stem}.png")
        page = r["page"]
        body = page.inner_text("body")
        bad = []
        if page.evaluate("document.documentElement.lang") != "fr":
            bad.append("lang is not fr")
        alts = page.eval_on_selector_all("img", "els => els.map(e => e.getAttribute('alt') || '')")
        bad += [f"image without a French alt: {a!r}" for a in alts if len(a) < 8 or "description" in a.lower()]
        if "<NA>" in body:
            bad.append("literal <NA>")
        bad += [f"English UI text {w!r}" for w in ENGLISH_UI if w in body]
        for heading in ("À retenir", "Méthode et limites", "Provenance"):
            if heading not in body:
                bad.append(f"no « {heading} »")
        if re.search(r"lignes de plus|\.\.\. \d+ more", body):
            bad.append("a table is cut")
        # every folded table links its whole CSV, and the CSV is there with as many rows
        for details in page.locator("details").all():
            link = details.locator("xpath=following-sibling::p[1]//a[contains(@href, '.csv')]")
            if link.count() != 1:
                bad.append("a folded table without a link to the whole")
                continue
            href = link.get_attribute("href")
            rows = details.locator("tbody tr").count()
            csv = run / href
            if not csv.exists() or len(csv.read_text(encoding="utf-8-sig").splitlines()) != rows + 1:
                bad.append(f"{href}: missing or not the {rows} rows shown")
        if path.name == "06_actors.html":
            shared = page.locator("xpath=//h2[contains(., 'Acteurs communs')]/following::table[1]").text_content()
            for actor in ("CAF", "ARS", "Éducation nationale"):
                if actor not in shared:
                    bad.append(f"06: actor {actor} missing from the shared actors")
        if bad:
            problems[path.name] = bad
        page.close()
    assert not problems, problems


def test_the_index_is_a_table_of_contents(browser):
    _, run, _ = real_report()
    r = open_page(browser, run.parent / "index.html", SHOTS / "index.png")
    page = r["page"]
    assert page.evaluate("document.documentElement.lang") == "fr"
    visible = page.inner_text("body")
    assert "Vue d'ensemble des schémas" in visible and "Calendriers des actions" in visible
    assert "Landes (40)" in visible and "Pas-de-Calais (62)" in visible, "profiles by département name"
    assert "department=" not in visible and "build : ok" not in visible, "technical details folded"
    page.close()
