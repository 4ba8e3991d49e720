from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import ActionPlan, Committee, LoginThrottle, PlanSection


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


@admin.register(LoginThrottle)
class LoginThrottleAdmin(admin.ModelAdmin):
    """Failed log-ins being counted and locks in force; deleting a row lifts its lock."""

    list_display = ["scope", "label", "failures", "window_start", "locked_until"]
    list_filter = ["scope"]
    search_fields = ["label"]
    ordering = ["-locked_until", "-window_start"]
    readonly_fields = ["key", "scope", "label", "failures", "window_start", "locked_until"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    # administrators only: analysts hold every permission of this app
    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser
