"""Forms of the entry workflow. They validate and normalise; services write."""

from django import forms
from django.core.exceptions import ValidationError
from django.forms import BaseFormSet, formset_factory
from django.utils.translation import gettext_lazy as _

from kkintegration.common.formatting import NUMBER_RULE, parse_number

from ..models import ReportingRound, check_value


class IndicatorEntryForm(forms.Form):
    """One indicator in a year: a value and a comment per breakdown (where the template and
    the review page keep them too), a no-data reason, the source."""

    indicator_id = forms.IntegerField(widget=forms.HiddenInput)
    no_data = forms.BooleanField(label=_("No data this year"), required=False)
    no_data_reason = forms.CharField(label=_("Reason for no data"), required=False, max_length=500)
    source = forms.CharField(label=_("Source of the figures"), required=False, max_length=300)
    is_provisional = forms.BooleanField(label=_("Provisional (may still change)"), required=False)

    def __init__(self, *args, indicator, breakdowns, require_complete=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        self.breakdowns = breakdowns
        self.require_complete = require_complete
        self.fields["indicator_id"].initial = indicator.pk
        for b in breakdowns:
            self.fields[f"b{b.pk}"] = forms.CharField(
                label=b.label,
                required=False,
                max_length=40,
                help_text=NUMBER_RULE,
                widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
            )
            self.fields[f"c{b.pk}"] = forms.CharField(
                label=_("Comment on %(label)s") % {"label": b.label},
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 1}),
            )

    def value_fields(self):
        return [(b, self[f"b{b.pk}"], self[f"c{b.pk}"]) for b in self.breakdowns]

    def clean_indicator_id(self):
        if self.cleaned_data["indicator_id"] != self.indicator.pk:
            raise ValidationError(_("The plan has changed since the page was loaded; reload it."))
        return self.cleaned_data["indicator_id"]

    def clean(self):
        data = super().clean()
        for b in self.breakdowns:
            name = f"b{b.pk}"
            raw = (data.get(name) or "").strip()
            if not raw:
                data[name] = None
                continue
            try:
                data[name] = check_value(parse_number(raw), self.indicator.value_unit)
            except ValidationError as exc:
                self.add_error(name, exc)
        if data.get("no_data") and not (data.get("no_data_reason") or "").strip():
            self.add_error("no_data_reason", _("Give a reason when there is no data."))
        if self.require_complete and not self.errors:
            empty = [b for b in self.breakdowns if data.get(f"b{b.pk}") is None]
            if empty and not data.get("no_data"):
                for b in empty:
                    self.add_error(
                        f"b{b.pk}", _("Enter a value, or tick “No data this year” with a reason.")
                    )
        return data


class BaseYearEntryFormSet(BaseFormSet):
    def __init__(self, *args, indicators, breakdowns, require_complete=False, **kwargs):
        self.indicators = indicators
        self.breakdowns = breakdowns  # {indicator_id: [Breakdown]}
        self.require_complete = require_complete
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        indicator = self.indicators[index]
        return {
            "indicator": indicator,
            "breakdowns": self.breakdowns[indicator.pk],
            "require_complete": self.require_complete,
        }


def year_entry_formset(indicators, breakdowns, *, data=None, initial=None, submit=False):
    """The year-entry formset: one form per indicator of the plan."""
    FormSet = formset_factory(
        IndicatorEntryForm,
        formset=BaseYearEntryFormSet,
        extra=0,
        min_num=len(indicators),
        max_num=len(indicators),
        # never more forms than the plan has indicators, whatever TOTAL_FORMS says
        absolute_max=len(indicators),
        validate_max=True,
    )
    return FormSet(
        data=data,
        initial=initial,
        indicators=indicators,
        breakdowns=breakdowns,
        require_complete=submit,
        prefix="ind",
    )


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("Why is the year sent back?"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say why the year is sent back.")},
    )


class DueDateForm(forms.ModelForm):
    class Meta:
        model = ReportingRound
        fields = ["year", "due_date"]
        widgets = {"due_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def validate_unique(self):
        pass  # an existing year is updated, not refused (see the view)


class UploadForm(forms.Form):
    MAX_BYTES = 2 * 1024 * 1024

    file = forms.FileField(
        label=_("Filled-in template (.xlsx or .ods)"),
        error_messages={"required": _("Choose the workbook to upload.")},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise ValidationError(
                _("The file is %(size)s MB; the limit is 2 MB."),
                params={"size": f"{upload.size / 1024 / 1024:.1f}".replace(".", ",")},
            )
        return upload
