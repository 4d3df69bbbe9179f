"""Every figure of one Cuenta: the ``Metric`` values declared figures are compared with, and what its page quotes.

``CuentaFigures(cuenta)`` reads the rows and column totals ``rows.load_rows``
loaded (loading them first if nobody did): computing every figure costs the
queries of one page, whatever the number of rows. ``value(metric, argument)``
answers one figure as an exact, unrounded ``Decimal`` (rounding is for display
and comparison), or ``None`` when the rows it needs are not there, or when
some of the parts it adds up are unknown: unknown is never zero.

The argument says which element a metric is about, as in
``DeclaredFigure.metric_argument``: a subtítulo ("24"), a channel and
indicator ("omil:colocados"), two funnel steps ("omil:atendidos:colocados"),
a kind of activity ("feria"), a subsidy code or budget ("SEJ", "central"), a
social network ("Instagram"), a contact type ("Pregunta"), a sex ("F"). Names
are matched without regard to case.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from django.utils.translation import gettext_lazy as _

from cuentas.models import Comuna, Cuenta, Metric, NationalSubsidyTotal, Subsidy
from cuentas.models.base import Sex
from cuentas.numbers import exact_growth, exact_percent

from .rows import is_loaded, load_rows
from .totals import known_total

PLACED = "colocados"


class MetricArgumentError(ValueError):
    """The argument of a metric is missing, malformed or names no row of its table (Spanish message)."""


@dataclass(frozen=True)
class Share:
    """A sum over rows some of which may be unknown: ``value`` is None when any part is, ``missing`` names them."""

    known: int | None
    missing: tuple[str, ...] = ()

    @property
    def value(self) -> int | None:
        return None if self.missing else self.known


def add_known(rows: Iterable, value: Callable, name: Callable = str) -> Share:
    """The sum of ``value(row)`` over ``rows``; the rows whose value is unknown are named in ``missing``."""
    known, missing, seen = 0, [], False
    for row in rows:
        seen = True
        amount = value(row)
        if amount is None:
            missing.append(name(row))
        else:
            known += amount
    return Share(known if seen else None, tuple(missing))


def counted_once(rows: list) -> list:
    """Results of one step, without those of a channel that is part of another channel in ``rows``.

    The OMIL under a FOMIL agreement are part of the region's OMIL network: when
    both report the same step, its people are the network's, not the sum.
    """
    reported = {row.channel_id for row in rows}
    return [row for row in rows if row.channel.part_of_id not in reported]


def reports_amount(row) -> bool:
    """Whether a subsidy row gives any amount paid (total, or to women or to men)."""
    return row.amount_total is not None or row.amount_women is not None or row.amount_men is not None


def _decimal(value) -> Decimal | None:
    return None if value is None else Decimal(value)


def _key(name: str) -> str:
    return str(name).strip().casefold()


def _pick(rows: dict[str, dict], argument: str, what) -> dict | None:
    """The row named ``argument``; None if the table is empty, an error if it has no such row."""
    if not rows:
        return None
    if not argument:
        raise MetricArgumentError(_("Falta indicar %(what)s.") % {"what": what})
    try:
        return rows[_key(argument)]
    except KeyError:
        raise MetricArgumentError(
            _("La tabla no tiene %(what)s «%(argument)s».") % {"what": what, "argument": argument}
        ) from None


@dataclass
class FunnelStep:
    """One step of a channel's funnel, with its conversion from the step before and from the first."""

    row: object
    from_previous: Decimal | None = None
    from_first: Decimal | None = None


@dataclass
class Ranking:
    """Rows of one channel and indicator ranked by logro, each with its share of the regional figure."""

    channel: object
    indicator: object
    rows: list = field(default_factory=list)
    regional: int | None = None
    ranked_total: int = 0

    @property
    def adds_up(self) -> bool | None:
        """Whether the rows add up to the regional figure; None without a regional figure."""
        return None if self.regional is None else self.ranked_total == self.regional


