"""A report names the code it was made with: the commit, and whether the code differed from it."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from schemalab.analysis.findings import _git_commit


@pytest.mark.skipif(shutil.which("git") is None, reason="git missing")
def test_commit_says_when_the_code_differs_from_it(tmp_path, monkeypatch):
    monkeypatch.delenv("SCHEMALAB_GIT_COMMIT", raising=False)

    def git(*args):
        subprocess.run(["git", "-C", str(tmp_path), *args], check=True, capture_output=True)

    (tmp_path / "schemalab").mkdir()
    (tmp_path / "schemalab" / "m.py").write_text("x = 1\n")
    git("init", "-q")
    git("add", ".")
    git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "c")
    head = subprocess.run(
        ["git", "-C", str(tmp_path), "rev-parse", "--short=12", "HEAD"], capture_output=True, text=True
    ).stdout.strip()
    assert _git_commit(tmp_path) == head
    (tmp_path / "schemalab" / "m.py").write_text("x = 2\n")
    assert _git_commit(tmp_path) == head + ", avec des modifications non enregistrées dans ce commit"
    (tmp_path / "notes.txt").write_text("outside the code: not a change of the report's code\n")
    git("checkout", "-q", "--", "schemalab/m.py")
    assert _git_commit(tmp_path) == head
