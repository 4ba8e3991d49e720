"""Every admin changelist and change page renders, in Danish, with the real plans."""

import pytest
from django.contrib import admin
from django.urls import reverse

pytestmark = pytest.mark.django_db


PLAN_APPS = {"committees", "goals", "indicators", "activities", "budgets"}


MODELS = sorted(
    # the plan data (the log-in locks are operational: tests/committees/test_accounts.py)
    (
        m
        for m in admin.site._registry
        if m._meta.app_label in PLAN_APPS and m._meta.label != "committees.LoginThrottle"
    ),
    key=lambda m: m._meta.label,
)


@pytest.fixture
def client_admin(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
def test_changelist_renders_with_search_and_filters(client_admin, model):
    opts = model._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    response = client_admin.get(url)
    assert response.status_code == 200
    assert response.context["cl"].result_count == model.objects.count()
    if admin.site._registry[model].search_fields:
        assert client_admin.get(url, {"q": "integration"}).status_code == 200


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
def test_change_page_and_history_render(client_admin, model):
    opts = model._meta
    obj = model.objects.order_by("pk").first()
    assert obj is not None, f"no {opts.label} in the real plans"
    change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    assert client_admin.get(change).status_code == 200
    history = reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[obj.pk])
    assert client_admin.get(history).status_code == 200


def test_admin_speaks_danish(client_admin):
    response = client_admin.get(reverse("admin:goals_target_changelist"))
    content = response.content.decode()
    assert "Vælg resultatmål, der skal ændres" in content
    assert "Forbehold" in content
    assert "kkintegration" in content


def test_the_admin_shows_a_danish_message_for_a_bad_funding_amount(client_admin):
    from budgets.models import FundingLine

    line = FundingLine.objects.order_by("pk").first()
    url = reverse("admin:budgets_fundingline_change", args=[line.pk])
    page = client_admin.get(url)
    form = page.context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields}
    data["dependent_targets"] = [t.pk for t in line.dependent_targets.all()]
    data["total"] = "-5"
    for prefix in ("years", "sources"):  # the inlines, left as they are
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    response = client_admin.post(url, data)
    assert response.status_code == 200
    assert "Et beløb kan ikke være negativt." in response.content.decode()
    line.refresh_from_db()
    assert line.total is None or line.total >= 0


def test_analysts_can_maintain_plans_but_staff_cannot_enter_the_admin(client, analyst, sud_staff):
    client.force_login(analyst)
    assert client.get(reverse("admin:goals_target_changelist")).status_code == 200
    client.force_login(sud_staff)
    response = client.get(reverse("admin:goals_target_changelist"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
