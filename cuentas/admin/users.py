"""Users, kept by central staff: each with their role (group) and regions."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from cuentas.models import RegionMembership

User = get_user_model()


class RegionMembershipInline(admin.TabularInline):
    model = RegionMembership
    extra = 1
    verbose_name_plural = _("regiones en que trabaja")


admin.site.unregister(User)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ("username", "get_full_name", "email", "roles", "regions", "is_active")
    list_filter = ("groups", "region_memberships__region", "is_active", "is_staff")
    inlines = (RegionMembershipInline,)

    def get_queryset(self, request):
        users = super().get_queryset(request).prefetch_related("groups", "region_memberships__region")
        # Central staff manage people, not superusers: no way up to the keys of the house.
        return users if request.user.is_superuser else users.filter(is_superuser=False)

    def get_readonly_fields(self, request, obj=None):
        if request.user.is_superuser:
            return super().get_readonly_fields(request, obj)
        return ("is_superuser", "user_permissions", "last_login", "date_joined")

    @admin.display(description=_("roles"))
    def roles(self, obj):
        return ", ".join(group.name for group in obj.groups.all())

    @admin.display(description=_("regiones"))
    def regions(self, obj):
        return ", ".join(membership.region.name for membership in obj.region_memberships.all())
