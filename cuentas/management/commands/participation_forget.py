"""Erase citizens' e-mails and names past the time the privacy notice promises; meant for a daily scheduler."""

from django.core.management.base import BaseCommand

from cuentas.participation.retention import KEEP_DAYS, forget_personal_data


class Command(BaseCommand):
    help = (
        f"Borra el correo, el nombre (si no aceptó publicarlo) y la organización de las preguntas cuyas respuestas "
        f"se publicaron hace más de {KEEP_DAYS} días, y de las nunca confirmadas de procesos cerrados, también "
        "de su historial. Ejecútelo una vez al día."
    )

    def handle(self, *args, **options):
        count = forget_personal_data()
        self.stdout.write(f"Datos personales borrados de {count} preguntas.")
