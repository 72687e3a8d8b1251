"""Running a benchmark's `--smoke` mode from a test and reading its result lines."""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import dataclass

from bench.common import ROOT

RESULT_LINE = re.compile(r"^(?P<name>[a-z_0-9]+): (?P<value>[0-9.]+) (?P<unit>\S+) \(target .+\)$")


@dataclass(frozen=True)
class SmokeRun:
    lines: list[str]  # stdout, line by line
    values: dict[str, float]  # every `name: value unit (target …)` line
    output: str  # stdout + stderr, for assertion messages


def run_smoke(benchmark: str, *, timeout: float = 120) -> SmokeRun:
    """`python -m bench.<benchmark> --smoke`: it must exit 0 and end with its headline
    result line, named after the benchmark."""
    completed = subprocess.run(
        [sys.executable, "-m", f"bench.{benchmark}", "--smoke"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    output = completed.stdout + completed.stderr
    assert completed.returncode == 0, output
    lines = completed.stdout.strip().splitlines()
    headline = RESULT_LINE.match(lines[-1])
    assert headline is not None and headline["name"].startswith(benchmark), lines[-1]
    values = {m["name"]: float(m["value"]) for line in lines if (m := RESULT_LINE.match(line))}
    return SmokeRun(lines=lines, values=values, output=output)
