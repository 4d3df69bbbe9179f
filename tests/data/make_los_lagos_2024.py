"""Writes ``los-lagos-2024.xlsx``: the workbook a Los Lagos editor would upload for año de gestión 2024.

    python tests/data/make_los_lagos_2024.py

The figures and employers are invented for the tests (no SENCE document of
Los Lagos 2024 is among the seeds); the comunas are the real ones with their
CUT codes (fixtures/territory.json). The file is what an editor types, not
what the application exports: numbers as Chileans write them, catalogues by
name in some cells and by code in others, a comuna by its CUT code, dates as
dd-mm-aaaa, and every sheet of the template present, most of them empty.

It needs only openpyxl. ``tests/test_admin_imports.py`` checks that the
committed file holds what this script writes.
"""

from pathlib import Path

#: Every sheet of the Cuenta's workbook with its headers, in the template's order.
SHEETS = {
    "Autoridades presentes": ["Nombre", "Cargo", "Orden"],
    "Citas": ["Quién lo dice", "Cargo", "Cita", "Orden"],
    "Textos de sección": ["Sección", "Texto"],
    "Cifras declaradas": [
        "Sección",
        "Tipo",
        "Descripción",
        "Calificador",
        "Valor declarado",
        "Decimales declarados",
        "Unidad",
        "Cifra calculada equivalente",
        "Referencia de la cifra calculada",
        "Orden",
    ],
    "Ejecución por subtítulo": ["Subtítulo", "Requerimiento", "Devengado"],
    "Ejecución subtítulo 24": ["Línea programática", "Requerimiento", "Devengado"],
    "Resúmenes de capacitación": ["Cursos ejecutados"],
    "Participantes por línea": ["Línea programática", "Mujeres", "Hombres", "Total"],
    "Franquicia Tributaria": ["Empresas", "Trabajadores capacitados", "Monto movilizado", "Lugar nacional"],
    "Iniciativas especiales": [
        "Nombre",
        "Descripción",
        "Cantidad",
        "Unidad",
        "Comunas alcanzadas",
        "Orden",
        "Comunas nombradas",
    ],
    "Personas evaluadas por sector": ["Sector productivo", "Mujeres", "Hombres", "Total"],
    "Resultados de intermediación": [
        "Canal",
        "Indicador",
        "Comuna",
        "Empleador",
        "Sector del empleador",
        "Meta",
        "Logro",
        "Mujeres",
        "Hombres",
        "Periodo desde",
        "Periodo hasta",
    ],
    "Convenios FOMIL": ["Municipalidad", "Monto del convenio"],
    "Totales FOMIL": [
        "Convenios firmados",
        "Monto total de los convenios",
        "% de cumplimiento de los indicadores del convenio",
    ],
    "Actividades de empleo": ["Tipo de actividad", "Cantidad", "Inversión", "Periodo desde", "Periodo hasta"],
    "Resultados de subsidios": [
        "Subsidio",
        "Mujeres",
        "Hombres",
        "Total",
        "Personas (total)",
        "Monto pagado a mujeres",
        "Monto pagado a hombres",
        "Monto total pagado",
        "Empresas usuarias",
        "Periodo desde",
        "Periodo hasta",
    ],
    "Actividad del COSOC": ["Consejo en funciones", "Sesiones realizadas", "Temas abordados"],
    "Diálogos participativos": [
        "Comuna",
        "Fecha",
        "Temática",
        "Perfiles de participantes",
        "Descripción",
        "Principales resultados",
    ],
    "Gobiernos en Terreno": ["Comuna", "Fecha", "Hasta", "Lugar"],
    "Publicaciones por categoría": ["Categoría", "Publicaciones"],
    "Seguidores por red social": ["Red social", "Seguidores al inicio del año", "Seguidores al cierre del año"],
    "Efemérides": ["Fecha", "Efeméride"],
    "Atenciones por tipo": ["Tipo de atención", "Atenciones"],
    "Atenciones por sexo": ["Sexo", "Personas atendidas"],
    "Atenciones por mes": ["Mes", "Atenciones"],
    "Atenciones por programa": ["Programa", "Atenciones"],
    "Hitos": ["Título", "Texto", "Fecha", "Orden"],
    "Alianzas y convenios": ["Comuna", "Institución aliada", "Objeto", "Personas alcanzadas", "Orden"],
    "Énfasis de gestión": ["Eje", "Descripción", "Orden"],
    "Equipo": ["Nombre", "Cargo", "Unidad", "Orden"],
}

