"""Benchmark the Cuenta Pública PDF: the RM 2022 document, cold and warm, cached, and against Chromium.

    .venv/bin/python benchmarks/pdf.py [--runs 5]

Runs on a throw-away SQLite database loaded with the seed fixtures, so it
measures the same document on every machine. It prints:

- cold: the first render in a fresh process (font configuration, first layout);
- warm: the median of the next renders (the garbage collector paused, as in
  production) and, for comparison, with the collector running; wall-clock and
  CPU seconds, since on a busy machine the wall clock measures the neighbours;
- cached: the median time of a download once the file is kept (the view, the
  version queries and reading the whole file through the test client);
- peak memory: the process's maximum resident set size, and how much the
  renders added to it;
- Chromium: the median time of ``chromium --headless --print-to-pdf`` on the
  very same HTML (its stylesheet inlined), taking turns with the warm renders
  (CPU: the processes it waits for), and the ratios warm WeasyPrint / Chromium.
  Chromium runs twice each turn: as the issue's reference runs it, the plain
  command, which makes Chromium a new temporary profile each time (about
  1,2 s on these machines, as the issue says); and given one profile
  directory for all its runs (``--user-data-dir``), which it then finds
  ready and starts faster from. The target compares with the first; both
  ratios are printed.
"""

import argparse
import contextlib
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pypdf

ROOT = Path(__file__).resolve().parent.parent


def rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(function, runs: int, cpu=time.process_time) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU seconds of each run (CPU: this process's, or ``cpu`` for child processes)."""
    walls, cpus = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), cpu()
        function()
        walls.append(time.perf_counter() - start)
        cpus.append(cpu() - start_cpu)
    return walls, cpus


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


def chromium_print(html: str, workdir: Path, profile: Path | None = None):
    """A function that prints ``html`` to PDF with Debian's Chromium, or None without Chromium.

    Without ``profile`` Chromium makes itself a temporary profile on every run,
    as the plain command does; with it, every run reuses that directory.
    """
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    if binary is None:
        return None
    source = workdir / "document.html"
    source.write_text(html, encoding="utf-8")
    command = [
        binary,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-pdf-header-footer",
        *([f"--user-data-dir={profile}"] if profile else []),
        f"--print-to-pdf={workdir / 'chromium.pdf'}",
        source.as_uri(),
    ]
    return lambda: subprocess.run(command, check=True, capture_output=True)  # noqa: S603


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
        html = pdf.document_html(*pdf.load(cuenta), inline_stylesheet=True)
        chromium = chromium_print(html, workdir)
        chromium_profiled = chromium_print(html, workdir, profile=workdir / "chromium-profile")

        before = rss_mib()
        cold, _ = timed(lambda: pdf.render(cuenta), 1)
        # WeasyPrint and Chromium take turns, so that a busy neighbour slows both alike.
        warm, warm_cpu = [], []
        chromium_times = {"plain": ([], []), "profile": ([], [])}
        for _ in range(args.runs):
            wall, cpu = timed(lambda: pdf.render(cuenta), 1)
            warm += wall
            warm_cpu += cpu
            if chromium is not None:
                for key, run in (("plain", chromium), ("profile", chromium_profiled)):
                    wall, cpu = timed(run, 1, cpu=children_cpu)
                    chromium_times[key][0].extend(wall)
                    chromium_times[key][1].extend(cpu)
        peak = rss_mib()

        original = pdf.gc_paused
        pdf.gc_paused = contextlib.nullcontext
        with_gc, with_gc_cpu = timed(lambda: pdf.render(cuenta), args.runs)
        pdf.gc_paused = original

        pdf.get_or_render(cuenta)
        client = Client(HTTP_HOST="localhost")
        url = reverse("cuentas:cuenta_pdf", kwargs={"region": "13", "year": 2022})
        cached, _ = timed(lambda: b"".join(client.get(url).streaming_content), max(args.runs, 20))

        document = pdf.get_or_render(cuenta)
        size = document.path.stat().st_size
        pages = len(pypdf.PdfReader(document.path).pages)

    median = statistics.median
    print(f"RM 2022 PDF: {pages} pages, {size / 1024:.0f} KiB, {pdf.PDF_VARIANT}, {os.cpu_count()} CPUs, load {load()}")
    print("                           wall      CPU")
    print(f"  cold render (WeasyPrint) {cold[0]:6.3f} s")
    print(f"  warm render, GC paused   {median(warm):6.3f} s  {median(warm_cpu):6.3f} s   (median of {args.runs})")
    print(f"  warm render, GC running  {median(with_gc):6.3f} s  {median(with_gc_cpu):6.3f} s")
    print(f"  cached download          {median(cached) * 1000:6.1f} ms            (median of {len(cached)})")
    print(f"  peak memory (RSS)        {peak:6.0f} MiB  ({peak - before:.0f} MiB added by rendering)")
    if chromium is None:
        print("  Chromium                 not installed")
        return
    for key, label in (("plain", "Chromium --print-to-pdf "), ("profile", "  same, --user-data-dir ")):
        wall, cpu = chromium_times[key]
        print(f"  {label} {median(wall):6.3f} s  {median(cpu):6.3f} s   (same HTML)")
    for key, label in (("plain", "the plain command (target)"), ("profile", "with --user-data-dir")):
        wall, cpu = chromium_times[key]
        print(
            f"  ratio WeasyPrint warm / Chromium, {label}: "
            f"{median(warm) / median(wall):.2f} × wall, {median(warm_cpu) / median(cpu):.2f} × CPU"
        )


def load() -> str:
    return ", ".join(f"{value:.1f}" for value in os.getloadavg())


if __name__ == "__main__":
    main()
