"""Shared by test_report.py and test_browser.py: one real report run per test session.

The run builds the tables from data/raw into a temporary folder (so a clean clone works),
computes the themes when the theme layer is installed, and executes every notebook of
notebooks/report.yml (in warm kernels, schemalab.report.execute_jobs); both test modules then inspect the same output.
"""

from __future__ import annotations

import functools
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"


@functools.cache
def real_report() -> tuple[int, Path, Path]:
    """(exit code, run folder, data folder) of a full report over the real plans."""
    from schemalab.report import run_report

    base = Path(tempfile.mkdtemp(prefix="schemalab-report-test-"))
    data = base / "processed"
    code, run = run_report(out_dir=base / "reports", data_dir=data, raw_dir=RAW, quiet=True)
    return code, run, data
