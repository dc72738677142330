"""Sweeps over the registry: every registered département is wired up the same way."""

from __future__ import annotations

import pytest
from conftest import parse_raw

from schemalab import io
from schemalab.manifest import load_manifest, sha256_file
from schemalab.parsers import REGISTRY, codes, detect


def test_manifest_matches_raw_files(raw_dir):
    manifest = load_manifest(raw_dir)
    assert sorted(manifest) == sorted(p.name for p in raw_dir.glob("*.txt"))
    for name, entry in manifest.items():
        assert sha256_file(raw_dir / name) == entry.sha256, f"{name} differs from its manifest sha256"
        assert name.startswith(f"{entry.department_code}_")


def test_raw_files_are_the_published_texts(raw_dir):
    seeds = raw_dir.parents[2] / "shared" / "seeds"
    if not seeds.is_dir():
        pytest.skip("shared/seeds not beside the checkout")
    for seed in seeds.glob("*.txt"):
        assert (raw_dir / seed.name).read_bytes() == seed.read_bytes(), seed.name


def test_codes_unique():
    assert len(codes()) == len(set(codes()))


@pytest.mark.parametrize("parser", REGISTRY, ids=[p.code for p in REGISTRY])
def test_detect_claims_exactly_one_raw_file(parser, raw_dir):
    claimed = [p.name for p in raw_dir.glob("*.txt") if parser.detect(p.read_text(encoding="utf-8"))]
    assert len(claimed) == 1 and claimed[0].startswith(parser.code + "_"), claimed


def test_no_raw_file_is_claimed_twice(raw_dir):
    for p in raw_dir.glob("*.txt"):
        detect(p.read_text(encoding="utf-8"), p.name)  # raises when two parsers claim it


@pytest.mark.parametrize("code", codes())
def test_parsed_tables_pass_the_schema(code, tmp_path):
    res = parse_raw(code)
    assert res.tables["actions"], f"{code}: no action parsed"
    for name, rows in res.tables.items():
        io.write_table(name, rows, tmp_path)
        io.read_table(name, tmp_path)
