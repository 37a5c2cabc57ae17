"""What is known about a course before a batch: from the app's database, or nothing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from coolclaim.coding.quick_init import quick_init


@dataclass(frozen=True, slots=True)
class CourseHistory:
    """Earlier sessions of a course that are not in the batch being coded."""

    sessions_before: int = 0
    fitting_billed: bool = False
    fitting_code: str | None = None
    fitting_date: date | None = None


@quick_init
@dataclass(frozen=True, slots=True)
class CoursePosition:
    """Where a session stands in its course when it is coded."""

    number: int  # 1-based session number in the course
    fitting_billed: bool
    fitting_code: str | None
    fitting_date: date | None
