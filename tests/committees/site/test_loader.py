"""The plan loader: idempotent, all-or-nothing, and clear about bad files."""

import json
import shutil

import pytest
from django.core.management import call_command

from budgets.models import FundingLine
from committees.models import Committee
from committees.site.loader import PLANS_DIR, PlanFileError, load_plans
from goals.models import Target
from indicators.models import Indicator, IndicatorValue

pytestmark = pytest.mark.django_db


def row_counts():
    return {
        model.__name__: (model.objects.count(), model.history.count())
        for model in (Committee, Target, Indicator, IndicatorValue, FundingLine)
    }


@pytest.fixture
def plans_copy(tmp_path):
    """A writable copy of the real plan files."""
    for path in PLANS_DIR.glob("*.json"):
        shutil.copy(path, tmp_path / path.name)
    return tmp_path


def edit(path, change):
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def first_target(data):
    return next(t for o in data["objectives"] for t in o["targets"])


def test_loading_again_changes_and_duplicates_nothing():
    before = row_counts()
    stats = load_plans()
    assert stats.changed == 0
    assert stats.unchanged > 0
    assert row_counts() == before


def test_the_command_reports_a_second_run_as_unchanged(capsys):
    call_command("load_plans")
    out = capsys.readouterr().out
    assert "Loaded 7 plans and Bilag 2: 0 created, 0 updated" in out


def test_an_edited_target_is_updated_in_place(plans_copy):
    def retitle(data):
        first_target(data)["text"] = "Ny formulering"

    edit(plans_copy / "SUD.json", retitle)
    before = Target.objects.count()
    stats = load_plans(plans_copy)
    assert stats.created == 0
    assert stats.updated == 1
    assert Target.objects.count() == before
    assert Target.objects.filter(text="Ny formulering", objective__plan__committee__code="SUD")


def test_a_broken_file_writes_nothing(plans_copy):
    def break_reference(data):
        first_target(data)["text"] = "Skal ikke gemmes"
        data["activities"][0]["targets"] = ["no-such-target"]

    edit(plans_copy / "SUD.json", break_reference)
    with pytest.raises(PlanFileError, match="unknown targets"):
        load_plans(plans_copy)
    assert not Target.objects.filter(text="Skal ikke gemmes").exists()


def test_float_amounts_are_refused(plans_copy):
    def floaty(data):
        data["funding_lines"][0]["total"] = 1.5

    edit(plans_copy / "SUD.json", floaty)
    with pytest.raises(PlanFileError, match="not floats"):
        load_plans(plans_copy)


def test_years_that_do_not_add_up_need_a_discrepancy_note(plans_copy):
    def mismatch(data):
        line = data["funding_lines"][0]
        line["total"] = "1000"
        line["years"] = {"2011": "400", "2012": "400"}
        line["discrepancy_note"] = ""

    edit(plans_copy / "SUD.json", mismatch)
    with pytest.raises(PlanFileError, match="discrepancy_note"):
        load_plans(plans_copy)


def test_a_value_entered_by_staff_is_never_overwritten():
    value = IndicatorValue.objects.filter(origin=IndicatorValue.Origin.PLAN).first()
    value.value += 1
    value.origin = IndicatorValue.Origin.ENTERED
    value.save()
    load_plans()
    value.refresh_from_db()
    assert value.origin == IndicatorValue.Origin.ENTERED


def test_bilag_2_is_loaded_row_by_row_with_the_targets_each_row_stands_for():
    from goals.models import AppendixRow

    rows = list(AppendixRow.objects.select_related("committee").order_by("position"))
    assert [r.committee.code for r in rows[:4]] == ["ØU"] * 4
    assert rows[0].heading == "Målsætning:"
    first = rows[0]
    assert sorted(t.number for t in first.targets.all()) == [1, 2, 3]
    tmu = [r for r in rows if r.committee.code == "TMU"]
    assert tmu[0].text == "Der ikke skal komme flere udsatte boligområder"
    assert tmu[0].targets.get().text.startswith("Det er et ønske, at der udarbejdes")
    assert "BIU" not in {r.committee.code for r in rows}


def test_a_bilag_2_row_naming_an_unknown_target_is_refused(plans_copy):
    def break_it(data):
        data["committees"][0]["sections"][0]["rows"][0]["targets"] = ["t99"]

    edit(plans_copy / "bilag2.json", break_it)
    with pytest.raises(PlanFileError, match="bilag2.json: ØU row 1"):
        load_plans(plans_copy)


def test_a_restructured_plan_leaves_no_empty_targets_behind(plans_copy):
    def merge(data):
        # a plan that folds its second objective's targets into one
        objective = data["objectives"][1]
        objective["targets"] = objective["targets"][:1]
        kept = {t["key"] for o in data["objectives"] for t in o["targets"]}
        for a in data["activities"]:
            a["targets"] = [k for k in a["targets"] if k in kept]
        for f in data["funding_lines"]:
            f["dependent_targets"] = [k for k in f["dependent_targets"] if k in kept]

    def unmap(data):
        for c in data["committees"]:
            for section in c["sections"]:
                for r in section["rows"]:
                    if c["code"] == "ØU":
                        r["targets"] = [k for k in r["targets"] if k not in ("t5", "t6")]

    edit(plans_copy / "OU.json", merge)
    edit(plans_copy / "bilag2.json", unmap)
    load_plans(plans_copy)
    numbers = Target.objects.filter(objective__plan__committee__code="ØU").values_list(
        "number", flat=True
    )
    assert sorted(numbers) == [1, 2, 3, 4, 7, 8, 9]
def kfu_gap(data):
    return next(
        i
        for o in data["objectives"]
        for t in o["targets"]
        for i in t["indicators"]
        if i["gap_minuend_group"]
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda i: i.update(disadvantaged_group=""), "disadvantaged_group"),
        (lambda i: i.update(disadvantaged_group="Drenge"), "one of the gap's groups"),
        (lambda i: i.update(derived={"text": "x"}), "derived must map"),
    ],
    ids=["gap without its group behind", "group behind not one of the two", "derived text"],
)
def test_gap_fields_the_rules_need_are_checked(plans_copy, change, message):
    edit(plans_copy / "KFU.json", lambda data: change(kfu_gap(data)))
    with pytest.raises(PlanFileError, match=message):
        load_plans(plans_copy)


def test_an_unknown_money_qualifier_is_refused(plans_copy):
    def odd(data):
        data["funding_lines"][0]["qualifier"] = "maybe"

    edit(plans_copy / "SUD.json", odd)
    with pytest.raises(PlanFileError, match="qualifier"):
        load_plans(plans_copy)
