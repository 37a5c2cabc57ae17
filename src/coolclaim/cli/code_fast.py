"""``coolclaim code`` without the command-line framework: the quick start of one command.

`coolclaim code` on a small file should answer in well under half a second; importing Typer
and Rich alone takes longer than coding a session. `main()` in `coolclaim.cli` calls
`fast_main` first: for a plain `code` command line (INPUT, -o/--output, --format,
--input-format, --set) it runs the command here; anything else (help, an unknown option, a bad
value) returns None and the Typer application handles it, with its usual messages. Both paths
run `run_code`, so they behave the same.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

OUT_FORMATS = ("jsonl", "csv")
IN_FORMATS = ("jsonl", "json", "csv")


def _error(message: str) -> int:
    print(f"coolclaim: {message}", file=sys.stderr)
    return 2


def overrides(pairs: Sequence[str]) -> dict[str, str] | str:
    """KEY=VALUE pairs as a dict, or the error message for the first bad one."""
    result = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            return f"--set expects KEY=VALUE, got {pair!r}"
        result[key.strip()] = value.strip()
    return result


def run_code(
    input_path: str, output: str | None, out_format: str, in_format: str | None, settings: Sequence[str]
) -> int:
    """Code a file as `coolclaim code` does; returns the exit status (0, 1 or 2)."""
    from coolclaim import bootstrap
    from coolclaim.coding.rule_settings import SettingError
    from coolclaim.io.batch_coding import code_file
    from coolclaim.io.session_files import UnreadableInput
    from coolclaim.refdata.errors import RefDataError

    pairs = overrides(settings)
    if isinstance(pairs, str):
        return _error(pairs)
    try:
        engine = bootstrap.engine(pairs)
        summary = code_file(engine, input_path, output, out_format, in_format)
    except RefDataError as exc:
        return _error(f"reference data invalid: {exc}")
    except (SettingError, UnreadableInput) as exc:
        return _error(str(exc))
    except OSError as exc:
        return _error(f"cannot write output: {exc}")
    parts = ", ".join(f"{n} {status}" for status, n in sorted(summary.by_status.items()))
    print(f"coolclaim: {summary.records} sessions coded ({parts or 'none'})", file=sys.stderr)
    return 1 if summary.rejected else 0


def fast_main(argv: Sequence[str]) -> int | None:
    """The exit status of a plain `code` command line, or None to leave it to Typer."""
    if not argv or argv[0] != "code":
        return None
    input_path: str | None = None
    output: str | None = None
    out_format = "jsonl"
    in_format: str | None = None
    settings: list[str] = []
    args = list(argv[1:])
    while args:
        arg = args.pop(0)
        name, eq, inline = arg.partition("=") if arg.startswith("--") else (arg, "", "")
        if name in ("-o", "--output", "--format", "--input-format", "--set"):
            if eq:
                value = inline
            elif args:
                value = args.pop(0)
            else:
                return None
            if name in ("-o", "--output"):
                output = value
            elif name == "--format":
                if value not in OUT_FORMATS:
                    return None
                out_format = value
            elif name == "--input-format":
                if value not in IN_FORMATS:
                    return None
                in_format = value
            else:
                settings.append(value)
        elif arg == "-" or not arg.startswith("-"):
            if input_path is not None:
                return None
            input_path = arg
        else:
            return None  # --help and anything unknown: Typer answers
    if input_path is None:
        return None
    return run_code(input_path, output, out_format, in_format, settings)
