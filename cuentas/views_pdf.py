"""The Cuenta Pública as a PDF download, from the public page and from the admin."""

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.utils.cache import get_conditional_response
from django.utils.translation import gettext as _
from django.views import View

from . import access, pdf
from .models import Cuenta


class CuentaPdfView(View):
    """The whole Cuenta as one PDF; drafts only for those who may edit them (404 for anyone else),
    as for the public page (``access.can_edit``: staff of the Cuenta's region).

    Queries when the file is kept: the Cuenta, then its content version
    (``pdf.data_digest``): 2. A new version renders once (``pdf.render``) and is a
    plain file response after, or 304 to a client that already holds it.
    """

    def get(self, request, region: str, year: int):
        cuenta = get_object_or_404(Cuenta.objects.select_related("region"), region_id=region, management_year=year)
        if not cuenta.is_published and not access.can_edit(request.user, cuenta):
            raise Http404(_("No hay una cuenta pública publicada de esa región y año."))
        document = pdf.get_or_render(cuenta)
        etag = f'"{document.version}"'
        # Drafts change under their editors' hands and are not for shared caches.
        cache_control = "no-cache" if cuenta.is_published else "private, no-cache"
        response = get_conditional_response(request, etag=etag)
        if response is None:
            response = FileResponse(
                document.path.open("rb"), content_type="application/pdf", filename=pdf.filename(cuenta)
            )
        response["ETag"] = etag
        response["Cache-Control"] = cache_control
        return response
