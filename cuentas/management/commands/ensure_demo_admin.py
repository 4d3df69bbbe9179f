from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

USERNAME = "admin"
PASSWORD = "cuentas-demo"  # noqa: S105 -- documented demo credentials, refused outside DEBUG


class Command(BaseCommand):
    help = "Crea el administrador de demostración (admin / cuentas-demo) si no existe. Solo con DEBUG."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("El administrador de demostración solo se crea con DEBUG activado.")
        user_model = get_user_model()
        if user_model.objects.filter(username=USERNAME).exists():
            self.stdout.write(f"El usuario «{USERNAME}» ya existe.")
            return
        user_model.objects.create_superuser(USERNAME, "admin@example.com", PASSWORD)
        self.stdout.write(self.style.SUCCESS(f"Usuario «{USERNAME}» creado con la contraseña «{PASSWORD}»."))
