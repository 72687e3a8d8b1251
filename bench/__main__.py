"""`python -m bench [--smoke] [name …]`: run the benchmarks one after another.

Each benchmark is its own module run in its own process (`python -m bench.<name>`), so
one benchmark's memory, event loop or database cannot colour the next one's numbers.
The exit status is non-zero when any benchmark missed its target.
"""

from __future__ import annotations

import subprocess
import sys
import time

from bench.common import ROOT

BENCHMARKS = ("card_submit", "fanout", "search", "restart")


def main(argv: list[str]) -> int:
    smoke = "--smoke" in argv
    names = [a for a in argv if not a.startswith("--")] or list(BENCHMARKS)
    unknown = sorted(set(names) - set(BENCHMARKS))
    if unknown:
        print(f"unknown benchmark(s): {', '.join(unknown)}; known: {', '.join(BENCHMARKS)}")
        return 2
    failed = []
    started = time.monotonic()
    for name in names:
        print(f"== bench.{name}{' (smoke)' if smoke else ''}", flush=True)
        args = [sys.executable, "-m", f"bench.{name}", *(["--smoke"] if smoke else [])]
        if subprocess.run(args, cwd=ROOT).returncode != 0:
            failed.append(name)
    print(f"== {len(names)} benchmark(s) in {time.monotonic() - started:.0f} s", flush=True)
    if failed:
        print(f"== missed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
