"""The import contracts (pyproject.toml, [tool.importlinter]) hold, checked by import-linter.

They encode ../shared/STYLE.md: bot -> dialogs -> cards, storage; cards and storage never
import the Teams edge's libraries, so the edge can move to the Microsoft 365 Agents SDK by
rewriting `bot/` only; flows reach the database only through storage's operations; the
features in dialogs/ depend on each other in one declared direction. `make lint` runs the
same check; this test keeps it in every pytest run too.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _lint_imports(cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(cwd)}
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_import_contracts_hold() -> None:
    result = _lint_imports(ROOT)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]


def test_the_check_itself_sees_a_broken_contract(tmp_path: Path) -> None:
    for package in ("cards", "bot"):
        (tmp_path / package).mkdir()
        (tmp_path / package / "__init__.py").write_text("")
    (tmp_path / "bot" / "edge.py").write_text("X = 1\n")
    (tmp_path / "cards" / "card.py").write_text("import aiohttp\nfrom bot.edge import X\n")
    (tmp_path / "pyproject.toml").write_text(
        "[tool.importlinter]\n"
        'root_packages = ["bot", "cards"]\n'
        "include_external_packages = true\n\n"
        "[[tool.importlinter.contracts]]\n"
        'name = "layers"\ntype = "layers"\nlayers = ["bot", "cards"]\n\n'
        "[[tool.importlinter.contracts]]\n"
        'name = "no edge"\ntype = "forbidden"\n'
        'source_modules = ["cards"]\nforbidden_modules = ["aiohttp"]\n'
    )
    result = _lint_imports(tmp_path)
    assert result.returncode == 1
    assert "cards.card -> bot.edge" in result.stdout
    assert "cards.card -> aiohttp" in result.stdout


# --- what import-linter cannot see: flows calling the session or setting row fields ----

SESSION_CALLS = {"execute", "scalars", "scalar", "get", "flush", "add", "add_all", "delete"}
# Attribute assignments in flows that are not stored rows, with the reason.
NOT_ROWS = {
    "dialogs/questionnaires/export.py": "openpyxl worksheets and cells of the XLSX export",
}
# Pure text understanding never sees a row (a contract forbids it to import storage), so
# the working objects it builds up are its own.
PURE = "dialogs/text/"


def _flow_findings(path: Path, root: Path = ROOT) -> list[str]:
    found = []
    relative = path.relative_to(root).as_posix()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in SESSION_CALLS
            and "session" in ast.unparse(node.func.value)
        ):
            found.append(f"{relative}:{node.lineno} calls {ast.unparse(node.func)}")
        if (
            isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign)
            and relative not in NOT_ROWS
            and not relative.startswith(PURE)
        ):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            found += [
                f"{relative}:{node.lineno} sets {ast.unparse(target)}"
                for target in targets
                if isinstance(target, ast.Attribute) and ast.unparse(target.value) != "self"
            ]
    return found


def test_flows_leave_queries_and_row_changes_to_storage() -> None:
    """Every query and every change of a stored row is a named operation in storage/
    (STYLE.md): a flow that sets `response.status = …` or calls `session.get(…)` itself
    bypasses the rules that live there (revisions, leases, invariants)."""
    found = [f for path in sorted((ROOT / "dialogs").rglob("*.py")) for f in _flow_findings(path)]
    assert found == []


def test_the_flow_check_sees_a_row_change(tmp_path: Path) -> None:
    sample = tmp_path / "dialogs" / "sample.py"
    sample.parent.mkdir()
    sample.write_text(
        "async def f(session, row):\n    row.status = 'x'\n    await session.flush()\n"
    )
    assert _flow_findings(sample, tmp_path) == [
        "dialogs/sample.py:2 sets row.status",
        "dialogs/sample.py:3 calls session.flush",
    ]
