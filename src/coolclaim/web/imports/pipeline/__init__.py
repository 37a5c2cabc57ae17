"""The import pipeline: one small module per stage, the same for every kind of file.

1. **staging** (:mod:`.staging`): the uploaded file is kept as an :class:`ImportBatch`
   (nothing is lost, whatever happens next).
2. **planning** (:mod:`.planning`): the importer reads the file and validates every record on
   its own (no database); records that fail are :class:`~.plan.Reject` with every reason, a
   record repeating an earlier one's identity too; the valid ones are grouped into chunks of
   whole units (a course: once-per-course rules see the whole course).
3. **comparison** (:mod:`.comparison`): per chunk, the importer looks the chunk's rows up in
   bulk and marks each record *new*, *changed* (with the changed fields) or *unchanged*, or
   rejects it (e.g. a birth date contradicting the stored patient).
4. **applying** (:mod:`.applying`): per chunk, compare again inside the writing transaction
   and let the importer write what is new or changed (set-based); then the rejects
   (:mod:`.rejects`) and the batch's counts. One transaction for the whole file, or one per
   chunk (``commit_every_chunk``: all-or-nothing per chunk, the batch records how many chunks
   are done, a re-run resumes after them and stays idempotent).

An importer (:class:`~.importer.Importer`) is one file kind: ``importers/sessions.py`` today;
remittances (X12 835) and eligibility responses (271) are the next ones. The recipe is
``docs/recipes/importer.md``.
"""

from coolclaim.web.imports.pipeline.applying import ApplyResult, apply_plan
from coolclaim.web.imports.pipeline.comparison import compare_plan
from coolclaim.web.imports.pipeline.importer import Importer
from coolclaim.web.imports.pipeline.plan import Plan, Planned, Reject
from coolclaim.web.imports.pipeline.planning import plan_file
from coolclaim.web.imports.pipeline.staging import MAX_FILE_BYTES, UnreadableInput, stage_batch

__all__ = [
    "MAX_FILE_BYTES",
    "ApplyResult",
    "Importer",
    "Plan",
    "Planned",
    "Reject",
    "UnreadableInput",
    "apply_plan",
    "compare_plan",
    "plan_file",
    "stage_batch",
]
