"""Users, kept by central staff: each with their role (group) and regions, chosen on one screen.

Who may do what here (``tests/test_users.py`` walks it with every persona):

* Nobody changes their own role, regions, superuser status or whether they are
  active: another person does.
* Central staff create users, give them the role «Editor regional» and their
  regions, and change those who are editors (or have no role yet); a director,
  another central staff member or a superuser they only see. They never type a
  password: a new user gets an e-mail with a link to choose it, and the action
  «Enviar correo para restablecer la contraseña» sends one again.
* Only superusers give the roles «Director regional» and «Nivel central», make
  superusers and set another user's password.
* Whether a user may enter the admin (``is_staff``) follows from having a role,
  so a new editor logs in as soon as they have chosen their password.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import flatten_fieldsets
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from cuentas import accounts, roles
from cuentas.models import Region, RegionMembership

from .messages import SpanishMessagesMixin

User = get_user_model()

ROLE_NAMES = (roles.EDITOR, roles.DIRECTOR, roles.CENTRAL)
#: The roles central staff may give; a superuser gives any.
ROLES_FOR_CENTRAL_STAFF = (roles.EDITOR,)


class StaffFields(forms.Form):
    """The role and the regions, as fields of the user's own form."""

    role = forms.ModelChoiceField(
        label=gettext_lazy("Rol"),
        queryset=Group.objects.none(),
        required=False,
        empty_label=gettext_lazy("Sin rol (no entra al administrador)"),
        help_text=gettext_lazy("Qué puede hacer en el administrador; ver README, «Roles, publicación y auditoría»."),
    )
    regions = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Regiones en que trabaja"),
        queryset=Region.objects.order_by("north_to_south"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("El nivel central ve todas las regiones aunque no tenga ninguna marcada."),
    )


def staff_form(base):
    """``base`` (one of Django's user forms) with the role and regions fields."""

    class Form(base):
        role = StaffFields.base_fields["role"]
        regions = StaffFields.base_fields["regions"]

        def __init__(self, *args, role_names=(), **kwargs):
            super().__init__(*args, **kwargs)
            if "role" in self.fields:
                self.fields["role"].queryset = Group.objects.filter(name__in=role_names).order_by("name")
            if self.instance.pk is not None:
                self.initial.setdefault("role", self.instance.groups.filter(name__in=ROLE_NAMES).first())
                self.initial.setdefault("regions", [m.region_id for m in self.instance.region_memberships.all()])

    Form.__name__ = f"Staff{base.__name__}"
    return Form


class InvitationCreationForm(forms.ModelForm):
    """Central staff's form: no password; the new user chooses it from an e-mail."""

    class Meta:
        model = User
        fields = ("username", "first_name", "last_name", "email")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True
        self.fields["email"].help_text = _("Aquí llega el enlace para elegir la contraseña.")

    def save(self, commit=True):
        user = super().save(commit=False)
        user.set_unusable_password()
        if commit:
            user.save()
        return user


StaffCreationForm = staff_form(InvitationCreationForm)
SuperuserCreationForm = staff_form(AdminUserCreationForm)
StaffChangeForm = staff_form(UserChangeForm)


admin.site.unregister(User)


