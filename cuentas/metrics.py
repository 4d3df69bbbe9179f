"""Every figure that can be computed from the rows of a Cuenta (``Metric``).

``CuentaMetrics(cuenta).value(metric, argument)`` answers one figure as an
exact, unrounded ``Decimal`` (rounding is for display and comparison), or
``None`` when the rows it needs are not there: a Cuenta may leave any section
empty, and an empty table is "unknown", never zero.

Each source table is read once, with one aggregate query, the first time a
metric needs it; computing every metric of a Cuenta costs one query per source
table (14 at most), whatever the number of rows.

The argument says which element a metric is about, as in
``DeclaredFigure.metric_argument``: a subtítulo ("24"), a channel and indicator
("omil:colocados"), a channel ("plataforma"), a subsidy code or budget ("SEJ",
"central"), a social network ("Instagram"), a contact type ("Pregunta"), a sex
("F"). Names are matched without regard to case.
"""

from collections.abc import Callable
from decimal import Decimal
from functools import cached_property

from django.db.models import Case, Count, F, Q, Sum, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from .models import (
    BudgetExecution,
    CertificationResult,
    ContactsBySex,
    ContactsByType,
    CosocMember,
    Cuenta,
    Efemeride,
    FieldEvent,
    FollowerCount,
    FomilAgreement,
    IntermediationResult,
    Metric,
    ProgramBudgetExecution,
    PublicationCount,
    Subsidy,
    SubsidyResult,
    TrainingParticipation,
)
from .models.base import Sex
from .numbers import exact_growth, exact_percent

Channel = IntermediationResult.Channel
Indicator = IntermediationResult.Indicator


class MetricArgumentError(ValueError):
    """The argument of a metric is missing, malformed or names no row of its table.

    The message is Spanish, for the editor who typed the argument.
    """


def _decimal(value) -> Decimal | None:
    return None if value is None else Decimal(value)


def _key(name: str) -> str:
    return name.strip().casefold()


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


