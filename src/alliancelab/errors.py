"""One error hierarchy for alliancelab.

Every error derives from :class:`AllianceLabError` and also from the builtin exception a
Python user would expect to catch (``ValueError``, ``KeyError``, ``LookupError``), so
``except ValueError`` keeps working. Messages say what went wrong and what to do; the CLI
prints them as ``ErrorType: message`` and exits with status 1.
"""

from __future__ import annotations

__all__ = [
    "AllianceLabError",
    "CoverageError",
    "DataFormatError",
    "DownloadError",
    "LimitError",
    "ParameterError",
    "ScenarioError",
    "UnknownAllianceError",
    "UnknownRegionError",
    "UnknownSourceError",
    "UnknownStateError",
]


class AllianceLabError(Exception):
    """Base class of every error alliancelab raises on purpose."""


class DataFormatError(AllianceLabError, ValueError):
    """A data file is malformed: names the file, the row (1-based, header = row 1) and field.

    Examples
    --------
    >>> err = DataFormatError("not an integer: 'x'", file="states.csv", row=4, field="ccode")
    >>> str(err)
    "states.csv, row 4, field 'ccode': not an integer: 'x'"
    >>> (err.file, err.row, err.field)
    ('states.csv', 4, 'ccode')
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        row: int | None = None,
        field: str | None = None,
    ) -> None:
        self.file = file
        self.row = row
        self.field = field
        self.reason = message
        where = []
        if file is not None:
            where.append(str(file))
        if row is not None:
            where.append(f"row {row}")
        if field is not None:
            where.append(f"field {field!r}")
        super().__init__(f"{', '.join(where)}: {message}" if where else message)


class ScenarioError(DataFormatError):
    """A scenario that cannot be read or run: names the file, the line and the key.

    ``line``, ``key`` and ``edit`` are explicit fields: the line of the scenario file, the
    key of the table the error is about, and the 1-based number of the edit within its
    table (``[[edits]]`` or ``[[base.edits]]``) when the error is about an edit. The message
    reads ``file, line N, key 'k': what went wrong``.

    Examples
    --------
    >>> err = ScenarioError("unknown alliance 'natoo'", file="s.toml", line=7, key="alliance",
    ...                     edit=1)
    >>> str(err)
    "s.toml, line 7, key 'alliance': unknown alliance 'natoo'"
    >>> (err.line, err.key, err.edit)
    (7, 'alliance', 1)
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        key: str | None = None,
        edit: int | None = None,
    ) -> None:
        super().__init__(message, file=file, row=line, field=key)
        self.line = line
        self.key = key
        self.edit = edit
        where = []
        if file is not None:
            where.append(str(file))
        if line is not None:
            where.append(f"line {line}")
        if key is not None:
            where.append(f"key {key!r}")
        self.args = (f"{', '.join(where)}: {message}" if where else message,)


class DownloadError(AllianceLabError, OSError):
    """A download failed: HTTP error, unreachable host, or a checksum mismatch."""


class UnknownStateError(AllianceLabError, KeyError):
    """A state code or name that alliancelab does not know."""

    def __str__(self) -> str:  # KeyError would otherwise quote the message
        return str(self.args[0]) if self.args else ""


class UnknownRegionError(AllianceLabError, KeyError):
    """A region name that is neither a COW region nor a list of state codes."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class UnknownAllianceError(AllianceLabError, KeyError):
    """An alliance id that the data does not contain."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class UnknownSourceError(AllianceLabError, KeyError):
    """A data-source name that is not in the registry (see ``alliancelab.versions()``)."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class CoverageError(AllianceLabError, LookupError):
    """A year, region or state outside what the data covers; the message names the coverage."""


class ParameterError(AllianceLabError, ValueError):
    """A parameter a user passed is out of range, not finite or of the wrong type; the
    message names the parameter, the value and the allowed range."""


class LimitError(ParameterError):
    """A size or count a user passed is over its cap (:mod:`alliancelab.limits`); the
    message names the cap and how to raise it."""
