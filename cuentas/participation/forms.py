"""The citizen's form: works without JavaScript; every refusal is a Spanish message."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cuentas.models import Comuna, ParticipationTopic, Question
from cuentas.sections import SECTIONS


def topic_choices() -> list:
    """The Cuenta's sections, then the topic catalogue (1 query), as «s:<key>» and «t:<id>»."""
    sections = [(f"s:{s.slug}", s.title) for s in SECTIONS]
    topics = [(f"t:{t.pk}", t.name) for t in ParticipationTopic.objects.all()]
    return [("", _("Elija un tema")), (_("Secciones de la cuenta"), sections), (_("Otros temas"), topics)]


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("¿Qué desea enviar?"), choices=Question.Kind.choices, widget=forms.RadioSelect, initial="pregunta"
    )
    topic = forms.ChoiceField(label=_("Tema"), error_messages={"required": _("Elija el tema de su envío.")})
    text = forms.CharField(
        label=_("Su pregunta, observación o sugerencia"),
        min_length=Question.TEXT_MIN,
        max_length=Question.TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 8, "maxlength": Question.TEXT_MAX}),
        help_text=_("Entre %(min)s y %(max)s caracteres. No incluya datos personales (RUT, teléfono, dirección).")
        % {"min": Question.TEXT_MIN, "max": "2.000"},
        error_messages={
            "required": _("Escriba su pregunta, observación o sugerencia."),
            "min_length": _("El texto es muy corto: escriba al menos %(limit_value)d caracteres."),
            "max_length": _("El texto es muy largo: use como máximo 2.000 caracteres (tiene %(show_value)d)."),
        },
    )
    name = forms.CharField(label=_("Nombre (opcional)"), max_length=120, required=False)
    publish_name = forms.BooleanField(
        label=_("Acepto que mi nombre se publique junto a mi pregunta y su respuesta"), required=False
    )
    email = forms.EmailField(
        label=_("Correo electrónico (opcional)"),
        required=False,
        max_length=254,
        help_text=_("Solo para confirmar su envío y hacerle llegar la respuesta. Nunca se publica."),
        error_messages={"invalid": _("Escriba un correo electrónico válido, p. ej. nombre@dominio.cl.")},
    )
    comuna = forms.ModelChoiceField(
        label=_("Comuna (opcional)"),
        queryset=Comuna.objects.order_by("name"),
        required=False,
        empty_label=_("Sin indicar"),
        error_messages={"invalid_choice": _("Elija una comuna de la lista.")},
    )
    organisation = forms.CharField(
        label=_("Organización a la que pertenece (opcional)"), max_length=160, required=False
    )
    #: The honeypot: hidden from people by the stylesheet, filled in by bots.
    website = forms.CharField(label=_("No escriba en este campo"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].choices = topic_choices()
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})

    def clean_text(self):
        return self.cleaned_data["text"].strip()

    def clean(self):
        data = super().clean()
        if data.pop("website", ""):
            # Shown, as every refusal is: a person whose browser filled it in knows what to do.
            raise forms.ValidationError(
                _("No pudimos recibir su envío. Deje vacío el último campo e inténtelo de nuevo.")
            )
        topic = data.pop("topic", "") or ""
        data["section"], data["topic"] = "", None
        if topic.startswith("s:"):
            data["section"] = topic[2:]
        elif topic.startswith("t:"):
            data["topic"] = ParticipationTopic.objects.filter(pk=topic[2:]).first()
        if data.get("publish_name") and not data.get("name"):
            self.add_error("name", _("Escriba su nombre si acepta publicarlo, o desmarque la casilla."))
        return data
