"""The dependency direction of ../shared/STYLE.md, enforced: bot -> dialogs -> cards, storage.

`cards` and `storage` never import botbuilder, aiohttp, msal or apscheduler, so the Teams
edge can move to the Microsoft 365 Agents SDK by rewriting `bot/` only.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EDGE_LIBRARIES = {"botbuilder", "botframework", "aiohttp", "msal", "apscheduler"}

FORBIDDEN: dict[str, set[str]] = {
    "cards": EDGE_LIBRARIES | {"bot", "dialogs", "storage", "sqlalchemy"},
    "storage": EDGE_LIBRARIES | {"bot", "dialogs", "cards"},
    # Flows may use botbuilder-dialogs, but not the HTTP edge, auth or the scheduler.
    "dialogs": {"bot", "aiohttp", "msal", "apscheduler", "botframework"},
}


def imported_top_levels(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_layer_imports_only_what_it_may(package: str) -> None:
    violations = []
    for path in sorted((ROOT / package).rglob("*.py")):
        bad = imported_top_levels(path) & FORBIDDEN[package]
        if bad:
            violations.append(f"{path.relative_to(ROOT)} imports {sorted(bad)}")
    assert violations == []


def test_the_check_itself_sees_imports(tmp_path: Path) -> None:
    sample = tmp_path / "x.py"
    sample.write_text(
        "import aiohttp.web\nfrom botbuilder.core import TurnContext\nfrom . import y\n"
    )
    assert imported_top_levels(sample) == {"aiohttp", "botbuilder"}
