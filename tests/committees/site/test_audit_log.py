"""The audit trail (administrators): every change with who, when and old → new, at a cost
that does not grow with the number of entries shown."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from goals.models import Target

pytestmark = pytest.mark.django_db

URL = reverse("committees:audit-log")


def edit_targets(n):
    for target in Target.objects.order_by("pk")[:n]:
        target.text += " (rettet)"
        target.save()


def test_a_change_shows_who_and_old_and_new(client, admin_user):
    client.force_login(admin_user)
    target = Target.objects.order_by("pk").first()
    old = target.text
    target.text = "Et nyt resultatmål"
    target._history_user = admin_user
    target.save()
    page = client.get(URL, {"model": "goals.target"}).content.decode()
    assert "Et nyt resultatmål" in page and old[:40] in page and "root" in page


def test_the_page_costs_the_same_queries_for_more_entries(client, admin_user):
    client.force_login(admin_user)
    edit_targets(3)
    with CaptureQueriesContext(connection) as few:
        assert client.get(URL).status_code == 200
    edit_targets(40)
    with CaptureQueriesContext(connection) as many:
        client.get(URL)
    assert len(many.captured_queries) == len(few.captured_queries)


def test_only_administrators_see_it(client, analyst):
    client.force_login(analyst)
    assert client.get(URL).status_code == 403
    assert client.post(URL).status_code == 405


def test_a_change_of_the_targets_an_activity_serves_is_shown(client, admin_user):
    from activities.models import Activity

    client.force_login(admin_user)
    activity = Activity.objects.filter(targets__isnull=False).order_by("pk").first()
    served = list(activity.targets.all())
    activity.targets.remove(served[0])
    page = client.get(URL, {"model": "activities.activity"}).content.decode()
    assert f"targets: {served[0]}"[:60] in page.replace("&#x27;", "'").replace("&quot;", '"')
