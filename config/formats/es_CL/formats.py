# Spanish (Chile). Django has no es_CL module; this one follows the
# conventions of Chilean public documents: "16.631.241.866", "98,28".
DATE_FORMAT = r"j \d\e F \d\e Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = r"j \d\e F \d\e Y \a \l\a\s H:i"
YEAR_MONTH_FORMAT = r"F \d\e Y"
MONTH_DAY_FORMAT = r"j \d\e F"
SHORT_DATE_FORMAT = "d-m-Y"
SHORT_DATETIME_FORMAT = "d-m-Y H:i"
FIRST_DAY_OF_WEEK = 1  # lunes

DATE_INPUT_FORMATS = [
    "%d-%m-%Y",  # '25-10-2006'
    "%d/%m/%Y",  # '25/10/2006'
    "%Y-%m-%d",  # '2006-10-25'
    "%d-%m-%y",  # '25-10-06'
    "%d/%m/%y",  # '25/10/06'
]
TIME_INPUT_FORMATS = ["%H:%M", "%H:%M:%S"]
DATETIME_INPUT_FORMATS = [
    "%d-%m-%Y %H:%M:%S",
    "%d-%m-%Y %H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
]
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3
