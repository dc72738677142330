"""The ``schemalab`` command line.

Each subcommand lives in its own module exposing ``add_arguments(parser)`` and
``main(args) -> int``. Those modules import only the standard library at top level
(pandas, torch and friends are imported inside functions), so ``schemalab --help``
answers fast and ``schemalab build`` never imports torch.
"""

from __future__ import annotations

import argparse
import importlib
import sys

#: subcommand → (module, one-line help). Ordered as shown by --help.
COMMANDS: dict[str, tuple[str, str]] = {
    "build": ("schemalab.build", "parse the raw plans and write every table to data/processed"),
    "report": ("schemalab.report", "build tables and themes if stale, run every notebook, render the HTML reports"),
    "export": ("schemalab.export", "write the tables as one Excel workbook or UTF-8 CSV files"),
    "diff": ("schemalab.diff", "compare two builds table by table (added / removed / modified)"),
    "inspect": ("schemalab.inspect", "list candidate sheet starts and frequent headings of an unknown plan"),
    "new-department": ("schemalab.scaffold", "scaffold the YAML configuration, manifest row and test of a new plan"),
    "themes": ("schemalab.themes_cli", "map every action to a theme, cluster them, write action_themes"),
    "dictionary": ("schemalab.dictionary", "print the data dictionary, or check/update the README's copy"),
    "actors": ("schemalab.actors", "the actor registry; --unmapped lists printed actor names it does not know"),
}


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="schemalab",
        description="Compare the child-protection plans of French départements.",
    )
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    for name, (module, help_) in COMMANDS.items():
        sp = sub.add_parser(name, help=help_, description=help_)
        importlib.import_module(module).add_arguments(sp)
    return p


def main(argv: list[str] | None = None) -> int:
    p = parser()
    args = p.parse_args(argv)
    if not args.command:
        p.print_help()
        return 2
    module = importlib.import_module(COMMANDS[args.command][0])
    return int(module.main(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
