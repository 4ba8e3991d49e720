"""Entry workflow: committee staff enter, BIF approves."""

from datetime import timedelta
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_tables2 import RequestConfig

from committees.models import Committee
from committees.roles import analyst_required, committees_for
from kkintegration.common.formatting import danish_number
from kkintegration.common.uploads import UploadRefused, capped_errors

from ..models import (
    Breakdown,
    CommitteeYear,
    Indicator,
    IndicatorValue,
    ReportingRound,
    ValueImport,
)
from .forms import DueDateForm, ReturnForm, UploadForm, year_entry_formset
from .imports import build_template, changes_between, read_template
from .services import (
    ConflictError,
    Entry,
    committee_year_for,
    values_approve_year,
    values_return_year,
    values_save_year,
    year_values,
)
from .tables import EntryStatusTable, entry_status_rows

# The overviews list this many committees a page (each with its plan's years).
COMMITTEES_PER_PAGE = 25
UPLOADS_PER_HOUR = 30  # per user: the archive of uploads cannot be filled by one person

# --- Entry workflow (login) -------------------------------------------------------------


def _entry_scope(request, slug, year):
    """The committee (through what the user may enter) and its plan; 404 outside them."""
    committee = get_object_or_404(committees_for(request.user), slug=slug)
    plan = committee.plans.filter(period_start__lte=year, period_end__gte=year).first()
    if plan is None:
        raise Http404("year outside the plan period")
    return committee, plan


def _plan_indicators(committee):
    """The committee's indicators in plan order, and their breakdowns by indicator (2 queries)."""
    indicators = list(
        Indicator.objects.filter(objective__plan__committee=committee)
        .select_related("target", "objective")
        .order_by("objective__order", "order")
    )
    breakdowns = {i.pk: [] for i in indicators}
    for b in Breakdown.objects.filter(indicator__in=indicators).order_by("order"):
        breakdowns[b.indicator_id].append(b)
    for i in indicators:
        for b in breakdowns[i.pk]:
            b.indicator = i
    return indicators, breakdowns


def _approved_last_year(committee, year):
    return dict(
        IndicatorValue.objects.approved()
        .filter(breakdown__indicator__objective__plan__committee=committee, year=year - 1)
        .values_list("breakdown_id", "value")
    )


def _initial(indicators, breakdowns, values):
    initial = []
    for ind in indicators:
        row = {"indicator_id": ind.pk}
        saved = [values[b.pk] for b in breakdowns[ind.pk] if b.pk in values]
        for b in breakdowns[ind.pk]:
            v = values.get(b.pk)
            row[f"b{b.pk}"] = danish_number(v.value) if v and v.value is not None else ""
        if saved:
            first = saved[0]
            reasons = [v.no_data_reason for v in saved if v.no_data_reason]
            row.update(
                no_data=bool(reasons),
                no_data_reason=reasons[0] if reasons else "",
                comment=first.comment,
                source=first.source,
                is_provisional=first.is_provisional,
            )
        initial.append(row)
    return initial


def _entries(formset):
    entries = []
    for form in formset:
        data = form.cleaned_data
        for b in form.breakdowns:
            value = data.get(f"b{b.pk}")
            entries.append(
                Entry(
                    breakdown=b,
                    value=value,
                    no_data_reason=(data.get("no_data_reason") or "").strip()
                    if value is None and data.get("no_data")
                    else "",
                    comment=(data.get("comment") or "").strip(),
                    source=(data.get("source") or "").strip(),
                    is_provisional=bool(data.get("is_provisional")) and value is not None,
                )
            )
    return entries


@login_required
@require_GET
def entry_start(request):
    """Staff's start page: their committees' years, what is due and what was returned."""
    page = Paginator(committees_for(request.user).order_by("order", "code"), COMMITTEES_PER_PAGE)
    page = page.get_page(request.GET.get("page"))
    committees = list(page.object_list.prefetch_related("plans"))
    years = {
        cy.committee_id * 10000 + cy.year: cy
        for cy in CommitteeYear.objects.filter(committee__in=committees)
    }
    rounds = dict(ReportingRound.objects.values_list("year", "due_date"))
    rows = []
    for c in committees:
        for plan in c.plans.all():
            for year in plan.years:
                cy = years.get(c.pk * 10000 + year)
                rows.append({"committee": c, "year": year, "cy": cy, "due": rounds.get(year)})
    returned = [r for r in rows if r["cy"] and r["cy"].status == CommitteeYear.Status.RETURNED]
    return render(
        request,
        "indicators/entry_start.html",
        {"rows": rows, "returned": returned, "today": timezone.localdate(), "page": page},
    )


