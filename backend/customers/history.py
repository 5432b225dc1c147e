"""The field-level diffs of ``customer_changes``: sealed at rest, shown per the field policy.

A diff maps an input path to ``[before, after]``. Some values are personal: names, the household
register number and remarks are stored as ``enc:<base64>`` tokens (AES-GCM with the field keys,
context ``customer_changes.diff``); ID numbers, phones and the address line are stored already
masked. On read every path that names a protected field is shown as that field is shown to the
reader (full, masked, or null), so the history is never a way around the field policy.
"""

from __future__ import annotations

import base64
import re
from typing import Any

from backend.auth.contexts import DIFF_CONTEXT
from backend.auth.fieldcrypt import FieldCipher
from backend.auth.masking import MASKERS
from backend.auth.policies import FieldPolicy, Visibility, policy_for
from backend.auth.principal import Principal

TOKEN = "enc:"

# Diff path (list indexes as ``[]``) -> the GraphQL field whose policy applies, and whether the
# stored value is sealed (True) or stored already masked (False).
PROTECTED_PATHS: dict[str, tuple[str, str, bool]] = {
    "name": ("Customer", "name", True),
    "familyMembers[].name": ("FamilyMember", "name", True),
    "household.registerNo": ("Household", "registerNo", True),
    "social.remarks": ("Social", "remarks", True),
    "idNumber": ("Customer", "idNumber", False),
    "mobile": ("Customer", "mobile", False),
    "altPhone": ("Customer", "altPhone", False),
    "address.line": ("Address", "line", False),
    "familyMembers[].idNumberMasked": ("Customer", "idNumber", False),
}
_INDEX = re.compile(r"\[\d+\]")


def _protected(path: str) -> tuple[str, str, bool] | None:
    return PROTECTED_PATHS.get(_INDEX.sub("[]", path))


def seal(cipher: FieldCipher, diff: dict[str, Any]) -> dict[str, Any]:
    """The diff as stored: the values of sealed paths encrypted (None stays None)."""
    out: dict[str, Any] = {}
    for path, values in diff.items():
        target = _protected(path)
        if target is not None and target[2] and isinstance(values, list):
            values = [_seal_value(cipher, v) for v in values]
        out[path] = values
    return out


def _seal_value(cipher: FieldCipher, value: Any) -> Any:
    if value is None or (isinstance(value, str) and value.startswith(TOKEN)):
        return value
    return TOKEN + base64.b64encode(cipher.encrypt(str(value), context=DIFF_CONTEXT)).decode()


def _open_value(cipher: FieldCipher, value: Any) -> Any:
    if isinstance(value, str) and value.startswith(TOKEN):
        return cipher.decrypt(base64.b64decode(value[len(TOKEN) :]), context=DIFF_CONTEXT)
    return value  # stored masked, or a diff written before sealing


def shown(cipher: FieldCipher, diff: dict[str, Any], principal: Principal | None) -> dict[str, Any]:
    """The diff as the reader may see it."""
    out: dict[str, Any] = {}
    for path, values in diff.items():
        target = _protected(path)
        if target is None or not isinstance(values, list):
            out[path] = values
            continue
        policy = policy_for(target[0], target[1])
        assert policy is not None, target
        out[path] = [_as_seen(policy, principal, _open_value(cipher, v)) for v in values]
    return out


def _as_seen(policy: FieldPolicy, principal: Principal | None, value: Any) -> Any:
    if value is None:
        return None
    visibility = policy.visibility(principal) if principal is not None else Visibility.HIDDEN
    if visibility == Visibility.HIDDEN:
        return None
    if visibility == Visibility.FULL:
        return value
    masked = MASKERS[policy.mask](value)
    return masked


def needs_sealing(diff: dict[str, Any]) -> bool:
    """Whether a stored diff still holds a plain value on a sealed path (``cic keys rotate``)."""
    return any(
        (t := _protected(path)) is not None and t[2] and isinstance(values, list)
        and any(v is not None and not (isinstance(v, str) and v.startswith(TOKEN)) for v in values)
        for path, values in diff.items()
    )


def stale(cipher: FieldCipher, diff: dict[str, Any]) -> bool:
    """Whether a stored diff holds a sealed value under a key other than the current one."""
    return any(
        isinstance(v, str) and v.startswith(TOKEN) and cipher.needs_rotation(base64.b64decode(v[len(TOKEN) :]))
        for values in diff.values() if isinstance(values, list) for v in values
    )


def reseal(cipher: FieldCipher, diff: dict[str, Any]) -> dict[str, Any]:
    """A stored diff with every sealed path sealed under the current key."""
    opened = {
        path: [_open_value(cipher, v) for v in values] if (t := _protected(path)) is not None and t[2] and isinstance(values, list) else values
        for path, values in diff.items()
    }
    return seal(cipher, opened)
