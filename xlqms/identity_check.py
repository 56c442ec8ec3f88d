"""A returned file's identity judged against the campaign (:mod:`xlqms.read` calls it once the
identity is read): the campaign code, the period and year, the template version, the unit and its
name, and the signature that binds them (:mod:`xlqms.signature`). Each disagreement is a finding
in Vietnamese that says what to do; the rejecting ones are listed in :mod:`xlqms.codes`.
"""

from __future__ import annotations

from collections.abc import Sequence

from xlqms import layout
from xlqms.campaign import Campaign
from xlqms.catalogue import period_and_year
from xlqms.codes import REJECTING_CODES
from xlqms.findings import Code, Finding, finding
from xlqms.identity import Identity, match_unit
from xlqms.signature import check_signature
from xlqms.text import same_name


def check_identity(identity: Identity, campaign: Campaign, file: str,
                   earlier: Sequence[Finding] = ()) -> tuple[str | None, list[Finding]]:
    """(the campaign unit the file belongs to, or None; the findings about its identity). ``earlier``:
    the file's findings so far — the signature is checked only for a file nothing has rejected yet. A
    forged identity (``identity-forged``) counts for no unit: the other unit's data stays untouched."""
    problems: list[Finding] = []
    claimed = identity.get(layout.ID_CAMPAIGN)
    if claimed and claimed != campaign.id:
        title = identity.get(layout.ID_CAMPAIGN_TITLE)
        problems.append(finding(
            Code.CAMPAIGN_MISMATCH,
            f"Sổ của đợt báo cáo khác (mã đợt {claimed}{', ' + title if title else ''}), không phải đợt "
            f"{campaign.id}. Đề nghị đơn vị điền vào sổ của đợt này và gửi lại.", file=file,
        ))
    period_text = identity.get(layout.ID_PERIOD)
    period, written_year = period_and_year(period_text)         # '6 tháng đầu năm 2025': its year too
    years = [year for year in (identity.get(layout.ID_YEAR), written_year) if year]
    year = next((year for year in years if year != str(campaign.year)), years[0] if years else "")
    if (period_text and period != campaign.period) or (year and year != str(campaign.year)):
        shown = " ".join(part for part in (period_text, year if year and year not in period_text else "") if part)
        problems.append(finding(
            Code.PERIOD_MISMATCH,
            f"Sổ của kỳ báo cáo khác ({shown}), không phải {campaign.period.lower()} {campaign.year}. "
            "Đề nghị đơn vị điền vào sổ của kỳ này và gửi lại.", file=file,
        ))
    version = identity.get(layout.ID_TEMPLATE_VERSION)
    if identity.source != "visible" and version != layout.TEMPLATE_VERSION:
        problems.append(finding(
            Code.TEMPLATE_VERSION_MISMATCH,
            f"Sổ theo mẫu cũ (phiên bản {version or 'không rõ'}, hiện dùng {layout.TEMPLATE_VERSION}). "
            "Đề nghị đơn vị chép số liệu sang sổ mới xlqms gửi và gửi lại.", file=file,
        ))
    code = identity.unit_code
    unit_code = match_unit(code, campaign.units)
    if unit_code is None:
        problems.append(finding(
            Code.UNKNOWN_UNIT,
            f"Mã đơn vị “{code}”{' (' + identity.get(layout.ID_UNIT_NAME) + ')' if identity.get(layout.ID_UNIT_NAME) else ''}"
            " không có trong danh sách đơn vị của đợt này. Kiểm tra tệp có đúng của đơn vị mình quản lý không.",
            file=file,
        ))
    elif identity.get(layout.ID_UNIT_NAME) and not same_name(identity.get(layout.ID_UNIT_NAME),
                                                           campaign.units[unit_code].name):
        problems.append(finding(
            Code.UNIT_NAME_MISMATCH,
            f"Tên đơn vị trong sổ (“{identity.get(layout.ID_UNIT_NAME)}”) khác tên trong đợt "
            f"(“{campaign.units[unit_code].name}”) của mã {unit_code}: kiểm tra đúng đơn vị.", file=file,
        ))
    # -- issue 15: the identity must carry the campaign's signature (xlqms.signature) -----------
    signature_problem = None
    if unit_code is not None and not any(f.code in REJECTING_CODES for f in (*earlier, *problems)):
        signature_problem = check_signature(identity, campaign, file)   # a file of this round only
    if signature_problem is not None:
        problems.append(signature_problem)
        if signature_problem.code == Code.IDENTITY_FORGED:
            return None, problems   # a forged file counts for no unit: the other unit's data stays untouched
    return unit_code, problems
