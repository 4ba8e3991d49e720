from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from budgets.models import FundingLine
from kkintegration.common.admin import SafeAutocompleteMixin

from .models import Activity


class FundingLineInline(admin.TabularInline):
    model = FundingLine
    extra = 0
    fields = ["name", "amount_text", "total", "status"]
    show_change_link = True


@admin.register(Activity)
class ActivityAdmin(SafeAutocompleteMixin, SimpleHistoryAdmin):
    list_display = ["short_name", "committee", "theme", "status", "start_year", "end_year"]
    list_filter = ["plan__committee", "plan__period_start", "status", "theme"]
    search_fields = ["name", "description"]
    list_select_related = ["plan__committee", "theme"]
    ordering = ["plan__committee__order", "order"]
    autocomplete_fields = ["targets", "theme"]
    inlines = [FundingLineInline]

    @admin.display(description=_("name"))
    def short_name(self, obj):
        return obj.name[:100]

    @admin.display(description=_("committee"), ordering="plan__committee__order")
    def committee(self, obj):
        return obj.plan.committee.code
