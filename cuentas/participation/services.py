"""Every write of participation, each one step: who may take it, one transaction, a trace in the history.

A citizen's submission passes the abuse checks (window open, honeypot in the
form, blocked e-mail domains, rate limits per client address and per e-mail
counted in Django's cache) and gets its public number; it counts once its
e-mail is confirmed (a signed link) or at once when it has none. Staff of the
Cuenta's region moderate (accept, or refuse with a fixed reason, never
delete), group questions under one answer, draft it; a director of the region
approves it, which publishes it and e-mails each person who asked.
"""

import datetime
import hashlib
from collections.abc import Iterable

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cuentas import access
from cuentas.models import Answer, Cuenta, ParticipationProcess, Question

from . import mail
from .workdays import add_working_days

CONFIRM_SALT = "cuentas.participation.confirm"
RECEIPT_SALT = "cuentas.participation.receipt"


class Refused(Exception):
    """A step that cannot be taken, with the reason in Spanish for the person who tried."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.message = message
        #: The HTTP status a public view answers with (429 for the rate limits).
        self.status = status


# --- The citizen's side -------------------------------------------------------------------------------


def _digest(value: str) -> str:
    """Cache keys hold no address in clear."""
    return hashlib.sha256(f"{settings.SECRET_KEY}:{value}".encode()).hexdigest()[:32]


def _count(key: str, limit: int) -> bool:
    """Count one attempt under ``key`` for the period; whether it is still within ``limit``."""
    period = settings.PARTICIPATION_RATE_PERIOD
    cache.add(key, 0, period)
    try:
        attempts = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, period)
        attempts = 1
    return attempts <= limit


def check_limits(address: str, email: str) -> None:
    """Refuse a burst from one client address or to one e-mail address (Django's cache: shared in production)."""
    minutes = settings.PARTICIPATION_RATE_PERIOD // 60
    if address and not _count(f"cpp-rate:address:{_digest(address)}", settings.PARTICIPATION_RATE_PER_ADDRESS):
        raise Refused(
            _(
                "Recibimos demasiados envíos desde su conexión. Por favor, espere %(minutes)s minutos "
                "e inténtelo de nuevo; lo que ya envió quedó registrado."
            )
            % {"minutes": minutes},
            status=429,
        )
    if email and not _count(f"cpp-rate:email:{_digest(email.lower())}", settings.PARTICIPATION_RATE_PER_EMAIL):
        raise Refused(
            _(
                "Recibimos demasiados envíos con ese correo electrónico. Por favor, espere %(minutes)s minutos "
                "e inténtelo de nuevo."
            )
            % {"minutes": minutes},
            status=429,
        )


def check_email_domain(email: str) -> None:
    domain = email.rpartition("@")[2].lower()
    if domain and domain in {d.lower() for d in settings.PARTICIPATION_BLOCKED_EMAIL_DOMAINS}:
        raise Refused(
            _(
                "No aceptamos correos de %(domain)s (direcciones temporales). Use otro correo "
                "o envíe su pregunta sin correo."
            )
            % {"domain": domain}
        )


def public_number(cuenta: Cuenta, number: int) -> str:
    return f"CPP-{cuenta.region_id}-{cuenta.management_year_id}-{number:04d}"


def submit(process: ParticipationProcess, data: dict, address: str, today: datetime.date | None = None) -> Question:
    """A citizen's question, with its number; e-mails the confirmation link, or counts it at once without e-mail.

    ``data`` holds the form's cleaned fields. Raises ``Refused`` and stores nothing when it may not be taken.
    """
    today = today or timezone.localdate()
    if not process.is_open(today):
        raise Refused(_("El periodo de preguntas de esta cuenta pública no está abierto."))
    email = data.get("email", "")
    if email:
        check_email_domain(email)
    check_limits(address, email)
    with transaction.atomic():
        locked = ParticipationProcess.objects.select_for_update().select_related("cuenta").get(pk=process.pk)
        number = (locked.questions.aggregate(last=Max("number"))["last"] or 0) + 1
        question = Question(
            process=locked,
            number=number,
            public_number=public_number(locked.cuenta, number),
            kind=data["kind"],
            topic=data.get("topic"),
            section=data.get("section", ""),
            text=data["text"],
            name=data.get("name", ""),
            publish_name=bool(data.get("publish_name")) and bool(data.get("name")),
            email=email,
            comuna=data.get("comuna"),
            organisation=data.get("organisation", ""),
            status=Question.Status.UNCONFIRMED if email else Question.Status.RECEIVED,
            confirmed_at=None if email else timezone.now(),
        )
        question._change_reason = _("Enviada por la ciudadanía")
        question.save()
        if email:
            transaction.on_commit(lambda: send_confirmation(question))
        else:
            transaction.on_commit(lambda: notify_staff(question))
    return question


def confirmation_token(question: Question) -> str:
    return signing.dumps({"q": question.pk, "e": _digest(question.email.lower())}, salt=CONFIRM_SALT)


def receipt_token(question: Question) -> str:
    """The reference in the thank-you page's address: signed, so numbers cannot be walked."""
    return signing.dumps(question.pk, salt=RECEIPT_SALT)


def question_from_receipt(token: str) -> Question | None:
    try:
        pk = signing.loads(token, salt=RECEIPT_SALT, max_age=24 * 60 * 60)
    except signing.BadSignature:
        return None
    return Question.objects.select_related("process__cuenta__region").filter(pk=pk).first()


def _process_url(name: str, cuenta: Cuenta, **kwargs) -> str:
    return reverse(name, kwargs={"region": cuenta.region_id, "year": cuenta.management_year_id, **kwargs})


def send_confirmation(question: Question) -> None:
    cuenta = question.process.cuenta
    link = mail.absolute(_process_url("cuentas:participation_confirm", cuenta, token=confirmation_token(question)))
    mail.send("confirm", [question.email], {"question": question, "cuenta": cuenta, "link": link})


def question_for_token(token: str) -> Question:
    """The question a confirmation link names; ``Refused`` if the link is altered or too old."""
    try:
        payload = signing.loads(token, salt=CONFIRM_SALT, max_age=settings.PARTICIPATION_CONFIRMATION_MAX_AGE)
    except signing.SignatureExpired:
        raise Refused(_("El enlace de confirmación venció. Envíe su pregunta de nuevo.")) from None
    except signing.BadSignature:
        raise Refused(_("El enlace de confirmación no es válido. Copie el enlace completo del correo.")) from None
    question = Question.objects.select_related("process__cuenta__region").filter(pk=payload.get("q")).first()
    if question is None or _digest(question.email.lower()) != payload.get("e"):
        raise Refused(_("El enlace de confirmación no es válido. Copie el enlace completo del correo."))
    return question


def confirm(token: str) -> Question:
    """Count the question whose confirmation link this is; confirming twice changes nothing."""
    question = question_for_token(token)
    with transaction.atomic():
        question = Question.objects.select_for_update().get(pk=question.pk)
        if question.status != Question.Status.UNCONFIRMED:
            return question
        question.status = Question.Status.RECEIVED
        question.confirmed_at = timezone.now()
        question._change_reason = _("Correo confirmado")
        question.save()
        transaction.on_commit(lambda: acknowledge(question))
        transaction.on_commit(lambda: notify_staff(question))
    return question


def acknowledge(question: Question) -> None:
    cuenta = question.process.cuenta
    mail.send(
        "acknowledgement",
        [question.email],
        {
            "question": question,
            "cuenta": cuenta,
            "process": question.process,
            "page": mail.absolute(cuenta.get_absolute_url()),
        },
    )


def notify_staff(question: Question) -> None:
    cuenta = question.process.cuenta
    link = mail.absolute(reverse("admin:cuentas_question_change", args=[question.pk]))
    mail.send(
        "staff_new",
        mail.region_staff_emails(cuenta.region_id),
        {"question": question, "cuenta": cuenta, "link": link},
    )


# --- Staff: moderation, answers ------------------------------------------------------------------------


def _require(user, permission: str, obj, message: str) -> None:
    if not (user.is_active and user.has_perm(permission) and access.in_scope(user, obj)):
        raise Refused(message)


def touch_public_page(process: ParticipationProcess) -> None:
    """What the public reads changed: the Cuenta's cached page is made again (see cuentas.views)."""
    Cuenta.objects.filter(pk=process.cuenta_id).update(updated_at=timezone.now())
    ParticipationProcess.objects.filter(pk=process.pk).update(updated_at=timezone.now())
    cuenta = process.cuenta
    key = f"cuenta-version:{cuenta.region_id}:{cuenta.management_year_id}"
    transaction.on_commit(lambda: cache.delete(key))


def _moderate(question: Question, user) -> Question:
    _require(user, "cuentas.change_question", question, _("Solo el equipo de la región modera sus preguntas."))
    locked = Question.objects.select_for_update().select_related("process__cuenta").get(pk=question.pk)
    if locked.status != Question.Status.RECEIVED:
        raise Refused(
            _("%(number)s ya no está por moderar (%(status)s).")
            % {"number": locked.public_number, "status": locked.get_status_display().lower()}
        )
    locked.moderated_at = timezone.now()
    locked.moderated_by = user
    locked._history_user = user
    return locked


@transaction.atomic
def accept(question: Question, user) -> Question:
    """Publish the question on the Cuenta's page (its answer follows when approved)."""
    question = _moderate(question, user)
    question.status = Question.Status.ACCEPTED
    question._change_reason = _("Aceptada")
    question.save()
    touch_public_page(question.process)
    return question


@transaction.atomic
def refuse(question: Question, user, reason: str, referral: str = "") -> Question:
    """Hide the question for a fixed reason (never deleted); one outside SENCE's remit is referred on."""
    if reason not in Question.RefusalReason.values:
        raise Refused(_("Elija un motivo de la lista."))
    out_of_remit = reason == Question.RefusalReason.OUT_OF_REMIT
    if out_of_remit and referral not in Question.Referral.values:
        raise Refused(_("Indique si se deriva a la OIRS o como solicitud de acceso a la información."))
    question = _moderate(question, user)
    question.status = Question.Status.REFUSED
    question.refusal_reason = reason
    question.referral = referral if out_of_remit else ""
    question._change_reason = _("No publicada: %(reason)s") % {"reason": question.get_refusal_reason_display()}
    question.save()
    if out_of_remit and question.email:
        transaction.on_commit(lambda: mail.send("referred", [question.email], {"question": question}))
    return question


@transaction.atomic
def group(questions: Iterable[Question], user) -> Answer:
    """Put accepted questions under one answer: an unpublished one among them, or a new draft."""
    questions = list(Question.objects.select_for_update().filter(pk__in=[q.pk for q in questions]).order_by("number"))
    if not questions:
        raise Refused(_("Elija al menos una pregunta."))
    for question in questions:
        _require(user, "cuentas.add_answer", question, _("Solo el equipo de la región responde sus preguntas."))
        if question.status != Question.Status.ACCEPTED:
            raise Refused(
                _("%(number)s no está aceptada: solo se responden preguntas publicadas.")
                % {"number": question.public_number}
            )
    if len({q.process_id for q in questions}) > 1:
        raise Refused(_("Solo se agrupan preguntas de un mismo proceso."))
    answers = {q.answer for q in questions if q.answer_id}
    if any(a.is_published for a in answers):
        raise Refused(_("Alguna de esas preguntas ya tiene una respuesta publicada."))
    if len(answers) > 1:
        raise Refused(_("Esas preguntas ya están en respuestas distintas; agrúpelas en una sola desde una de ellas."))
    answer = answers.pop() if answers else Answer(process_id=questions[0].process_id, drafted_by=user)
    answer._history_user = user
    answer._change_reason = _("Preguntas agrupadas")
    answer.save()
    for question in questions:
        if question.answer_id != answer.pk:
            question.answer = answer
            question._history_user = user
            question._change_reason = _("Agrupada en la respuesta %(id)s") % {"id": answer.pk}
            question.save()
    return answer


@transaction.atomic
def submit_answer(answer: Answer, user) -> Answer:
    _require(user, "cuentas.change_answer", answer, _("Solo el equipo de la región redacta sus respuestas."))
    answer = Answer.objects.select_for_update().get(pk=answer.pk)
    if answer.status != Answer.Status.DRAFT:
        raise Refused(_("Solo un borrador se envía a aprobación."))
    if not answer.text.strip():
        raise Refused(_("Escriba la respuesta antes de enviarla a aprobación."))
    answer.status = Answer.Status.SUBMITTED
    answer._history_user = user
    answer._change_reason = _("Enviada a aprobación")
    answer.save()
    return answer


@transaction.atomic
def approve(answer: Answer, user) -> Answer:
    """A director of the region approves: the answer is published and each person who asked is e-mailed."""
    _require(
        user, "cuentas.approve_answer", answer, _("Solo un director(a) de la región aprueba y publica respuestas.")
    )
    answer = Answer.objects.select_for_update().select_related("process__cuenta").get(pk=answer.pk)
    if answer.is_published:
        raise Refused(_("Esta respuesta ya está publicada."))
    if not answer.text.strip():
        raise Refused(_("La respuesta está vacía."))
    questions = list(answer.questions.filter(status=Question.Status.ACCEPTED))
    if not questions:
        raise Refused(_("La respuesta no responde ninguna pregunta aceptada."))
    now = timezone.now()
    answer.status = Answer.Status.PUBLISHED
    answer.approved_by = user
    answer.published_at = now
    answer._history_user = user
    answer._change_reason = _("Aprobada y publicada")
    answer.save()
    process = answer.process
    if process.answers_published_at is None:
        ParticipationProcess.objects.filter(pk=process.pk).update(answers_published_at=now)
    touch_public_page(process)
    transaction.on_commit(lambda: send_answers(answer, questions))
    return answer


def send_answers(answer: Answer, questions: list[Question]) -> None:
    """E-mail each person who asked (with a confirmed e-mail) the link to the published answer."""
    cuenta = answer.process.cuenta
    for question in questions:
        if not question.email or question.confirmed_at is None:
            continue
        question.process = answer.process
        link = mail.absolute(question.get_absolute_url())
        mail.send("answered", [question.email], {"question": question, "cuenta": cuenta, "link": link})
        Question.objects.filter(pk=question.pk).update(answer_sent_at=timezone.now())


# --- Deadlines -----------------------------------------------------------------------------------------


def due_soon_threshold(today: datetime.date) -> datetime.date:
    """Answers due up to this day are «por vencer» (``PARTICIPATION_REMINDER_DAYS`` días hábiles ahead)."""
    return add_working_days(today, settings.PARTICIPATION_REMINDER_DAYS)