class CuentaFigures:
    """The computable figures of one Cuenta, read from its loaded rows and column totals.

    ``CuentaFigures.of(cuenta)`` keeps one instance per loaded Cuenta, so the
    page, its tables and its checks share what was computed.
    """

    def __init__(self, cuenta: Cuenta):
        if not is_loaded(cuenta):
            load_rows(cuenta)
        self.cuenta = cuenta
        self.totals = cuenta.totals

    @classmethod
    def of(cls, cuenta: Cuenta) -> "CuentaFigures":
        figures = getattr(cuenta, "_figures", None)
        if figures is None:
            figures = cuenta._figures = cls(cuenta)
        return figures

    def value(self, metric: str, argument: str = "") -> Decimal | None:
        """The exact value of ``metric`` for ``argument``; raises MetricArgumentError on a bad argument."""
        return COMPUTE[Metric(metric)](self, argument.strip())

    def all(self) -> dict[tuple[str, str], Decimal | None]:
        """Every metric, for every argument the rows of the Cuenta offer, keyed by (metric, argument)."""
        return {
            (metric, argument): self.value(metric, argument)
            for metric, arguments in self.arguments().items()
            for argument in arguments
        }

    def arguments(self) -> dict[str, list[str]]:
        """For each metric, the arguments it can be asked for in this Cuenta ("" for none or for the total)."""
        subtitles = [str(code) for code in self.budget]
        steps = [f"{c}:{i}" for c, i in self.intermediation]
        channels = sorted({channel for channel, _indicator in self.intermediation})
        conversions = []
        for channel in channels:
            first, *rest = self.funnel(channel)
            conversions += [f"{channel}:{first.row.indicator_id}:{step.row.indicator_id}" for step in rest]
        subsidies = [row["code"] for row in self.subsidies.values()]
        budgets = ["", *Subsidy.Budget.values, *subsidies]
        return {
            Metric.BUDGET_REQUESTED: [""],
            Metric.BUDGET_ACCRUED: [""],
            Metric.BUDGET_EXECUTION: [""],
            Metric.SUBTITLE_EXECUTION: subtitles,
            Metric.SUBTITLE_SHARE: subtitles,
            Metric.PROGRAMS_REQUESTED: [""],
            Metric.PROGRAMS_ACCRUED: [""],
            Metric.PROGRAMS_EXECUTION: ["", *(row["name"] for row in self.programs.values())],
            Metric.TRAINING_PARTICIPANTS: [""],
            Metric.TRAINING_WOMEN: [""],
            Metric.TRAINING_MEN: [""],
            Metric.TRAINING_WOMEN_SHARE: [""],
            Metric.CERTIFIED: [""],
            Metric.CERTIFIED_WOMEN: [""],
            Metric.CERTIFIED_MEN: [""],
            Metric.CERTIFIED_WOMEN_SHARE: [""],
            Metric.INTERMEDIATION_ACHIEVED: steps,
            Metric.INTERMEDIATION_FULFILMENT: steps,
            Metric.WOMEN_PLACED_SHARE: channels,
            Metric.INTERMEDIATION_CONVERSION: conversions,
            Metric.FOMIL_AGREEMENTS: [""],
            Metric.FOMIL_AMOUNT: [""],
            Metric.FOMIL_COMUNA_SHARE: [""],
            Metric.ACTIVITIES: ["", *self.activities],
            Metric.ACTIVITIES_INVESTMENT: ["", *self.activities],
            Metric.SUBSIDY_PEOPLE: budgets,
            Metric.SUBSIDY_AMOUNT: budgets,
            Metric.SUBSIDY_WOMEN_SHARE: budgets,
            Metric.SUBSIDY_NATIONAL_SHARE: budgets,
            Metric.COSOC_MEMBERS: [""],
            Metric.FIELD_EVENTS: [""],
            Metric.PUBLICATIONS: ["", *(row["name"] for row in self.publications.values())],
            Metric.FOLLOWERS_START: ["", *(row["name"] for row in self.followers.values())],
            Metric.FOLLOWERS_END: ["", *(row["name"] for row in self.followers.values())],
            Metric.FOLLOWERS_GROWTH: ["", *(row["name"] for row in self.followers.values())],
            Metric.EFEMERIDES: [""],
            Metric.CONTACTS: [""],
            Metric.CONTACT_TYPE_SHARE: [row["name"] for row in self.contacts_by_type.values()],
            Metric.CONTACT_SEX_SHARE: list(self.contacts_by_sex),
        }

    # -- Rows by key, read from the loaded relations -------------------------------------------------

    @cached_property
    def budget(self) -> dict[int, dict]:
        """Requerimiento and devengado by subtítulo code."""
        return {
            row.subtitle_id: {"requested": row.requested, "accrued": row.accrued}
            for row in self.cuenta.budget_executions.all()
        }

    @cached_property
    def programs(self) -> dict[str, dict]:
        """Requerimiento and devengado of the subtítulo 24 by programme line, keyed by folded name."""
        return {
            _key(row.line.name): {"name": row.line.name, "requested": row.requested, "accrued": row.accrued}
            for row in self.cuenta.program_budget_executions.all()
        }

    @cached_property
    def intermediation(self) -> dict[tuple[str, str], object]:
        """The regional rows (no comuna, no employer) by (channel code, indicator code)."""
        return {
            (row.channel_id, row.indicator_id): row
            for row in self.cuenta.intermediation_results.all()
            if row.comuna_id is None and not row.employer
        }

    @cached_property
    def subsidies(self) -> dict[str, dict]:
        """People, women, men and amount paid by subsidy, keyed by folded code."""
        return {
            _key(row.subsidy.code): {
                "code": row.subsidy.code,
                "name": row.subsidy.name,
                "budget": row.subsidy.budget,
                "subsidy_id": row.subsidy_id,
                "people": row.total,
                "women": row.women,
                "amount": row.amount,
            }
            for row in self.cuenta.subsidy_results.all()
        }

    @cached_property
    def activities(self) -> dict[str, dict]:
        """Count and investment by kind of activity code."""
        return {
            row.kind_id: {"name": row.kind.name, "count": row.count, "investment": row.investment}
            for row in self.cuenta.employment_activities.all()
        }

    @cached_property
    def publications(self) -> dict[str, dict]:
        return {
            _key(row.category.name): {"name": row.category.name, "count": row.count}
            for row in self.cuenta.publication_counts.all()
        }

    @cached_property
    def followers(self) -> dict[str, dict]:
        return {
            _key(row.network.name): {"name": row.network.name, "start": row.at_start, "end": row.at_end}
            for row in self.cuenta.follower_counts.all()
        }

    @cached_property
    def contacts_by_type(self) -> dict[str, dict]:
        return {
            _key(row.contact_type.name): {"name": row.contact_type.name, "count": row.count}
            for row in self.cuenta.contacts_by_type.all()
        }

    @cached_property
    def contacts_by_sex(self) -> dict[str, int]:
        return {row.sex: row.count for row in self.cuenta.contacts_by_sex.all()}

    @cached_property
    def fomil_summary(self):
        """The FOMIL totals of a region that does not list its municipalities (queries once when not loaded)."""
        return getattr(self.cuenta, "fomil_summary", None)

    @cached_property
    def cosoc_members(self) -> int | None:
        activity = getattr(self.cuenta, "cosoc_activity", None)
        return len(activity.council.members.all()) if activity is not None else None

    @cached_property
    def region_comunas(self) -> int:
        """How many comunas the Cuenta's region has (one query; only the FOMIL coverage asks)."""
        return Comuna.objects.filter(region_id=self.cuenta.region_id).count()

    @cached_property
    def national_subsidies(self) -> dict[int, int]:
        """National beneficiaries by subsidy id for the Cuenta's año de gestión (one query, when asked)."""
        totals = NationalSubsidyTotal.objects.filter(fiscal_year_id=self.cuenta.management_year_id)
        return dict(totals.values_list("subsidy_id", "people"))

    # -- Figures the page quotes --------------------------------------------------------------------

    def total(self, name: str):
        """A column total of a table (see totals.TOTALS); None for an empty table."""
        return self.totals.get(name)

    def sum_of(self, name: str) -> int | None:
        """A column total, withheld (None) when any of its parts is unknown."""
        return known_total(self.totals, name)

    def people(self, women: str, men: str) -> int | None:
        """Women plus men over a table by sex; None for an empty table."""
        women, men = self.totals.get(women), self.totals.get(men)
        return None if women is None or men is None else women + men

    def funnel(self, channel: str) -> list[FunnelStep]:
        """The channel's regional steps in funnel order, each with its conversions."""
        rows = sorted(
            (row for (c, _i), row in self.intermediation.items() if c == channel),
            key=lambda row: (row.indicator.order, row.indicator.name),
        )
        steps, first, previous = [], None, None
        for row in rows:
            step = FunnelStep(row)
            if previous is not None:
                step.from_previous = exact_percent(row.achieved, previous.achieved)
                step.from_first = exact_percent(row.achieved, first.achieved)
            first = first or row
            previous = row
            steps.append(step)
        return steps

    def channels(self) -> list:
        """The channels with regional results, in catalogue order."""
        seen = {}
        for row in self.intermediation.values():
            seen.setdefault(row.channel_id, row.channel)
        return sorted(seen.values(), key=lambda channel: (channel.order, channel.name))

    def regional_total(self, indicator: str) -> Share:
        """An indicator over every channel, counting once the channels that are part of another reported one."""
        rows = [row for (_channel, code), row in self.intermediation.items() if code == indicator]
        return add_known(counted_once(rows), lambda row: row.achieved)

    def _ranking(self, rows) -> list[Ranking]:
        groups: dict[tuple[str, str], Ranking] = {}
        for row in rows:
            key = (row.channel_id, row.indicator_id)
            if key not in groups:
                regional = self.intermediation.get(key)
                groups[key] = Ranking(row.channel, row.indicator, regional=regional.achieved if regional else None)
            groups[key].rows.append(row)
        for ranking in groups.values():
            ranking.rows.sort(key=lambda row: (-row.achieved, str(row)))
            ranking.ranked_total = sum(row.achieved for row in ranking.rows)
            whole = ranking.regional if ranking.regional is not None else ranking.ranked_total
            for row in ranking.rows:
                row.rank = 1 + sum(1 for other in ranking.rows if other.achieved > row.achieved)
                row.share = exact_percent(row.achieved, whole)
        return sorted(groups.values(), key=lambda r: (r.channel.order, r.indicator.order))

    @cached_property
    def comuna_rankings(self) -> list[Ranking]:
        """Results by comuna, ranked, per channel and indicator."""
        rows = self.cuenta.intermediation_results.all()
        return self._ranking(row for row in rows if row.comuna_id is not None and not row.employer)

    @cached_property
    def employer_rankings(self) -> list[Ranking]:
        """Results by employer, ranked, per channel and indicator."""
        return self._ranking(row for row in self.cuenta.intermediation_results.all() if row.employer)

    def subsidy_rows(self, argument: str = "") -> list[dict]:
        """Every subsidy (""), those of one budget ("central", "regional"), or the one with that code."""
        if not argument:
            return list(self.subsidies.values())
        if _key(argument) in Subsidy.Budget.values:
            return [row for row in self.subsidies.values() if row["budget"] == _key(argument)]
        row = _pick(self.subsidies, argument, _("el subsidio"))
        return [] if row is None else [row]

    def subsidy_sum(self, argument: str, field_name: str) -> Share:
        return add_known(self.subsidy_rows(argument), lambda row: row[field_name], lambda row: row["name"])

    def subsidies_paid(self) -> Share:
        """The amount paid by the subsidies that report any amount (the table of amounts), unknown parts named."""
        rows = [row for row in self.cuenta.subsidy_results.all() if reports_amount(row)]
        return add_known(rows, lambda row: row.amount, lambda row: row.subsidy.name)

    def subsidies_by_budget(self) -> list[dict]:
        """People and amount paid of the central and the regional subsidies, as the documents subtotal them."""
        result = []
        for budget in Subsidy.Budget:
            rows = self.subsidy_rows(budget.value)
            if rows:
                result.append(
                    {
                        "budget": budget,
                        "subsidies": [row["name"] for row in rows],
                        "people": self.subsidy_sum(budget.value, "people"),
                        "amount": self.subsidy_sum(budget.value, "amount"),
                    }
                )
        return result

    # -- Metrics -----------------------------------------------------------------------------------

    @staticmethod
    def _no_argument(argument: str) -> None:
        if argument:
            raise MetricArgumentError(
                _("Esta cifra no lleva referencia, pero se indicó «%(argument)s».") % {"argument": argument}
            )

    def _subtitle(self, argument: str) -> dict | None:
        if not self.budget:
            return None
        try:
            code = int(argument)
        except ValueError:
            raise MetricArgumentError(
                _("«%(argument)s» no es un subtítulo: indique su número, p. ej. «24».") % {"argument": argument}
            ) from None
        return _pick({str(code): row for code, row in self.budget.items()}, str(code), _("el subtítulo"))

    def budget_requested(self, argument: str) -> Decimal | None:
        self._no_argument(argument)
        return _decimal(self.total("budget_requested"))

    def budget_accrued(self, argument: str) -> Decimal | None:
        self._no_argument(argument)
        return _decimal(self.total("budget_accrued"))

    def budget_execution(self, argument: str) -> Decimal | None:
        self._no_argument(argument)
        return exact_percent(self.total("budget_accrued"), self.total("budget_requested"))

    def subtitle_execution(self, argument: str) -> Decimal | None:
        row = self._subtitle(argument)
        return None if row is None else exact_percent(row["accrued"], row["requested"])

    def subtitle_share(self, argument: str) -> Decimal | None:
        """The subtítulo's requerimiento as a share of the total requerimiento."""
        row = self._subtitle(argument)
        return None if row is None else exact_percent(row["requested"], self.total("budget_requested"))

    def programs_requested(self, argument: str) -> Decimal | None:
        self._no_argument(argument)
        return _decimal(self.total("programs_requested"))

    def programs_accrued(self, argument: str) -> Decimal | None:
        self._no_argument(argument)
        return _decimal(self.total("programs_accrued"))

    def programs_execution(self, argument: str) -> Decimal | None:
        """All programme lines together, or the one line named in ``argument``."""
        if not argument:
            return exact_percent(self.total("programs_accrued"), self.total("programs_requested"))
        row = _pick(self.programs, argument, _("la línea programática"))
        return None if row is None else exact_percent(row["accrued"], row["requested"])

    def training_participants(self, argument: str) -> Decimal | None:
        self._no_argument(argument)
        return _decimal(self.people("training_women", "training_men"))

    def training_women(self, argument: str) -> Decimal | None:
        self._no_argument(argument)
        return _decimal(self.total("training_women"))

    def training_men(self, argument: str) -> Decimal | None:
        self._no_argument(argument)
        return _decimal(self.total("training_men"))

    def training_women_share(self, argument: str) -> Decimal | None:
        self._no_argument(argument)
        return exact_percent(self.total("training_women"), self.people("training_women", "training_men"))

    def certified(self, argument: str) -> Decimal | None:
        self._no_argument(argument)
        return _decimal(self.people("certification_women", "certification_men"))

    def certified_women(self, argument: str) -> Decimal | None:
        self._no_argument(argument)
        return _decimal(self.total("certification_women"))

    def certified_men(self, argument: str) -> Decimal | None:
        self._no_argument(argument)
        return _decimal(self.total("certification_men"))

    def certified_women_share(self, argument: str) -> Decimal | None:
        self._no_argument(argument)
        women = self.total("certification_women")
        return exact_percent(women, self.people("certification_women", "certification_men"))

    def _channel(self, argument: str) -> str:
        """A channel code the Cuenta reports (an error when it reports others only)."""
        channel = _key(argument)
        if not channel:
            raise MetricArgumentError(_("Falta indicar el canal, p. ej. «omil» o «plataforma»."))
        reported = {code for code, _indicator in self.intermediation}
        if reported and channel not in reported:
            raise MetricArgumentError(
                _("La tabla no tiene el canal «%(argument)s»; tiene %(channels)s.")
                % {"argument": argument, "channels": ", ".join(f"«{code}»" for code in sorted(reported))}
            )
        return channel

    def _step(self, argument: str):
        channel, _sep, indicator = argument.partition(":")
        channel, indicator = self._channel(channel), _key(indicator)
        if not indicator:
            raise MetricArgumentError(
                _("«%(argument)s» no indica canal e indicador: use, p. ej., «omil:colocados».") % {"argument": argument}
            )
        if not self.intermediation:
            return None
        return _pick(
            {f"{c}:{i}": row for (c, i), row in self.intermediation.items()},
            f"{channel}:{indicator}",
            _("el indicador"),
        )

    def intermediation_achieved(self, argument: str) -> Decimal | None:
        row = self._step(argument)
        return None if row is None else _decimal(row.achieved)

    def intermediation_fulfilment(self, argument: str) -> Decimal | None:
        """% cumplimiento = logro / meta; None when the indicator has no meta."""
        row = self._step(argument)
        return None if row is None else exact_percent(row.achieved, row.goal)

    def women_placed_share(self, argument: str) -> Decimal | None:
        """Women placed as a share of everyone placed through one channel; None when the split is unknown."""
        channel = self._channel(argument)
        row = self.intermediation.get((channel, PLACED))
        return None if row is None else exact_percent(row.women, row.achieved)

    def intermediation_conversion(self, argument: str) -> Decimal | None:
        """Logro of one step over logro of another of the same channel: «omil:atendidos:colocados»."""
        channel, _sep, steps = argument.partition(":")
        start, _sep, end = steps.partition(":")
        if not end:
            raise MetricArgumentError(
                _("«%(argument)s» no indica canal y dos etapas: use, p. ej., «omil:atendidos:colocados».")
                % {"argument": argument}
            )
        first, last = self._step(f"{channel}:{start}"), self._step(f"{channel}:{end}")
        if first is None or last is None:
            return None
        return exact_percent(last.achieved, first.achieved)

    def fomil_agreements(self, argument: str) -> Decimal | None:
        """The municipalities listed, or the total a region gives without the list."""
        self._no_argument(argument)
        if self.total("fomil_count"):
            return _decimal(self.total("fomil_count"))
        return _decimal(self.fomil_summary.agreements if self.fomil_summary else None)

    def fomil_amount(self, argument: str) -> Decimal | None:
        self._no_argument(argument)
        if self.total("fomil_count"):
            return _decimal(self.sum_of("fomil_amount"))
        return _decimal(self.fomil_summary.amount if self.fomil_summary else None)

    def fomil_comuna_share(self, argument: str) -> Decimal | None:
        """Comunas with a FOMIL agreement as a share of the region's comunas."""
        agreements = self.fomil_agreements(argument)
        return None if agreements is None else exact_percent(agreements, self.region_comunas)

    def activities_count(self, argument: str) -> Decimal | None:
        if not argument:
            return _decimal(self.total("activities_count"))
        row = _pick(self.activities, argument, _("el tipo de actividad"))
        return None if row is None else _decimal(row["count"])

    def activities_investment(self, argument: str) -> Decimal | None:
        if not argument:
            return _decimal(self.sum_of("activities_investment"))
        row = _pick(self.activities, argument, _("el tipo de actividad"))
        return None if row is None else _decimal(row["investment"])

    def subsidy_people(self, argument: str) -> Decimal | None:
        return _decimal(self.subsidy_sum(argument, "people").value)

    def subsidy_women_share(self, argument: str) -> Decimal | None:
        women = self.subsidy_sum(argument, "women").value
        return exact_percent(women, self.subsidy_sum(argument, "people").value)

    def subsidy_amount(self, argument: str) -> Decimal | None:
        """Amount paid; None if any subsidy in scope has no amount, since a partial sum would mislead."""
        return _decimal(self.subsidy_sum(argument, "amount").value)

    def subsidy_national_share(self, argument: str) -> Decimal | None:
        """The region's beneficiaries over the country's, for the subsidies in scope that have national figures."""
        rows = self.subsidy_rows(argument)
        if not rows or any(row["subsidy_id"] not in self.national_subsidies for row in rows):
            return None
        regional = add_known(rows, lambda row: row["people"], lambda row: row["name"]).value
        national = sum(self.national_subsidies[row["subsidy_id"]] for row in rows)
        return exact_percent(regional, national)

    def cosoc_members_count(self, argument: str) -> Decimal | None:
        self._no_argument(argument)
        return _decimal(self.cosoc_members or None)

    def field_events_count(self, argument: str) -> Decimal | None:
        self._no_argument(argument)
        return _decimal(self.total("field_events_count"))

    def efemerides_count(self, argument: str) -> Decimal | None:
        self._no_argument(argument)
        return _decimal(self.total("efemerides_count"))

    def publications_count(self, argument: str) -> Decimal | None:
        """Every category, or the one named in ``argument``."""
        if not argument:
            return _decimal(self.total("publications"))
        row = _pick(self.publications, argument, _("la categoría"))
        return None if row is None else _decimal(row["count"])

    def _followers(self, argument: str) -> dict | None:
        """Start and end of one network, or of every network together."""
        if not self.followers:
            return None
        if argument:
            return _pick(self.followers, argument, _("la red social"))
        return {"start": self.total("followers_start"), "end": self.total("followers_end")}

    def followers_start(self, argument: str) -> Decimal | None:
        row = self._followers(argument)
        return None if row is None else _decimal(row["start"])

    def followers_end(self, argument: str) -> Decimal | None:
        row = self._followers(argument)
        return None if row is None else _decimal(row["end"])

    def followers_growth(self, argument: str) -> Decimal | None:
        """(end − start) / start: growth is measured against where the year started."""
        row = self._followers(argument)
        return None if row is None else exact_growth(row["start"], row["end"])

    def growth_divided_by_end(self, argument: str) -> Decimal | None:
        """The wrong formula some documents use, (end − start) / end: only to explain a declared figure."""
        row = self._followers(argument)
        return None if row is None or row["end"] is None else exact_percent(row["end"] - row["start"], row["end"])

    def average_growth_divided_by_end(self) -> Decimal | None:
        """The simple average of every network's (end − start) / end: another wrong formula documents use."""
        rates = [exact_percent(row["end"] - row["start"], row["end"]) for row in self.followers.values()]
        if not rates or None in rates:
            return None
        return sum(rates) / len(rates)

    def contacts(self, argument: str) -> Decimal | None:
        """Contacts over every type."""
        self._no_argument(argument)
        return _decimal(self.total("contacts_by_type_total"))

    def contact_type_share(self, argument: str) -> Decimal | None:
        row = _pick(self.contacts_by_type, argument, _("el tipo de atención"))
        return None if row is None else exact_percent(row["count"], self.total("contacts_by_type_total"))

    def contact_sex_share(self, argument: str) -> Decimal | None:
        if not argument or argument.upper() not in Sex.values:
            raise MetricArgumentError(_("Indique el sexo como «F» o «M»."))
        if not self.contacts_by_sex:
            return None
        return exact_percent(self.contacts_by_sex.get(argument.upper(), 0), self.total("contacts_by_sex_total"))


