from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import ActionPlan, Committee, PlanSection


@admin.register(Committee)
class CommitteeAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "administration_code", "administration_name", "order"]
    list_display_links = ["code", "name"]
    search_fields = ["code", "name", "administration_code", "administration_name"]
    ordering = ["order"]
    filter_horizontal = ["staff_members"]
    prepopulated_fields = {"slug": ["code"]}


class PlanSectionInline(admin.StackedInline):
    model = PlanSection
    extra = 0


@admin.register(ActionPlan)
class ActionPlanAdmin(SimpleHistoryAdmin):
    list_display = ["committee", "title", "period_start", "period_end"]
    list_filter = ["committee", "period_start"]
    search_fields = ["title", "committee__code", "committee__name", "introduction", "challenges"]
    list_select_related = ["committee"]
    ordering = ["committee__order", "period_start"]
    inlines = [PlanSectionInline]
