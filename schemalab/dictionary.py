"""``schemalab dictionary``: the data dictionary generated from schema.py.

The README holds a copy between two markers; ``--check`` fails when it is stale and
``--write`` refreshes it (a test runs the check).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

BEGIN = "<!-- data-dictionary:begin -->"
END = "<!-- data-dictionary:end -->"


def readme_with_dictionary(readme: str) -> str:
    """``readme`` with the text between the markers replaced by the current dictionary."""
    from schemalab.schema import data_dictionary_markdown

    if BEGIN not in readme or END not in readme:
        raise ValueError(f"README has no {BEGIN} … {END} markers")
    head, rest = readme.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    return f"{head}{BEGIN}\n{data_dictionary_markdown()}{END}{tail}"


def add_arguments(p: argparse.ArgumentParser) -> None:
    g = p.add_mutually_exclusive_group()
    g.add_argument("--check", type=Path, metavar="README", help="exit 1 when README's dictionary is stale")
    g.add_argument("--write", type=Path, metavar="README", help="rewrite README's dictionary in place")


def main(args: argparse.Namespace) -> int:
    from schemalab.schema import data_dictionary_markdown

    path = args.check or args.write
    if path is None:
        sys.stdout.write(data_dictionary_markdown())
        return 0
    text = path.read_text(encoding="utf-8")
    fresh = readme_with_dictionary(text)
    if args.write:
        path.write_text(fresh, encoding="utf-8")
        return 0
    if fresh != text:
        print(f"{path}: data dictionary is stale; run `schemalab dictionary --write {path}`", file=sys.stderr)
        return 1
    return 0