COMPUTE: dict[Metric, Callable[[CuentaFigures, str], Decimal | None]] = {
    Metric.BUDGET_REQUESTED: CuentaFigures.budget_requested,
    Metric.BUDGET_ACCRUED: CuentaFigures.budget_accrued,
    Metric.BUDGET_EXECUTION: CuentaFigures.budget_execution,
    Metric.SUBTITLE_EXECUTION: CuentaFigures.subtitle_execution,
    Metric.SUBTITLE_SHARE: CuentaFigures.subtitle_share,
    Metric.PROGRAMS_REQUESTED: CuentaFigures.programs_requested,
    Metric.PROGRAMS_ACCRUED: CuentaFigures.programs_accrued,
    Metric.PROGRAMS_EXECUTION: CuentaFigures.programs_execution,
    Metric.TRAINING_PARTICIPANTS: CuentaFigures.training_participants,
    Metric.TRAINING_WOMEN: CuentaFigures.training_women,
    Metric.TRAINING_MEN: CuentaFigures.training_men,
    Metric.TRAINING_WOMEN_SHARE: CuentaFigures.training_women_share,
    Metric.CERTIFIED: CuentaFigures.certified,
    Metric.CERTIFIED_WOMEN: CuentaFigures.certified_women,
    Metric.CERTIFIED_MEN: CuentaFigures.certified_men,
    Metric.CERTIFIED_WOMEN_SHARE: CuentaFigures.certified_women_share,
    Metric.INTERMEDIATION_ACHIEVED: CuentaFigures.intermediation_achieved,
    Metric.INTERMEDIATION_FULFILMENT: CuentaFigures.intermediation_fulfilment,
    Metric.WOMEN_PLACED_SHARE: CuentaFigures.women_placed_share,
    Metric.INTERMEDIATION_CONVERSION: CuentaFigures.intermediation_conversion,
    Metric.FOMIL_AGREEMENTS: CuentaFigures.fomil_agreements,
    Metric.FOMIL_AMOUNT: CuentaFigures.fomil_amount,
    Metric.FOMIL_COMUNA_SHARE: CuentaFigures.fomil_comuna_share,
    Metric.ACTIVITIES: CuentaFigures.activities_count,
    Metric.ACTIVITIES_INVESTMENT: CuentaFigures.activities_investment,
    Metric.SUBSIDY_PEOPLE: CuentaFigures.subsidy_people,
    Metric.SUBSIDY_AMOUNT: CuentaFigures.subsidy_amount,
    Metric.SUBSIDY_WOMEN_SHARE: CuentaFigures.subsidy_women_share,
    Metric.SUBSIDY_NATIONAL_SHARE: CuentaFigures.subsidy_national_share,
    Metric.COSOC_MEMBERS: CuentaFigures.cosoc_members_count,
    Metric.FIELD_EVENTS: CuentaFigures.field_events_count,
    Metric.PUBLICATIONS: CuentaFigures.publications_count,
    Metric.FOLLOWERS_START: CuentaFigures.followers_start,
    Metric.FOLLOWERS_END: CuentaFigures.followers_end,
    Metric.FOLLOWERS_GROWTH: CuentaFigures.followers_growth,
    Metric.EFEMERIDES: CuentaFigures.efemerides_count,
    Metric.CONTACTS: CuentaFigures.contacts,
    Metric.CONTACT_TYPE_SHARE: CuentaFigures.contact_type_share,
    Metric.CONTACT_SEX_SHARE: CuentaFigures.contact_sex_share,
}
