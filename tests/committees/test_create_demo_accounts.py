"""The demo accounts command: an administrator, an analyst, one staff member per committee."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from committees.models import Committee
from committees.roles import is_analyst

pytestmark = pytest.mark.django_db


def test_it_creates_an_admin_an_analyst_and_one_staff_per_committee(capsys):
    call_command("create_demo_accounts")
    out = capsys.readouterr().out
    users = get_user_model().objects
    assert users.get(username="admin").is_superuser
    assert is_analyst(users.get(username="analytiker"))
    for committee in Committee.objects.all():
        staff = committee.staff_members.get()
        assert not staff.is_staff, "committee staff must not reach the admin"
        assert staff.username in out
    assert users.get(username="ou-staff").staff_committees.get().code == "ØU"
    assert "password: kk-demo-2014" in out
    assert users.get(username="sud-staff").check_password("kk-demo-2014")


def test_running_it_twice_duplicates_nothing():
    call_command("create_demo_accounts")
    count = get_user_model().objects.count()
    call_command("create_demo_accounts")
    assert get_user_model().objects.count() == count
    assert Committee.objects.get(code="SUD").staff_members.count() == 1
