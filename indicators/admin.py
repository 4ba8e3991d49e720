from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from goals.admin import TargetAdmin
from goals.models import Target
from kkintegration.common.admin import SafeAutocompleteMixin

from .models import Breakdown, Indicator, IndicatorValue


class BreakdownInline(admin.TabularInline):
    model = Breakdown
    extra = 0


@admin.register(Indicator)
class IndicatorAdmin(SafeAutocompleteMixin, SimpleHistoryAdmin):
    list_display = [
        "short_text",
        "committee",
        "target_number",
        "unit",
        "direction",
        "baseline_value",
        "baseline_year",
        "target_value",
        "target_year",
        "in_barometer",
    ]
    list_filter = [
        "objective__plan__committee",
        "unit",
        "direction",
        "in_barometer",
    ]
    search_fields = ["text", "target__text", "data_source", "baseline_text", "target_text"]
    list_select_related = ["objective__plan__committee", "target"]
    ordering = ["objective__plan__committee__order", "objective__order", "order"]
    autocomplete_fields = ["objective", "target"]
    inlines = [BreakdownInline]

    @admin.display(description=_("indicator"))
    def short_text(self, obj):
        return obj.text[:100]

    @admin.display(description=_("committee"), ordering="objective__plan__committee__order")
    def committee(self, obj):
        return obj.objective.plan.committee.code

    @admin.display(description=_("target"), ordering="target__number")
    def target_number(self, obj):
        return obj.target.number if obj.target else "–"


@admin.register(IndicatorValue)
class IndicatorValueAdmin(SimpleHistoryAdmin):
    list_display = [
        "indicator_text",
        "breakdown_label",
        "year",
        "value",
        "status",
        "origin",
        "is_provisional",
    ]
    list_filter = [
        "breakdown__indicator__objective__plan__committee",
        "status",
        "origin",
        "year",
        "is_provisional",
    ]
    search_fields = ["breakdown__indicator__text", "comment", "source"]
    list_select_related = ["breakdown__indicator"]
    ordering = [
        "breakdown__indicator__objective__plan__committee__order",
        "breakdown__indicator__objective__order",
        "breakdown__indicator__order",
        "breakdown__order",
        "year",
    ]
    raw_id_fields = ["breakdown"]
    readonly_fields = [
        "created_by",
        "created_at",
        "updated_at",
        "approved_by",
        "approved_at",
        "version",
    ]

    # Values are entered, submitted, approved and sent back only through the workflow's
    # services (indicators/entry/services.py), which record who approved and check the
    # committee-year: here they can be read, never written, so the admin cannot bypass it.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("indicator"))
    def indicator_text(self, obj):
        return obj.breakdown.indicator.text[:80]

    @admin.display(description=_("breakdown"))
    def breakdown_label(self, obj):
        return obj.breakdown.label


class IndicatorInline(admin.StackedInline):
    model = Indicator
    extra = 0
    show_change_link = True
    fields = [
        ("number", "order"),
        "text",
        ("unit", "direction", "in_barometer"),
        ("baseline_value", "baseline_year", "baseline_text"),
        ("target_value", "target_year", "target_text"),
        "annual_change",
        "data_source",
        "not_measurable_note",
    ]


# A target's indicators are edited on its page: the goals app knows nothing of indicators,
# so this app extends the target's admin with them.
admin.site.unregister(Target)


@admin.register(Target)
class TargetWithIndicatorsAdmin(TargetAdmin):
    inlines = [IndicatorInline]