class CuentaMetrics:
    """The computable figures of one Cuenta; each source table is read once, when first needed."""

    def __init__(self, cuenta: Cuenta):
        self.cuenta = cuenta

    def value(self, metric: str, argument: str = "") -> Decimal | None:
        """The exact value of ``metric`` for ``argument``; raises MetricArgumentError on a bad argument."""
        return COMPUTE[Metric(metric)](self, argument.strip())

    def all(self) -> dict[tuple[str, str], Decimal | None]:
        """Every metric, for every argument the rows of the Cuenta offer, keyed by (metric, argument)."""
        values = {}
        for metric, arguments in self.arguments().items():
            for argument in arguments:
                values[metric, argument] = self.value(metric, argument)
        return values

    def arguments(self) -> dict[str, list[str]]:
        """For each metric, the arguments it can be asked for in this Cuenta ("" for none or for the total)."""
        subtitles = [str(code) for code in self.budget]
        channels = sorted({channel for channel, _indicator in self.intermediation})
        subsidies = [row["code"] for row in self.subsidies.values()]
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
            Metric.INTERMEDIATION_ACHIEVED: [f"{c}:{i}" for c, i in self.intermediation],
            Metric.INTERMEDIATION_FULFILMENT: [f"{c}:{i}" for c, i in self.intermediation],
            Metric.WOMEN_PLACED_SHARE: channels,
            Metric.FOMIL_AGREEMENTS: [""],
            Metric.SUBSIDY_PEOPLE: ["", *Subsidy.Budget.values, *subsidies],
            Metric.SUBSIDY_AMOUNT: ["", *Subsidy.Budget.values, *subsidies],
            Metric.SUBSIDY_WOMEN_SHARE: ["", *Subsidy.Budget.values, *subsidies],
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

    # -- Source tables: one aggregate query each, cached ----------------------------------------

    @cached_property
    def budget(self) -> dict[int, dict]:
        """Requerimiento and devengado by subtítulo code (queries once)."""
        rows = (
            BudgetExecution.objects.filter(cuenta=self.cuenta)
            .values("subtitle_id")
            .annotate(requested=Sum("requested"), accrued=Sum("accrued"))
            .order_by("subtitle_id")
        )
        return {row["subtitle_id"]: row for row in rows}

    @cached_property
    def programs(self) -> dict[str, dict]:
        """Requerimiento and devengado of the subtítulo 24 by programme line, keyed by folded name (queries once)."""
        rows = (
            ProgramBudgetExecution.objects.filter(cuenta=self.cuenta)
            .values(name=F("line__name"))
            .annotate(requested=Sum("requested"), accrued=Sum("accrued"))
            .order_by("name")
        )
        return {_key(row["name"]): row for row in rows}

    @cached_property
    def training(self) -> dict:
        """Women and men over every programme line (queries once); None sums for an empty table."""
        return TrainingParticipation.objects.filter(cuenta=self.cuenta).aggregate(women=Sum("women"), men=Sum("men"))

    @cached_property
    def certification(self) -> dict:
        """Women and men over every productive sector (queries once); None sums for an empty table."""
        return CertificationResult.objects.filter(cuenta=self.cuenta).aggregate(women=Sum("women"), men=Sum("men"))

    @cached_property
    def intermediation(self) -> dict[tuple[str, str], dict]:
        """Meta and logro by (channel, indicator) (queries once)."""
        rows = (
            IntermediationResult.objects.filter(cuenta=self.cuenta)
            .values("channel", "indicator")
            .annotate(goal=Sum("goal"), achieved=Sum("achieved"))
            .order_by("channel", "indicator")
        )
        return {(row["channel"], row["indicator"]): row for row in rows}

    @cached_property
    def subsidies(self) -> dict[str, dict]:
        """People and amount paid by subsidy, keyed by folded code (queries once).

        The amount is the declared total, or the sum of the split by sex, as
        ``SubsidyResult.amount``; None when the document gives no amount.
        """
        amount = Case(
            When(amount_total__isnull=False, then=F("amount_total")),
            When(
                Q(amount_women__isnull=False) | Q(amount_men__isnull=False),
                then=Coalesce(F("amount_women"), 0) + Coalesce(F("amount_men"), 0),
            ),
            default=None,
        )
        rows = (
            SubsidyResult.objects.filter(cuenta=self.cuenta)
            .values(code=F("subsidy__code"), budget=F("subsidy__budget"))
            .annotate(
                people=Sum(F("women") + F("men")),
                women=Sum("women"),
                amount=Sum(amount),
                unpaid=Count(
                    "pk", filter=Q(amount_total__isnull=True, amount_women__isnull=True, amount_men__isnull=True)
                ),
            )
            .order_by("code")
        )
        return {_key(row["code"]): row for row in rows}

    @cached_property
    def fomil_agreements(self) -> int:
        """How many FOMIL agreements (municipalities) the Cuenta lists (queries once)."""
        return FomilAgreement.objects.filter(cuenta=self.cuenta).count()

    @cached_property
    def cosoc_members(self) -> int:
        """Members of the council the Cuenta points at (queries once); 0 without one."""
        return CosocMember.objects.filter(council__activities__cuenta=self.cuenta).count()

    @cached_property
    def field_events(self) -> int:
        """How many Gobiernos en Terreno (queries once)."""
        return FieldEvent.objects.filter(cuenta=self.cuenta).count()

    @cached_property
    def efemerides(self) -> int:
        """How many efemérides (queries once)."""
        return Efemeride.objects.filter(cuenta=self.cuenta).count()

    @cached_property
    def publications(self) -> dict[str, dict]:
        """Publications by category, keyed by folded name (queries once)."""
        rows = (
            PublicationCount.objects.filter(cuenta=self.cuenta)
            .values(name=F("category__name"))
            .annotate(count=Sum("count"))
            .order_by("name")
        )
        return {_key(row["name"]): row for row in rows}

    @cached_property
    def followers(self) -> dict[str, dict]:
        """Followers at start and end of the year by network, keyed by folded name (queries once)."""
        rows = (
            FollowerCount.objects.filter(cuenta=self.cuenta)
            .values(name=F("network__name"))
            .annotate(start=Sum("at_start"), end=Sum("at_end"))
            .order_by("name")
        )
        return {_key(row["name"]): row for row in rows}

    @cached_property
    def contacts_by_type(self) -> dict[str, dict]:
        """Contacts by type, keyed by folded name (queries once)."""
        rows = (
            ContactsByType.objects.filter(cuenta=self.cuenta)
            .values(name=F("contact_type__name"))
            .annotate(count=Sum("count"))
            .order_by("name")
        )
        return {_key(row["name"]): row for row in rows}

    @cached_property
    def contacts_by_sex(self) -> dict[str, int]:
        """People attended by sex, "F" and "M" (queries once)."""
        rows = ContactsBySex.objects.filter(cuenta=self.cuenta).values("sex").annotate(count=Sum("count"))
        return {row["sex"]: row["count"] for row in rows.order_by("sex")}

    # -- Metrics -------------------------------------------------------------------------------

    @staticmethod
    def _no_argument(argument: str) -> None:
        if argument:
            raise MetricArgumentError(
                _("Esta cifra no lleva referencia, pero se indicó «%(argument)s».") % {"argument": argument}
            )

    def _budget_total(self, field: str) -> int | None:
        if not self.budget:
            return None
        return sum(row[field] for row in self.budget.values())

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
        return _decimal(self._budget_total("requested"))

    def budget_accrued(self, argument: str) -> Decimal | None:
        self._no_argument(argument)
        return _decimal(self._budget_total("accrued"))

    def budget_execution(self, argument: str) -> Decimal | None:
        self._no_argument(argument)
        return exact_percent(self._budget_total("accrued"), self._budget_total("requested"))

    def subtitle_execution(self, argument: str) -> Decimal | None:
        row = self._subtitle(argument)
        return None if row is None else exact_percent(row["accrued"], row["requested"])

    def subtitle_share(self, argument: str) -> Decimal | None:
        """The subtítulo's requerimiento as a share of the total requerimiento."""
        row = self._subtitle(argument)
        return None if row is None else exact_percent(row["requested"], self._budget_total("requested"))

    def _programs_total(self, field: str) -> int | None:
        if not self.programs:
            return None
        return sum(row[field] for row in self.programs.values())

    def programs_requested(self, argument: str) -> Decimal | None:
        self._no_argument(argument)
        return _decimal(self._programs_total("requested"))

    def programs_accrued(self, argument: str) -> Decimal | None:
        self._no_argument(argument)
        return _decimal(self._programs_total("accrued"))

    def programs_execution(self, argument: str) -> Decimal | None:
        """All programme lines together, or the one line named in ``argument``."""
        if not argument:
            return exact_percent(self._programs_total("accrued"), self._programs_total("requested"))
        row = _pick(self.programs, argument, _("la línea programática"))
        return None if row is None else exact_percent(row["accrued"], row["requested"])

    @staticmethod
    def _people(sums: dict, field: str | None = None) -> Decimal | None:
        if sums["women"] is None:
            return None
        return Decimal(sums[field] if field else sums["women"] + sums["men"])

    def training_participants(self, argument: str) -> Decimal | None:
        self._no_argument(argument)
        return self._people(self.training)

    def training_women(self, argument: str) -> Decimal | None:
        self._no_argument(argument)
        return self._people(self.training, "women")

    def training_men(self, argument: str) -> Decimal | None:
        self._no_argument(argument)
        return self._people(self.training, "men")

    def training_women_share(self, argument: str) -> Decimal | None:
        self._no_argument(argument)
        return exact_percent(self.training["women"], self._people(self.training))

    def certified(self, argument: str) -> Decimal | None:
        self._no_argument(argument)
        return self._people(self.certification)

    def certified_women(self, argument: str) -> Decimal | None:
        self._no_argument(argument)
        return self._people(self.certification, "women")

    def certified_men(self, argument: str) -> Decimal | None:
        self._no_argument(argument)
        return self._people(self.certification, "men")

    def certified_women_share(self, argument: str) -> Decimal | None:
        self._no_argument(argument)
        return exact_percent(self.certification["women"], self._people(self.certification))

    @staticmethod
    def _channel(argument: str) -> str:
        channel = _key(argument)
        if channel not in Channel.values:
            choices = " o ".join(f"«{value}»" for value in Channel.values)
            if not channel:
                raise MetricArgumentError(_("Falta indicar el canal: %(choices)s.") % {"choices": choices})
            raise MetricArgumentError(
                _("«%(argument)s» no es un canal: use %(choices)s.") % {"argument": argument, "choices": choices}
            )
        return channel

    def _indicator(self, argument: str) -> dict | None:
        channel, _sep, indicator = argument.partition(":")
        channel, indicator = self._channel(channel), _key(indicator)
        if indicator not in Indicator.values:
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
        row = self._indicator(argument)
        return None if row is None else _decimal(row["achieved"])

    def intermediation_fulfilment(self, argument: str) -> Decimal | None:
        """% cumplimiento = logro / meta; None when the indicator has no meta."""
        row = self._indicator(argument)
        return None if row is None else exact_percent(row["achieved"], row["goal"])

    def women_placed_share(self, argument: str) -> Decimal | None:
        """Women placed as a share of everyone placed through one channel."""
        channel = self._channel(argument)
        women = self.intermediation.get((channel, Indicator.WOMEN_PLACED))
        placed = self.intermediation.get((channel, Indicator.PLACED))
        if women is None or placed is None:
            return None
        return exact_percent(women["achieved"], placed["achieved"])

    def fomil_agreements_count(self, argument: str) -> Decimal | None:
        self._no_argument(argument)
        return _decimal(self.fomil_agreements or None)

    def _subsidy_rows(self, argument: str) -> list[dict]:
        """Every subsidy (""), those of one budget ("central", "regional"), or the one with that code."""
        if not argument:
            return list(self.subsidies.values())
        if _key(argument) in Subsidy.Budget.values:
            return [row for row in self.subsidies.values() if row["budget"] == _key(argument)]
        row = _pick(self.subsidies, argument, _("el subsidio"))
        return [] if row is None else [row]

    def subsidy_people(self, argument: str) -> Decimal | None:
        rows = self._subsidy_rows(argument)
        return Decimal(sum(row["people"] for row in rows)) if rows else None

    def subsidy_women_share(self, argument: str) -> Decimal | None:
        rows = self._subsidy_rows(argument)
        if not rows:
            return None
        return exact_percent(sum(row["women"] for row in rows), sum(row["people"] for row in rows))

    def subsidy_amount(self, argument: str) -> Decimal | None:
        """Amount paid; None if any subsidy in scope has no amount, since a partial sum would mislead."""
        rows = self._subsidy_rows(argument)
        if not rows or any(row["unpaid"] for row in rows):
            return None
        return Decimal(sum(row["amount"] for row in rows))

    def cosoc_members_count(self, argument: str) -> Decimal | None:
        self._no_argument(argument)
        return _decimal(self.cosoc_members or None)

    def field_events_count(self, argument: str) -> Decimal | None:
        self._no_argument(argument)
        return _decimal(self.field_events or None)

    def efemerides_count(self, argument: str) -> Decimal | None:
        self._no_argument(argument)
        return _decimal(self.efemerides or None)

    def publications_count(self, argument: str) -> Decimal | None:
        """Every category, or the one named in ``argument``."""
        if not argument:
            return _decimal(sum(row["count"] for row in self.publications.values()) if self.publications else None)
        row = _pick(self.publications, argument, _("la categoría"))
        return None if row is None else _decimal(row["count"])

    def _followers(self, argument: str) -> dict | None:
        """Start and end of one network, or of every network together."""
        if not self.followers:
            return None
        if argument:
            return _pick(self.followers, argument, _("la red social"))
        return {
            "start": sum(row["start"] for row in self.followers.values()),
            "end": sum(row["end"] for row in self.followers.values()),
        }

    def followers_start(self, argument: str) -> Decimal | None:
        row = self._followers(argument)
        return None if row is None else Decimal(row["start"])

    def followers_end(self, argument: str) -> Decimal | None:
        row = self._followers(argument)
        return None if row is None else Decimal(row["end"])

    def followers_growth(self, argument: str) -> Decimal | None:
        """(end − start) / start: growth is measured against where the year started."""
        row = self._followers(argument)
        return None if row is None else exact_growth(row["start"], row["end"])

    def _contacts_total(self) -> int | None:
        if not self.contacts_by_type:
            return None
        return sum(row["count"] for row in self.contacts_by_type.values())

    def contacts(self, argument: str) -> Decimal | None:
        """Contacts over every type."""
        self._no_argument(argument)
        return _decimal(self._contacts_total())

    def contact_type_share(self, argument: str) -> Decimal | None:
        row = _pick(self.contacts_by_type, argument, _("el tipo de atención"))
        return None if row is None else exact_percent(row["count"], self._contacts_total())

    def contact_sex_share(self, argument: str) -> Decimal | None:
        if not argument or argument.upper() not in Sex.values:
            raise MetricArgumentError(_("Indique el sexo como «F» o «M»."))
        if not self.contacts_by_sex:
            return None
        count = self.contacts_by_sex.get(argument.upper(), 0)
        return exact_percent(count, sum(self.contacts_by_sex.values()))


