"""Identity that cannot be forged by editing the file: each unit workbook is signed.

A campaign's secret (32 random bytes, hex) lives in ``DIR/.xlqms-secret``, file mode 0600, created
by the first ``xlqms generate`` and never written into any output. Each generated unit workbook
carries, beside its identity (hidden sheet ``_xlqms``, defined names, document properties), the
key ``signature``: HMAC-SHA256 with that secret over the campaign code, year, period, unit code,
template version and indicator codes, as :func:`identity_message` spells them. A unit can read
its own signature but cannot make another unit's without the secret.

When a returned file is read (:func:`check_signature`):

* the campaign has no secret (its workbooks were made before xlqms signed them): nothing is checked —
  unless the round shows it signs (its secret file is there but damaged, or a generated workbook or an
  archived return of this campaign carries a signature: :func:`round_was_signed`), when an unsigned file is
  ``identity-unsigned`` as below;
* the signature matches the identity: nothing to say;
* the signature does not match (the identity was edited — another unit's code typed into the
  hidden sheet, the names or the properties): ``identity-forged``, the file is rejected and counts
  for no unit;
* there is no signature (a workbook made before signing, or one whose hidden parts were lost and
  whose identity comes from the visible cells): ``identity-unsigned``, a warning that holds the file
  for review — its figures are never used, even when its unit has nothing else: it may be another
  unit's file relabelled (:data:`xlqms.codes.WITHHOLDING_CODES`);
* the file is signed but the campaign's secret is missing or damaged (deleted, emptied, edited):
  ``identity-unverifiable``, a warning that holds the file the same way (never used) — never accepted
  unchecked, never rejected as forged. Restore ``.xlqms-secret`` from a copy and run ``xlqms collect DIR
  --rebuild`` to check every file again.

A secret that is not 64 hexadecimal characters is damaged (:class:`SecretError`); ``generate``
never makes a new secret silently for a campaign whose workbooks were already sent
(:func:`secret_for_generate`): the returns of those workbooks could then never be checked.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
import stat
import zipfile
from pathlib import Path

from xlqms import layout
from xlqms.errors import OutputExistsError, XlqmsError
from xlqms.findings import Code, Finding, finding
from xlqms.identity import peek_zip
from xlqms.text import nfc, same_name

SIGNED_KEYS = (layout.ID_CAMPAIGN, layout.ID_YEAR, layout.ID_PERIOD, layout.ID_UNIT_CODE,
               layout.ID_TEMPLATE_VERSION, layout.ID_INDICATORS)
"""The identity keys a signature binds, in this order."""

_SECRET_TEXT = re.compile(r"[0-9a-f]{64}")
SECRET_READ_BYTES = 4096
"""At most this much of the secret file is read (it holds 65 bytes): a huge file there is damage."""


class SecretError(XlqmsError):
    """The campaign's secret file exists but is damaged (not 64 hexadecimal characters)."""


def _damaged(path: Path) -> SecretError:
    return SecretError(
        f"Tệp khóa bí mật của đợt “{path}” bị hỏng (phải là 64 ký tự 0–9, a–f): xlqms không kiểm tra được chữ ký "
        "của các sổ đã gửi. Chép lại tệp này từ bản sao lưu của thư mục đợt; nếu không còn bản nào, xóa tệp và "
        "tạo lại sổ cho mọi đơn vị (xlqms generate DIR --force), rồi gửi lại sổ mới.")


_secrets: dict[str, bytes] = {}
"""Secrets read in this process, by campaign folder (only found ones: a secret never changes)."""


def secret_path(folder) -> Path:
    return Path(folder) / layout.SECRET_FILE


