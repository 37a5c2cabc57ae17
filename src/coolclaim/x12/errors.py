"""The one error every X12 reader raises: what is wrong, in which segment, at which position."""

from __future__ import annotations


class X12Error(ValueError):
    """A file that cannot be read; nothing of it has been taken.

    `position` is the 1-based ordinal of the segment in the file (ISA is 1); `segment` is its
    tag (or the tag that was expected there).
    """

    def __init__(self, segment: str, position: int, message: str) -> None:
        self.segment = segment
        self.position = position
        self.message = message
        super().__init__(f"segment {position} ({segment}): {message}")
