from django.core.management.base import BaseCommand, CommandError

from cuentas import demo
from cuentas.models import Region


class Command(BaseCommand):
    help = (
        "Crea cuentas públicas de demostración (sintéticas, marcadas como tales) para las 16 regiones "
        "y los años de gestión 2020 a 2024; con --remove, las elimina."
    )

    def add_arguments(self, parser):
        parser.add_argument("--remove", action="store_true", help="Elimina todas las cuentas de demostración.")

    def handle(self, *args, remove=False, **options):
        if remove:
            count = demo.remove()
            self.stdout.write(self.style.SUCCESS(f"{count} cuentas de demostración eliminadas."))
            return
        if not Region.objects.exists():
            raise CommandError("No hay regiones: cargue primero los catálogos con «manage.py seed».")
        count = demo.create()
        self.stdout.write(
            self.style.SUCCESS(
                f"{count} cuentas de demostración creadas. Elimínelas con «manage.py demo_data --remove»."
            )
        )
