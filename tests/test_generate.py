"""generate: one workbook per unit with objectives, identity inside, fast path equal to the plain path."""

from __future__ import annotations

import csv
import hashlib
import json
import shutil
import zipfile

import pytest
from builders_generate import make_campaign, results_layout
from click.testing import CliRunner
from openpyxl import load_workbook

from xlqms import layout
from xlqms.campaign import Settings, read_campaign
from xlqms.catalogue import CatalogueEntry
from xlqms.errors import OutputExistsError
from xlqms.generate import _build_workbook_plain, build_workbook_bytes, generate_workbooks, read_manifest, workbook_file_name
from xlqms.units import Unit

UNITS = [
    ("52", "Tỉnh Bình Định", "Tỉnh", None),
    ("540", "Thị xã Hoài Nhơn", "Huyện", "52"),
    ("27280", "Phường Lộc An", "Phường", "540"),
    ("27283", "Xã Hoài Mỹ", "Xã", "540"),
    ("541", "Huyện Tuy Phước", "Huyện", "52"),
    ("27301", "Thị trấn Tuy Phước", "Thị trấn", "541"),   # no objective applies to it
]
OBJECTIVES = [
    ("1", "Duy trì, cải tiến Hệ thống quản lý chất lượng theo TCVN ISO 9001:2015",
     [("MT01", "Kết quả đánh giá nội bộ đạt yêu cầu", ("Huyện", "Phường", "Xã"), ("Cả năm",))],
     [("Duy trì đánh giá nội bộ", "Theo kế hoạch", "Ban chỉ đạo ISO"),
      ("Cập nhật thủ tục hành chính khi có thay đổi", "Thường xuyên", "Thư ký ISO")]),
    ("2", "Tỷ lệ hồ sơ TTHC được giải quyết đúng hạn và trước hạn",
     [("MT02.1", "trên 95%", ("Huyện", "Phường", "Xã")), ("MT02.2", "Tăng 1% so với năm 2025", ("Phường",))],
     [("Theo dõi, đôn đốc hàng tháng", "Cuối mỗi tháng", "Bộ phận một cửa")]),
    ("3", "Giải quyết việc làm", [("MT03", "900 lao động", ("Huyện",))]),
]


@pytest.fixture()
def campaign(tmp_path):
    return make_campaign(tmp_path / "dot", UNITS, OBJECTIVES)


def test_three_levels_every_unit_with_objectives_and_no_other(tmp_path):
    """A real campaign.xlsx (written as `xlqms init` does) with province → district → commune."""
    from xlqms.campaign_workbook import write_campaign_workbook

    folder = tmp_path / "dot"
    folder.mkdir()
    settings = Settings(2026, "6 tháng đầu năm", "Đợt thử", None, "2026-H1-ba-cap", "UBND tỉnh Bình Định", "")
    catalogue = (
        CatalogueEntry("Hồ sơ đúng hạn", (("trên 95%", ""),), (("Theo dõi", "Hàng tháng", "Một cửa"),), "Huyện, Xã"),
        CatalogueEntry("Việc làm", (("900 lao động", "Cả năm"),), (), "Huyện"),
        CatalogueEntry("Riêng một xã", (("100%", ""),), (), "27283"),
    )
    units = [Unit(code, name, level, parent) for code, name, level, parent in UNITS]
    write_campaign_workbook(folder / layout.CAMPAIGN_FILE, settings, units, catalogue)
    campaign = read_campaign(folder)

    result = generate_workbooks(campaign)

    assert not result.findings
    assert {row.unit_code for row in result.rows} == {"540", "541", "27283"}
    assert set(result.skipped) == {"52", "27280", "27301"}
    out = folder / "out" / "workbooks"
    assert sorted(path.name for path in out.glob("*.xlsx")) == sorted(
        workbook_file_name(campaign.units[code]) for code in ("540", "541", "27283"))
    _, _, rows = results_layout(out / "27283_Xa_Hoai_My.xlsx")
    codes = load_workbook(out / "27283_Xa_Hoai_My.xlsx").defined_names["XLQMS_INDICATOR_CODES"].attr_text
    assert list(rows) == codes.strip('"').split(",") and len(rows) == 2


