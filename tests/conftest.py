"""Shared fixtures: the real plans in the test database and a named cast of users."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth import get_user_model

from committees.models import Committee
from committees.roles import ensure_analyst_group
from committees.site.loader import load_plans


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the real 2011–14 plans once per test database."""
    with django_db_blocker.unblock():
        load_plans()


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with nothing cached (a test's rolled-back data leaves versions
    that the next test's data may reach again)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def admin_user(db):
    return get_user_model().objects.create_superuser("root", "root@example.org", "pw")


@pytest.fixture
def analyst(db):
    user = get_user_model().objects.create_user("analyst", password="pw", is_staff=True)
    user.groups.add(ensure_analyst_group())
    return user


def _staff(code):
    user = get_user_model().objects.create_user(f"{code.lower()}_staff", password="pw")
    Committee.objects.get(code=code).staff_members.add(user)
    return user


@pytest.fixture
def sud_staff(db):
    return _staff("SUD")


@pytest.fixture
def kfu_staff(db):
    return _staff("KFU")


@pytest.fixture
def sud(db):
    return Committee.objects.get(code="SUD")


@pytest.fixture
def kfu(db):
    return Committee.objects.get(code="KFU")


@pytest.fixture
def clock():
    """The clock pinned to 1 December 2026, 10:00 in Copenhagen, for pages that depend on
    the date (due dates, the Bilag's page header); `clock.shift(...)` moves it on."""
    start = datetime(2026, 12, 1, 10, 0, tzinfo=ZoneInfo("Europe/Copenhagen"))
    with time_machine.travel(start, tick=False) as traveller:
        yield traveller
