from io import StringIO

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from cuentas.models import Cuenta, Region
from cuentas.workflow import record_loaded_publication

#: Catalogues first, then one fixture per seed Cuenta.
FIXTURES = ("territory", "catalogues", "rm_2022", "ohiggins_2024")


class Command(BaseCommand):
    help = "Carga los catálogos y las dos cuentas públicas de ejemplo si la base de datos está vacía."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Vuelve a cargar los datos aunque ya existan (sobrescribe los cambios hechos a esos registros).",
        )

    def handle(self, *args, force=False, **options):
        if Region.objects.exists() and not force:
            self.stdout.write("Los catálogos y las cuentas de ejemplo ya están cargados.")
            return
        with transaction.atomic():
            call_command("loaddata", *FIXTURES, verbosity=options["verbosity"])
            # Fixtures load without signals: give the audit trail its starting point and the
            # Cuentas loaded as published their version 1, so a first correction has a baseline.
            call_command("populate_history", "--auto", verbosity=0, stdout=StringIO(), stderr=StringIO())
            for cuenta in Cuenta.objects.published():
                record_loaded_publication(cuenta)
        self.stdout.write(self.style.SUCCESS("Catálogos y cuentas de ejemplo cargados."))
