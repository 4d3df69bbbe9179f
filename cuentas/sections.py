"""The ordered registry of a Cuenta's sections.

One list drives the public page, the PDF and its table of contents, the admin
and the import templates: add a section here and every one of them follows.
Sections without data are left out of a document and the numbering stays
continuous (see ``numbered``).
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Model

from . import models as m
from .models import SectionKey


@dataclass(frozen=True)
class Section:
    key: SectionKey
    models: tuple[type[Model], ...]

    @property
    def title(self) -> str:
        return self.key.label

    @property
    def slug(self) -> str:
        return self.key.value

    @property
    def template(self) -> str:
        return f"cuentas/sections/_{self.key.value}.html"


SECTIONS: tuple[Section, ...] = (
    Section(SectionKey.BUDGET, (m.BudgetExecution, m.ProgramBudgetExecution)),
    Section(SectionKey.TRAINING, (m.TrainingSummary, m.TrainingParticipation, m.TaxFranchise, m.Initiative)),
    Section(SectionKey.CERTIFICATION, (m.CertificationResult,)),
    Section(
        SectionKey.INTERMEDIATION, (m.IntermediationResult, m.FomilAgreement, m.FomilSummary, m.EmploymentActivity)
    ),
    Section(SectionKey.SUBSIDIES, (m.SubsidyResult,)),
    Section(SectionKey.PARTICIPATION, (m.CosocActivity, m.ParticipatoryDialogue, m.FieldEvent)),
    Section(SectionKey.COMMUNICATIONS, (m.PublicationCount, m.FollowerCount, m.Efemeride)),
    Section(SectionKey.CONTACTS, (m.ContactsByType, m.ContactsBySex, m.ContactsByMonth, m.ContactsByProgram)),
    Section(SectionKey.MILESTONES, (m.Milestone, m.Partnership)),
    Section(SectionKey.AXES, (m.StrategicAxis,)),
    Section(SectionKey.TEAM, (m.TeamMember,)),
)

BY_KEY: dict[str, Section] = {section.slug: section for section in SECTIONS}

#: Every model whose rows belong to one Cuenta (directly, through ``cuenta``).
ROW_MODELS: tuple[type[Model], ...] = (
    m.Authority,
    m.Quote,
    m.SectionText,
    m.DeclaredFigure,
    *(model for section in SECTIONS for model in section.models),
)


def section_of(model: type[Model]) -> Section | None:
    for section in SECTIONS:
        if model in section.models:
            return section
    return None


def numbered(present: Iterable[str]) -> list[tuple[int, Section]]:
    """The sections whose keys are in ``present``, in registry order, numbered from 1."""
    present = set(present)
    return list(enumerate((s for s in SECTIONS if s.slug in present), start=1))
