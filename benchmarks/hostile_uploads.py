"""Benchmark: how long each hostile upload takes to be refused, and how much memory it costs.

    .venv/bin/python benchmarks/hostile_uploads.py
    .venv/bin/python benchmarks/hostile_uploads.py --only csv_wide_header xlsx_empty_rows

The files are those of ``tests/hostile_files.py`` (built in memory; the test
suite asserts their messages). Each is imported, as the admin's preview does,
into a Cuenta of a throw-away test database (Django's test database machinery):
once timed without tracing, with the process's peak resident memory reset
before it (Linux's ``/proc/self/clear_refs``), then again under ``tracemalloc``
for the peak of Python's own allocations. The target: every file refused
within 2 s and 50 MB.
"""

import argparse
import contextlib
import io
import os
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("SECRET_KEY", "benchmark-only")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

TARGET_SECONDS = 2
TARGET_MB = 50
STATUS = Path("/proc/self/status")


def resident_kib(field: str) -> int | None:
    """A memory figure of this process from /proc (VmRSS, VmHWM), in KiB; None where there is no /proc."""
    if not STATUS.exists():
        return None
    for line in STATUS.read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return None


def reset_peak_resident() -> None:
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", help="builders of tests/hostile_files.py to run (default: all)")
    args = parser.parse_args()

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        run(args.only)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def run(only):
    from django.core.management import call_command

    from cuentas import models as m
    from cuentas.formatting import format_number
    from cuentas.services import import_workbook
    from tests.hostile_files import CORPUS

    call_command("loaddata", "territory", verbosity=0)
    region = m.Region.objects.get(code="13")
    cuenta = m.Cuenta.objects.create(region=region, management_year=2022, presentation_year=2023, title="Benchmark")
    load = ", ".join(format_number(value, 1) for value in os.getloadavg())
    print(f"{len(CORPUS)} archivos hostiles; {os.cpu_count()} CPU, carga {load}; objetivo: ≤ 2 s y ≤ 50 MB cada uno")
    print(f"{'archivo':<28} {'tamaño':>10} {'tiempo':>8} {'tracemalloc':>12} {'RSS añadido':>12}  rechazo")
    worst_time = worst_memory = 0.0
    failures = []
    for hostile in CORPUS:
        if only and hostile.build.__name__ not in only:
            continue
        name, content = hostile.build()
        table = getattr(m, hostile.table) if hostile.table else None

        reset_peak_resident()
        before = resident_kib("VmRSS")
        started = time.perf_counter()
        result = import_workbook(cuenta, io.BytesIO(content), name=name, table=table, dry_run=True)
        elapsed = time.perf_counter() - started
        peak_resident = resident_kib("VmHWM")

        tracemalloc.start()
        import_workbook(cuenta, io.BytesIO(content), name=name, table=table, dry_run=True)
        traced = tracemalloc.get_traced_memory()[1] / (1024 * 1024)
        tracemalloc.stop()

        added = "—" if before is None else f"{format_number((peak_resident - before) / 1024, 1)} MB"
        message = str(result.errors[0]) if result.errors else "ACEPTADO"
        if message != hostile.message.format(name=name):
            failures.append(name)
        worst_time, worst_memory = max(worst_time, elapsed), max(worst_memory, traced)
        size = f"{format_number(len(content) / 1024)} KiB"
        print(
            f"{name:<28} {size:>10} {format_number(elapsed, 3) + ' s':>8} "
            f"{format_number(traced, 1) + ' MB':>12} {added:>12}  {message[:70]}"
        )
    worst = f"{format_number(worst_time, 3)} s; peor memoria (tracemalloc): {format_number(worst_memory, 1)} MB"
    print(f"peor tiempo: {worst}")
    if failures or worst_time > TARGET_SECONDS or worst_memory > TARGET_MB:
        sys.exit("Fuera del objetivo o con otro mensaje: " + ", ".join(failures or ["tiempo o memoria"]))


if __name__ == "__main__":
    main()