@login_required
@require_http_methods(["GET", "POST"])
def year_entry(request, slug, year):
    """Every indicator of a committee's plan for one year, saved as draft or submitted."""
    committee, plan = _entry_scope(request, slug, year)
    indicators, breakdowns = _plan_indicators(committee)
    cy = committee_year_for(committee, year)
    values = year_values(committee, year)
    conflict = None
    if request.method == "POST":
        submit = "submit" in request.POST
        formset = year_entry_formset(indicators, breakdowns, data=request.POST, submit=submit)
        try:
            version = int(request.POST.get("version", ""))
        except ValueError:
            version = -1
        if formset.is_valid():
            try:
                values_save_year(
                    committee=committee,
                    year=year,
                    user=request.user,
                    entries=_entries(formset),
                    version=version,
                    submit=submit,
                )
            except ConflictError as exc:
                conflict = exc
                cy = exc.committee_year
                values = exc.newer
            except ValidationError as exc:
                formset._non_form_errors = formset.error_class(exc.messages)
                cy.refresh_from_db()
            else:
                messages.success(
                    request,
                    _("The year is submitted for approval.") if submit else _("Saved as draft."),
                )
                return redirect("indicators:year-entry", slug=slug, year=year)
    else:
        formset = year_entry_formset(
            indicators, breakdowns, initial=_initial(indicators, breakdowns, values)
        )
    last_year = _approved_last_year(committee, year)
    blocks = []
    for form in formset:
        ind = form.indicator
        fields = []
        for b, bound in form.value_fields():
            saved = values.get(b.pk)
            fields.append(
                {
                    "breakdown": b,
                    "field": bound,
                    "last_year": last_year.get(b.pk),
                    "saved": saved,
                    "newer": saved if conflict else None,
                }
            )
        blocks.append({"form": form, "indicator": ind, "fields": fields})
    return render(
        request,
        "indicators/year_entry.html",
        {
            "committee": committee,
            "plan": plan,
            "year": year,
            "cy": cy,
            "formset": formset,
            "blocks": blocks,
            "conflict": conflict,
            "version": cy.version,
            "due": ReportingRound.objects.filter(year=year).first(),
            "imports": ValueImport.objects.filter(committee=committee, year=year)[:5],
            "upload_form": UploadForm(),
        },
    )


@login_required
@require_GET
def entry_template(request, slug, year):
    """The pre-filled Excel template for a committee and year."""
    committee, _plan = _entry_scope(request, slug, year)
    indicators, breakdowns = _plan_indicators(committee)
    ordered = [b for i in indicators for b in breakdowns[i.pk]]
    content = build_template(
        committee=committee,
        year=year,
        breakdowns=ordered,
        values=year_values(committee, year),
        last_year=_approved_last_year(committee, year),
    )
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="indberetning-{slug}-{year}.xlsx"'
    return response


