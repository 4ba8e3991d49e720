"""The demo accounts command: an administrator, an analyst, one staff member per committee."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from committees.models import Committee
from committees.roles import is_analyst

pytestmark = pytest.mark.django_db


@pytest.fixture
def development(settings):
    """DEBUG on, as under `make run` (pytest-django turns it off)."""
    settings.DEBUG = True


def test_it_creates_an_admin_an_analyst_and_one_staff_per_committee(development, capsys):
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


def test_running_it_twice_duplicates_nothing(development):
    call_command("create_demo_accounts")
    count = get_user_model().objects.count()
    call_command("create_demo_accounts")
    assert get_user_model().objects.count() == count
    assert Committee.objects.get(code="SUD").staff_members.count() == 1


def test_with_debug_off_it_refuses_and_creates_nobody(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--allow-without-debug"):
        call_command("create_demo_accounts")
    assert not get_user_model().objects.filter(username="admin").exists()


def test_with_debug_off_the_explicit_flag_creates_them(settings):
    settings.DEBUG = False
    call_command("create_demo_accounts", "--allow-without-debug")
    assert get_user_model().objects.get(username="admin").check_password("kk-demo-2014")
