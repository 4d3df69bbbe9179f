from django.core.management.base import BaseCommand

from cuentas.participation import demo


class Command(BaseCommand):
    help = (
        "Crea o vuelve a fechar los procesos de participación de demostración: uno con el periodo de preguntas "
        "abierto hoy (O'Higgins 2024) y uno cerrado con respuestas publicadas (Metropolitana 2022)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--remove", action="store_true", help="Elimina los procesos de demostración.")

    def handle(self, *args, remove=False, **options):
        if remove:
            self.stdout.write(f"Procesos de demostración eliminados: {demo.remove()}.")
            return
        made = demo.load()
        for process in made:
            opens, closes = process.window_opens, process.window_closes
            self.stdout.write(f"{process} (demostración): preguntas del {opens:%d-%m-%Y} al {closes:%d-%m-%Y}.")
        if not made:
            self.stdout.write("No hay cuentas de ejemplo publicadas: ejecute antes «manage.py seed».")