@login_required
@require_POST
def entry_upload(request, slug, year):
    """Receive a filled-in template, keep it, check it, and show the preview."""
    committee, _plan = _entry_scope(request, slug, year)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        for error in form.errors.get("file", []):
            messages.error(request, error)
        return redirect("indicators:year-entry", slug=slug, year=year)
    recent = ValueImport.objects.filter(
        uploaded_by=request.user, uploaded_at__gte=timezone.now() - timedelta(hours=1)
    ).count()
    if recent >= UPLOADS_PER_HOUR:
        messages.error(
            request,
            _("You have uploaded %(n)s workbooks within the last hour; try again later.")
            % {"n": recent},
        )
        return redirect("indicators:year-entry", slug=slug, year=year)
    upload = form.cleaned_data["file"]
    data = upload.read()
    indicators, breakdowns = _plan_indicators(committee)
    ordered = [b for i in indicators for b in breakdowns[i.pk]]
    cy = committee_year_for(committee, year)
    record = ValueImport(
        committee=committee,
        year=year,
        uploaded_by=request.user,
        original_name=upload.name[:255],
        base_version=cy.version,
    )
    try:
        result = read_template(data, committee=committee, year=year, breakdowns=ordered)
    except UploadRefused as exc:  # unsafe or no workbook at all: nothing is kept
        for message in exc.messages:
            messages.error(request, message)
        return redirect("indicators:year-entry", slug=slug, year=year)
    except ValidationError as exc:
        record.errors = [{"row": None, "column": None, "message": m} for m in exc.messages]
    else:
        record.errors = capped_errors(result.errors)
        if not result.errors:
            record.changes = changes_between(result.rows, year_values(committee, year), ordered)
    if record.errors:
        record.state = ValueImport.State.REJECTED
    # archived only now that it has passed the checks
    suffix = "ods" if data[30:38] == b"mimetype" else "xlsx"
    record.file.save(f"{timezone.now():%Y%m%d-%H%M%S}.{suffix}", ContentFile(data), save=False)
    record.save()
    return redirect("indicators:import-detail", slug=slug, year=year, pk=record.pk)


