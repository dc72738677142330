"""The figures a reader writes in a configuration (`checks:`) are the test of a configured
plan: every listed configuration meets its own, a figure that differs names the key and
its line in the configuration and the sheet's line in the plan, and a new département
needs no Python file for it (schemalab.parsers.reader_checks)."""

from pathlib import Path

import pytest
import yaml

from schemalab.extract import ParseError
from schemalab.manifest import load_manifest
from schemalab.parsers.configurable import CONFIG_DIR, ConfigError, load_config_parser

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"
RAW = ROOT / "data" / "raw"
PLAN_82 = FIXTURES / "82_causse-noir_2025-2029.txt"


def _listed() -> list[str]:
    return yaml.safe_load((CONFIG_DIR / "index.yml").read_text(encoding="utf-8")) or []


@pytest.mark.parametrize("name", _listed())
def test_every_listed_configuration_meets_the_figures_its_reader_wrote(name):
    """`make test` is where a new département's `checks:` run: a configuration listed in
    config/index.yml says what a reader counts in its plan (the sheets at least), and the
    parse gives those figures."""
    from schemalab.parsers import reader_checks

    path = CONFIG_DIR / name
    config = yaml.safe_load(path.read_text(encoding="utf-8"))
    checks = config.get("checks") or {}
    assert checks.get("sheets") is not None, (
        f"{path}: write in `checks:` the number of action sheets a reader counts in the plan (`sheets: 12`)"
    )
    manifest = load_manifest(RAW)
    raw = next(RAW / f for f, e in manifest.items() if e.department_code == str(config["code"]))
    res = load_config_parser(path)().parse(raw.read_bytes(), raw.name, manifest[raw.name])
    assert reader_checks.problems(res, checks) == []


def _with_checks(tmp_path, block: str) -> Path:
    path = tmp_path / "82.yml"
    path.write_text((FIXTURES / "82_causse-noir.yml").read_text(encoding="utf-8") + "\n" + block, encoding="utf-8")
    return path


# Read off plan 82 (tests/fixtures/82_causse-noir_2025-2029.txt, sheet 3 at line 153):
# one pilot, four partners on two lines, two indicators, three numbered steps, « de 2026
# à 2028 » (three years), « À moyens constants » (no amount).
SHEET_3 = """checks:
  sheets: 12
  axes: 4
  sheet:
    '3':
      title: Prévenir le décrochage scolaire des enfants accompagnés
      axis: '1'
      pilots: 1
      partners: 4
      indicators: 2
      sub_actions: 3
      calendar: 3
      budget_lines: 0
"""


def test_figures_a_reader_counts_on_a_sheet_pass_strict(tmp_path):
    path = _with_checks(tmp_path, SHEET_3)
    res = load_config_parser(path)().parse(PLAN_82.read_bytes(), PLAN_82.name, strict=True)
    assert not [w for w in res.warnings if "reader check" in w]


def test_a_figure_that_differs_names_the_key_its_line_and_the_sheet(tmp_path):
    """Sheet 3 prints two indicators; a reader who wrote three (or a configuration that
    reads one too few) is told where to look, in both files; `--strict` refuses."""
    path = _with_checks(tmp_path, SHEET_3.replace("indicators: 2", "indicators: 3"))
    line = next(n for n, t in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if "indicators: 3" in t)
    res = load_config_parser(path)().parse(PLAN_82.read_bytes(), PLAN_82.name)
    (warning,) = [w for w in res.warnings if "reader check" in w]
    assert f"{path}:{line}: `checks.sheet.3.indicators`: a reader counts 3; the configuration reads 2" in warning
    assert warning.startswith(f"{PLAN_82.name}:153:")
    with pytest.raises(ParseError, match=r"checks.sheet.3.indicators"):
        load_config_parser(path)().parse(PLAN_82.read_bytes(), PLAN_82.name, strict=True)


def test_a_sheet_the_reader_names_and_the_parse_lacks_is_reported(tmp_path):
    path = _with_checks(tmp_path, "checks:\n  sheets: 13\n  sheet:\n    '13': {indicators: 1}\n")
    res = load_config_parser(path)().parse(PLAN_82.read_bytes(), PLAN_82.name)
    found = [w for w in res.warnings if "reader check" in w]
    assert any("`checks.sheets`: a reader counts 13; the configuration reads 12" in w for w in found)
    assert any("`checks.sheet.13`: no sheet 13 is read (sheets read: 1, 2, 3" in w for w in found)


def test_a_figure_not_counted_yet_is_a_warning_and_a_strict_error(tmp_path):
    path = _with_checks(tmp_path, "checks:\n  sheets: null\n")
    res = load_config_parser(path)().parse(PLAN_82.read_bytes(), PLAN_82.name)
    assert any("`checks.sheets`: not counted yet" in w for w in res.warnings)
    with pytest.raises(ParseError, match="not counted yet"):
        load_config_parser(path)().parse(PLAN_82.read_bytes(), PLAN_82.name, strict=True)


@pytest.mark.parametrize(
    "block, key",
    [
        ("checks:\n  sheet_count: 12\n", "checks.sheet_count"),
        ("checks:\n  sheets: -1\n", "checks.sheets"),
        ("checks:\n  sheets: yes\n", "checks.sheets"),
        ("checks:\n  sheet:\n    1.10: {indicators: 2}\n", "checks.sheet.1.1"),
        ("checks:\n  sheet:\n    '3': {pilot: 1}\n", "checks.sheet.3.pilot"),
    ],
)
def test_a_bad_checks_block_is_a_configuration_error_at_its_line(tmp_path, block, key):
    path = _with_checks(tmp_path, block)
    with pytest.raises(ConfigError, match=rf"{path}:\d+: .*`{key}`"):
        load_config_parser(path)
