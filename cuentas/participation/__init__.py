"""Participation: citizens' questions on a Cuenta and the service's answers (Ley 20.500).

What is inside, and which way imports point (models ← services ← views/admin):

* ``cuentas/models/participation_process.py`` — the process and its calendar,
  the questions, the answers, the COSOC sessions and observations on the draft
  (re-exported from ``cuentas.models``).
* ``workdays.py`` — días hábiles with Chile's public holidays (``holidays``);
  imports nothing of the app, so the models use it too.
* ``queries.py`` — what the public pages read, in a fixed number of queries.
* ``services.py`` — every write: a citizen's submission and its confirmation,
  the abuse limits, moderation, grouping, drafting and approving answers; each
  step checks who takes it (``cuentas.access``), runs in one transaction and
  leaves its trace in the history.
* ``mail.py`` — the e-mails (Spanish, plain text and HTML), through Django's
  mail framework.
* ``report.py`` — the informe de respuestas: its rows, statistics and files
  (PDF through ``cuentas.pdf``, CSV, XLSX, JSON).
* ``forms.py``, ``views.py``, ``urls.py`` — the public pages.
* ``demo.py`` — demonstration processes (``manage.py participation_demo``).

The admin is ``cuentas/admin/participation.py``; the templates are under
``templates/cuentas/participation/``; the scheduler's command is
``manage.py participation_reminders``.
"""
