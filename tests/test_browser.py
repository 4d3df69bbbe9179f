"""A citizen's path through the public site in a real Chromium, and axe-core on every kind of page.

Needs Debian's Chromium (``apt-get install chromium``; .ci/run installs it).
axe-core is vendored in static/cuentas/vendor/axe.min.js and served by the site under test.
"""

import io
import os
from pathlib import Path

import openpyxl
import pytest
from django.conf import settings
from django.templatetags.static import static

from cuentas import demo

pytestmark = pytest.mark.browser

sync_api = pytest.importorskip("playwright.sync_api")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    # Playwright's sync API runs an event loop in this thread; the test database is set up and
    # flushed from the same thread, which Django would otherwise refuse as "async unsafe".
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE")
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(browser):
    # Static files come from their sources (tests/conftest.py), as the live server serves them.
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="es-CL", accept_downloads=True)
    page = context.new_page()
    yield page
    context.close()


def serious_violations(page) -> list[str]:
    """axe-core's serious and critical WCAG 2.2 AA violations on the page, as readable lines."""
    # From the site itself, as its Content-Security-Policy allows ('self'), not inlined.
    page.add_script_tag(url=static("cuentas/vendor/axe.min.js"))
    results = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_citizen_clicks_from_home_to_rm_2022_and_reads_its_figures(seeds, live_server, page):
    ARTIFACTS.mkdir(exist_ok=True)
    page.goto(live_server.url + "/")

    page.get_by_role("link", name="Metropolitana 2022").click()

    page.wait_for_url("**/cuentas/13/2022/")
    assert page.locator("h1").inner_text() == "Cuenta Pública SENCE Región Metropolitana 2022-2023"
    budget = page.locator("#tabla-presupuesto-subtitulos tfoot")
    assert budget.inner_text().replace("\u00a0", " ").split("\t") == [
        "Total",
        "",
        "$ 16.631.241.866",
        "$ 16.345.308.245",
        "98,28 %",
    ]
    training = page.locator("#tabla-capacitacion-participantes tfoot").inner_text()
    assert "25.431" in training
    assert page.locator("#grafico-capacitacion-participantes svg title").count() == 1
    page.screenshot(path=str(ARTIFACTS / "cuenta-rm-2022.png"), full_page=True)
    page.set_viewport_size({"width": 360, "height": 800})
    page.screenshot(path=str(ARTIFACTS / "cuenta-rm-2022-360.png"))
    assert page.evaluate("document.documentElement.scrollWidth") <= 360  # no sideways scrolling of the page


def test_citizen_reaches_ohiggins_2024_and_downloads_a_table_as_xlsx(seeds, live_server, page):
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="O'Higgins 2024").click()
    page.wait_for_url("**/cuentas/06/2024/")

    link = page.get_by_role("link", name="XLSX").first
    with page.expect_download() as download_info:
        link.click()

    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    workbook = openpyxl.load_workbook(io.BytesIO(Path(download.path()).read_bytes()))
    assert workbook.active.max_row >= 2


@pytest.mark.parametrize(
    "path",
    ["/", "/cuentas/13/2022/", "/comparar/?anio=2022", "/comparar/region/13/"],
    ids=["home", "cuenta", "compare-year", "compare-region"],
)
def test_pages_have_no_serious_accessibility_violations(seeds, live_server, page, path):
    demo.create(years=[2021, 2022])  # the banner and demo tags are checked too
    page.goto(live_server.url + path)

    assert serious_violations(page) == []
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Saltar al contenido"


