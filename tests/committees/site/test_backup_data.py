"""Backup and restore: everything dumped, the database emptied, loaded back, identical."""

import re
from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.management import CommandError, call_command

from committees.models import Committee
from committees.site.loader import load_plans
from indicators.demo import generate_demo_values
from indicators.entry.services import Entry, values_save_year
from indicators.models import Breakdown

pytestmark = pytest.mark.django_db(transaction=True)


KEPT_APPS = ("committees", "goals", "indicators", "activities", "budgets", "auth", "admin")


def _ms(text):
    """Times to the millisecond: Django's JSON keeps no finer precision (pg_dump does)."""
    return re.sub(r'(T\d\d:\d\d:\d\d)(?:\.(\d{3}))?Z"', lambda m: f'{m[1]}.{m[2] or "000"}Z"', text)


def snapshot():
    """Every row of the project's apps, serialised (history tables included)."""
    rows = {}
    for model in apps.get_models():
        if (
            model._meta.app_label in KEPT_APPS
            and not model._meta.proxy
            and model._meta.label not in ("auth.Permission", "committees.DataVersion")
        ):
            rows[model._meta.label] = sorted(
                _ms(
                    serializers.serialize(
                        "json", model.objects.order_by("pk"), use_natural_foreign_keys=True
                    )
                ).split("}, {")
            )
    return rows


def test_a_dump_loads_back_into_an_empty_database_unchanged(tmp_path, django_user_model):
    load_plans()
    kfu = Committee.objects.get(code="KFU")
    kfu_staff = django_user_model.objects.create_user("kfu", password="Et-godt-kodeord-9")
    kfu.staff_members.add(kfu_staff)
    generate_demo_values()
    entries = [
        Entry(breakdown=b, value=Decimal("12.5"), comment="æøå")
        for b in Breakdown.objects.filter(indicator__objective__plan__committee=kfu)
    ]
    values_save_year(committee=kfu, year=2012, user=kfu_staff, entries=entries, version=0)
    LogEntry.objects.create(
        user=django_user_model.objects.create_superuser("root", "root@example.org", "Rod-9-kode"),
        content_type=ContentType.objects.get_for_model(Committee),
        object_id=str(kfu.pk),
        object_repr=str(kfu),
        action_flag=CHANGE,
        change_message="Ændrede navn.",
    )
    before = snapshot()
    assert len(before["admin.LogEntry"]) == 1
    assert sum(len(v) for v in before.values()) > 1000
    dump = tmp_path / "backup.json"
    call_command("backup_data", "--out", str(dump))

    call_command("flush", "--no-input")  # an empty database, as after `migrate`
    assert not apps.get_model("indicators", "IndicatorValue").objects.exists()

    call_command("restore_data", str(dump))
    after = snapshot()
    for label in before:
        assert after[label] == before[label], label


def test_restoring_into_a_database_with_values_is_refused(tmp_path):
    load_plans()
    dump = tmp_path / "backup.json"
    call_command("backup_data", "--out", str(dump))
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore_data", str(dump))


def test_the_dump_is_readable_by_its_owner_only_and_says_it_holds_password_hashes(
    tmp_path, capsys
):
    load_plans()
    dump = tmp_path / "backup.json"
    dump.write_text("old")
    dump.chmod(0o644)
    call_command("backup_data", "--out", str(dump))
    assert dump.stat().st_mode & 0o777 == 0o600
    assert "password hash" in capsys.readouterr().out
    assert '"model": "committees.committee"' in dump.read_text()
