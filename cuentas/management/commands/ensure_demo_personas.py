from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from cuentas.models import Region, RegionMembership
from cuentas.roles import CENTRAL, DIRECTOR, EDITOR

PASSWORD = "cuentas-demo"  # noqa: S105 -- documented demo credentials, refused outside DEBUG

#: username → (role, regions, first name): the personas of the README, one per role.
PERSONAS = {
    "editora_rm": (EDITOR, ["13"], "Editora RM"),
    "director_rm": (DIRECTOR, ["13"], "Director RM"),
    "editor_ohiggins": (EDITOR, ["06"], "Editor O'Higgins"),
    "central": (CENTRAL, [], "Nivel central"),
}


class Command(BaseCommand):
    help = "Crea una persona de demostración por rol (contraseña cuentas-demo) si no existen. Solo con DEBUG."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Las personas de demostración solo se crean con DEBUG activado.")
        users = get_user_model().objects
        for username, (role, regions, name) in PERSONAS.items():
            if users.filter(username=username).exists():
                continue
            user = users.create_user(username, f"{username}@example.com", PASSWORD, is_staff=True, first_name=name)
            user.groups.add(Group.objects.get(name=role))
            for region in Region.objects.filter(code__in=regions):
                RegionMembership.objects.create(user=user, region=region)
            self.stdout.write(f"Usuario «{username}» ({role}) creado con la contraseña «{PASSWORD}».")
