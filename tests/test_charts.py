from decimal import Decimal

from cuentas.charts import Chart, Series


def make_chart(**kwargs):
    kwargs.setdefault("slug", "prueba")
    kwargs.setdefault("title", "Participantes <por> línea")
    kwargs.setdefault("description", "Barras apiladas.")
    kwargs.setdefault("categories", ["Becas Laborales", "Emprendimiento"])
    kwargs.setdefault("series", [Series("Mujeres", [9788, 591]), Series("Hombres", [2527, 86])])
    return Chart(**kwargs)


def test_chart_svg_has_an_escaped_title_and_description_it_is_labelled_by():
    svg = make_chart().svg()

    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg"')
    assert 'role="img" class="chart" aria-labelledby="grafico-prueba-t grafico-prueba-d"' in svg
    assert '<title id="grafico-prueba-t">Participantes &lt;por&gt; línea</title>' in svg
    assert '<desc id="grafico-prueba-d">Barras apiladas.</desc>' in svg


def test_stacked_bars_end_with_the_total_in_chilean_format():
    svg = make_chart(stacked=True, totals=[9788 + 2527, 591 + 86]).svg()

    assert ">12.315</text>" in svg
    assert ">677</text>" in svg


def test_chart_data_table_is_its_text_alternative():
    chart = make_chart()

    assert chart.data_rows == [("Becas Laborales", ["9.788", "2.527"]), ("Emprendimiento", ["591", "86"])]
    table = chart.data_table_html()
    assert "<caption>Participantes &lt;por&gt; línea</caption>" in table
    assert '<th scope="row">Becas Laborales</th><td class="num">9.788</td>' in table


def test_percent_chart_shows_missing_values_as_unknown_not_zero():
    from cuentas import formatting

    chart = make_chart(series=[Series("% ejecución", [Decimal("98.29"), None])], formatter=formatting.format_percent)

    assert [cells for _, cells in chart.data_rows] == [["98,29 %"], ["—"]]
