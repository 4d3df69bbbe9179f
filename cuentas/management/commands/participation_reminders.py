"""Reminders to regional staff of answers por vencer and vencidas; meant for a daily scheduler (cron, systemd timer)."""

from django.core.management.base import BaseCommand
from django.urls import reverse
from django.utils import timezone

from cuentas.models import Answer, ParticipationProcess, Question
from cuentas.participation import mail, services


class Command(BaseCommand):
    help = (
        "Avisa por correo al equipo de cada región las preguntas aceptadas sin respuesta publicada cuyo plazo "
        "vence dentro de PARTICIPATION_REMINDER_DAYS días hábiles o ya venció. Ejecútelo una vez al día."
    )

    def handle(self, *args, **options):
        today = timezone.localdate()
        threshold = services.due_soon_threshold(today)
        processes = ParticipationProcess.objects.filter(answer_deadline__lte=threshold).select_related("cuenta__region")
        sent = 0
        for process in processes:
            pending = list(
                process.questions.filter(status=Question.Status.ACCEPTED)
                .exclude(answer__status=Answer.Status.PUBLISHED)
                .order_by("number")
            )
            if not pending:
                continue
            overdue = process.answer_deadline < today
            prefix = services.public_number(process.cuenta, 0)[:-4]  # «CPP-13-2022-»: this process's numbers
            due = "vencida" if overdue else "por_vencer"
            link = mail.absolute(reverse("admin:cuentas_question_changelist") + f"?plazo={due}&q={prefix}")
            sent += mail.send(
                "reminder",
                mail.region_staff_emails(process.cuenta.region_id),
                {
                    "cuenta": process.cuenta,
                    "process": process,
                    "questions": pending,
                    "count": len(pending),
                    "overdue": overdue,
                    "link": link,
                },
            )
        self.stdout.write(f"Recordatorios enviados: {sent}.")
