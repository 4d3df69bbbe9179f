"""The citizen's form in a real Chromium, without JavaScript, and axe-core on it."""

import datetime

import pytest
from django.utils import timezone

from cuentas.models import ParticipationProcess, Question

from .factories import make_cuenta
from .test_browser import ARTIFACTS, browser, page, serious_violations  # noqa: F401 -- fixtures

pytestmark = pytest.mark.browser


@pytest.fixture
def process(rm):
    today = timezone.localdate()
    return ParticipationProcess.objects.create(
        cuenta=make_cuenta(region=rm), event_date=today - datetime.timedelta(days=1)
    )


def test_a_citizen_sends_a_question_with_the_form_and_axe_finds_nothing_serious(process, live_server, page):  # noqa: F811
    page.goto(live_server.url + "/cuentas/13/2022/")
    page.get_by_role("link", name="Enviar una pregunta, observación o sugerencia").click()
    page.wait_for_url("**/participacion/preguntar/")
    assert serious_violations(page) == []

    page.get_by_role("radio", name="Observación").check()
    page.get_by_label("Tema").select_option("s:subsidios")
    page.get_by_label("Su pregunta, observación o sugerencia").fill("Los subsidios deberían explicarse mejor.")
    page.get_by_role("button", name="Enviar").click()

    page.wait_for_url("**/participacion/recibida/**")
    assert "CPP-13-2022-0001" in page.locator("main").inner_text()
    assert serious_violations(page) == []
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "participacion-recibida.png"), full_page=True)
    assert Question.objects.get().kind == Question.Kind.OBSERVATION


def test_the_form_works_with_javascript_off(process, live_server, browser):  # noqa: F811
    context = browser.new_context(java_script_enabled=False, locale="es-CL")
    tab = context.new_page()
    tab.goto(live_server.url + "/cuentas/13/2022/participacion/preguntar/")
    tab.get_by_label("Tema").select_option("s:capacitacion")
    tab.get_by_label("Su pregunta, observación o sugerencia").fill("corto")
    tab.get_by_role("button", name="Enviar").click()
    assert "El texto es muy corto" in tab.locator("main").inner_text()
    assert Question.objects.count() == 0
    context.close()