def test_file_names_begin_with_the_code_and_are_ascii():
    assert workbook_file_name(Unit("27280", "Phường Lộc An")) == "27280_Phuong_Loc_An.xlsx"
    assert workbook_file_name(Unit("00004", "Xã Đắk Lắk / Cư M'gar")) == "00004_Xa_Dak_Lak_Cu_M_gar.xlsx"
    assert workbook_file_name(Unit("12", "")).isascii()


def test_identity_survives_a_rename(campaign, tmp_path):
    result = generate_workbooks(campaign)
    original = result.out_dir / "27280_Phuong_Loc_An.xlsx"
    renamed = tmp_path / "bao cao (1) - ban sua.xlsx"
    shutil.copy(original, renamed)

    workbook = load_workbook(renamed)
    hidden = workbook[layout.IDENTITY_SHEET]
    assert hidden.sheet_state == "veryHidden"
    assert workbook[layout.LISTS_SHEET].sheet_state == "hidden"
    from_sheet = {row[0]: row[1] for row in hidden.iter_rows(min_row=2, values_only=True) if row[0]}
    from_names = {key: workbook.defined_names[layout.identity_defined_name(key)].attr_text[1:-1]
                  for key in layout.IDENTITY_KEYS}
    from_properties = {prop.name[len(layout.PROPERTY_PREFIX):]: prop.value for prop in workbook.custom_doc_props.props}
    assert from_sheet == from_names == from_properties
    assert from_sheet[layout.ID_UNIT_CODE] == "27280"
    assert from_sheet[layout.ID_UNIT_NAME] == "Phường Lộc An"
    assert from_sheet[layout.ID_CAMPAIGN] == "2026-H1-test"
    assert from_sheet[layout.ID_PERIOD] == "6 tháng đầu năm"
    assert from_sheet[layout.ID_TEMPLATE_VERSION] == layout.TEMPLATE_VERSION
    assert from_sheet[layout.ID_INDICATORS] == "MT01,MT02.1,MT02.2"

    results = workbook[layout.RESULTS_SHEET]
    visible = {}
    for row in results.iter_rows(max_row=12):
        cells = [cell.value for cell in row]
        for index, value in enumerate(cells):
            if value in (layout.VISIBLE_UNIT_LABEL, layout.VISIBLE_UNIT_CODE_LABEL, layout.VISIBLE_PERIOD_LABEL,
                         layout.VISIBLE_CAMPAIGN_LABEL):
                visible[value] = next(v for v in cells[index + 1:] if v not in (None, ""))
    assert visible == {layout.VISIBLE_UNIT_LABEL: "Phường Lộc An", layout.VISIBLE_UNIT_CODE_LABEL: "27280",
                       layout.VISIBLE_PERIOD_LABEL: "6 tháng đầu năm", layout.VISIBLE_CAMPAIGN_LABEL: "2026-H1-test"}


def _snapshot(workbook) -> dict:
    """Everything a reader or a person sees in a workbook, for comparing two builds."""
    sheets = {}
    for sheet in workbook.worksheets:
        sheets[sheet.title] = {
            "state": sheet.sheet_state,
            "cells": {cell.coordinate: (cell.value, cell.data_type, cell.protection.locked, cell.fill.fgColor.rgb,
                                        cell.number_format, cell.font.name, cell.font.sz, cell.font.b, cell.font.i,
                                        cell.alignment.wrap_text, cell.alignment.horizontal, cell.border.left.style)
                      for row in sheet.iter_rows() for cell in row
                      if cell.value not in (None, "") or not cell.protection.locked},   # '' and blank read alike
            "merged": sorted(str(merged) for merged in sheet.merged_cells.ranges),
            "validations": sorted((dv.type, dv.formula1, str(dv.sqref), dv.prompt)
                                  for dv in sheet.data_validations.dataValidation),
            "protected": sheet.protection.sheet,
            "print_titles": sheet.print_title_rows,
            "heights": {row: dim.height for row, dim in sheet.row_dimensions.items() if dim.height},
        }
    return {
        "sheets": sheets,
        "order": workbook.sheetnames,
        "names": {name: value.attr_text for name, value in workbook.defined_names.items()},
        "properties": {prop.name: prop.value for prop in workbook.custom_doc_props.props},
        "title": workbook.properties.title,
        "structure": workbook.security.lockStructure if workbook.security else None,
    }


