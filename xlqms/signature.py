"""Identity that cannot be forged by editing the file: each unit workbook is signed.

A campaign's secret (32 random bytes, hex) lives in ``DIR/.xlqms-secret``, file mode 0600, created
by the first ``xlqms generate`` and never written into any output. Each generated unit workbook
carries, beside its identity (hidden sheet ``_xlqms``, defined names, document properties), the
key ``signature``: HMAC-SHA256 with that secret over the campaign code, year, period, unit code,
template version and indicator codes, as :func:`identity_message` spells them. A unit can read
its own signature but cannot make another unit's without the secret.

When a returned file is read (:func:`check_signature`):

* the campaign has no secret (its workbooks were made before xlqms signed them): nothing is checked;
* the signature matches the identity: nothing to say;
* the signature does not match (the identity was edited — another unit's code typed into the
  hidden sheet, the names or the properties): ``identity-forged``, the file is rejected and counts
  for no unit;
* there is no signature (a workbook made before signing, or one whose hidden parts were lost and
  whose identity comes from the visible cells): ``identity-unsigned``, a warning that holds the file
  for review — it never replaces a unit's current file by itself (:data:`xlqms.codes.HOLDING_CODES`).
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

from xlqms import layout
from xlqms.findings import Code, Finding, finding
from xlqms.text import nfc

SIGNED_KEYS = (layout.ID_CAMPAIGN, layout.ID_YEAR, layout.ID_PERIOD, layout.ID_UNIT_CODE,
               layout.ID_TEMPLATE_VERSION, layout.ID_INDICATORS)
"""The identity keys a signature binds, in this order."""

_secrets: dict[str, bytes] = {}
"""Secrets read in this process, by campaign folder (only found ones: a secret never changes)."""


def secret_path(folder) -> Path:
    return Path(folder) / layout.SECRET_FILE


def campaign_secret(folder, create: bool = False) -> bytes | None:
    """The campaign's secret, or None when it has none (``create``: make one, mode 0600).

    Raises OSError when the secret file exists but cannot be read, or cannot be created.
    """
    if folder is None:
        return None
    given = str(folder)
    found = _secrets.get(given) if os.path.isabs(given) else None   # an absolute path seen before: no resolve
    if found is not None:
        return found
    key = str(Path(folder).resolve())
    found = _secrets.get(key)
    if found is not None:
        if os.path.isabs(given):
            _secrets[given] = found
        return found
    path = secret_path(folder)
    try:
        text = path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        if not create or not path.parent.is_dir():   # no campaign folder on disk: nothing to sign with
            return None
        text = _create_secret(path)
    value = bytes.fromhex(text)
    _secrets[key] = value
    if os.path.isabs(given):
        _secrets[given] = value
    return value


def _create_secret(path: Path) -> str:
    text = secrets.token_hex(32)
    try:
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:   # made meanwhile by another process: use it
        return path.read_text(encoding="ascii").strip()
    with os.fdopen(handle, "w", encoding="ascii") as stream:
        stream.write(text + "\n")
        stream.flush()
        os.fsync(stream.fileno())
    return text


def identity_message(values: dict[str, str]) -> bytes:
    """The bytes that are signed: ``xlqms-identity-v1`` then ``key=value`` lines (NFC text)."""
    lines = ["xlqms-identity-v1"] + [f"{key}={nfc(values.get(key, ''))}" for key in SIGNED_KEYS]
    return "\n".join(lines).encode("utf-8")


def sign(secret: bytes, values: dict[str, str]) -> str:
    """The signature of an identity (lower-case hex, 64 characters)."""
    return hmac.new(secret, identity_message(values), hashlib.sha256).hexdigest()


def signature_for(campaign, identity: dict[str, str], create: bool = True) -> str:
    """The signature a generated workbook carries ('' when the campaign has no folder)."""
    secret = campaign_secret(getattr(campaign, "folder", None), create=create)
    return sign(secret, identity) if secret else ""


def check_signature(identity, campaign, file_name: str) -> Finding | None:
    """``identity-forged`` or ``identity-unsigned`` for a returned file's identity, or None.

    ``identity`` is a :class:`xlqms.read.Identity` (``get(key)``). Never raises: a campaign whose
    secret cannot be read checks nothing.
    """
    try:
        secret = campaign_secret(getattr(campaign, "folder", None))
    except (OSError, ValueError):
        return None
    if secret is None:
        return None
    claimed = (identity.get(layout.ID_SIGNATURE) or "").strip().lower()
    if not claimed:
        return finding(
            Code.IDENTITY_UNSIGNED,
            "Sổ không có chữ ký xác thực của đợt (sổ cũ, hoặc phần nhận dạng ẩn đã mất): xlqms không chắc tệp "
            f"đúng là của đơn vị {identity.get(layout.ID_UNIT_CODE)}. Tệp được giữ lại chờ xem, không tự thay "
            "tệp đang dùng của đơn vị. Đề nghị đơn vị điền vào sổ xlqms gửi ở đợt này.", file=file_name)
    values = {key: identity.get(key) for key in SIGNED_KEYS}
    if hmac.compare_digest(claimed, sign(secret, values)):
        return None
    owner = _real_owner(secret, values, claimed, campaign)
    return finding(
        Code.IDENTITY_FORGED,
        f"Phần nhận dạng của sổ (đơn vị {identity.get(layout.ID_UNIT_CODE) or '?'}) không khớp chữ ký xác thực"
        + (f": sổ này là của đơn vị {owner}" if owner else "")
        + ". Tệp bị từ chối; số liệu của đơn vị kia giữ nguyên. Đề nghị đơn vị dùng đúng sổ xlqms đã gửi cho mình, "
        "không sửa phần nhận dạng.", file=file_name)


def _real_owner(secret: bytes, values: dict[str, str], claimed: str, campaign) -> str | None:
    """The unit of the campaign whose signature this is (the identity with only its unit code changed)."""
    units = getattr(campaign, "units", None)
    if units is None:
        return None
    for unit in units:
        if hmac.compare_digest(claimed, sign(secret, {**values, layout.ID_UNIT_CODE: unit.code})):
            return f"{unit.code} {unit.name}".strip()
    return None
