from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from kkintegration.common.admin import SafeAutocompleteMixin

from .models import FundingLine, FundingSource, FundingYear


class FundingYearInline(admin.TabularInline):
    model = FundingYear
    extra = 0


class FundingSourceInline(admin.TabularInline):
    model = FundingSource
    extra = 0


@admin.register(FundingLine)
class FundingLineAdmin(SafeAutocompleteMixin, SimpleHistoryAdmin):
    list_display = ["short_name", "committee", "amount_text", "total", "status", "years_ok"]
    list_filter = ["plan__committee", "plan__period_start", "status"]
    search_fields = ["name", "status_text", "note", "amount_text"]
    list_select_related = ["plan__committee"]
    ordering = ["plan__committee__order", "order"]
    autocomplete_fields = ["activity", "theme", "dependent_targets"]
    inlines = [FundingYearInline, FundingSourceInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("years")

    @admin.display(description=_("name"))
    def short_name(self, obj):
        return obj.name[:100]

    @admin.display(description=_("committee"), ordering="plan__committee__order")
    def committee(self, obj):
        return obj.plan.committee.code

    @admin.display(description=_("years add up"), boolean=True)
    def years_ok(self, obj):
        return obj.years_match_total()