def _load(data: bytes):
    import io

    return load_workbook(io.BytesIO(data))


@pytest.mark.parametrize("code", ["540", "27280", "27283"])
def test_fast_path_equals_plain_path(campaign, code):
    unit = campaign.units[code]
    stamp = "2026-07-01T08:00:00"
    plain = _snapshot(_load(_bytes(_build_workbook_plain(campaign, unit, stamp))))
    fast = _snapshot(_load(build_workbook_bytes(campaign, unit, stamp)))
    assert fast == plain
    assert "@@XLQMS" not in repr(fast)


def test_styles_copied_through_the_public_api_give_the_same_workbook(campaign, monkeypatch):
    """The template's one-step style copy (openpyxl internals, version-guarded) has a public fallback."""
    unit = campaign.units["27280"]
    stamp = "2026-07-01T08:00:00"
    fast = _snapshot(_load(_bytes(_build_workbook_plain(campaign, unit, stamp))))
    monkeypatch.setattr("xlqms.streamed_sheet.fast_path_available", lambda version=None: False)
    public = _snapshot(_load(_bytes(_build_workbook_plain(campaign, unit, stamp))))
    assert public == fast


def _bytes(workbook) -> bytes:
    import io

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_names_with_xml_and_formula_characters_are_escaped(tmp_path):
    units = [("01", 'UBND Xã "A & B" <thử>', "Xã", None), ("02", "Xã =SUM(A1)", "Xã", None)]
    campaign = make_campaign(tmp_path / "dot", units, [("1", "Mục tiêu", [("MT01", "trên 90%")])])
    for unit in campaign.units:
        stamp = "2026-07-01T08:00:00"
        fast_bytes = build_workbook_bytes(campaign, unit, stamp)
        fast = _snapshot(_load(fast_bytes))
        assert fast == _snapshot(_load(_bytes(_build_workbook_plain(campaign, unit, stamp))))
        assert zipfile.ZipFile(__import__("io").BytesIO(fast_bytes)).testzip() is None
    workbook = _load(build_workbook_bytes(campaign, campaign.units["01"]))
    assert workbook.defined_names["XLQMS_UNIT_NAME"].attr_text == '"UBND Xã ""A & B"" <thử>"'
    assert workbook[layout.IDENTITY_SHEET]["B7"].value == 'UBND Xã "A & B" <thử>'
    header = [cell.value for row in workbook[layout.RESULTS_SHEET].iter_rows(max_row=3) for cell in row if cell.value]
    assert 'XÃ "A & B" <THỬ>' in header
    other = _load(build_workbook_bytes(campaign, campaign.units["02"]))
    assert other[layout.IDENTITY_SHEET]["B7"].data_type == "s"


def test_parallel_run_writes_the_same_workbooks(campaign, tmp_path):
    stamp = "2026-07-01T08:00:00"
    serial = generate_workbooks(campaign, out_dir=tmp_path / "serial", generated_at=stamp, workers=1)
    parallel = generate_workbooks(campaign, out_dir=tmp_path / "parallel", generated_at=stamp, workers=2)
    assert [row.file for row in serial.rows] == [row.file for row in parallel.rows]
    for left, right in zip(serial.files, parallel.files):
        assert _snapshot(load_workbook(left)) == _snapshot(load_workbook(right))


