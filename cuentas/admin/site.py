"""Addresses of the admin site that the app answers itself, ahead of Django's (see config/urls.py)."""

from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.views import shortcut
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _

from cuentas import access


def view_on_site(request, content_type_id: int, object_id: str):
    """The admin's «Ver en el sitio» redirect, for objects of the user's regions only.

    Django's own (``/admin/r/<ct>/<id>/``) redirects any staff member to any
    object's page, which told an editor that a draft of another region exists.
    Outside the user's regions the answer is 404, as everywhere in the admin.
    """
    try:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        obj = model._default_manager.get(pk=object_id) if model else None
    except (ObjectDoesNotExist, ValidationError, ValueError, OverflowError):
        obj = None
    if obj is None or not access.in_scope(request.user, obj):
        raise Http404(_("No existe o no está en sus regiones."))
    return shortcut(request, content_type_id, object_id)
