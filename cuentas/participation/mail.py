"""The participation e-mails, in Spanish, as plain text with an HTML alternative.

Each message is three templates under ``templates/cuentas/participation/email/``:
``<name>_subject.txt``, ``<name>.txt`` and ``<name>.html``. Sending goes
through Django's mail framework: the console backend when DEBUG, locmem in
the tests, SMTP in production (``EMAIL_BACKEND`` and Django's ``EMAIL_*``).
"""

from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives, get_connection
from django.template.loader import render_to_string

from cuentas.roles import DIRECTOR, EDITOR

TEMPLATES = "cuentas/participation/email"


def absolute(path: str) -> str:
    """A link for an e-mail: the site's address (``SITE_URL``) and ``path``."""
    return settings.SITE_URL + path


def send(name: str, to: Iterable[str], context: dict) -> int:
    """Render the message ``name`` with ``context`` and send it to each address of ``to`` separately."""
    recipients = sorted({address for address in to if address})
    if not recipients:
        return 0
    context = {**context, "site_url": settings.SITE_URL}
    subject = " ".join(render_to_string(f"{TEMPLATES}/{name}_subject.txt", context).split())
    text = render_to_string(f"{TEMPLATES}/{name}.txt", context)
    html = render_to_string(f"{TEMPLATES}/{name}.html", context)
    messages = []
    for address in recipients:
        message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [address])
        message.attach_alternative(html, "text/html")
        messages.append(message)
    return get_connection().send_messages(messages) or 0


def region_staff_emails(region_id: str) -> list[str]:
    """The addresses of the active editors and directors of a region (one query)."""
    users = get_user_model().objects.filter(
        is_active=True, region_memberships__region_id=region_id, groups__name__in=(EDITOR, DIRECTOR)
    )
    return sorted(set(users.exclude(email="").values_list("email", flat=True)))