def test_manifest_lists_every_file_with_its_checksum(campaign):
    result = generate_workbooks(campaign)
    with open(result.manifest_path, encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.reader(stream))
    assert rows[0] == ["Mã đơn vị", "Tên đơn vị", "Tệp", "SHA-256"]
    assert [row[0] for row in rows[1:]] == ["540", "27280", "27283", "541"]
    for code, _name, file, digest in rows[1:]:
        assert hashlib.sha256((result.out_dir / file).read_bytes()).hexdigest() == digest
        assert file.startswith(code + "_")


def test_refuses_to_overwrite_without_force_and_regenerates_one_unit(campaign):
    first = generate_workbooks(campaign)
    with pytest.raises(OutputExistsError, match="--force"):
        generate_workbooks(campaign)
    with pytest.raises(OutputExistsError):
        generate_workbooks(campaign, unit_codes=["27280"])
    target = first.out_dir / "27280_Phuong_Loc_An.xlsx"
    untouched = (first.out_dir / "540_Thi_xa_Hoai_Nhon.xlsx").stat().st_mtime_ns
    again = generate_workbooks(campaign, unit_codes=["27280"], force=True, generated_at="2030-01-01T00:00:00")
    assert [row.unit_code for row in again.rows] == ["27280"]
    assert (first.out_dir / "540_Thi_xa_Hoai_Nhon.xlsx").stat().st_mtime_ns == untouched
    manifest = read_manifest(first.manifest_path)
    assert [row.unit_code for row in manifest] == ["540", "27280", "27283", "541"]
    assert next(row for row in manifest if row.unit_code == "27280").sha256 == hashlib.sha256(target.read_bytes()).hexdigest()
    forced = generate_workbooks(campaign, force=True)
    assert len(forced.rows) == 4


def test_unknown_or_empty_unit_is_a_finding(campaign):
    result = generate_workbooks(campaign, unit_codes=["99999", "27301"])
    assert [finding.code for finding in result.findings] == ["unknown-unit", "unit-without-objectives"]
    assert result.rows == ()


def test_one_bad_unit_does_not_stop_the_others(campaign, monkeypatch):
    import xlqms.generate as generate

    real = generate.write_bytes_atomically

    def failing(path, data):
        if "27280" in str(path):
            raise OSError("đĩa đầy")
        real(path, data)

    monkeypatch.setattr(generate, "write_bytes_atomically", failing)
    result = generate_workbooks(campaign)
    assert [row.unit_code for row in result.rows] == ["540", "27283", "541"]
    assert [finding.code for finding in result.findings] == ["workbook-not-generated"]
    assert "27280" in result.findings[0].message


def test_results_sheet_guards_its_inputs(campaign):
    path = generate_workbooks(campaign).out_dir / "27280_Phuong_Loc_An.xlsx"
    sheet_name, columns, rows = results_layout(path)
    workbook = load_workbook(path)
    sheet = workbook[sheet_name]
    assert workbook.security.lockStructure
    assert sheet.protection.sheet and not sheet.protection.password
    header = int(workbook.defined_names[layout.NAME_RESULTS_HEADER].attr_text.rsplit("$", 1)[1])
    assert sheet.print_title_rows.replace("$", "") == f"{header}:{header}"
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.paperSize in (9, "9")

    # MT01 is judged at year end only: no input, shown as not due (after the checks collect makes).
    not_due = rows["MT01"]
    assert sheet[f"{columns[layout.RESULT_VERDICT]}{not_due}"].value.endswith('"Chưa đánh giá"))')
    assert all(sheet[f"{columns[name]}{not_due}"].protection.locked for name in layout.RESULT_INPUT_COLUMNS)
    # MT02.1: ratio inputs open; baseline closed. MT02.2 (change, no baseline in text): baseline open.
    row = rows["MT02.1"]
    assert not sheet[f"{columns[layout.RESULT_NUMERATOR]}{row}"].protection.locked
    assert sheet[f"{columns[layout.RESULT_BASELINE]}{row}"].protection.locked
    assert not sheet[f"{columns[layout.RESULT_BASELINE]}{rows['MT02.2']}"].protection.locked
    assert sheet[f"{columns[layout.RESULT_VERDICT]}{row}"].value.startswith("=IF(")
    assert sheet[f"{columns[layout.RESULT_TARGET]}{row}"].value == "trên 95%"

    validations = {}
    for validation in sheet.data_validations.dataValidation:
        for cell_range in validation.sqref.ranges:
            for cells in cell_range.cells:
                validations[cells] = validation
    value_column = columns[layout.RESULT_VALUE]
    from openpyxl.utils import column_index_from_string

    def rule(name, row):
        return validations[(row, column_index_from_string(columns[name]))]

    assert rule(layout.RESULT_VALUE, row).type == "decimal" and rule(layout.RESULT_VALUE, row).formula1 == "0"
    numerator = rule(layout.RESULT_NUMERATOR, row)
    assert numerator.type == "custom" and "<=" in numerator.formula1 and numerator.error
    assert rule(layout.RESULT_BASELINE, rows["MT02.2"]).type == "decimal"
    assert rule(layout.RESULT_EXPLANATION, row).prompt
    assert value_column


def test_qualitative_rows_take_the_pass_fail_list_from_a_defined_range(tmp_path):
    campaign = make_campaign(tmp_path / "dot", [("01", "Xã A", "Xã", None)],
                             [("1", "ISO", [("MT01", "Kết quả đánh giá nội bộ đạt yêu cầu")])])
    path = generate_workbooks(campaign).files[0]
    workbook = load_workbook(path)
    sheet_name, columns, rows = results_layout(path)
    lists = [dv for dv in workbook[sheet_name].data_validations.dataValidation if dv.type == "list"]
    assert [dv.formula1 for dv in lists] == [layout.NAME_PASS_FAIL_LIST]
    assert str(lists[0].sqref) == f"{columns[layout.RESULT_VALUE]}{rows['MT01']}"
    reference = workbook.defined_names[layout.NAME_PASS_FAIL_LIST].attr_text
    sheet, cells = reference.rsplit("!", 1)
    values = [cell.value for row in workbook[sheet.strip("'")][cells.replace("$", "")] for cell in row]
    assert values == list(layout.PASS_FAIL_VALUES)
    numerator = workbook[sheet_name][f"{columns[layout.RESULT_NUMERATOR]}{rows['MT01']}"]
    assert numerator.protection.locked


def test_objectives_sheet_holds_only_what_applies(campaign):
    path = generate_workbooks(campaign).out_dir / "27283_Xa_Hoai_My.xlsx"
    sheet = load_workbook(path)[layout.UNIT_OBJECTIVES_SHEET]
    texts = [cell.value for row in sheet.iter_rows() for cell in row if isinstance(cell.value, str)]
    assert "trên 95%" in texts and "Tăng 1% so với năm 2025" not in texts and "900 lao động" not in texts
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in texts and "Độc lập – Tự do – Hạnh phúc" in texts
    assert "XÃ HOÀI MỸ" in texts
    header_row = next(row for row in sheet.iter_rows() if any(cell.value == layout.OBJ_MEASURE for cell in row))
    assert [cell.value for cell in header_row][:7] == list(layout.OBJECTIVE_COLUMNS)
    assert not any("{" in text for text in texts)


def test_guide_names_the_due_date_and_where_to_send(campaign):
    path = generate_workbooks(campaign).out_dir / "27280_Phuong_Loc_An.xlsx"
    guide = load_workbook(path)[layout.GUIDE_SHEET]
    text = "\n".join(str(cell.value) for row in guide.iter_rows() for cell in row if cell.value)
    assert "15/07/2026" in text and "thuky.iso@binhdinh.gov.vn" in text
    assert "95,7" in text and "Tử số" in text and "Không đạt" in text and "Phường Lộc An" in text


def test_template_ships_with_the_package_and_rebuilds_identically(tmp_path):
    from xlqms.template import template_bytes, write_template

    rebuilt = write_template(tmp_path / "unit_template.xlsx")
    shipped = _load(template_bytes())
    fresh = load_workbook(rebuilt)
    assert shipped.sheetnames == fresh.sheetnames
    for name in shipped.sheetnames:
        values = [[c.value for c in r] for r in fresh[name].iter_rows()]
        assert [[c.value for c in r] for r in shipped[name].iter_rows()] == values


