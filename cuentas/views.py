from django.views.generic import DetailView, TemplateView

from .models import Cuenta


class HomeView(TemplateView):
    template_name = "cuentas/home.html"


class CuentaDetailView(DetailView):
    template_name = "cuentas/cuenta_detail.html"

    def get_object(self, queryset=None):
        from django.shortcuts import get_object_or_404

        return get_object_or_404(
            Cuenta.objects.published(), region_id=self.kwargs["region"], management_year=self.kwargs["year"]
        )
