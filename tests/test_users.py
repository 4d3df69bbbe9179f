"""Users: nobody promotes themselves; central staff create editors who log in as soon as they choose a password.

Walked with the personas: the editor and the director of the Metropolitana, the
editor of O'Higgins, central staff and a superuser (cuentas/admin/users.py).
"""

import re

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from cuentas.models import RegionMembership
from cuentas.roles import CENTRAL, DIRECTOR, EDITOR

from .factories import make_user

ADD = reverse("admin:auth_user_add")
CHANGELIST = reverse("admin:auth_user_changelist")


def change_url(user):
    return reverse("admin:auth_user_change", args=[user.pk])


@pytest.fixture
def superuser(django_user_model, db):
    return django_user_model.objects.create_superuser("raiz", "raiz@example.com", "clave-segura-123")


def role(name):
    return Group.objects.get(name=name).pk


def new_user_data(**changes):
    data = {
        "username": "nueva_rm",
        "first_name": "Nueva",
        "last_name": "Editora",
        "email": "nueva@example.com",
        "role": role(EDITOR),
        "regions": ["13"],
    }
    return {**data, **changes}


def change_data(client, user, **changes):
    """The user's change form as the admin shows it, with ``changes``."""
    form = client.get(change_url(user)).context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if hasattr(value, "pk"):
            value = value.pk
        if isinstance(value, list | tuple):
            value = [getattr(item, "pk", item) for item in value]
        if value is not None and name != "password":
            data[name] = value
    return {**data, **changes}


def the_link(mail) -> str:
    return re.search(r"http://testserver(/reset/[^/\s]+/[^/\s]+/)", mail.body).group(1)


def choose_password(link: str, password: str) -> int:
    browser = Client()
    form = browser.get(link, follow=True)
    response = browser.post(form.redirect_chain[-1][0], {"new_password1": password, "new_password2": password})
    return response.status_code


def logs_in(username: str, password: str) -> bool:
    browser = Client()
    response = browser.post(reverse("admin:login"), {"username": username, "password": password})
    return response.status_code == 302 and browser.get(reverse("admin:index")).status_code == 200


def test_central_staff_create_an_editor_who_logs_in_once_she_chose_her_password(
    client, central, rm, mailoutbox, django_user_model
):
    client.force_login(central)

    response = client.post(ADD, new_user_data(), follow=True)

    user = django_user_model.objects.get(username="nueva_rm")
    assert (user.is_staff, user.has_usable_password()) == (True, False)
    assert [group.name for group in user.groups.all()] == [EDITOR]
    assert list(RegionMembership.objects.filter(user=user).values_list("region_id", flat=True)) == ["13"]
    assert [str(m) for m in response.context["messages"]] == [
        "Se envió a nueva@example.com el enlace para elegir la contraseña.",
        f'El usuario «<a href="{change_url(user)}">nueva_rm</a>» fue agregado correctamente. '
        "Puede seguir editándolo a continuación.",
    ]
    (mail,) = mailoutbox
    assert (mail.to, mail.subject) == (["nueva@example.com"], "Su cuenta en Cuentas Públicas SENCE")
    assert "Su nombre de usuario es: nueva_rm" in mail.body
    assert choose_password(the_link(mail), "una-clave-nueva-2024") == 302
    assert logs_in("nueva_rm", "una-clave-nueva-2024")


def test_central_staff_give_only_the_editor_role(client, central, rm, django_user_model):
    client.force_login(central)
    form = client.get(ADD).context["adminform"].form

    refused = {name: client.post(ADD, new_user_data(role=role(name))) for name in (DIRECTOR, CENTRAL)}

    assert [group.name for group in form.fields["role"].queryset] == [EDITOR]
    assert {name: list(r.context["adminform"].form.errors) for name, r in refused.items()} == {
        DIRECTOR: ["role"],
        CENTRAL: ["role"],
    }
    assert not django_user_model.objects.filter(username="nueva_rm").exists()
    assert "password1" not in form.fields


def test_superusers_give_any_role_and_set_the_password(client, superuser, rm, django_user_model):
    client.force_login(superuser)
    password = "clave-del-director-2024"  # noqa: S105 -- a test's password
    data = new_user_data(username="nuevo_director", role=role(DIRECTOR), usable_password="true")

    client.post(ADD, {**data, "password1": password, "password2": password})

    user = django_user_model.objects.get(username="nuevo_director")
    assert [group.name for group in user.groups.all()] == [DIRECTOR]
    assert logs_in("nuevo_director", password)