#: Records every Content-Security-Policy violation of the page, from before its first byte is parsed.
CSP_LISTENER = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
    window.cspViolations.push(`${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`);
});
"""


def csp_violations(page, url: str) -> list[str]:
    """Every CSP violation while ``url`` loads, as the page's listener and Chromium's console report them."""
    console = []

    def note(message):
        if "Content Security Policy" in message.text:
            console.append(message.text)

    page.on("console", note)
    page.goto(url)
    page.wait_for_load_state("networkidle")
    return page.evaluate("window.cspViolations") + console


@pytest.mark.parametrize(
    "path",
    ["/", "/cuentas/13/2022/", "/comparar/?anio=2022", "/comparar/region/13/"],
    ids=["home", "cuenta", "compare-year", "compare-region"],
)
def test_public_pages_log_no_csp_violation(seeds, live_server, page, path):
    page.add_init_script(CSP_LISTENER)

    assert csp_violations(page, live_server.url + path) == []


def test_the_admin_import_page_logs_no_csp_violation(seeds, live_server, page, django_user_model):
    from cuentas.models import Cuenta, Region

    from .factories import make_cuenta

    django_user_model.objects.create_superuser("central", "central@example.com", "clave-segura-123")
    cuenta = make_cuenta(region=Region.objects.get(code="13"), management_year=2023, status=Cuenta.Status.DRAFT)
    page.add_init_script(CSP_LISTENER)
    page.goto(f"{live_server.url}/admin/login/?next=/admin/cuentas/cuenta/{cuenta.pk}/importar/")
    page.fill("#id_username", "central")
    page.fill("#id_password", "clave-segura-123")
    page.click("input[type=submit]")
    page.wait_for_url(f"**/admin/cuentas/cuenta/{cuenta.pk}/importar/")

    violations = csp_violations(page, page.url)

    assert violations == []
    assert page.locator("h1").inner_text().startswith("Importar planilla")
    # Its stylesheet applies: the rules once inline, now from a static file.
    assert page.locator(".import-downloads li").first.evaluate("e => getComputedStyle(e).marginBottom") != "0px"


OVERFLOWING_TABLES = """() => {
    const right = document.querySelector('#content-main').getBoundingClientRect().right;
    return Array.from(document.querySelectorAll('.inline-group table'))
        .filter(table => table.getBoundingClientRect().right > right + 0.5)
        .map(table => table.closest('.inline-group').id);
}"""


def comunas_and_figures_cuenta():
    """A draft RM 2022: the placements of ten comunas by sex, and sixteen declared figures on every page."""
    from cuentas.models import Comuna, Cuenta, DeclaredFigure, IntermediationResult, SectionKey

    from .factories import make_cuenta

    cuenta = make_cuenta(region_id="13", status=Cuenta.Status.DRAFT)
    for n, comuna in enumerate(Comuna.objects.filter(region="13").order_by("name")[:10]):
        IntermediationResult.objects.create(
            cuenta=cuenta,
            channel_id="red_omil",
            indicator_id="colocados",
            comuna=comuna,
            achieved=1_204 + n,
            women=650,
            men=554 + n,
        )
    DeclaredFigure.objects.bulk_create(
        DeclaredFigure(
            cuenta=cuenta,
            section=section,
            label=f"municipalidades firmaron el convenio FOMIL ({n + 1})",
            value=47 + n,
            qualifier="mas_de",
        )
        for section in ("", *SectionKey.values)
        for n in range(16)
    )
    return cuenta


@pytest.fixture
def editor_page(catalogues, live_server, browser):
    """An editor of the Metropolitana signed in to the admin, at 1280 × 800 in Chile."""
    from django.apps import apps

    from cuentas.roles import EDITOR, sync_roles

    from .factories import make_region, make_user

    sync_roles(apps)  # the live server's tests empty the database after each one, roles included
    editor = make_user("editora_rm", EDITOR, [make_region()])
    # In Chile: no «you are N hours ahead of the server» notes beside the dates.
    context = browser.new_context(
        viewport={"width": 1280, "height": 800}, locale="es-CL", timezone_id="America/Santiago"
    )
    page = context.new_page()
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", editor.username)
    page.fill("#id_password", "clave-segura-123")
    page.click("input[type=submit]")
    yield page
    context.close()


def test_editor_enters_ten_comunas_by_sex_and_sixteen_figures_without_sideways_scrolling(live_server, editor_page):
    page = editor_page
    cuenta = comunas_and_figures_cuenta()
    page.goto(f"{live_server.url}/admin/cuentas/cuenta/{cuenta.pk}/seccion/intermediacion/")

    page.get_by_text("Cifras declaradas").click()  # the declared figures come collapsed
    by_comuna = page.locator("#intermediation_results-2-group table")
    figures = page.locator("#declared_figures-group table")
    overflowing = page.evaluate(OVERFLOWING_TABLES)
    by_comuna.get_by_text("Más").first.click()  # a row's meta and period open over the rows below
    folded_width = page.evaluate("document.documentElement.scrollWidth")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "admin-intermediacion-1280.png"), full_page=True)

    assert by_comuna.locator("tbody tr.has_original").count() == 10
    assert figures.locator("tbody tr.has_original").count() == 16
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    assert overflowing == []
    assert folded_width <= 1280
    assert by_comuna.get_by_label("Desde").first.is_visible()
    # One screen (800 px) holds each table whole: every row is one line.
    assert by_comuna.bounding_box()["height"] <= 800
    assert figures.bounding_box()["height"] <= 800


def test_sixteen_declared_figures_fit_the_width_of_every_page_of_a_cuenta(live_server, editor_page):
    from cuentas.sections import SECTIONS

    page = editor_page
    cuenta = comunas_and_figures_cuenta()
    addresses = [f"/admin/cuentas/cuenta/{cuenta.pk}/change/"] + [
        f"/admin/cuentas/cuenta/{cuenta.pk}/seccion/{section.slug}/" for section in SECTIONS
    ]

    too_wide = {}
    for address in addresses:
        page.goto(live_server.url + address)
        page.locator("#declared_figures-group fieldset > details").evaluate("details => { details.open = true; }")
        width, overflowing = page.evaluate("document.documentElement.scrollWidth"), page.evaluate(OVERFLOWING_TABLES)
        if width > 1280 or overflowing:
            too_wide[address] = (width, overflowing)
        assert page.locator("#declared_figures-group tbody tr.has_original").count() == 16

    assert too_wide == {}
