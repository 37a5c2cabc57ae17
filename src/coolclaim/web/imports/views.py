"""The import page: upload a file, preview what it would do, confirm, see the result and
download the rejected records with their reasons."""

from __future__ import annotations

import csv
import io
from typing import Any

import orjson
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from coolclaim.web.accounts.permissions import Action, require
from coolclaim.web.audit import audit_read, audit_reads
from coolclaim.web.imports.forms import UploadForm
from coolclaim.web.imports.models import BatchStatus, ImportBatch, RejectedRecord
from coolclaim.web.imports.pipeline import MAX_FILE_BYTES, UnreadableInput, stage_batch
from coolclaim.web.imports.services.discard_batch import DiscardRefused, discard_batch
from coolclaim.web.imports.services.import_sessions import apply_batch, preview_batch
from coolclaim.web.imports.tasks import background_threshold, count_records, enqueue_batch

PREVIEW_ROWS = 10
SHOWN_REJECTS = 200


#: Characters that make a spreadsheet read a cell as a formula (or a DDE call): the ASCII
#: signs, their full-width forms (Excel and LibreOffice treat ＝ ＋ － ＠ alike), tab and CR.
FORMULA_STARTS = frozenset("=+-@\t\r＝＋－＠")


def _cell(value: object) -> str:
    """A CSV cell that a spreadsheet will not run as a formula: one whose first character
    other than spaces starts a formula gets a leading apostrophe."""
    text = str(value)
    first = text.lstrip(" \u00a0\u3000")[:1]
    return "'" + text if first and first in FORMULA_STARTS else text


def _batch(request: HttpRequest, pk: int) -> ImportBatch:
    require(request.user, Action.IMPORT_SESSIONS)
    batch = get_object_or_404(ImportBatch.objects.for_user(request.user).select_related("facility"), pk=pk)
    require(request.user, Action.IMPORT_SESSIONS, batch.facility_id)
    return batch


@login_required
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.IMPORT_SESSIONS)
    form = UploadForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        facility = form.cleaned_data["facility"]
        require(request.user, Action.IMPORT_SESSIONS, facility)
        upload_file = form.cleaned_data["file"]
        if upload_file.size > MAX_FILE_BYTES:
            form.add_error("file", f"The file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB.")
        else:
            batch = stage_batch(upload_file.read(), upload_file.name, facility, request.user)
            return redirect("imports:batch", pk=batch.pk)
    batches = ImportBatch.objects.for_user(request.user).select_related("facility").defer("content")[:20]
    return render(request, "imports/upload.html", {"form": form, "batches": batches})


@login_required
def batch_detail(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _batch(request, pk)
    context: dict[str, Any] = {"batch": batch}
    if batch.in_progress:
        # Counts only, like the list of imports (no record shown, so no access entry: on SQLite
        # a write here would wait for the import's transaction).
        return render(request, "imports/batch.html", context)
    audit_read(request.user, batch)
    if batch.status == BatchStatus.PREVIEWED:
        try:
            plan = preview_batch(batch)
        except UnreadableInput as exc:
            context["unreadable"] = str(exc)
        else:
            context["plan"] = plan
            context["counts"] = plan.counts
            context["first_rows"] = plan.valid[:PREVIEW_ROWS]
            context["rejects"] = plan.rejects[:SHOWN_REJECTS]
    else:
        rejects = list(RejectedRecord.objects.for_user(request.user).filter(batch=batch)[:SHOWN_REJECTS])
        audit_reads(request.user, rejects)
        context["rejects"] = rejects
    context["more_rejects"] = max(
        0, (batch.rejected if "plan" not in context else len(context["plan"].rejects)) - SHOWN_REJECTS
    )
    return render(request, "imports/batch.html", context)


@login_required
@require_POST
def discard(request: HttpRequest, pk: int) -> HttpResponse:
    """Throw away a previewed file that was never imported (post/redirect/get)."""
    batch = _batch(request, pk)
    try:
        name = discard_batch(batch)
    except DiscardRefused as refused:
        messages.error(request, f"Not done: {refused}")
        return redirect("imports:batch", pk=batch.pk)
    messages.success(request, f"Preview of {name} discarded; nothing was imported.")
    return redirect("imports:upload")


@login_required
@require_POST
def confirm(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _batch(request, pk)
    if batch.status != BatchStatus.PREVIEWED:
        messages.info(request, "This file was already handled.")
        return redirect("imports:batch", pk=batch.pk)
    try:
        records = count_records(batch)
    except UnreadableInput:
        records = 0  # the synchronous path below says why
    if records > background_threshold():
        if enqueue_batch(batch, request.user, records):
            messages.info(request, f"{records} records: importing in the background. This page shows the progress.")
        return redirect("imports:batch", pk=batch.pk)
    try:
        result = apply_batch(batch, request.user)
    except UnreadableInput:
        messages.error(request, "The file cannot be read as sessions; nothing was imported.")
    except Exception:
        batch.refresh_from_db()
        messages.error(request, f"The import failed: {batch.failure or 'nothing was imported.'}")
    else:
        messages.success(
            request,
            f"Imported: {result.batch.created} new, {result.batch.updated} changed, "
            f"{result.batch.unchanged} unchanged, {result.batch.rejected} rejected.",
        )
    return redirect("imports:batch", pk=batch.pk)


@login_required
def batch_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress of a background import (polled by the status page); counts only, no
    patient data. When the batch is done, HTMX reloads the page to show the result."""
    batch = _batch(request, pk)
    response = render(request, "imports/_progress.html", {"batch": batch})
    if not batch.in_progress and getattr(request, "htmx", False):
        response["HX-Refresh"] = "true"
    response["Cache-Control"] = "no-store"
    return response


@login_required
def download_rejects(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    if fmt not in ("csv", "jsonl"):
        raise Http404("unknown format")
    batch = _batch(request, pk)
    rejects = list(RejectedRecord.objects.for_user(request.user).filter(batch=batch))
    audit_reads(request.user, rejects)
    name = f"import-{batch.pk}-rejects.{fmt}"
    if fmt == "jsonl":
        body = b"".join(
            orjson.dumps(
                {
                    "position": r.position,
                    "line": r.line,
                    "session_id": r.session_id or None,
                    "errors": r.errors,
                    "record": r.record,
                }
            )
            + b"\n"
            for r in rejects
        )
        response = HttpResponse(body, content_type="application/x-ndjson")
    else:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(("position", "line", "session_id", "errors", "record"))
        for r in rejects:
            writer.writerow(
                (
                    r.position,
                    r.line or "",
                    _cell(r.session_id),
                    _cell("; ".join(f"{e.get('field')}: {e.get('message')}" for e in r.errors)),
                    _cell(r.record if isinstance(r.record, str) else orjson.dumps(r.record).decode()),
                )
            )
        response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response
