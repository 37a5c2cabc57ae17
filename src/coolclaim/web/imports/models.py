"""An import batch (one file for one facility) and every record it rejected, with the reasons.

Both hold patient data (the file, the rejected records), so both are facility-scoped and
audited like the clinic's models.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from coolclaim.web.accounts.models import Facility
from coolclaim.web.accounts.scoping import FacilityScopedQuerySet


class BatchStatus(models.TextChoices):
    PREVIEWED = "previewed", "Previewed, not imported"
    QUEUED = "queued", "Waiting for a worker"
    RUNNING = "running", "Importing"
    APPLIED = "applied", "Imported"
    FAILED = "failed", "Failed, nothing imported"


class ImportBatchQuerySet(FacilityScopedQuerySet["ImportBatch"]):
    facility_path = "facility"


class ImportBatch(models.Model):
    facility = models.ForeignKey(Facility, on_delete=models.PROTECT, related_name="import_batches")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    operator = models.CharField(
        max_length=150,
        blank=True,
        help_text=(
            "Who ran a command-line import: the operating-system user (or --operator); the app user is created_by."
        ),
    )
    filename = models.CharField(max_length=255)
    file_format = models.CharField(max_length=8)
    sha256 = models.CharField(max_length=64)
    content = models.BinaryField(help_text="The file as uploaded (kept: nothing is lost).")
    status = models.CharField(max_length=12, choices=BatchStatus.choices, default=BatchStatus.PREVIEWED)
    records = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0, help_text="New sessions.")
    updated = models.PositiveIntegerField(default=0, help_text="Sessions changed by this file.")
    unchanged = models.PositiveIntegerField(default=0, help_text="Sessions already imported as they are.")
    rejected = models.PositiveIntegerField(default=0)
    new_claims = models.PositiveIntegerField(default=0)
    new_versions = models.PositiveIntegerField(default=0)
    failure = models.CharField(max_length=300, blank=True, help_text="Why the batch failed (no patient data).")
    # A background import (above settings.COOLCLAIM_IMPORT_BACKGROUND_RECORDS records): its task
    # and how far it is (stage "validate" / "write" / "code", done of total).
    task_id = models.CharField(max_length=64, blank=True)
    progress_stage = models.CharField(max_length=12, blank=True)
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    # Chunks of the plan written so far (an import that commits every chunk resumes after them).
    chunks_done = models.PositiveIntegerField(default=0)
    chunks_total = models.PositiveIntegerField(default=0)
    # The process running a command-line import (services/command_line_runs.py): a batch left
    # "running" by a process of this host that is gone is marked failed; one of another host is
    # shown as running there.
    runner_host = models.CharField(max_length=255, blank=True, help_text="Host name of the command-line import.")
    runner_pid = models.PositiveIntegerField(null=True, blank=True, help_text="Its process id on that host.")
    runner_started = models.CharField(
        max_length=64, blank=True, help_text="When that process started, as its system counts (a reused pid differs)."
    )
    running_since = models.DateTimeField(null=True, blank=True, help_text="When the command-line import began.")
    created_at = models.DateTimeField(auto_now_add=True)
    applied_at = models.DateTimeField(null=True, blank=True)

    objects = ImportBatchQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["facility", "-created_at"])]

    def __str__(self) -> str:
        return f"import batch {self.pk} (facility {self.facility_id})"

    @property
    def in_progress(self) -> bool:
        return self.status in (BatchStatus.QUEUED, BatchStatus.RUNNING)


class RejectedRecordQuerySet(FacilityScopedQuerySet["RejectedRecord"]):
    facility_path = "batch__facility"


class RejectedRecord(models.Model):
    """A record of a file that was not imported, as it was sent, with every reason."""

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="rejects")
    position = models.PositiveIntegerField(help_text="Record number in the file (1 = first record).")
    line = models.PositiveIntegerField(null=True, blank=True, help_text="Line of a JSON Lines file.")
    session_id = models.CharField(max_length=200, blank=True)
    errors = models.JSONField(default=list, help_text='[{"field": ..., "message": ...}, ...]')
    record = models.JSONField(null=True, blank=True, help_text="The record as sent (text for a line that is not JSON).")

    objects = RejectedRecordQuerySet.as_manager()

    class Meta:
        ordering = ["batch_id", "position"]
        constraints = [models.UniqueConstraint(fields=["batch", "position"], name="rejected_record_position")]

    def __str__(self) -> str:
        return f"rejected record {self.position} of batch {self.batch_id}"
