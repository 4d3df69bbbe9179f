"""Each persona sees and changes exactly what is theirs, on every admin page of every model.

The walk covers every model registered in the admin: the region-scoped ones
(a Cuenta, each kind of row, COSOC councils) and the catalogues. The editor of
O'Higgins must get 404 on every object of the Metropolitana and find none of
them in any list or autocomplete; the editor of the Metropolitana reaches the
same pages, so the refusals are not an accident of a broken page.
"""

import json

import pytest
from django.contrib import admin
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from cuentas.access import can_edit, editable_cuentas, region_lookup, region_of
from cuentas.models import (
    Answer,
    CosocObservation,
    CosocSession,
    Cuenta,
    Efemeride,
    ParticipationProcess,
    ProgramLine,
    Question,
    RegionMembership,
)
from cuentas.sections import ROW_MODELS

from .factories import make_catalogue, make_council, make_cuenta, make_fiscal_year, make_member, make_row

REGISTERED = sorted(admin.site._registry, key=lambda model: model._meta.label)
SCOPED = [model for model in REGISTERED if region_lookup(model) is not None]
CATALOGUES = [model for model in REGISTERED if model._meta.app_label == "cuentas" and region_lookup(model) is None]
OTHERS = [model for model in REGISTERED if model._meta.app_label != "cuentas"]
ROWS = [model for model in SCOPED if region_lookup(model) == "cuenta__region"]
#: (source model, field) of every autocomplete whose results are region-scoped.
AUTOCOMPLETES = [
    (model, name)
    for model, model_admin in admin.site._registry.items()
    for name in model_admin.autocomplete_fields
    if region_lookup(model._meta.get_field(name).related_model) is not None
]


def label(model):
    return model.__name__


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def objects_of(region, status=Cuenta.Status.DRAFT):
    """One object of every region-scoped model in ``region``, by model."""
    cuenta = make_cuenta(region=region, status=status)
    council = make_council(region=region)
    objects = {Cuenta: cuenta, type(council): council}
    for model in ROWS:
        objects[model] = make_row(model, cuenta)
    objects["member"] = make_member(council=council)
    process = objects[ParticipationProcess]
    answer = Answer.objects.create(process=process, text="Respuesta de prueba.")
    objects[Answer] = answer
    objects[Question] = Question.objects.create(
        process=process,
        number=1,
        public_number=f"CPP-{region.code}-{cuenta.management_year_id}-0001",
        text="¿Una pregunta de prueba?",
        status=Question.Status.ACCEPTED,
        answer=answer,
    )
    return objects


@pytest.fixture
def rm_objects(rm):
    return objects_of(rm)


@pytest.fixture
def ohiggins_objects(ohiggins):
    return objects_of(ohiggins)


def test_the_walk_covers_every_model_of_the_app():
    # A Cuenta's rows: its sections' tables, and its participation process and COSOC review.
    assert set(ROWS) == {*ROW_MODELS, ParticipationProcess, CosocSession, CosocObservation}
    assert [label(model) for model in SCOPED if model not in ROWS] == ["Answer", "CosocCouncil", "Cuenta", "Question"]
    assert [label(model) for model in CATALOGUES] == [
        "ActivityKind",
        "BudgetSubtitle",
        "Comuna",
        "ContactType",
        "FiscalYear",
        "IntermediationChannel",
        "IntermediationIndicator",
        "ParticipationTopic",
        "ProductiveSector",
        "ProgramLine",
        "PublicationCategory",
        "Region",
        "SocialNetwork",
        "Subsidy",
    ]
    assert sorted((label(m), f) for m, f in AUTOCOMPLETES)[:2] == [
        ("Authority", "cuenta"),
        ("BudgetExecution", "cuenta"),
    ]
    assert ("CosocActivity", "council") in {(label(m), f) for m, f in AUTOCOMPLETES}


@pytest.mark.parametrize("model", SCOPED, ids=label)
def test_editor_of_another_region_gets_404_on_every_page_of_an_rm_object(
    client, ohiggins_editor, rm_objects, ohiggins_objects, model
):
    rm_object = rm_objects[model]
    client.force_login(ohiggins_editor)

    statuses = [
        client.get(admin_url(model, view, rm_object.pk)).status_code for view in ("change", "delete", "history")
    ]
    posted = [
        client.post(admin_url(model, "change", rm_object.pk), {}).status_code,
        client.post(admin_url(model, "delete", rm_object.pk), {"post": "yes"}).status_code,
    ]

    assert statuses == [404, 404, 404]
    assert posted == [404, 404]
    assert model.objects.filter(pk=rm_object.pk).exists()