@login_required
@require_http_methods(["GET", "POST"])
def import_detail(request, slug, year, pk):
    """Preview an upload (old → new) or its errors; POST applies it, all or nothing."""
    committee, _plan = _entry_scope(request, slug, year)
    record = get_object_or_404(ValueImport, pk=pk, committee=committee, year=year)
    if request.method == "POST":
        if record.state != ValueImport.State.PREVIEW:
            return HttpResponseNotAllowed(["GET"])
        by_id = {
            b.pk: b
            for b in Breakdown.objects.filter(
                pk__in=[c["breakdown"] for c in record.changes]
            ).select_related("indicator")
        }
        entries = []
        for change in record.changes:
            f = change["fields"]
            entries.append(
                Entry(
                    breakdown=by_id[change["breakdown"]],
                    value=Decimal(f["value"]) if f["value"] is not None else None,
                    no_data_reason=f["no_data_reason"],
                    comment=f["comment"],
                    source=f["source"],
                    is_provisional=f["is_provisional"],
                )
            )
        try:
            values_save_year(
                committee=committee,
                year=year,
                user=request.user,
                entries=entries,
                version=record.base_version,
            )
        except ConflictError:
            record.state = ValueImport.State.CONFLICT
            record.save(update_fields=["state"])
            messages.error(
                request,
                _(
                    "The year was saved by someone else after the upload; "
                    "nothing was imported. Upload the file again."
                ),
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            record.state = ValueImport.State.APPLIED
            record.applied_at = timezone.now()
            record.save(update_fields=["state", "applied_at"])
            messages.success(
                request,
                ngettext("%(n)s value imported.", "%(n)s values imported.", len(entries))
                % {"n": len(entries)},
            )
            return redirect("indicators:year-entry", slug=slug, year=year)
    return render(
        request,
        "indicators/import_detail.html",
        {"committee": committee, "year": year, "record": record},
    )


HISTORY_FIELDS = [
    "value",
    "no_data_reason",
    "status",
    "comment",
    "source",
    "is_provisional",
    "changed_since_approval",
]


def _readable(field, value):
    """A history value as staff read it: Danish numbers, status labels, yes/no."""
    if value is None or value == "":
        return "–"
    if field == "value":
        return danish_number(value)
    if field == "status":
        return IndicatorValue.Status(value).label
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return value


def _history_rows(records):
    """Old → new per changed field, from history records ordered by value and time."""
    labels = {f: IndicatorValue._meta.get_field(f).verbose_name for f in HISTORY_FIELDS}
    previous = {}
    rows = []
    for rec in records:
        before = previous.get(rec.id)
        changes = []
        for f in HISTORY_FIELDS:
            new = getattr(rec, f)
            old = getattr(before, f) if before else None
            if before is None and new in (None, "", False):
                continue
            if before is None or old != new:
                changes.append((labels[f], _readable(f, old) if before else "–", _readable(f, new)))
        previous[rec.id] = rec
        if changes:
            rows.append({"record": rec, "changes": changes})
    rows.reverse()
    return rows


@login_required
@require_GET
def year_history(request, slug, year):
    """Every change to the committee-year's values and status: who, when, old → new."""
    committee, _plan = _entry_scope(request, slug, year)
    records = (
        IndicatorValue.history.filter(
            breakdown__indicator__objective__plan__committee=committee, year=year
        )
        .select_related("history_user", "breakdown__indicator")
        .order_by("id", "history_date", "history_id")
    )
    status_changes = (
        CommitteeYear.history.filter(committee=committee, year=year)
        .select_related("history_user")
        .order_by("-history_date", "-history_id")
    )
    return render(
        request,
        "indicators/history.html",
        {
            "committee": committee,
            "year": year,
            "rows": _history_rows(records),
            "status_changes": status_changes,
        },
    )


@login_required
@require_GET
def indicator_history(request, pk):
    """Every change to one indicator's values, for staff of its committee and analysts."""
    indicator = get_object_or_404(
        Indicator.objects.with_plan(),
        pk=pk,
        objective__plan__committee__in=committees_for(request.user),
    )
    records = (
        IndicatorValue.history.filter(breakdown__indicator=indicator)
        .select_related("history_user", "breakdown__indicator")
        .order_by("id", "history_date", "history_id")
    )
    return render(
        request,
        "indicators/history.html",
        {
            "committee": indicator.objective.plan.committee,
            "indicator": indicator,
            "rows": _history_rows(records),
            "status_changes": [],
        },
    )


# --- Approval (BIF analysts) --------------------------------------------------------------


@analyst_required
@require_http_methods(["GET", "POST"])
def approval_overview(request):
    """Committee × year: entry status, completeness and due date; BIF sets the due dates."""
    form = DueDateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ReportingRound.objects.update_or_create(
            year=form.cleaned_data["year"], defaults={"due_date": form.cleaned_data["due_date"]}
        )
        messages.success(request, _("Due date saved."))
        return redirect("indicators:approval-overview")
    page = Paginator(Committee.objects.order_by("order", "code"), COMMITTEES_PER_PAGE)
    page = page.get_page(request.GET.get("page"))
    table = EntryStatusTable(entry_status_rows(page.object_list))
    RequestConfig(request, paginate=False).configure(table)
    return render(
        request,
        "indicators/approval_overview.html",
        {
            "page": page,
            "table": table,
            "form": form,
            "rounds": ReportingRound.objects.all(),
        },
    )


@analyst_required
@require_http_methods(["GET", "POST"])
def year_review(request, slug, year):
    """A submitted committee-year: its values against last year's, to approve or return."""
    committee, plan = _entry_scope(request, slug, year)
    cy = committee_year_for(committee, year)
    return_form = ReturnForm(request.POST or None)
    if request.method == "POST":
        try:
            if "approve" in request.POST:
                values_approve_year(committee=committee, year=year, user=request.user)
                messages.success(request, _("The year is approved and now public."))
                return redirect("indicators:approval-overview")
            if return_form.is_valid():
                values_return_year(
                    committee=committee,
                    year=year,
                    user=request.user,
                    comment=return_form.cleaned_data["comment"],
                )
                messages.success(request, _("The year is sent back to the committee."))
                return redirect("indicators:approval-overview")
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            cy.refresh_from_db()
    indicators, breakdowns = _plan_indicators(committee)
    values = year_values(committee, year)
    last_year = _approved_last_year(committee, year)
    rows = [
        {
            "indicator": i,
            "breakdown": b,
            "value": values.get(b.pk),
            "last_year": last_year.get(b.pk),
        }
        for i in indicators
        for b in breakdowns[i.pk]
    ]
    return render(
        request,
        "indicators/year_review.html",
        {
            "committee": committee,
            "plan": plan,
            "year": year,
            "cy": cy,
            "rows": rows,
            "return_form": return_form,
        },
    )