@pytest.mark.parametrize("persona", ["central", "superuser"])
def test_nobody_changes_their_own_role_or_regions(client, request, rm, ohiggins, persona):
    me = request.getfixturevalue(persona)
    groups_before = sorted(me.groups.values_list("name", flat=True))
    client.force_login(me)
    form = client.get(change_url(me)).context["adminform"].form

    response = client.post(
        change_url(me),
        change_data(client, me, first_name="Yo", role=role(CENTRAL), regions=["13", "06"], is_superuser="on"),
    )

    me.refresh_from_db()
    assert response.status_code == 302
    assert me.first_name == "Yo"  # the rest of the page still saves
    assert sorted(me.groups.values_list("name", flat=True)) == groups_before
    assert not me.region_memberships.exists()
    assert me.is_superuser == (persona == "superuser")
    assert {"role", "regions", "is_superuser", "is_active"} & set(form.fields) == set()


@pytest.mark.parametrize("target", ["rm_director", "other_central"])
def test_central_staff_see_directors_and_central_staff_but_change_nothing_of_them(
    client, central, rm_director, request, target, django_user_model
):
    people = {"rm_director": rm_director, "other_central": make_user("otra_central", CENTRAL)}
    person = people[target]
    client.force_login(central)

    page = client.get(change_url(person))
    response = client.post(change_url(person), {"username": person.username, "email": "atacante@example.com"})

    person.refresh_from_db()
    assert page.status_code == 200
    assert "role" not in page.context["adminform"].form.fields
    assert response.status_code == 403
    assert person.email == f"{person.username}@example.com"


def test_central_staff_change_an_editors_regions_and_the_role_follows_into_is_staff(
    client, central, rm_editor, ohiggins
):
    client.force_login(central)

    moved = client.post(change_url(rm_editor), change_data(client, rm_editor, regions=["06"]))
    removed = client.post(change_url(rm_editor), change_data(client, rm_editor, role=""))

    rm_editor.refresh_from_db()
    assert (moved.status_code, removed.status_code) == (302, 302)
    assert list(rm_editor.region_memberships.values_list("region_id", flat=True)) == ["06"]
    assert (list(rm_editor.groups.all()), rm_editor.is_staff) == ([], False)


def test_only_superusers_set_another_users_password(client, central, superuser, rm_editor):
    url = reverse("admin:auth_user_password_change", args=[rm_editor.pk])

    client.force_login(central)
    by_central = client.get(url).status_code
    client.force_login(superuser)
    by_superuser = client.get(url).status_code

    assert (by_central, by_superuser) == (403, 200)


def test_central_staff_send_the_password_reset_email_to_those_they_manage(
    client, central, rm_editor, rm_director, mailoutbox
):
    client.force_login(central)

    response = client.post(
        CHANGELIST,
        {"action": "send_password_reset", "_selected_action": [rm_editor.pk, rm_director.pk]},
        follow=True,
    )

    assert [mail.to for mail in mailoutbox] == [["editora_rm@example.com"]]
    assert choose_password(the_link(mailoutbox[0]), "otra-clave-segura-7") == 302
    assert logs_in("editora_rm", "otra-clave-segura-7")
    assert [str(m) for m in response.context["messages"]] == [
        "Se envió el correo para restablecer la contraseña a 1 persona.",
        "1 persona no recibió el correo: está inactiva, no tiene correo o no la administra usted.",
    ]


def test_anyone_asks_for_the_reset_email_from_the_login_page_in_spanish(client, rm_editor, mailoutbox):
    page = client.get(reverse("admin_password_reset")).content.decode()

    response = client.post(reverse("admin_password_reset"), {"email": "editora_rm@example.com"})

    assert "<h1>¿Olvidó su contraseña?</h1>" in page
    assert response.status_code == 302
    assert [mail.to for mail in mailoutbox] == [["editora_rm@example.com"]]


@pytest.mark.parametrize("persona", ["rm_editor", "rm_director", "ohiggins_editor"])
def test_editors_and_directors_do_not_reach_the_users(client, db, request, persona):
    client.force_login(request.getfixturevalue(persona))

    assert (client.get(CHANGELIST).status_code, client.get(ADD).status_code) == (403, 403)


def test_the_list_of_users_speaks_spanish(client, central, rm_editor):
    client.force_login(central)

    page = client.get(CHANGELIST).content.decode()

    assert "Nombre completo" in page
    assert "Get full name" not in page