COMPUTE: dict[Metric, Callable[[CuentaMetrics, str], Decimal | None]] = {
    Metric.BUDGET_REQUESTED: CuentaMetrics.budget_requested,
    Metric.BUDGET_ACCRUED: CuentaMetrics.budget_accrued,
    Metric.BUDGET_EXECUTION: CuentaMetrics.budget_execution,
    Metric.SUBTITLE_EXECUTION: CuentaMetrics.subtitle_execution,
    Metric.SUBTITLE_SHARE: CuentaMetrics.subtitle_share,
    Metric.PROGRAMS_REQUESTED: CuentaMetrics.programs_requested,
    Metric.PROGRAMS_ACCRUED: CuentaMetrics.programs_accrued,
    Metric.PROGRAMS_EXECUTION: CuentaMetrics.programs_execution,
    Metric.TRAINING_PARTICIPANTS: CuentaMetrics.training_participants,
    Metric.TRAINING_WOMEN: CuentaMetrics.training_women,
    Metric.TRAINING_MEN: CuentaMetrics.training_men,
    Metric.TRAINING_WOMEN_SHARE: CuentaMetrics.training_women_share,
    Metric.CERTIFIED: CuentaMetrics.certified,
    Metric.CERTIFIED_WOMEN: CuentaMetrics.certified_women,
    Metric.CERTIFIED_MEN: CuentaMetrics.certified_men,
    Metric.CERTIFIED_WOMEN_SHARE: CuentaMetrics.certified_women_share,
    Metric.INTERMEDIATION_ACHIEVED: CuentaMetrics.intermediation_achieved,
    Metric.INTERMEDIATION_FULFILMENT: CuentaMetrics.intermediation_fulfilment,
    Metric.WOMEN_PLACED_SHARE: CuentaMetrics.women_placed_share,
    Metric.FOMIL_AGREEMENTS: CuentaMetrics.fomil_agreements_count,
    Metric.SUBSIDY_PEOPLE: CuentaMetrics.subsidy_people,
    Metric.SUBSIDY_AMOUNT: CuentaMetrics.subsidy_amount,
    Metric.SUBSIDY_WOMEN_SHARE: CuentaMetrics.subsidy_women_share,
    Metric.COSOC_MEMBERS: CuentaMetrics.cosoc_members_count,
    Metric.FIELD_EVENTS: CuentaMetrics.field_events_count,
    Metric.PUBLICATIONS: CuentaMetrics.publications_count,
    Metric.FOLLOWERS_START: CuentaMetrics.followers_start,
    Metric.FOLLOWERS_END: CuentaMetrics.followers_end,
    Metric.FOLLOWERS_GROWTH: CuentaMetrics.followers_growth,
    Metric.EFEMERIDES: CuentaMetrics.efemerides_count,
    Metric.CONTACTS: CuentaMetrics.contacts,
    Metric.CONTACT_TYPE_SHARE: CuentaMetrics.contact_type_share,
    Metric.CONTACT_SEX_SHARE: CuentaMetrics.contact_sex_share,
}


def compute_metrics(cuenta: Cuenta) -> dict[tuple[str, str], Decimal | None]:
    """Every metric of ``cuenta`` for every argument its rows offer; one query per source table."""
    return CuentaMetrics(cuenta).all()
