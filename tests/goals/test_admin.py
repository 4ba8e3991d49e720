"""The goals admin: Bilag 2's adopted rows can be read there, never changed."""

import pytest
from django.urls import reverse

from goals.models import AppendixRow

pytestmark = pytest.mark.django_db


def test_bilag_2_rows_are_listed_and_read_only(client, admin_user):
    client.force_login(admin_user)
    listing = client.get(reverse("admin:goals_appendixrow_changelist"))
    assert listing.status_code == 200
    assert "Der ikke skal komme flere udsatte boligområder" in listing.content.decode()
    assert client.get(reverse("admin:goals_appendixrow_add")).status_code == 403
    row = AppendixRow.objects.get(committee__code="SOU", number=1)
    url = reverse("admin:goals_appendixrow_change", args=[row.pk])
    page = client.get(url)
    assert page.status_code == 200 and "??????" in page.content.decode()
    client.post(url, {"text": "Ændret i admin", "number": 1, "position": row.position})
    row.refresh_from_db()
    assert row.text.startswith("Sundheden blandt københavnere")
    delete = reverse("admin:goals_appendixrow_delete", args=[row.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert AppendixRow.objects.filter(pk=row.pk).exists()


def test_an_analyst_reads_bilag_2_rows_but_cannot_change_them(client, analyst):
    client.force_login(analyst)
    response = client.get(reverse("admin:goals_appendixrow_changelist"))
    assert response.status_code == 200
    assert client.get(reverse("admin:goals_appendixrow_add")).status_code == 403
    row = AppendixRow.objects.get(committee__code="TMU", position=5)
    client.post(reverse("admin:goals_appendixrow_change", args=[row.pk]), {"text": "Ændret"})
    row.refresh_from_db()
    assert row.text == "Der ikke skal komme flere udsatte boligområder"
