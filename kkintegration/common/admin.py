"""Admin helpers shared by every app."""

from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import ValidationError

BIGINT = 2**63


class _SafeOptgroups:
    """Django's autocomplete widgets look up the posted ids to show them again; an id that
    is not a number (or one out of range) raised there, a 500 on a bad POST. Such ids are
    dropped from the redisplay; the field's own validation still reports them."""

    def optgroups(self, name, value, attr=None):
        target = self.field.remote_field.get_related_field()

        def usable(v):
            try:
                python = target.to_python(v)
            except (ValidationError, TypeError, ValueError):
                return False
            return not isinstance(python, int) or -BIGINT < python < BIGINT

        return super().optgroups(name, [v for v in value if usable(v)], attr)


class SafeAutocompleteSelect(_SafeOptgroups, AutocompleteSelect):
    pass


class SafeAutocompleteSelectMultiple(_SafeOptgroups, AutocompleteSelectMultiple):
    pass


class SafeAutocompleteMixin:
    """A ModelAdmin whose autocomplete fields answer a hostile POST with a form error."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        widget = getattr(field, "widget", None)
        inner = getattr(widget, "widget", widget)  # inside RelatedFieldWidgetWrapper
        if type(inner) is AutocompleteSelect:
            inner.__class__ = SafeAutocompleteSelect
        elif type(inner) is AutocompleteSelectMultiple:
            inner.__class__ = SafeAutocompleteSelectMultiple
        return field
