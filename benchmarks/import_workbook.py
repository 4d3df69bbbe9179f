"""Benchmark: import a 10.000-row workbook into a Cuenta and report rows per second and peak memory.

Run it against SQLite (the default) or PostgreSQL (through DATABASE_URL):

    .venv/bin/python benchmarks/import_workbook.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cuentas .venv/bin/python benchmarks/import_workbook.py

It works in a throw-away test database (Django's test database machinery), so
it never touches the data of the configured database. The import is timed once
without tracing, then repeated under ``tracemalloc`` for the peak memory.
"""

import argparse
import datetime
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

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

#: How the rows are spread over the tables that take many rows.
SHARE = {"TeamMember": 0.4, "Efemeride": 0.25, "FieldEvent": 0.2, "Milestone": 0.1, "Partnership": 0.05}


def build_workbook(rows: int, cuenta) -> bytes:
    from openpyxl import Workbook

    from cuentas import models as m
    from cuentas.resources import TABLES, headers_of, sheet_name

    comunas = list(m.Comuna.objects.filter(region=cuenta.region).values_list("name", flat=True))
    year = cuenta.management_year_id
    start = datetime.date(year, 1, 1)
    makers = {
        "TeamMember": lambda i: {"Nombre": f"Persona {i}", "Cargo": "Analista", "Unidad": "Capacitación", "Orden": i},
        "Efemeride": lambda i: {"Fecha": start + datetime.timedelta(days=i % 365), "Efeméride": f"Efeméride {i}"},
        "FieldEvent": lambda i: {
            "Fecha": start + datetime.timedelta(days=i % 365),
            "Comuna": comunas[i % len(comunas)],
            "Lugar": f"Sede vecinal {i}",
        },
        "Milestone": lambda i: {"Título": f"Hito {i}", "Texto": "Texto del hito " * 5, "Orden": i},
        "Partnership": lambda i: {
            "Institución aliada": f"Institución {i}",
            "Objeto": "Colaboración",
            "Personas alcanzadas": i,
            "Comuna": comunas[i % len(comunas)],
        },
    }
    counts = {name: int(rows * share) for name, share in SHARE.items()}
    counts["TeamMember"] += rows - sum(counts.values())
    workbook = Workbook(write_only=True)
    for model in TABLES:
        sheet = workbook.create_sheet(sheet_name(model))
        headers = headers_of(model)
        sheet.append(headers)
        for i in range(counts.get(model.__name__, 0)):
            values = makers[model.__name__](i)
            sheet.append([values.get(header) for header in headers])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    args = parser.parse_args()

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        run(args.rows)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def run(rows: int):
    from cuentas.formatting import format_number
    from cuentas.models import Cuenta, FiscalYear, Region
    from cuentas.services import import_workbook

    call_command("loaddata", "territory", verbosity=0)
    region = Region.objects.get(code="13")
    year, _created = FiscalYear.objects.get_or_create(year=2022)
    cuenta = Cuenta.objects.create(region=region, management_year=year, presentation_year=2023, title="Benchmark")
    content = build_workbook(rows, cuenta)

    started = time.perf_counter()
    result = import_workbook(cuenta, io.BytesIO(content), name="benchmark.xlsx")
    elapsed = time.perf_counter() - started
    if not result.ok:
        sys.exit("La importación falló: " + "; ".join(str(error) for error in result.errors[:5]))

    tracemalloc.start()
    import_workbook(cuenta, io.BytesIO(content), name="benchmark.xlsx")
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    vendor = connection.vendor
    print(f"base de datos: {vendor}")
    size = format_number(len(content) / 1024)
    print(f"archivo: {size} KB, {format_number(result.rows)} filas en {len(result.tables)} hojas")
    print(f"tiempo: {format_number(elapsed, 2)} s, {format_number(result.rows / elapsed)} filas/s")
    print(f"memoria máxima (tracemalloc): {format_number(peak / (1024 * 1024), 1)} MB")


if __name__ == "__main__":
    main()
