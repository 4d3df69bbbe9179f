"""How long the PDF of the largest Cuenta the text limits allow takes to render, against RM 2022 as it is.

Every text of RM 2022 is filled to its limit (``cuentas.models.base.LONG_TEXT``,
``SHORT_TEXT``), with eight milestones and eight strategic axes of the longest
text, in a throw-away SQLite database; each PDF is rendered ``--runs`` times
and the best and median wall times are printed with their ratio to RM 2022 as
it is (same process, same machine load).

    .venv/bin/python benchmarks/pdf_bounds.py --runs 3
"""

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    database = Path(tempfile.mkdtemp()) / "bounds.sqlite3"
    os.environ.update({"DATABASE_URL": f"sqlite:///{database}", "SECRET_KEY": "benchmark-only-key", "DEBUG": "0"})
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    from cuentas import models as m
    from cuentas import pdf
    from cuentas.models.base import LONG_TEXT, SHORT_TEXT

    call_command("migrate", verbosity=0)
    call_command("seed", verbosity=0, stdout=io.StringIO())
    rm = m.Cuenta.objects.get(region_id="13", management_year=2022)

    def timed(cuenta) -> list[float]:
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            pdf.render(m.Cuenta.objects.get(pk=cuenta.pk))
            times.append(time.perf_counter() - start)
        return times

    baseline = timed(rm)
    words = ("Texto de prueba para medir el peor caso de la cuenta " * 200)[:LONG_TEXT]
    rm.introduction = words
    rm.save()
    for section in m.SectionKey:
        m.SectionText.objects.update_or_create(cuenta=rm, section=section, defaults={"text": words})
    for n in range(8):
        m.Milestone.objects.create(cuenta=rm, title=f"Hito {n}", text=words[:SHORT_TEXT])
        m.StrategicAxis.objects.create(cuenta=rm, title=f"Eje {n}", text=words[:SHORT_TEXT])
    largest = timed(rm)

    print(f"{args.runs} renders de cada uno; textos en su límite: {LONG_TEXT} y {SHORT_TEXT} caracteres")
    for name, times in (("RM 2022 tal como es", baseline), ("RM 2022, cada texto en su límite", largest)):
        print(f"{name:34} mejor {min(times):5.2f} s  mediana {statistics.median(times):5.2f} s")
    print(f"razón de las medianas: {statistics.median(largest) / statistics.median(baseline):.2f}")


if __name__ == "__main__":
    main()