def campaign_secret(folder, create: bool = False) -> bytes | None:
    """The campaign's secret, or None when it has none (``create``: make one, mode 0600).

    Raises OSError when the secret file exists but cannot be read, or cannot be created;
    :class:`SecretError` when it is damaged.
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
        if not stat.S_ISREG(os.stat(path).st_mode):      # a folder, a FIFO (would block), a device
            raise _damaged(path)
        with open(path, "rb") as stream:
            raw = stream.read(SECRET_READ_BYTES)
    except FileNotFoundError:
        if not create or not path.parent.is_dir():   # no campaign folder on disk: nothing to sign with
            return None
        raw = _create_secret(path).encode("ascii")
    text = raw.strip().decode("ascii", "replace").lower()
    if not _SECRET_TEXT.fullmatch(text):
        raise _damaged(path)
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


def secret_for_generate(folder, out_dir, whole_round: bool, force: bool) -> None:
    """Check, before ``generate`` writes anything, that signing will not cut off workbooks already sent.

    Nothing to check when the campaign has its secret (raises :class:`SecretError` when it is
    damaged). When it has none but its workbooks were made before (a manifest in ``out_dir`` or in
    the default output folder, or files in the archive), a new secret is made only for a whole
    round with ``force`` (every unit gets a new workbook); otherwise :class:`OutputExistsError`.
    """
    if folder is None or campaign_secret(folder) is not None:
        return
    folder = Path(folder)
    manifests = {Path(out_dir) / layout.MANIFEST_FILE, layout.output_path(folder, layout.WORKBOOKS_DIR) / layout.MANIFEST_FILE}
    archive = folder / layout.ARCHIVE_DIR
    sent_before = any(path.exists() for path in manifests) or (
        archive.is_dir() and any(entry.name != layout.JOURNAL_FILE for entry in archive.iterdir()))
    if not sent_before or (whole_round and force):
        return
    raise OutputExistsError(
        f"Không có tệp khóa bí mật của đợt ({secret_path(folder)}) nhưng sổ của đợt đã được tạo và gửi đi trước đây: "
        "nếu tạo khóa mới, sổ các đơn vị đang điền sẽ không kiểm tra được chữ ký. Chép lại tệp .xlqms-secret từ bản "
        "sao lưu của thư mục đợt rồi chạy lại; nếu không còn bản nào, tạo lại sổ cho mọi đơn vị (xlqms generate DIR "
        "--force, không dùng --unit) và gửi lại sổ mới.")


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

    ``identity`` is a :class:`xlqms.read.Identity` (``get(key)``). Never raises: a signed file of a
    campaign whose secret is missing or cannot be read is ``identity-unverifiable``.
    """
    claimed = (identity.get(layout.ID_SIGNATURE) or "").strip().lower()
    try:
        secret = campaign_secret(getattr(campaign, "folder", None))
    except (OSError, SecretError):
        secret, damaged = None, True
    else:
        damaged = False
    folder = getattr(campaign, "folder", None)
    if secret is None:
        if folder is None:
            return None
        if not claimed:
            if not damaged and not round_was_signed(folder, getattr(campaign, "id", None)):
                return None      # a campaign that never signed (made before signing)
            return finding(      # the secret lost, but the round signs: an unsigned file may be anyone's
                Code.IDENTITY_UNSIGNED,
                f"Sổ không có chữ ký xác thực của đợt, và tệp khóa bí mật của đợt ({layout.SECRET_FILE}) "
                + ("bị hỏng hoặc không đọc được" if damaged else "không còn") + ": xlqms không chắc tệp đúng là của "
                f"đơn vị {identity.get(layout.ID_UNIT_CODE)} (có thể là sổ của đơn vị khác bị sửa nhãn). Tệp được giữ "
                "lại chờ xem: số liệu của tệp chưa được dùng. Chép lại tệp khóa từ bản sao lưu của thư mục đợt rồi chạy "
                "xlqms collect DIR --rebuild; đề nghị đơn vị điền vào sổ xlqms gửi ở đợt này.", file=file_name)
        return finding(
            Code.IDENTITY_UNVERIFIABLE,
            f"Sổ có chữ ký xác thực nhưng tệp khóa bí mật của đợt ({layout.SECRET_FILE}) "
            + ("bị hỏng hoặc không đọc được" if damaged else "không còn") + ": xlqms không kiểm tra được tệp đúng là của đơn vị "
            f"{identity.get(layout.ID_UNIT_CODE)}. Tệp được giữ lại chờ xem: số liệu của tệp chưa được dùng. Chép lại tệp "
            f"{layout.SECRET_FILE} từ bản sao lưu của thư mục đợt rồi chạy xlqms collect DIR --rebuild.", file=file_name)
    if not claimed:
        return finding(
            Code.IDENTITY_UNSIGNED,
            "Sổ không có chữ ký xác thực của đợt (sổ cũ, hoặc phần nhận dạng ẩn đã mất): xlqms không chắc tệp "
            f"đúng là của đơn vị {identity.get(layout.ID_UNIT_CODE)} (có thể là sổ của đơn vị khác bị sửa nhãn). Tệp "
            "được giữ lại chờ xem và số liệu của tệp không được dùng. Nếu đơn vị chưa gửi sổ của mình, đề nghị đơn vị "
            "điền vào sổ xlqms gửi ở đợt này và gửi lại (đến lúc đó đơn vị chưa tính là đã nộp).", file=file_name)
    values = {key: identity.get(key) for key in SIGNED_KEYS}
    if hmac.compare_digest(claimed, sign(secret, values)):
        return None
    owner = _real_owner(secret, values, claimed, campaign)
    return finding(
        Code.IDENTITY_FORGED,
        f"Phần nhận dạng của sổ (đơn vị {identity.get(layout.ID_UNIT_CODE) or '?'}) không khớp chữ ký xác thực"
        + (f": sổ này là của đơn vị {owner}" if owner else "")
        + ". Tệp bị từ chối; số liệu của đơn vị kia giữ nguyên. Đề nghị đơn vị dùng đúng sổ xlqms đã gửi cho mình, "
        "không sửa phần nhận dạng." + ("" if owner else _OTHER_SECRET_HINT), file=file_name)


