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
        return super().get_queryset(request).prefetch_related("groups", "region_memberships__region")

    @admin.display(description=_("roles"))
    def roles(self, obj):
        return ", ".join(group.name for group in obj.groups.all())

    @admin.display(description=_("regiones"))
    def regions(self, obj):
        return ", ".join(membership.region.name for membership in obj.region_memberships.all())
