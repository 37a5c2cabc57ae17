"""The error raised when a reference-data file is invalid."""

from __future__ import annotations


class RefDataError(Exception):
    """A reference-data file failed validation; names the file, the row and the field."""

    def __init__(self, file: str, problems: list[str]) -> None:
        self.file = file
        self.problems = problems
        super().__init__(f"{file}: " + "; ".join(problems))