@admin.register(User)
class UserAdmin(SpanishMessagesMixin, DjangoUserAdmin):
    list_display = ("username", "full_name", "email", "roles", "region_names", "is_active")
    list_filter = ("groups", "region_memberships__region", "is_active", "is_staff")
    actions = ("send_password_reset",)

    def get_queryset(self, request):
        users = super().get_queryset(request).prefetch_related("groups", "region_memberships__region")
        # Central staff manage people, not superusers: no way up to the keys of the house.
        return users if request.user.is_superuser else users.filter(is_superuser=False)

    # Who may change whom -------------------------------------------------------------------------

    def manages(self, request, obj) -> bool:
        """Whether the requester may change ``obj`` at all (not only view it)."""
        if obj is None or request.user.is_superuser or obj.pk == request.user.pk:
            return True
        if obj.is_superuser:
            return False
        held = {group.name for group in obj.groups.all()}
        return held <= set(ROLES_FOR_CENTRAL_STAFF) and not obj.user_permissions.exists()

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self.manages(request, obj)

    def role_names(self, request) -> tuple[str, ...]:
        return ROLE_NAMES if request.user.is_superuser else ROLES_FOR_CENTRAL_STAFF

    # The form ------------------------------------------------------------------------------------

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = SuperuserCreationForm if request.user.is_superuser else StaffCreationForm
        else:
            kwargs["form"] = StaffChangeForm
        form = super().get_form(request, obj, **kwargs)
        role_names = self.role_names(request)
        shown = set(flatten_fieldsets(self.get_fieldsets(request, obj)))
        # Declared fields the page does not offer are removed, not just hidden: posted anyway, they would save.
        hidden = {name: None for name in form.declared_fields if name not in shown}

        class ScopedForm(form):
            def __init__(self, *args, **form_kwargs):
                super().__init__(*args, role_names=role_names, **form_kwargs)

        return type(form.__name__, (ScopedForm,), hidden)

    def get_fieldsets(self, request, obj=None):
        personal = (_("Datos personales"), {"fields": ("first_name", "last_name", "email")})
        if obj is None:
            login = ("username", "usable_password", "password1", "password2")
            if not request.user.is_superuser:
                login = ("username",)
            return (
                (None, {"classes": ("wide",), "fields": login}),
                personal,
                (_("Rol y regiones"), {"fields": ("role", "regions")}),
            )
        editable = obj.pk != request.user.pk and self.has_change_permission(request, obj)
        login = ("username", "password") if request.user.is_superuser else ("username",)
        access = ("is_active", "role", "regions") if editable else ("is_active", "role_display", "regions_display")
        if request.user.is_superuser:
            access += ("is_superuser", "user_permissions")
        return (
            (None, {"fields": login}),
            personal,
            (_("Rol y regiones"), {"fields": access}),
            (_("Fechas"), {"fields": ("last_login", "date_joined")}),
        )

    def get_readonly_fields(self, request, obj=None):
        readonly = ["last_login", "date_joined", "role_display", "regions_display"]
        if obj is not None and obj.pk == request.user.pk:
            readonly += ["is_active", "is_superuser", "user_permissions"]
        return readonly

    def save_model(self, request, obj, form, change):
        if "role" in form.cleaned_data:
            obj.is_staff = obj.is_superuser or form.cleaned_data["role"] is not None
        elif obj.is_superuser:
            obj.is_staff = True
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        user = form.instance
        if "role" in form.cleaned_data:
            role = form.cleaned_data["role"]
            others = user.groups.exclude(name__in=ROLE_NAMES)
            user.groups.set([*others, *([role] if role else [])])
        if "regions" in form.cleaned_data:
            wanted = {region.pk for region in form.cleaned_data["regions"]}
            user.region_memberships.exclude(region__in=wanted).delete()
            held = set(user.region_memberships.values_list("region_id", flat=True))
            RegionMembership.objects.bulk_create(
                RegionMembership(user=user, region_id=code) for code in sorted(wanted - held)
            )
        if not change and not user.has_usable_password():
            self.invite(request, user)

    def invite(self, request, user):
        if accounts.send_password_link(request, user, invitation=True):
            message = _("Se envió a %(email)s el enlace para elegir la contraseña.") % {"email": user.email}
            messages.info(request, message)
        else:
            message = _("No se pudo enviar el enlace: revise el correo de %(user)s.") % {"user": user}
            messages.warning(request, message)

    # Passwords: only superusers type them ---------------------------------------------------------

    def user_change_password(self, request, id, form_url=""):
        if not request.user.is_superuser:
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)

    @admin.action(description=gettext_lazy("Enviar correo para restablecer la contraseña"), permissions=["change"])
    def send_password_reset(self, request, queryset):
        sent = [user for user in queryset if self.manages(request, user) and accounts.send_password_link(request, user)]
        skipped = queryset.count() - len(sent)
        if sent:
            self.message_user(
                request,
                ngettext(
                    "Se envió el correo para restablecer la contraseña a %(count)d persona.",
                    "Se envió el correo para restablecer la contraseña a %(count)d personas.",
                    len(sent),
                )
                % {"count": len(sent)},
                messages.SUCCESS,
            )
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%(count)d persona no recibió el correo: está inactiva, no tiene correo o no la administra usted.",
                    "%(count)d personas no recibieron el correo: están inactivas, no tienen correo o no las "
                    "administra usted.",
                    skipped,
                )
                % {"count": skipped},
                messages.WARNING,
            )

    # Columns and read-only fields -----------------------------------------------------------------

    @admin.display(description=gettext_lazy("nombre completo"), ordering="first_name")
    def full_name(self, obj):
        return obj.get_full_name()

    @admin.display(description=gettext_lazy("roles"))
    def roles(self, obj):
        return ", ".join(group.name for group in obj.groups.all())

    @admin.display(description=gettext_lazy("regiones"))
    def region_names(self, obj):
        return ", ".join(membership.region.name for membership in obj.region_memberships.all())

    @admin.display(description=gettext_lazy("rol"))
    def role_display(self, obj):
        return self.roles(obj) or "—"

    @admin.display(description=gettext_lazy("regiones en que trabaja"))
    def regions_display(self, obj):
        return self.region_names(obj) or "—"