@pytest.mark.parametrize("model", SCOPED, ids=label)
def test_editor_of_another_region_finds_no_rm_object_in_any_list(
    client, ohiggins_editor, rm_objects, ohiggins_objects, model
):
    client.force_login(ohiggins_editor)

    response = client.get(admin_url(model, "changelist"))
    searched = client.get(admin_url(model, "changelist"), {"q": "Metropolitana"})

    assert response.status_code == 200
    assert [region_of(obj) for obj in response.context["cl"].result_list] == ["06"]
    assert list(searched.context["cl"].result_list) == []


@pytest.mark.parametrize("model", SCOPED, ids=label)
def test_editor_of_the_region_reaches_every_page_of_its_objects(client, rm_editor, rm_objects, ohiggins_objects, model):
    rm_object = rm_objects[model]
    client.force_login(rm_editor)

    statuses = [client.get(admin_url(model, view, rm_object.pk)).status_code for view in ("change", "history")]
    listed = client.get(admin_url(model, "changelist")).context["cl"].result_list

    assert statuses == [200, 200]
    assert [region_of(obj) for obj in listed] == ["13"]


@pytest.mark.parametrize("model", SCOPED, ids=label)
def test_central_staff_see_every_region_in_every_list(client, central, rm_objects, ohiggins_objects, model):
    client.force_login(central)

    listed = client.get(admin_url(model, "changelist")).context["cl"].result_list

    assert sorted(region_of(obj) for obj in listed) == ["06", "13"]
    assert client.get(admin_url(model, "change", rm_objects[model].pk)).status_code == 200


@pytest.mark.parametrize(("model", "field"), AUTOCOMPLETES, ids=lambda v: v if isinstance(v, str) else label(v))
def test_autocomplete_offers_an_editor_only_the_objects_of_their_regions(
    client, ohiggins_editor, rm_objects, ohiggins_objects, model, field
):
    client.force_login(ohiggins_editor)
    target = model._meta.get_field(field).related_model

    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "cuentas", "model_name": model._meta.model_name, "field_name": field, "term": ""},
    )

    assert response.status_code == 200
    ids = [result["id"] for result in json.loads(response.content)["results"]]
    assert ids == [str(ohiggins_objects[target].pk)]


def test_cuenta_form_offers_an_editor_only_their_regions(client, ohiggins_editor, rm):
    client.force_login(ohiggins_editor)

    form = client.get(admin_url(Cuenta, "add")).context["adminform"].form

    assert [region.code for region in form.fields["region"].queryset] == ["06"]


def test_editor_cannot_create_a_cuenta_for_another_region(client, ohiggins_editor, rm):
    make_fiscal_year(2023)
    client.force_login(ohiggins_editor)

    response = client.post(
        admin_url(Cuenta, "add"), {"region": "13", "management_year": "2023", "presentation_year": "2024", "title": "X"}
    )

    assert response.status_code == 200
    assert list(response.context["adminform"].form.errors) == ["region"]
    assert not Cuenta.objects.exists()


def test_council_choices_of_a_row_are_those_of_the_editors_regions(
    client, ohiggins_editor, rm_objects, ohiggins_objects
):
    client.force_login(ohiggins_editor)
    activity = ohiggins_objects[type(ohiggins_objects[Cuenta].cosoc_activity)]

    form = client.get(admin_url(type(activity), "change", activity.pk)).context["adminform"].form

    assert [council.region_id for council in form.fields["council"].queryset] == ["06"]


def test_editor_cannot_add_rows_to_a_cuenta_of_another_region_through_its_section_page(
    client, ohiggins_editor, rm_objects
):
    client.force_login(ohiggins_editor)
    url = reverse("admin:cuentas_cuenta_section", args=[rm_objects[Cuenta].pk, "equipo"])

    assert client.get(url).status_code == 404
    assert client.post(url, {}).status_code == 404


