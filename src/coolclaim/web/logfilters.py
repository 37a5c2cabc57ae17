"""Logging filters that keep patient data out of the logs.

The app logs ids, never names, birth dates or member ids. Request paths use ids only, but a
query string may carry a search term typed by a user (a patient's name), so the filter below
cuts query strings out of every log record's message and arguments.
"""

from __future__ import annotations

import logging
import re

_QUERY = re.compile(r"\?[^\s\"']*")


def _strip(value: object) -> object:
    if isinstance(value, str) and "?" in value:
        return _QUERY.sub("?[query removed]", value)
    return value


class StripQueryStrings(logging.Filter):
    """Replace ``?a=b...`` in a record's message and arguments with ``?[query removed]``."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = _strip(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(_strip(arg) for arg in record.args)
        elif isinstance(record.args, dict):
            record.args = {key: _strip(arg) for key, arg in record.args.items()}
        return True
