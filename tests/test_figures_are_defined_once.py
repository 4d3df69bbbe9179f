"""One definition per figure: nothing outside ``cuentas/figures/`` adds up a Cuenta's rows.

The scan reads every module of the app as source (its syntax tree, so comments
and strings do not count) and fails on an ORM aggregate (``Sum``, ``Count``,
``Avg``, ``Window``, ``.aggregate(…)``) or a Python ``sum(…)`` outside the
figures layer, except the few listed in ``ALLOWED`` with the reason they are
not figures of a Cuenta.
"""

import ast
from pathlib import Path

import pytest

APP = Path(__file__).resolve().parent.parent / "cuentas"
AGGREGATES = {"Sum", "Count", "Avg", "Window", "StdDev", "Variance"}

#: (module, what) -> why it is not a figure of a Cuenta.
ALLOWED = {
    ("admin/cuenta.py", "sum"): "how many rows each section holds, for the editor's table of contents",
    ("admin/catalogues.py", "Count"): "how many members a COSOC council has, in its changelist",
    ("services.py", "sum"): "how many rows an import writes, for its confirmation message",
    ("spreadsheets/workbook.py", "sum"): "the uncompressed size of an uploaded file, to refuse a zip bomb",
    ("throttling.py", "sum"): "login attempts cleared, not a figure of a Cuenta",
    ("throttling.py", "Sum"): "failed logins from one address, to throttle it",
    ("throttling.py", "aggregate"): "failed logins from one address, to throttle it",
    ("participation/report.py", "sum"): "the informe de respuestas' statistics, defined once there",
    ("participation/queries.py", "Count"): "questions waiting, unanswered and overdue per process, for staff",
    ("participation/services.py", "aggregate"): "the number of a process's next question",
    ("admin/participation.py", "Count"): "how many questions an answer serves, in its changelist",
    ("demo.py", "sum"): "weights that spread a synthetic budget, not a figure of a Cuenta",
    ("workflow.py", "aggregate"): "the number of a Cuenta's next version",
}


def modules():
    for path in sorted(APP.rglob("*.py")):
        relative = path.relative_to(APP).as_posix()
        if relative.startswith(("figures/", "migrations/")):
            continue
        yield relative, ast.parse(path.read_text(encoding="utf-8"))


def aggregations(tree: ast.AST):
    """Names of the aggregate calls in a module: ORM aggregates, ``.aggregate()`` and ``sum()``."""
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        function = node.func
        if isinstance(function, ast.Name) and function.id in AGGREGATES | {"sum"}:
            yield function.id
        elif isinstance(function, ast.Attribute) and function.attr in AGGREGATES | {"aggregate"}:
            yield function.attr


def found() -> set[tuple[str, str]]:
    return {(module, name) for module, tree in modules() for name in aggregations(tree)}


def test_no_module_outside_the_figures_layer_adds_up_rows():
    assert found() - ALLOWED.keys() == set()


def test_every_allowed_exception_is_still_needed():
    assert ALLOWED.keys() - found() == set()


@pytest.mark.parametrize(
    "source",
    [
        "rows.aggregate(total=Sum('women'))",
        "models.Sum('count')",
        "sum(row.count for row in rows)",
        "queryset.annotate(n=Count('pk'))",
    ],
)
def test_the_scan_catches_each_way_of_adding_up(source):
    assert list(aggregations(ast.parse(source)))