def test_delete_action_cannot_reach_objects_of_another_region(client, ohiggins_editor, rm_objects, ohiggins_objects):
    client.force_login(ohiggins_editor)
    model = ROWS[0]

    response = client.post(
        admin_url(model, "changelist"),
        {"action": "delete_selected", "_selected_action": [rm_objects[model].pk], "post": "yes"},
    )

    assert response.status_code == 302
    assert model.objects.filter(pk=rm_objects[model].pk).exists()


@pytest.mark.parametrize("model", CATALOGUES, ids=label)
def test_editors_read_catalogues_and_only_central_staff_change_them(client, ohiggins_editor, central, model):
    entry = make_catalogue(model)

    client.force_login(ohiggins_editor)
    editor_statuses = (
        client.get(admin_url(model, "changelist")).status_code,
        client.get(admin_url(model, "change", entry.pk)).status_code,
        client.post(admin_url(model, "change", entry.pk), {}).status_code,
        client.get(admin_url(model, "add")).status_code,
        client.get(admin_url(model, "delete", entry.pk)).status_code,
    )
    client.force_login(central)
    central_statuses = (
        client.get(admin_url(model, "add")).status_code,
        client.get(admin_url(model, "delete", entry.pk)).status_code,
    )

    assert editor_statuses == (200, 200, 403, 403, 403)
    assert central_statuses == (200, 200)


@pytest.mark.parametrize("model", OTHERS, ids=lambda m: m._meta.label)
def test_editors_cannot_open_users_groups_or_login_records(client, ohiggins_editor, model):
    client.force_login(ohiggins_editor)

    assert client.get(admin_url(model, "changelist")).status_code == 403


