"""Every figure of a Cuenta, defined once.

Read this package to find where any total, share, rate, growth, rank or
funnel conversion comes from; nothing outside it adds up a Cuenta's rows
(``tests/test_figures.py`` fails if a module does).

* ``totals.py`` — the column totals of every table, each one SQL aggregate,
  with the count of its unknown parts. The same definition runs as a window
  aggregate on the rows a page prefetches, or as a subquery per Cuenta when
  many Cuentas are compared.
* ``rows.py`` — loading a Cuenta's rows with their totals, in a fixed number
  of queries whatever the number of rows.
* ``cuenta.py`` — ``CuentaFigures``: every ``Metric`` of one Cuenta and the
  figures its page quotes (funnel conversions, rankings, subtotals by budget),
  read from the loaded rows and totals.
* ``national.py`` — the indicators compared between regions and years, and
  the national sums of the home page, from the same definitions.

Unknown is never zero: a value the document does not give is ``None``; a sum
with unknown parts is withheld (``None``) and ``missing`` names the parts.

Imports point one way: figures → models, numbers. Presentation (page, tables,
charts, PDF, exports, admin, quality) imports figures, never the reverse.
"""

from .cuenta import CuentaFigures, MetricArgumentError, Share
from .rows import load_rows

__all__ = ["CuentaFigures", "MetricArgumentError", "Share", "load_rows"]
