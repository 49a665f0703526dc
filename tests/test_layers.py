"""The layer rule: bot → handlers → knowledge, bot → knowledge, and nothing back up.

import-linter builds the import graph (grimp), lazy imports inside functions included, and
checks the contracts in pyproject.toml: `knowledge` imports neither `bot`, `handlers` nor a
Slack library, and `handlers` does not import `bot`.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import PROJECT


def test_imports_only_point_down() -> None:
    lint_imports = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint_imports), "--no-cache"], cwd=PROJECT, text=True,
                            capture_output=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout, result.stdout