@pytest.mark.parametrize("model", REGISTERED, ids=lambda m: m._meta.label)
def test_citizen_is_sent_to_the_login_page_from_every_admin_list(client, model):
    response = client.get(admin_url(model, "changelist"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_published_cuenta_is_read_only_even_for_its_own_director(client, rm_director, rm):
    cuenta = make_cuenta(region=rm, status=Cuenta.Status.PUBLISHED)
    line = ProgramLine.objects.create(name="Emprendimiento")
    row = make_row(ROWS[0], cuenta)
    client.force_login(rm_director)

    page = client.get(admin_url(Cuenta, "change", cuenta.pk))
    section = client.post(
        reverse("admin:cuentas_cuenta_section", args=[cuenta.pk, "capacitacion"]),
        {"training_participations-TOTAL_FORMS": "1", "training_participations-0-line": line.pk},
    )

    assert page.status_code == 200
    assert page.context["has_change_permission"] is False
    assert section.status_code == 403
    assert client.post(admin_url(ROWS[0], "delete", row.pk), {"post": "yes"}).status_code == 403
    assert not cuenta.training_participations.exists()


def test_memberships_and_versions_are_kept_out_of_editors_reach(ohiggins_editor):
    assert ohiggins_editor.has_perm("cuentas.view_cuentaversion") is True
    assert ohiggins_editor.has_perm("cuentas.change_cuentaversion") is False
    assert ohiggins_editor.has_perm(f"cuentas.add_{RegionMembership._meta.model_name}") is False


@pytest.mark.parametrize("count", [1, 12])
def test_an_editors_changelist_costs_a_fixed_number_of_queries(client, rm_editor, django_assert_num_queries, count):
    cuenta = make_cuenta(region=rm_editor.region_memberships.get().region)
    Efemeride.objects.bulk_create(
        Efemeride(cuenta=cuenta, date=f"2022-01-{1 + n % 28:02d}", name=f"Día {n}") for n in range(count)
    )
    client.force_login(rm_editor)

    # session, user, the user's own permissions, their groups' permissions, their regions,
    # regions for the filter, count (paginator), count (total), one page of efemérides with
    # their Cuenta and region, years for the filter.
    with django_assert_num_queries(10):
        response = client.get(admin_url(Efemeride, "changelist"))

    assert len(response.context["cl"].result_list) == count


def test_a_row_cannot_be_added_to_a_published_cuenta_from_its_list(client, rm_editor, rm):
    published = make_cuenta(region=rm, management_year=2021, status=Cuenta.Status.PUBLISHED)
    draft = make_cuenta(region=rm, management_year=2022, status=Cuenta.Status.DRAFT)
    client.force_login(rm_editor)

    form = client.get(admin_url(Efemeride, "add")).context["adminform"].form
    response = client.post(admin_url(Efemeride, "add"), {"cuenta": published.pk, "date": "01-05-2021", "name": "Día"})

    assert list(form.fields["cuenta"].queryset) == [draft]
    assert list(response.context["adminform"].form.errors) == ["cuenta"]
    assert not Efemeride.objects.exists()


def test_draft_pages_and_pdfs_are_for_the_editors_of_the_region_only(
    rm_editor, rm_director, ohiggins_editor, central, rm
):
    draft = make_cuenta(region=rm, status=Cuenta.Status.DRAFT)
    people = {"rm_editor": rm_editor, "rm_director": rm_director, "ohiggins": ohiggins_editor, "central": central}
    people["citizen"] = AnonymousUser()

    assert {name: can_edit(user, draft) for name, user in people.items()} == {
        "rm_editor": True,
        "rm_director": True,
        "ohiggins": False,
        "central": True,
        "citizen": False,
    }
    assert {name: list(editable_cuentas(user)) for name, user in people.items()} == {
        "rm_editor": [draft],
        "rm_director": [draft],
        "ohiggins": [],
        "central": [draft],
        "citizen": [],
    }


def test_central_staff_assign_roles_and_regions_but_cannot_make_superusers(
    client, central, rm_editor, django_user_model
):
    boss = django_user_model.objects.create_superuser("raiz", "raiz@example.com", "clave-123-segura")
    client.force_login(central)

    form = client.get(reverse("admin:auth_user_change", args=[rm_editor.pk])).context["adminform"].form
    listed = client.get(reverse("admin:auth_user_changelist")).context["cl"].result_list

    assert "role" in form.fields
    assert "is_superuser" not in form.fields
    assert "user_permissions" not in form.fields
    assert boss not in listed
    assert client.get(reverse("admin:auth_user_change", args=[boss.pk])).status_code == 302
    assert (central.has_perm("auth.change_user"), central.has_perm("auth.change_group")) == (True, False)


@pytest.mark.parametrize("page", ["importar", "exportar"])
def test_import_and_export_cannot_target_a_cuenta_of_another_region(client, rm_editor, ohiggins_editor, rm, page):
    cuenta = make_cuenta(region=rm, status=Cuenta.Status.DRAFT)
    url = f"/admin/cuentas/cuenta/{cuenta.pk}/{page}/"

    client.force_login(ohiggins_editor)
    foreign = client.get(url).status_code
    client.force_login(rm_editor)
    own = client.get(url).status_code

    assert (foreign, own) == (404, 200)


def test_view_on_site_does_not_reveal_a_draft_of_another_region(client, rm_editor, ohiggins_editor, rm):
    from django.contrib.contenttypes.models import ContentType

    draft = make_cuenta(region=rm, status=Cuenta.Status.DRAFT)
    url = f"/admin/r/{ContentType.objects.get_for_model(Cuenta).pk}/{draft.pk}/"
    missing = f"/admin/r/{ContentType.objects.get_for_model(Cuenta).pk}/{draft.pk + 1}/"

    client.force_login(ohiggins_editor)
    foreign, absent = client.get(url), client.get(missing)
    client.force_login(rm_editor)
    own = client.get(url)

    assert (foreign.status_code, absent.status_code) == (404, 404)
    assert foreign.content == absent.content
    assert (own.status_code, own["Location"]) == (302, "http://testserver/cuentas/13/2022/")


def test_syncing_the_roles_again_changes_nothing_and_central_staff_keep_the_new_catalogues(db):
    from django.apps import apps
    from django.contrib.auth.models import Group

    from cuentas.roles import CENTRAL, EDITOR, sync_roles

    def permissions():
        return {
            group.name: sorted(group.permissions.values_list("codename", flat=True))
            for group in Group.objects.order_by("name")
        }

    before = permissions()
    sync_roles(apps)  # what migrations 0004 and 0009 run

    assert permissions() == before
    assert {"add_fiscalyear", "change_nationalsubsidytotal", "delete_intermediationchannel"} <= set(before[CENTRAL])
    assert {"view_intermediationindicator", "view_activitykind", "change_fomilsummary"} <= set(before[EDITOR])
    assert "change_intermediationindicator" not in before[EDITOR]