def test_cli_generate_prints_a_summary_and_refuses_a_second_run(tmp_path):
    from xlqms.campaign_workbook import write_campaign_workbook
    from xlqms.cli import main

    folder = tmp_path / "dot"
    folder.mkdir()
    settings = Settings(2026, "Cả năm", "Đợt thử", None, "2026-FY-cli", "", "")
    units = [Unit("01", "Xã Một", "Xã"), Unit("02", "Xã Hai", "Xã")]
    write_campaign_workbook(folder / layout.CAMPAIGN_FILE, settings, units,
                            (CatalogueEntry("Hồ sơ", (("trên 95%", ""),)),))
    runner = CliRunner()
    result = runner.invoke(main, ["generate", str(folder)])
    assert result.exit_code == 0, result.output
    assert "Đã tạo 2 sổ báo cáo" in result.output and "manifest.csv" in result.output
    assert "01_Xa_Mot.xlsx" not in result.output                  # a summary, not a row per unit
    assert len(read_manifest(folder / "out" / "workbooks" / "manifest.csv")) == 2
    again = runner.invoke(main, ["generate", str(folder)])
    assert again.exit_code == 3 and "--force" in again.output
    one = runner.invoke(main, ["generate", str(folder), "--unit", "02", "--force", "--out", str(tmp_path / "x"),
                               "--json"])
    assert one.exit_code == 0, one.output
    assert [row["file"] for row in json.loads(one.output)["workbooks"]] == ["02_Xa_Hai.xlsx"]   # details: --json
    assert [path.name for path in (tmp_path / "x").glob("*.xlsx")] == ["02_Xa_Hai.xlsx"]


LONG_NAME = "Ban Quản lý các khu công nghiệp và khu kinh tế tỉnh Bà Rịa – Vũng Tàu"


def test_a_long_unit_name_gets_the_same_guide_from_the_fast_and_the_plain_path(tmp_path):
    """Rows are sized for the longest name among the units sharing a layout, on both paths."""
    units = [("77", "Tỉnh Bà Rịa – Vũng Tàu", "Tỉnh", None), ("7701", LONG_NAME, "Ban", "77"),
             ("7702", "Xã Long Hải", "Ban", "77"), ("7703", "Xã A", "Ban", "77")]
    campaign = make_campaign(tmp_path / "dot", units, [("1", "Hồ sơ đúng hạn", [("MT01", "trên 95%", ("Ban",))])])
    stamp = "2026-07-01T08:00:00"
    result = generate_workbooks(campaign, out_dir=tmp_path / "out", generated_at=stamp, workers=1)
    files = {row.unit_code: tmp_path / "out" / row.file for row in result.rows}
    for code in ("7701", "7702", "7703"):
        fast = _snapshot(load_workbook(files[code]))
        plain = _snapshot(_load(_bytes(_build_workbook_plain(campaign, campaign.units[code], stamp))))
        assert fast["sheets"][layout.GUIDE_SHEET] == plain["sheets"][layout.GUIDE_SHEET], code
        assert fast == plain, code
    guide = load_workbook(files["7701"])[layout.GUIDE_SHEET]
    rows = [cell.row for row in guide.iter_rows() for cell in row
            if isinstance(cell.value, str) and LONG_NAME in cell.value]
    assert rows, "the guide names the unit"
    # the row that names the unit is tall enough for the long name, in every unit of the layout
    short_guide = load_workbook(files["7703"])[layout.GUIDE_SHEET]
    for row in rows:
        assert guide.row_dimensions[row].height == short_guide.row_dimensions[row].height
    lone = make_campaign(tmp_path / "lone", [units[0], units[3]],
                         [("1", "Hồ sơ đúng hạn", [("MT01", "trên 95%", ("Ban",))])])
    alone = _load(build_workbook_bytes(lone, lone.units["7703"], stamp))[layout.GUIDE_SHEET]
    assert any(guide.row_dimensions[row].height > (alone.row_dimensions[row].height or 15) for row in rows)