_OTHER_SECRET_HINT = (
    " Nếu nhiều sổ cùng bị từ chối vì lý do này, có thể tệp khóa bí mật của đợt (" + layout.SECRET_FILE + ") đã bị "
    "thay bằng tệp của đợt khác, hoặc sổ được tạo ở một thư mục đợt khác: chép lại tệp khóa đúng từ bản sao lưu của "
    "thư mục đợt rồi chạy xlqms collect DIR --rebuild.")
"""Said when no unit of the campaign owns the signature: every identity value may be the sender's own,
signed with another secret (the campaign's secret replaced, or a workbook of another copy of the round)."""


SIGNED_EVIDENCE_FILES = 20
"""At most this many generated workbooks and archived returns are looked at for a signature."""

_signed_rounds: dict[tuple[str, str | None], bool] = {}


def round_was_signed(folder, campaign_id: str | None = None) -> bool:
    """Whether the round in ``folder`` signs its workbooks although its secret file is gone: a generated
    workbook (``out/workbooks``) or a return already archived carries a signature in its document
    properties or defined names (read from those small parts only, as :func:`xlqms.identity.peek_zip`
    does for a hostile file) — with ``campaign_id``, a workbook of that campaign only: another round's
    signed workbook sent here by mistake (archived, refused) says nothing of this round. A round
    generated before xlqms signed shows none. Cached per folder and campaign.
    """
    key = (str(Path(folder).resolve()), campaign_id)
    if key not in _signed_rounds:
        _signed_rounds[key] = _signature_seen(Path(folder), campaign_id)
    return _signed_rounds[key]


def _signature_seen(folder: Path, campaign_id: str | None) -> bool:
    places = (layout.output_path(folder, layout.WORKBOOKS_DIR), folder / layout.ARCHIVE_DIR)
    for place in places:
        try:
            candidates = sorted(path for path in place.iterdir()
                                if path.suffix.lower() in (".xlsx", ".xlsm", ".ods") and path.is_file()
                                and not path.is_symlink())[:SIGNED_EVIDENCE_FILES]
        except OSError:
            continue
        for path in candidates:
            try:
                with zipfile.ZipFile(path) as archive:
                    found = peek_zip(archive)
            except Exception:  # noqa: BLE001 - a broken or hostile file is no evidence
                continue
            if found is not None and found.get(layout.ID_SIGNATURE) and (
                    campaign_id is None or same_name(found.get(layout.ID_CAMPAIGN) or "", campaign_id)):
                return True
    return False


def _real_owner(secret: bytes, values: dict[str, str], claimed: str, campaign) -> str | None:
    """The unit of the campaign whose signature this is (the identity with only its unit code changed)."""
    units = getattr(campaign, "units", None)
    if units is None:
        return None
    for unit in units:
        if hmac.compare_digest(claimed, sign(secret, {**values, layout.ID_UNIT_CODE: unit.code})):
            return f"{unit.code} {unit.name}".strip()
    return None
