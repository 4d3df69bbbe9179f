"""The publication workflow: borrador → en revisión → publicada, and corrections.

Every step checks who may take it (a director of the Cuenta's region sends to
review, publishes and reopens), runs in one transaction, and leaves its trace
in the audit trail with the user and a reason. Publishing runs the
data-quality checks: errors block it; warnings must be acknowledged.
"""

from collections.abc import Sequence

from django.db import transaction
from django.db.models import Max
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import access
from .models import Cuenta, CuentaVersion
from .quality import Finding, Severity, check_cuenta
from .snapshots import describe_changes, snapshot

Status = Cuenta.Status

#: Sent once a publication is committed, with ``version``: the PDF module
#: connects here to store the PDF as published in ``version.pdf``.
cuenta_published = Signal()
#: Sent inside ``reopen`` with the version the public reads, before the Cuenta goes back to draft,
#: so whatever must be kept of it as published (its PDF) can still be made from the data.
cuenta_reopening = Signal()


class WorkflowError(Exception):
    """A step that cannot be taken, with the reason in words an editor understands."""

    def __init__(self, message, findings: Sequence[Finding] = ()):
        super().__init__(str(message))
        self.message = str(message)
        self.findings = list(findings)


def is_error(finding: Finding) -> bool:
    """Errors block a publication; every other finding is a warning to acknowledge."""
    return finding.severity == Severity.ERROR


def _require(user, permission: str, cuenta: Cuenta, message) -> None:
    if not (user.is_active and user.has_perm(permission) and access.in_scope(user, cuenta)):
        raise WorkflowError(message)


def _require_status(cuenta: Cuenta, expected: str, message) -> None:
    if cuenta.status != expected:
        raise WorkflowError(message)


def _save_status(cuenta: Cuenta, status: str, user, reason: str) -> None:
    cuenta.status = status
    cuenta._history_user = user
    cuenta._change_reason = reason
    cuenta.save()


def _locked(cuenta: Cuenta) -> Cuenta:
    """Reload ``cuenta`` under a row lock, so two directors cannot take the same step at once."""
    return Cuenta.objects.select_for_update().get(pk=cuenta.pk)


def can_submit(user, cuenta: Cuenta) -> bool:
    return user.has_perm("cuentas.submit_cuenta") and access.in_scope(user, cuenta)


def can_publish(user, cuenta: Cuenta) -> bool:
    return user.has_perm("cuentas.publish_cuenta") and access.in_scope(user, cuenta)


@transaction.atomic
def submit_for_review(cuenta: Cuenta, user) -> Cuenta:
    """Borrador → en revisión."""
    cuenta = _locked(cuenta)
    _require(user, "cuentas.submit_cuenta", cuenta, _("Solo un director(a) de la región envía la cuenta a revisión."))
    _require_status(cuenta, Status.DRAFT, _("Solo una cuenta en borrador puede enviarse a revisión."))
    _save_status(cuenta, Status.REVIEW, user, str(_("Enviada a revisión")))
    return cuenta


@transaction.atomic
def return_to_draft(cuenta: Cuenta, user) -> Cuenta:
    """En revisión → borrador, to go on editing."""
    cuenta = _locked(cuenta)
    message = _("Solo un director(a) de la región devuelve la cuenta a borrador.")
    _require(user, "cuentas.submit_cuenta", cuenta, message)
    _require_status(cuenta, Status.REVIEW, _("Solo una cuenta en revisión puede devolverse a borrador."))
    _save_status(cuenta, Status.DRAFT, user, str(_("Devuelta a borrador")))
    return cuenta


@transaction.atomic
def publish(cuenta: Cuenta, user, acknowledge_warnings: bool = False) -> CuentaVersion:
    """En revisión → publicada: runs the quality checks, snapshots the data, stamps who and when.

    Raises ``WorkflowError`` (with the findings) when a check finds an error, or
    finds warnings that were not acknowledged.
    """
    cuenta = _locked(cuenta)
    _require(user, "cuentas.publish_cuenta", cuenta, _("Solo un director(a) de la región publica la cuenta."))
    _require_status(cuenta, Status.REVIEW, _("Solo una cuenta en revisión puede publicarse."))
    findings = check_cuenta(cuenta)
    errors = [finding for finding in findings if is_error(finding)]
    warnings = [finding for finding in findings if not is_error(finding)]
    if errors:
        raise WorkflowError(_("La cuenta tiene errores de calidad: corríjalos antes de publicar."), errors)
    if warnings and not acknowledge_warnings:
        raise WorkflowError(_("Revise las advertencias de calidad y confirme que las acepta."), warnings)

    version = cuenta.versions.filter(published_at__isnull=True).first()
    if version is None:
        number = (cuenta.versions.aggregate(last=Max("number"))["last"] or 0) + 1
        version = CuentaVersion(cuenta=cuenta, number=number)
    previous = cuenta.versions.published().order_by("-number").first()
    version.data = snapshot(cuenta)
    version.changes = describe_changes(previous.data, version.data) if previous else []
    version.acknowledged_warnings = [str(finding.message) for finding in warnings]
    version.published_at = timezone.now()
    version.published_by = user
    version.save()
    reason = _("Publicada (versión %(number)s)") % {"number": version.number}
    _save_status(cuenta, Status.PUBLISHED, user, str(reason))
    transaction.on_commit(lambda: cuenta_published.send(sender=CuentaVersion, version=version))
    return version


@transaction.atomic
def reopen(cuenta: Cuenta, user, reason: str) -> CuentaVersion:
    """Publicada → borrador, opening the next version for a correction with its stated reason."""
    cuenta = _locked(cuenta)
    _require(user, "cuentas.publish_cuenta", cuenta, _("Solo un director(a) de la región reabre la cuenta."))
    _require_status(cuenta, Status.PUBLISHED, _("Solo una cuenta publicada puede reabrirse para corregirla."))
    reason = (reason or "").strip()
    if not reason:
        raise WorkflowError(_("Indique el motivo de la corrección: se publicará en la fe de erratas."))
    current = public_version(cuenta)
    if current is not None:
        cuenta_reopening.send(sender=CuentaVersion, version=current)
    number = (cuenta.versions.aggregate(last=Max("number"))["last"] or 0) + 1
    version = CuentaVersion.objects.create(
        cuenta=cuenta, number=number, reason=reason, reopened_at=timezone.now(), reopened_by=user
    )
    _save_status(cuenta, Status.DRAFT, user, str(_("Reabierta para corregir: %(reason)s") % {"reason": reason}))
    return version


@transaction.atomic
def record_loaded_publication(cuenta: Cuenta) -> CuentaVersion | None:
    """Version 1 of a Cuenta loaded as already published (the seed fixtures): its data as loaded.

    Such a Cuenta was published outside the workflow, so nobody is stamped as
    its publisher; a later correction goes through ``reopen`` and ``publish``.
    """
    if cuenta.status != Status.PUBLISHED or cuenta.versions.exists():
        return None
    return CuentaVersion.objects.create(cuenta=cuenta, number=1, data=snapshot(cuenta), published_at=timezone.now())


def public_version(cuenta: Cuenta) -> CuentaVersion | None:
    """The version the public reads: the latest published one (also while a correction is in progress)."""
    return cuenta.versions.published().order_by("-number").first()


def erratas(cuenta: Cuenta) -> list[CuentaVersion]:
    """The corrections published after the first version, oldest first: the «Fe de erratas»."""
    return list(cuenta.versions.corrections().order_by("number").select_related("published_by"))