#: People placed by the Red OMIL in twelve comunas: (comuna as the editor wrote it, women, men).
#: They add up to the regional figure below: 1.690 women and 1.430 men, 3.120 people.
PLACED_BY_COMUNA = [
    ("Puerto Montt", 450, 370),
    ("Osorno", 330, 280),
    ("Castro", 160, 130),
    ("Puerto Varas", 140, 120),
    ("Ancud", 125, 105),
    ("Quellón", 110, 100),
    ("10102", 90, 80),  # Calbuco, by its CUT code
    ("Frutillar", 75, 65),
    ("Llanquihue", 65, 55),
    ("Purranque", 55, 45),
    ("Los Muermos", 48, 42),
    ("Río Negro", 42, 38),
]

#: The employers that hired most people through the Red OMIL: (name, sector, comuna, people placed).
EMPLOYERS = [
    ("Acuícola Seno de Reloncaví SpA", "Elaboración de alimentos y bebidas", "Puerto Montt", 145),
    ("Constructora Tepual Ltda.", "Construcción", "Puerto Montt", 88),
    ("Hotelera Lago Llanquihue S.A.", "Gastronomía, hotelería y turismo", "Puerto Varas", 64),
    ("Transportes Isla Grande Ltda.", "Transporte y logística", "Castro", 41),
    ("Comercial Rahue SpA", "Comercio", "Osorno", 37),
]


def rows() -> dict[str, list[dict]]:
    """The rows of each sheet that has any, as {header: value}."""
    funnel = [
        {"Canal": "red_omil", "Indicador": "atendidos", "Meta": "12.000", "Logro": "13.450"},
        {
            "Canal": "Red OMIL de la región",
            "Indicador": "Personas orientadas laboralmente",
            "Meta": 9000,
            "Logro": 9870,
        },
        {"Canal": "red_omil", "Indicador": "derivados", "Meta": "5.000", "Logro": "5.230"},
        {
            "Canal": "red_omil",
            "Indicador": "colocados",
            "Meta": "2.800",
            "Logro": "3.120",
            "Mujeres": "1.690",
            "Hombres": "1.430",
        },
    ]
    by_comuna = [
        {
            "Canal": "red_omil",
            "Indicador": "colocados",
            "Comuna": comuna,
            "Logro": women + men,
            "Mujeres": women,
            "Hombres": men,
        }
        for comuna, women, men in PLACED_BY_COMUNA
    ]
    by_employer = [
        {
            "Canal": "red_omil",
            "Indicador": "Personas colocadas",
            "Comuna": comuna,
            "Empleador": name,
            "Sector del empleador": sector,
            "Logro": placed,
        }
        for name, sector, comuna, placed in EMPLOYERS
    ]
    return {
        "Resultados de intermediación": funnel + by_comuna + by_employer,
        "Totales FOMIL": [{"Convenios firmados": 28}],
        "Actividades de empleo": [
            {"Tipo de actividad": "Ferias laborales", "Cantidad": 6, "Inversión": "$ 4.800.000"},
            {"Tipo de actividad": "taller", "Cantidad": 24},
            {
                "Tipo de actividad": "Encuentros empresariales",
                "Cantidad": 3,
                "Inversión": "1.200.000",
                "Periodo desde": "01-03-2024",
                "Periodo hasta": "30-11-2024",
            },
            {"Tipo de actividad": "evaluacion_funcional", "Cantidad": 85},
        ],
        "Resultados de subsidios": [{"Subsidio": "SEJ", "Personas (total)": "14.230"}],
    }


def write(path: Path) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    filled = rows()
    for name, headers in SHEETS.items():
        sheet = workbook.create_sheet(name)
        sheet.append(headers)
        for row in filled.get(name, []):
            sheet.append([row.get(header) for header in headers])
    workbook.save(path)


if __name__ == "__main__":
    write(Path(__file__).with_name("los-lagos-2024.xlsx"))
