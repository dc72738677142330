"""Small made-up tables shared by the tests of the reports' reader-facing tables."""

from __future__ import annotations


def two_plans():
    """A ``plans`` table of two plans: Lot-et-Garonne 2026-2030 and Orne 2017-2021 (the Orne
    edition whose tome 1 was not read, so its money and review are « dans le texte lu »)."""
    from schemalab.io import conform

    return conform(
        "plans",
        [
            dict(plan_id="47-2026-2030", department_code="47", department_name="Lot-et-Garonne", title="S",
                 period_start=2026, period_end=2030, source_file="47.txt", source_sha256="x"),
            dict(plan_id="61-2017-2021", department_code="61", department_name="Orne", title="S",
                 period_start=2017, period_end=2021, source_file="61.txt", source_sha256="y"),
        ],
    )  # fmt: skip


def three_plans():
    """A bare ``plans`` table: Haute-Garonne and Pas-de-Calais print « résultats attendus »,
    Landes indicators."""
    import pandas as pd

    return pd.DataFrame(
        {
            "plan_id": ["31-2021-2025", "40-2024-2028", "62-2023-2027"],
            "department_code": ["31", "40", "62"],
            "department_name": ["Haute-Garonne", "Landes", "Pas-de-Calais"],
            "source_file": ["31_hg.txt", "40_landes.txt", "62_pdc.txt"],
        }
    )


def actions(rows):
    """An ``actions`` table of sheets given as (plan_id, action_id, title), in that order,
    positions and first lines 1, 2, 3…, no calendar."""
    from schemalab.io import conform

    return conform(
        "actions",
        [
            dict(plan_id=p, department_code=p[:2], action_id=a, position=i, axis_id="1", objective=None, title=t,
                 resources_text=None, calendar_status="absent", first_line=i)
            for i, (p, a, t) in enumerate(rows, start=1)
        ],
    )  # fmt: skip
