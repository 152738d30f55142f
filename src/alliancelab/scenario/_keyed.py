"""Errors about one key of a scenario table, and state labels (internal to the package).

Instead of setting attributes on an error, the code that knows which key (and which edit)
an error is about wraps it in :class:`_Keyed`; the public functions unwrap it, the file
and run layers turn it into a :class:`~alliancelab.errors.ScenarioError`.
"""

from __future__ import annotations

from ..codes import ccode_to_name
from ..errors import AllianceLabError, UnknownStateError


class _Keyed(Exception):
    """An error about one key of an edit or model table (internal to the scenario package).

    ``error`` is the error a user of :func:`parse_edit` or :func:`apply` sees; ``key`` the
    key it is about and ``edit`` the 1-based number of the edit, both ``None`` when unknown.
    """

    def __init__(self, error: Exception, key: str | None, edit: int | None = None) -> None:
        super().__init__(str(error))
        self.error = error
        self.key = key
        self.edit = edit


def _split(exc: BaseException) -> tuple[BaseException, str | None, int | None]:
    """The user-facing error, its key and its edit number (``None`` when not known)."""
    if isinstance(exc, _Keyed):
        return exc.error, exc.key, exc.edit
    return exc, None, None


#: What the scenario package catches and locates: wrapped errors and the raw ones.
_CAUGHT = (_Keyed, AllianceLabError, ValueError, TypeError)


def _message(exc: BaseException) -> str:
    if isinstance(exc, KeyError) and not isinstance(exc, AllianceLabError) and exc.args:
        return str(exc.args[0])
    return str(exc)


def _label(code: int) -> str:
    try:
        return f"{ccode_to_name(code)} ({code})"
    except UnknownStateError:
        return str(code)
