from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from kkintegration.common.admin import SafeAutocompleteMixin

from .models import AppendixRow, Objective, Target, Theme


@admin.register(Theme)
class ThemeAdmin(SimpleHistoryAdmin):
    list_display = ["name", "plan", "order"]
    list_filter = ["plan__committee"]
    search_fields = ["name", "description"]
    list_select_related = ["plan__committee"]
    ordering = ["plan__committee__order", "order"]


class TargetInline(admin.StackedInline):
    model = Target
    extra = 0
    fields = ["number", "text", "reservation", "note"]
    show_change_link = True


@admin.register(Objective)
class ObjectiveAdmin(SafeAutocompleteMixin, SimpleHistoryAdmin):
    list_display = ["short_text", "committee", "theme", "order"]
    list_filter = ["plan__committee", "plan__period_start"]
    search_fields = ["text", "targets__text"]
    list_select_related = ["plan__committee", "theme"]
    ordering = ["plan__committee__order", "order"]
    autocomplete_fields = ["theme"]
    inlines = [TargetInline]

    @admin.display(description=_("objective"))
    def short_text(self, obj):
        return str(obj)

    @admin.display(description=_("committee"), ordering="plan__committee__order")
    def committee(self, obj):
        return obj.plan.committee.code


class HasReservationFilter(admin.SimpleListFilter):
    title = _("reservation")
    parameter_name = "reservation"

    def lookups(self, request, model_admin):
        return [("yes", _("With reservation")), ("no", _("Without reservation"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.exclude(reservation="")
        if self.value() == "no":
            return queryset.filter(reservation="")
        return queryset


@admin.register(Target)
class TargetAdmin(SafeAutocompleteMixin, SimpleHistoryAdmin):
    list_display = ["number", "short_text", "committee", "has_reservation"]
    list_display_links = ["number", "short_text"]
    list_filter = [
        "objective__plan__committee",
        "objective__plan__period_start",
        HasReservationFilter,
    ]
    search_fields = ["text", "reservation", "indicators__text"]
    list_select_related = ["objective__plan__committee"]
    ordering = ["objective__plan__committee__order", "objective__order", "number"]
    autocomplete_fields = ["objective"]

    @admin.display(description=_("results target"))
    def short_text(self, obj):
        return obj.text[:100]

    @admin.display(description=_("committee"), ordering="objective__plan__committee__order")
    def committee(self, obj):
        return obj.objective.plan.committee.code

    @admin.display(description=_("reservation"), boolean=True)
    def has_reservation(self, obj):
        return bool(obj.reservation)


@admin.register(AppendixRow)
class AppendixRowAdmin(admin.ModelAdmin):
    """Bilag 2 as adopted: loaded from fixtures/plans_2011_2014/bilag2.json, never edited here."""

    list_display = ["position", "committee", "heading", "number", "short_text"]
    list_filter = ["committee"]
    search_fields = ["text", "indicator", "activities"]
    list_select_related = ["committee"]
    readonly_fields = [
        "committee",
        "position",
        "table",
        "heading",
        "number",
        "text",
        "indicator",
        "activities",
        "targets",
    ]

    @admin.display(description=_("results target"))
    def short_text(self, obj):
        return (obj.text or obj.indicator)[:100]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
