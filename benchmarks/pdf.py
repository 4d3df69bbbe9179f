"""Benchmark the Cuenta Pública PDF: the RM 2022 document, cold and warm, cached, and against Chromium.

    .venv/bin/python benchmarks/pdf.py [--runs 5]

Runs on a throw-away SQLite database loaded with the seed fixtures, so it
measures the same document on every machine. It prints:

- cold: the first render in a fresh process (font configuration, first layout);
- warm: the median of the next renders (the garbage collector paused, as in
  production) and, for comparison, with the collector running;
- cached: the median time of a download once the file is kept (the view, the
  version queries and reading the whole file through the test client);
- peak memory: the process's maximum resident set size, and how much the
  renders added to it;
- Chromium: the median time of ``chromium --headless --print-to-pdf`` on the
  very same HTML, and the ratio warm WeasyPrint / Chromium.
"""

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(function, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return times


def setup(workdir: Path) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ["MEDIA_ROOT"] = str(workdir / "media")
    os.environ.setdefault("SECRET_KEY", "benchmark-only")
    os.environ["DEBUG"] = "0"
    os.environ["ALLOWED_HOSTS"] = "localhost"
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    call_command("loaddata", "territory", "catalogues", "rm_2022", verbosity=0)


def chromium_times(html: str, workdir: Path, runs: int) -> list[float] | None:
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    if binary is None:
        return None
    source = workdir / "document.html"
    source.write_text(html, encoding="utf-8")
    target = workdir / "chromium.pdf"
    command = [
        binary,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-pdf-header-footer",
        f"--user-data-dir={workdir / 'chromium-profile'}",
        f"--print-to-pdf={target}",
        source.as_uri(),
    ]
    return timed(lambda: subprocess.run(command, check=True, capture_output=True), runs)  # noqa: S603


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="warm renders and Chromium runs (default 5)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="cuentas-bench-") as name:
        workdir = Path(name)
        setup(workdir)
        from django.test import Client
        from django.urls import reverse

        from cuentas import pdf
        from cuentas.models import Cuenta

        cuenta = Cuenta.objects.select_related("region").get(region_id="13", management_year=2022)
        before = rss_mib()
        cold = timed(lambda: pdf.render(cuenta), 1)[0]
        warm = timed(lambda: pdf.render(cuenta), args.runs)
        peak = rss_mib()

        original = pdf.gc_paused
        pdf.gc_paused = lambda: __import__("contextlib").nullcontext()
        with_gc = timed(lambda: pdf.render(cuenta), args.runs)
        pdf.gc_paused = original

        pdf.get_or_render(cuenta)
        client = Client(HTTP_HOST="localhost")
        url = reverse("cuentas:cuenta_pdf", kwargs={"region": "13", "year": 2022})
        cached = timed(lambda: b"".join(client.get(url).streaming_content), max(args.runs, 20))

        document = pdf.get_or_render(cuenta)
        size = document.path.stat().st_size
        html = pdf.document_html(*pdf.load(cuenta))
        chromium = chromium_times(html, workdir, args.runs)

    warm_median = statistics.median(warm)
    print(f"RM 2022 PDF ({size / 1024:.0f} KiB, WeasyPrint, {pdf.PDF_VARIANT})")
    print(f"  cold render           {cold:6.3f} s")
    print(f"  warm render (median)  {warm_median:6.3f} s   min {min(warm):.3f} s, {args.runs} runs, GC paused")
    print(f"  warm render, GC on    {statistics.median(with_gc):6.3f} s")
    print(f"  cached download       {statistics.median(cached) * 1000:6.1f} ms  (median of {len(cached)})")
    print(f"  peak memory (RSS)     {peak:6.0f} MiB  ({peak - before:.0f} MiB over the process before rendering)")
    if chromium is None:
        print("  Chromium              not installed")
    else:
        chromium_median = statistics.median(chromium)
        print(f"  Chromium --print-to-pdf {chromium_median:4.3f} s   (median of {len(chromium)}, same HTML)")
        print(f"  ratio warm / Chromium {warm_median / chromium_median:6.2f} ×")


if __name__ == "__main__":
    main()
