"""How long a citizen's personal data is kept (Ley 19.628), as the privacy notice promises.

The notice says: the e-mail and the name are kept up to twelve months after
the answers are published; the text and the answer stay published with the
Cuenta. ``forget_personal_data`` erases them from the questions and from
their history, and ``manage.py participation_forget`` runs it for a daily
scheduler. Questions never confirmed are forgotten after the process closes
as well: they were never counted.
"""

import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from cuentas.models import Question

#: The notice's «doce meses»: days after the answers are published.
KEEP_DAYS = 365

PERSONAL = {"email": "", "name": "", "organisation": ""}


@transaction.atomic
def forget_personal_data(now: datetime.datetime | None = None) -> int:
    """Erase e-mail, name and organisation of every question past its keeping time; return how many.

    A name the person agreed to publish stays, since it is published with the
    answer; the history rows lose the same fields, so no copy is left behind.
    """
    now = now or timezone.now()
    expired = Question.objects.filter(
        Q(process__answers_published_at__lt=now - datetime.timedelta(days=KEEP_DAYS))
        | Q(status=Question.Status.UNCONFIRMED, process__window_closes__lt=now.date())
    ).exclude(email="", name="", organisation="")
    ids = list(expired.values_list("pk", flat=True))
    if not ids:
        return 0
    kept_names = Q(publish_name=True) & ~Q(status=Question.Status.UNCONFIRMED)
    Question.objects.filter(pk__in=ids).filter(kept_names).update(email="", organisation="")
    Question.objects.filter(pk__in=ids).exclude(kept_names).update(**PERSONAL)
    history = Question.history.model.objects.filter(id__in=ids)
    history.filter(kept_names).update(email="", organisation="")
    history.exclude(kept_names).update(**PERSONAL)
    return len(ids)