@pytest.mark.parametrize("part, xml, safe", [
    ("xl/sharedStrings.xml", "<si><t>Đơn vị: @@XLQMS:unit_name@@</t></si>", True),
    ("xl/worksheets/sheet3.xml", '<c r="A2" t="inlineStr"><is><t>@@XLQMS:UNIT_NAME@@</t></is></c>', True),
    ("xl/workbook.xml", '<definedName name="XLQMS_UNIT_NAME">"@@XLQMS:unit_name@@"</definedName>', True),
    ("docProps/custom.xml", "<property><vt:lpwstr>@@XLQMS:unit_code@@</vt:lpwstr></property>", True),
    # in an attribute (a sheet name, a prompt): escaping differs and a quote would break the XML
    ("xl/workbook.xml", '<sheet name="@@XLQMS:unit_name@@" sheetId="1"/>', False),
    ("xl/worksheets/sheet1.xml", '<dataValidation prompt="Đơn vị @@XLQMS:unit_name@@"/>', False),
    # text, but of an element or a part not known to take plain text
    ("xl/worksheets/sheet1.xml", "<c><f>LEN(\"@@XLQMS:unit_name@@\")</f></c>", False),
    ("xl/comments1.xml", "<comment><text><t>@@XLQMS:unit_name@@</t></text></comment>", False),
    ("xl/sharedStrings.xml", "<si><t>no token here</t></si>", True),
])
def test_tokens_are_spliced_only_into_allowed_text_nodes(part, xml, safe):
    from xlqms.workbook_shape import splice_is_safe

    assert splice_is_safe(part, xml) is safe


def test_a_shape_that_cannot_be_spliced_safely_is_built_per_unit(campaign, monkeypatch):
    from xlqms import generate, workbook_shape

    monkeypatch.setattr(workbook_shape, "SPLICE_TEXT_NODES", {})     # nowhere is safe: every shape falls back
    unit = campaign.units["27280"]
    stamp = "2026-07-01T08:00:00"
    shape = generate.build_shape(campaign, campaign.objectives_for(unit), stamp,
                                 generate.sizing_values(generate.units_sharing_shape(campaign, unit)))
    assert shape.plain is not None and shape.members == ()
    fast = _snapshot(_load(generate.fill_shape(shape, generate.unit_values(unit))))
    assert fast == _snapshot(_load(_bytes(_build_workbook_plain(campaign, unit, stamp))))


def test_units_whose_file_names_would_collide_each_get_their_own_workbook(tmp_path):
    """Codes that slug alike (X/1, X_1) or differ only in case (one file on Windows and macOS) must never
    share a workbook: each would receive the other unit's identity. Names stay the same run after run."""
    from builders_rounds import make_round

    from xlqms.read import read_returned_file
    units = [("T1", "Tỉnh Thử", "Tỉnh", None), ("X/1", "Xã Một", "Xã", "T1"), ("X_1", "Xã  Một", "Xã", "T1"),
             ("x_1", "xã một", "Xã", "T1"), ("X2", "Xã Hai", "Xã", "T1")]
    campaign = make_round(tmp_path, [("1", "A", [("MT01", "≥ 90%")])], units=units)
    result = generate_workbooks(campaign)
    names = [path.name for path in result.files]
    assert len({name.casefold() for name in names}) == len(units)
    assert "X2_Xa_Hai.xlsx" in names and "T1_Tinh_Thu.xlsx" in names          # no collision: unchanged
    owners = {read_returned_file(path.read_bytes(), path.name, campaign).unit_code: path.name for path in result.files}
    assert set(owners) == {code for code, *_ in units}
    again = generate_workbooks(campaign, unit_codes=["X/1"], force=True)
    assert [path.name for path in again.files] == [owners["X/1"]]
    rows = read_manifest(result.files[0].parent / layout.MANIFEST_FILE)
    assert len({row.file for row in rows}) == len(units)
