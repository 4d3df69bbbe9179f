"""Benchmark: the RM 2022 Cuenta page against a view that touches no database, under gunicorn.

    .venv/bin/python benchmarks/page.py [--requests 400] [--concurrency 2] [--workers 2]

Builds a throw-away SQLite database (or uses --database-url) with the catalogues,
both seed Cuentas and the demonstration data, collects static files, serves the
project with gunicorn on 127.0.0.1 and loads, with the same client:

- ``/salud/``: the trivial view (no database, no template), the baseline;
- ``/cuentas/13/2022/?bench=…``: the Cuenta page rendered every time (a query
  string bypasses the page cache, as sorting a table does);
- ``/cuentas/13/2022/``: the same page served from the cache of rendered pages.

It prints requests per second, median and 95th-percentile latency of each,
the CPU time gunicorn's workers spent per request (which, unlike the wall-clock
figures, does not depend on what else the machine is running) and the ratio of
each throughput to the baseline's. Every loop is bounded; the server is stopped at the end.
"""

import argparse
import http.client
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGETS = [
    ("vista trivial (sin base de datos)", "/salud/"),
    ("cuenta RM 2022 sin caché", "/cuentas/13/2022/?bench={n}"),
    ("cuenta RM 2022 con caché", "/cuentas/13/2022/"),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def manage(env, *args):
    command = [sys.executable, "manage.py", *args]
    subprocess.run(command, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)  # noqa: S603 -- our own arguments


def wait_until_up(port: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/salud/")
            if connection.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not start")


def cpu_seconds(master: int) -> float:
    """User and system CPU time of gunicorn's workers (children of ``master``), from /proc."""
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == master:  # fields[1] is the parent's pid
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def load(port: int, path: str, requests: int, concurrency: int) -> tuple[float, list[float]]:
    """Send ``requests`` GETs over ``concurrency`` connections; (requests/s, latencies in ms)."""
    latencies: list[float] = []
    lock = threading.Lock()
    per_thread = requests // concurrency

    def worker(offset: int):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        mine = []
        for i in range(per_thread):
            started = time.perf_counter()
            connection.request("GET", path.format(n=offset * per_thread + i))
            response = connection.getresponse()
            response.read()
            if response.status != 200:
                raise SystemExit(f"{path} answered {response.status}")
            mine.append((time.perf_counter() - started) * 1000)
        connection.close()
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    return len(latencies) / elapsed, latencies


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=400, help="requests per target (default 400)")
    parser.add_argument("--concurrency", type=int, default=2, help="client connections (default 2)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--database-url", help="use this database instead of a throw-away SQLite file")
    options = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DEBUG": "0",
            "SECRET_KEY": "benchmark-only-key",
            "DATABASE_URL": options.database_url or f"sqlite:///{tmp}/bench.sqlite3",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
        }
        print("Preparando la base de datos (catálogos, cuentas de ejemplo y de demostración)…", flush=True)
        manage(env, "migrate", "--noinput")
        manage(env, "seed")
        manage(env, "demo_data")
        manage(env, "collectstatic", "--noinput")

        port = free_port()
        server = subprocess.Popen(  # noqa: S603 -- our own arguments
            [sys.executable, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{port}",
             "--workers", str(options.workers), "--log-level", "warning"],
            cwd=ROOT, env=env,
        )  # fmt: skip
        try:
            wait_until_up(port)
            results = {}
            for label, path in TARGETS:
                load(port, path.replace("{n}", "warmup-{n}"), 20 * options.concurrency, options.concurrency)
                cpu = cpu_seconds(server.pid)
                rps, latencies = load(port, path, options.requests, options.concurrency)
                results[label] = rps, latencies, (cpu_seconds(server.pid) - cpu) * 1000 / len(latencies)
        finally:
            server.terminate()
            server.wait(timeout=10)

    baseline = results[TARGETS[0][0]][0]
    print(f"\n{options.requests} peticiones por destino, {options.concurrency} conexiones, "
          f"{options.workers} workers de gunicorn\n")  # fmt: skip
    print(f"{'destino':36} {'pet./s':>8} {'mediana ms':>11} {'p95 ms':>8} {'CPU ms/pet.':>12} {'razón':>7}")
    for label, (rps, latencies, cpu) in results.items():
        p95 = statistics.quantiles(latencies, n=20)[18]
        median = statistics.median(latencies)
        print(f"{label:36} {rps:8.1f} {median:11.2f} {p95:8.2f} {cpu:12.2f} {rps / baseline:7.2f}")


if __name__ == "__main__":
    main()
