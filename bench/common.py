"""What every benchmark shares: the result line, percentiles, free ports, child processes.

A benchmark's last line is `name: value unit (target …)`, and its exit status is 0 only
when the target was met, so `make bench` (and CI, if ever asked) sees a regression.
"""

from __future__ import annotations

import asyncio
import math
import os
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Outcome:
    name: str
    value: float
    unit: str
    target: str
    met: bool

    def line(self) -> str:
        value = f"{self.value:.0f}" if abs(self.value) >= 100 else f"{self.value:.3g}"
        verdict = "" if self.met else " MISSED"
        return f"{self.name}: {value} {self.unit} (target {self.target}){verdict}"


def finish(outcomes: Sequence[Outcome]) -> int:
    """Print each outcome (the last line is the headline) and return the exit status."""
    for outcome in outcomes:
        print(outcome.line(), flush=True)
    return 0 if all(o.met for o in outcomes) else 1


def percentile(values: Sequence[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100) of a non-empty sequence."""
    if not values:
        raise ValueError("percentile of no values")
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def rss_mib(pid: int) -> float:
    """Resident memory of a process in MiB (Linux /proc)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for pid {pid}")


def spawn(
    args: Sequence[str], env: Mapping[str, str] | None = None, *, log_path: Path | None = None
) -> subprocess.Popen[bytes]:
    """Start a Python child (`python args…`) from the project root, logging to a file."""
    merged = {**os.environ, **(env or {})}
    sink = open(log_path, "wb") if log_path else subprocess.DEVNULL  # noqa: SIM115
    return subprocess.Popen(
        [sys.executable, *args], cwd=ROOT, env=merged, stdout=sink, stderr=subprocess.STDOUT
    )


def stop(process: subprocess.Popen[bytes], *, timeout: float = 10.0) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


async def wait_for_http(url: str, *, within: float = 30.0, status: int = 200) -> float:
    """Poll `url` until it answers `status`; returns the seconds it took."""
    started = time.monotonic()
    async with aiohttp.ClientSession() as client:
        while True:
            try:
                async with client.get(url) as response:
                    if response.status == status:
                        return time.monotonic() - started
            except aiohttp.ClientError:
                pass
            if time.monotonic() - started > within:
                raise TimeoutError(f"{url} did not answer {status} within {within} s")
            await asyncio.sleep(0.01)


# PostgreSQL for benchmarks: the CI server (trust auth); its `postgres` database is only
# used to create and drop each run's scratch database.
POSTGRES_ADMIN_URL = os.environ.get(
    "BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)


async def _postgres_admin(statement: str) -> None:
    import asyncpg
    from sqlalchemy.engine import make_url

    admin = make_url(POSTGRES_ADMIN_URL)
    connection = await asyncio.wait_for(
        asyncpg.connect(
            host=admin.host,
            port=admin.port or 5432,
            user=admin.username,
            password=admin.password,
            database=admin.database,
        ),
        timeout=5,
    )
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


async def postgres_problem() -> str | None:
    """None when the benchmark PostgreSQL answers, else why not (to skip that backend)."""
    try:
        await _postgres_admin("SELECT 1")
    except Exception as error:  # any failure means: no PostgreSQL half today
        return type(error).__name__
    return None


@asynccontextmanager
async def scratch_database(backend: str, prefix: str) -> AsyncIterator[str]:
    """An empty database for one benchmark, removed afterwards even on failure: a SQLite
    file in a temporary directory, or a `<prefix>_<random>` PostgreSQL database. Yields
    the plain URL (`sqlite:///…` or `postgresql://…`) as DATABASE_URL would hold it."""
    if backend == "sqlite":
        with tempfile.TemporaryDirectory(prefix=f"{prefix}_") as directory:
            yield f"sqlite:///{directory}/bot.db"
        return
    from sqlalchemy.engine import make_url

    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    await _postgres_admin(f'CREATE DATABASE "{name}"')
    try:
        yield make_url(POSTGRES_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        await _postgres_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) a process has used so far (Linux /proc): on a shared
    machine it varies far less than wall-clock time."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def compile_bytecode() -> None:
    """Compile the project's modules once, as a deployed bot that has started before
    has them: the benchmark environment may forbid writing bytecode
    (PYTHONDONTWRITEBYTECODE), which would make every child compile from source."""
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", "bot", "dialogs", "cards", "storage"],
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
    )


@dataclass(frozen=True)
class BotProcess:
    process: subprocess.Popen[bytes]
    messages_url: str  # POST activities here
    service_url: str  # the connector: what activities carry as serviceUrl


@asynccontextmanager
async def bot_with_connector(
    database_url: str,
    connector_port: int,
    log_dir: Path,
    *,
    name: str = "bot",
    teams_limits: bool = False,
    env: Mapping[str, str] | None = None,
) -> AsyncIterator[BotProcess]:
    """`python -m bot serve` in local mode (no authentication) on `database_url` and
    `bench.connector_server` on `connector_port`, each its own process, both answering
    when this yields; both stopped afterwards, also on failure."""
    bot_port = free_port()
    service_url = f"http://127.0.0.1:{connector_port}/"
    connector = spawn(
        [
            "-m",
            "bench.connector_server",
            "--port",
            str(connector_port),
            *(["--teams-limits"] if teams_limits else []),
        ],
        log_path=log_dir / f"connector-{name}.log",
    )
    bot = spawn(
        ["-m", "bot", "serve"],
        {
            "DATABASE_URL": database_url,
            "PORT": str(bot_port),
            "HOST": "127.0.0.1",
            "LOG_LEVEL": "WARNING",
            "MicrosoftAppId": "",
            "MicrosoftAppPassword": "",
            **(env or {}),
        },
        log_path=log_dir / f"{name}.log",
    )
    try:
        await wait_for_http(f"{service_url}_stats", within=30)
        await wait_for_http(f"http://127.0.0.1:{bot_port}/healthz", within=60)
        yield BotProcess(bot, f"http://127.0.0.1:{bot_port}/api/messages", service_url)
    finally:
        stop(bot)
        stop(connector)
