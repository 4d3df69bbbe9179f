"""The three roles, as auth groups with their permissions.

Created by a data migration (``sync_roles``); a later change of what a role
may do is a new migration that calls ``sync_roles`` again, which sets each
group's permissions to exactly what is listed here.

* Editor regional: creates and edits the Cuentas of their regions, imports
  and exports their rows, maintains their regions' COSOC; reads catalogues.
* Director regional: what an editor does, and sends to review, publishes and
  reopens for correction.
* Both regional roles moderate citizens' questions and draft answers; only a
  director approves and publishes an answer (``approve_answer``). A question
  is never deleted, by anyone: a refused one is hidden.
* Nivel central: every region, every Cuenta, the catalogues and the users;
  it does not publish (a director of the region does). Its permission to
  change users is narrowed in ``admin/users.py``: it gives only the editor
  role, changes only editors, never types a password, and nobody changes
  their own role or regions.
"""

EDITOR = "Editor regional"
DIRECTOR = "Director regional"
CENTRAL = "Nivel central"

#: The models whose rows belong to a region, besides the rows of a Cuenta.
REGIONAL = ("cuenta", "cosoccouncil", "cosocmember", "participationprocess", "question", "answer")
#: Kept for the record: nobody deletes them (a refused question is hidden, never deleted).
NEVER_DELETED = ("question",)
#: Kept by the system, never edited by hand.
SYSTEM = ("cuentaversion", "regionmembership")
#: Extra actions per model, beyond Django's add/change/delete/view.
IMPORT_EXPORT = ("import", "export")


def _is_row(model) -> bool:
    return any(field.name == "cuenta" for field in model._meta.fields) and model._meta.model_name not in SYSTEM


def model_groups(apps):
    """The cuentas models split into (regional data, catalogues), by model name."""
    data, catalogues = [], []
    for model in apps.get_app_config("cuentas").get_models():
        name = model._meta.model_name
        if name.startswith("historical") or name in SYSTEM:
            continue
        (data if name in REGIONAL or _is_row(model) else catalogues).append(name)
    return sorted(data), sorted(catalogues)


def role_permissions(apps) -> dict[str, set[tuple[str, str]]]:
    """Each role's permissions as (app_label, codename) pairs."""
    data, catalogues = model_groups(apps)
    editor = {("cuentas", f"{action}_{name}") for name in data for action in ("view", "add", "change", "delete")}
    editor -= {("cuentas", "delete_cuenta")}
    editor |= {("cuentas", f"{action}_{name}") for name in data for action in IMPORT_EXPORT}
    editor |= {("cuentas", f"view_{name}") for name in catalogues}
    editor |= {("cuentas", "view_cuentaversion")}
    editor -= {("cuentas", f"delete_{name}") for name in NEVER_DELETED}
    director = editor | {("cuentas", "submit_cuenta"), ("cuentas", "publish_cuenta")}
    if "answer" in data:  # earlier migrations run this before the model exists
        director |= {("cuentas", "approve_answer")}
    central = {
        ("cuentas", f"{action}_{name}")
        for name in (*data, *catalogues)
        for action in ("view", "add", "change", "delete", *IMPORT_EXPORT)
    }
    central -= {("cuentas", f"delete_{name}") for name in NEVER_DELETED}
    central |= {("cuentas", "view_cuentaversion"), ("cuentas", "access_all_regions")}
    central |= {("cuentas", f"{action}_regionmembership") for action in ("view", "add", "change", "delete")}
    # Users yes; the groups themselves are defined here, so a role cannot be widened from the admin.
    central |= {("auth", f"{action}_user") for action in ("view", "add", "change")} | {("auth", "view_group")}
    return {EDITOR: editor, DIRECTOR: director, CENTRAL: central}


def ensure_import_export_permissions(apps):
    """Create cuentas.import_<model> and cuentas.export_<model>, which Django does not."""
    content_type_model = apps.get_model("contenttypes", "ContentType")
    permission_model = apps.get_model("auth", "Permission")
    for model in apps.get_app_config("cuentas").get_models():
        opts = model._meta
        if opts.model_name.startswith("historical") or opts.model_name in SYSTEM:
            continue
        content_type, _ = content_type_model.objects.get_or_create(app_label="cuentas", model=opts.model_name)
        for action, label in (("import", "Puede importar"), ("export", "Puede exportar")):
            permission_model.objects.update_or_create(
                content_type=content_type,
                codename=f"{action}_{opts.model_name}",
                defaults={"name": f"{label} {opts.verbose_name_plural}"[:255]},
            )


def sync_roles(apps, schema_editor=None):
    """Create or update the three groups so each holds exactly its permissions."""
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    ensure_import_export_permissions(apps)

    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    for role, wanted in role_permissions(apps).items():
        group, _ = group_model.objects.get_or_create(name=role)
        permissions = [
            permission
            for permission in permission_model.objects.select_related("content_type")
            if (permission.content_type.app_label, permission.codename) in wanted
        ]
        missing = wanted - {(p.content_type.app_label, p.codename) for p in permissions}
        if missing:
            raise RuntimeError(f"Permisos inexistentes para {role}: {sorted(missing)}")
        group.permissions.set(permissions)
