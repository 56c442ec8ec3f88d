"""The command line: thin click functions that parse options, call one library function, render.

Exit codes: 0 success; 1 an error that stopped the command; 2 bad input (campaign, target, usage);
3 refusing to overwrite; 4 the round has problems to look at (rejected files, mismatches).
This module imports no openpyxl, calamine or pandas: the library does the work. Help texts, usage
errors and click's own words are Vietnamese (:mod:`xlqms.cli_language`); option names stay English.
"""

from __future__ import annotations

import json
import sqlite3
import sys
from pathlib import Path

import click

from xlqms import __version__
from xlqms.cli_language import VERSION_MESSAGE, VERSION_OPTION_TEXT, VietnameseCommand, VietnameseGroup
from xlqms.errors import XlqmsError, describe_os_error
from xlqms.stopping import stopped
from xlqms.terminal import quiet_stdout, require_stdout, safe, store_error_message
from xlqms.text import json_text, terminal_text

EXIT_PROBLEMS = 4


class XlqmsGroup(VietnameseGroup):
    """Turns XlqmsError into a one-line message and exit code; a traceback only with --debug.

    A closed pipe (``xlqms export … | head``) ends quietly; a failed read or write (full disk, no
    permission, a file locked by another program) and a store SQLite cannot use are Vietnamese
    messages naming the path, exit 1.
    """

    def invoke(self, ctx):
        debug = bool(ctx.obj and ctx.obj.get("debug"))
        given = list(ctx.args)            # the command's own arguments (click empties them as it runs it)
        try:
            return super().invoke(ctx)
        except BrokenPipeError:
            quiet_stdout()
            sys.exit(0)
        except XlqmsError as exc:
            if debug:
                raise
            click.echo(terminal_text(f"Lỗi: {exc}"), err=True)
            sys.exit(exc.exit_code)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except KeyboardInterrupt:
            sys.exit(stopped())
        except OSError as exc:
            if debug:
                raise
            command = self.get_command(ctx, ctx.invoked_subcommand) if ctx.invoked_subcommand else None
            out_option = command is None or any(param.name == "out" for param in command.params)
            click.echo(terminal_text(f"Lỗi: {describe_os_error(exc, out_option=out_option)}"), err=True)
            sys.exit(1)
        except sqlite3.Error as exc:
            if debug:
                raise
            click.echo(terminal_text(f"Lỗi: {store_error_message(exc, self._folder_of(ctx, given))}"), err=True)
            sys.exit(1)
        except Exception as exc:  # noqa: BLE001 - last resort: never a bare traceback for users
            if ctx.obj and ctx.obj.get("debug"):
                raise
            click.echo(terminal_text(f"Lỗi không mong đợi: {exc.__class__.__name__}: {exc}\n"
                                     "Chạy lại với --debug để xem chi tiết và gửi cho nhóm phát triển."), err=True)
            sys.exit(1)


    def _folder_of(self, ctx, given: list[str]) -> Path | None:
        """The campaign folder (DIR) the failed command was given, to name in a message, or None."""
        command = self.get_command(ctx, ctx.invoked_subcommand) if ctx.invoked_subcommand else None
        if command is None:
            return None
        try:
            parsed = command.make_context(ctx.invoked_subcommand, given, parent=ctx, resilient_parsing=True)
        except click.ClickException:
            return None
        folder = parsed.params.get("folder")
        return Path(folder) if folder else None


@click.group(cls=XlqmsGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="xlqms", message=VERSION_MESSAGE, help=VERSION_OPTION_TEXT)
@click.option("--debug", is_flag=True, help="Hiện đầy đủ dấu vết lỗi (traceback) khi có lỗi.")
@click.pass_context
def main(ctx, debug):
    """xlqms: đợt báo cáo Mục tiêu chất lượng (TCVN ISO 9001:2015) bằng Excel.

    Lập đợt báo cáo, tạo sổ cho từng đơn vị, nhận sổ các đơn vị gửi về, đánh giá kết quả,
    tổng hợp theo các cấp và làm bảng tổng hợp, dữ liệu xuất, dự thảo báo cáo.
    """
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug


def console():
    from rich.console import Console

    return Console()


def echo_json(data) -> None:
    require_stdout("chạy lại với đầu ra chuyển vào tệp (… --json > ket_qua.json)")
    click.echo(json_text(json.dumps(data, ensure_ascii=False, indent=2)))


def echo_lines(lines) -> None:
    """Lines the library made to fit 80 columns (:mod:`xlqms.terminal`), user text made safe, printed as they are."""
    click.echo(terminal_text("\n".join(lines)))


# --- target -------------------------------------------------------------------------------------


_TEXT_MARK = "\x00"


class _TextFirstCommand(VietnameseCommand):
    """A command whose words starting with '-' or '+' are text unless they are its own options:
    a target pasted with its list bullet ("- Giảm tỷ lệ hộ nghèo …") is a target, not an option."""

    def parse_args(self, ctx, args):
        flags, valued = set(), set()
        for param in self.get_params(ctx):
            if isinstance(param, click.Option):
                (flags if param.is_flag else valued).update(param.opts + param.secondary_opts)
        fixed, skip = [], False
        for arg in args:
            name = arg.split("=", 1)[0]
            if skip:
                fixed.append(arg)
                skip = False
            elif name in valued:
                fixed.append(arg)
                skip = "=" not in arg
            elif name in flags or arg == "--" or not arg.startswith(("-", "+")):
                fixed.append(arg)
            else:
                fixed.append(_TEXT_MARK + arg)
        return super().parse_args(ctx, fixed)


@main.command(cls=_TextFirstCommand)
@click.argument("text", nargs=-1, required=True, metavar="CHỈ_TIÊU...")
@click.option("--value", "value", metavar="GIÁ_TRỊ",
              help="Kết quả cần đánh giá: 95,7 · 97,04% · 1540/1587 · 950 · tăng 7,4% · Đạt.")
@click.option("--baseline", metavar="MỨC", help="Mức cơ sở của chỉ tiêu tăng/giảm (Kết quả kỳ trước), ví dụ 98,6%.")
@click.option("--context", "context", metavar="CÂU_CHỮ",
              help="Tên mục tiêu hoặc chỉ tiêu, để biết chiều (cao/thấp) và loại (tỷ lệ/số lượng) như trong đợt báo cáo.")
@click.option("--json", "as_json", is_flag=True,
              help="In một đối tượng JSON: có 'status' khi có --value, có 'error' khi không đọc được chỉ tiêu.")
def target(text, value, baseline, context, as_json):
    """Xem xlqms hiểu CHỈ_TIÊU thế nào và, với --value, đánh giá một kết quả.

    CHỈ_TIÊU có thể bắt đầu bằng '-' hoặc '+' (dấu đầu dòng dán nguyên văn).
    """
    from xlqms.errors import TargetSyntaxError, ValueSyntaxError
    from xlqms.targets import UNDERSTOOD_FORMS, judge_text

    text = " ".join(word.removeprefix(_TEXT_MARK) for word in text)
    try:
        result = judge_text(text, value, baseline, context=context or "")
    except (TargetSyntaxError, ValueSyntaxError) as exc:
        if as_json:
            echo_json({"error": str(exc), "code": getattr(exc, "code", "value-unreadable"),
                       "fixes": list(getattr(exc, "fixes", ())), "split": list(getattr(exc, "split", ()))})
        else:
            click.echo(terminal_text(f"Lỗi: {exc}"), err=True)
            for row in getattr(exc, "split", ()):
                click.echo(terminal_text(f"    {row}"), err=True)
            if isinstance(exc, TargetSyntaxError):
                click.echo("Các cách viết xlqms hiểu:", err=True)
                for form in UNDERSTOOD_FORMS:
                    click.echo(f"    {form}", err=True)
        sys.exit(2)
    if as_json:
        echo_json(result)
        return
    from rich.table import Table

    table = Table(show_header=False, box=None)
    table.add_row("Chỉ tiêu", safe(result["target"]["text"]))
    table.add_row("Cách hiểu", safe(result["target"]["reading"]))
    for label, line in result["reading_lines"]:
        table.add_row(label, safe(line))
    if "status" in result:
        table.add_row("Giá trị so sánh", safe(result.get("value_text") or "—"))
        table.add_row("Đánh giá", f"[bold]{result['label']}[/bold]")
        if result.get("message"):
            table.add_row("", result["message"])
    console().print(table)


# --- check --------------------------------------------------------------------------------------


@main.command()
@click.argument("folder", metavar="DIR", type=click.Path(file_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="In cách hiểu và các vấn đề dạng một đối tượng JSON.")
def check(folder, as_json):
    """Xem xlqms hiểu từng chỉ tiêu trong DIR/campaign.xlsx thế nào và mọi vấn đề, chưa tạo sổ.

    Ghi cách hiểu vào cột 'Cách hiểu' của trang Mục tiêu (campaign.xlsx được thay an toàn, giữ
    nguyên mọi thứ khác); khi tệp đang mở hoặc chỉ cho đọc thì báo như vậy. Mã thoát 2 khi
    campaign.xlsx có lỗi cần sửa.
    """
    from xlqms.check import check_campaign

    report = check_campaign(folder)
    if as_json:
        echo_json(report.to_dict())
    else:
        from xlqms.check import report_lines

        echo_lines(report_lines(report))      # cell text as data: never a control character to the terminal
    if report.has_errors:
        sys.exit(2)


# --- verify -------------------------------------------------------------------------------------


@main.command()
@click.argument("folder", metavar="DIR", type=click.Path(file_okay=False, path_type=Path))
@click.option("--engine", type=click.Choice(["libreoffice", "excel"]), default="libreoffice", show_default=True,
              help="Chương trình bảng tính dùng để tính lại các sổ.")
@click.option("--sample", type=click.IntRange(min=1), metavar="SỐ",
              help="Kiểm tra nhiều nhất SỐ sổ (ưu tiên đủ mọi chỉ tiêu).")
@click.option("--soffice", metavar="CHƯƠNG_TRÌNH", help="Chương trình LibreOffice (soffice) cần dùng.")
@click.option("--json", "as_json", is_flag=True, help="In kết quả kiểm tra dạng một đối tượng JSON.")
def verify(folder, engine, sample, soffice, as_json):
    """Kiểm tra bằng LibreOffice hoặc Excel rằng công thức đánh giá trong sổ cho đúng kết quả xlqms ghi nhận.

    Kiểm tra DIR/out/workbooks (hoặc sổ tạo riêng để kiểm tra khi chưa có): nhập một bảng giá trị
    thử vào mọi dòng chỉ tiêu (số gõ dạng chữ, phím %, ngày tháng, Đạt dạng NFD, Tử số > Mẫu số,
    0/0, trên 100%…), để chương trình tính lại, đọc từng bản như khi thu nhận và báo mọi ô (sổ, ô,
    giá trị nhập) mà đánh giá, giá trị tính được, mức cần đạt hay dòng “Đã nhập …” khác. Mã thoát
    0 khi tất cả khớp, 4 khi có chỗ không khớp hoặc một bản không tính lại được.
    """
    from xlqms.verify import verify_workbooks

    report = verify_workbooks(folder, engine=engine, sample=sample, soffice=soffice,
                              progress=lambda message: click.echo(terminal_text(message), err=True))
    if as_json:
        echo_json(report.to_dict())
    else:
        from rich.table import Table

        out = console()
        summary = Table(title=f"Kiểm tra công thức đánh giá ({report.engine})")
        for header in ("Sổ tính", "Chỉ tiêu", "Phép thử", "Không khớp"):
            summary.add_column(header, justify="left" if header == "Sổ tính" else "right")
        for name in report.workbooks:
            checks = [check for check in report.checks if check.workbook == name]
            summary.add_row(safe(name), str(len(checks)), str(sum(c.trials for c in checks)),
                            str(sum(c.mismatches for c in checks)))
        out.print(summary)
        for finding in report.findings:
            out.print(terminal_text(f"{finding.severity.label}: {finding.describe()}"), markup=False)
        if report.mismatches:
            table = Table(title="Các chỗ không khớp")
            for header in ("Sổ tính", "Ô", "Mã chỉ tiêu", "Chỉ tiêu", "Giá trị nhập", "Khi thu nhận", "Sổ hiện"):
                table.add_column(header, overflow="fold")
            for mismatch in report.mismatches[:200]:
                table.add_row(*(safe(value) for value in (
                    mismatch.workbook, f"{mismatch.sheet}!{mismatch.cell} ({mismatch.column})", mismatch.indicator,
                    mismatch.target,
                    mismatch.entered_text(), mismatch.expected, mismatch.shown)))
            out.print(table)
            if len(report.mismatches) > 200:
                out.print(f"… và {len(report.mismatches) - 200} chỗ khác (xem --json).")
        if report.deferred:
            out.print(f"{len(report.deferred)} phép thử sổ ghi “Sẽ đánh giá khi tổng hợp” (chữ gõ bằng bảng mã "
                      "TCVN3/VNI: chỉ xlqms chuyển được), không hiện đánh giá nào.")
        if report.differences:
            out.print(f"{len(report.differences)} phép thử sổ báo “công thức gõ dạng chữ” (bảng tính không tính được) "
                      "trong khi xlqms tự tính công thức đó khi thu nhận (có cảnh báo): khác biệt đã biết.")
        if report.ok:
            out.print(f"Tất cả {report.trials} phép thử khớp: sổ hiện đúng đánh giá khi thu nhận "
                      f"({len(report.workbooks)} sổ tính, {report.copies} bản sao đã tính lại).")
        else:
            out.print(f"Có {len(report.mismatches)} chỗ không khớp trên {report.trials} phép thử.")
    if not report.ok:
        sys.exit(EXIT_PROBLEMS)


# --- init ---------------------------------------------------------------------------------------


@main.command()
@click.argument("folder", metavar="DIR", type=click.Path(file_okay=False, path_type=Path))
@click.option("--year", type=int, metavar="NĂM",
              help="Năm của mục tiêu (mặc định: năm ghi trong tên quyết định, năm của đợt sau --previous, "
                   "không có thì năm nay).")
@click.option("--period", metavar="KỲ",
              help="Kỳ báo cáo: '6 tháng đầu năm' (mặc định; với --previous là kỳ tiếp theo), '9 tháng', "
                   "'Cả năm', 'Quý I'…'Quý IV'.")
@click.option("--units", "units_file", type=click.Path(dir_okay=False, path_type=Path), metavar="TỆP",
              help="Tệp CSV hoặc XLSX có các cột Mã đơn vị, Tên đơn vị, Cấp, Mã đơn vị cấp trên.")
@click.option("--province", metavar="TỈNH",
              help="Lấy đơn vị từ danh sách chính thức từ 01/7/2025: tên hoặc mã tỉnh, thành phố "
                   "(cần xlqms[provinces]).")
@click.option("--from", "decision", type=click.Path(dir_okay=False, path_type=Path), metavar="QUYẾT_ĐỊNH",
              help="Lấy mục tiêu từ bảng của quyết định (.docx; .doc/.odt qua LibreOffice), năm, kỳ và cơ quan "
                   "ban hành từ tên văn bản.")
@click.option("--previous", "previous", type=click.Path(file_okay=False, path_type=Path), metavar="THƯ_MỤC_ĐỢT_TRƯỚC",
              help="Lập từ đợt trước: thiết lập, đơn vị và mục tiêu của nó (giữ mã chỉ tiêu), cho kỳ tiếp theo; "
                   "'Đợt trước' trỏ về đợt đó.")
@click.option("--soffice", metavar="CHƯƠNG_TRÌNH", help="Chương trình LibreOffice (soffice) để đọc quyết định .doc/.odt.")
@click.option("--json", "as_json", is_flag=True, help="In kết quả (và báo cáo đọc quyết định) dạng JSON.")
@click.option("--force", is_flag=True, help="Thay campaign.xlsx đang có.")
def init(folder, year, period, units_file, province, decision, previous, soffice, as_json, force):
    """Lập đợt báo cáo trong DIR: campaign.xlsx với danh mục mục tiêu chuẩn, mục tiêu của một
    quyết định (--from), hoặc đơn vị và mục tiêu của đợt trước (--previous).

    --previous cho thiết lập, đơn vị và mục tiêu; --from cho mục tiêu, năm, kỳ và cơ quan ban hành;
    --units / --province cho đơn vị; --year / --period ghi rõ thì được ưu tiên. Với --from, mã thoát
    4 khi có điều cần xem (chỉ tiêu chưa hiểu được, dòng chưa xếp được).
    """
    from xlqms.scaffold import scaffold_campaign

    result = scaffold_campaign(folder, year=year, period=period, units_file=units_file, province=province,
                               force=force, decision=decision, soffice=soffice, previous=previous)
    if as_json:
        echo_json(result.to_dict())
    else:
        click.echo(terminal_text("\n".join(result.summary_lines())))
    if result.decision is not None and result.decision.has_problems:
        sys.exit(EXIT_PROBLEMS)


# --- rollup, export -----------------------------------------------------------------------------


@main.command()
@click.argument("folder", metavar="DIR", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), metavar="TỆP",
              help="Nơi ghi bảng tổng hợp (mặc định: DIR/out/tong_hop_<kỳ>_<năm>.xlsx).")
@click.option("--force", is_flag=True,
              help="Thay bảng tổng hợp đã tính nhiều đơn vị đã nộp hơn số đơn vị đã nộp của đợt bây giờ.")
def rollup(folder, out, force):
    """Làm bảng tổng hợp của đợt (.xlsx): kết quả từng đơn vị, tổng hợp theo các cấp, biểu đồ.

    Mã thoát 3 thay vì thay bảng tổng hợp đã tính nhiều đơn vị đã nộp hơn (trừ khi có --force).
    """
    from xlqms.summary import write_round_summary
    from xlqms.terminal import rollup_lines

    outcome = write_round_summary(folder, out, force=force)
    echo_lines(rollup_lines(outcome.path, outcome.overview))


@main.command()
@click.argument("folder", metavar="DIR", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--format", "format_", type=click.Choice(["json", "csv"]), required=True,
              help="json: đối tượng theo hợp đồng (units, rollup); csv: mỗi dòng một đơn vị × chỉ tiêu (UTF-8 có BOM).")
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), metavar="TỆP",
              help="Ghi vào tệp này thay vì in ra màn hình.")
def export(folder, format_, out):
    """Xuất kết quả của đợt dạng dữ liệu (in ra màn hình khi không có --out)."""
    from xlqms.export import write_export

    if out is None:
        write_export(folder, format_, None)
        return
    path = write_export(folder, format_, out)
    click.echo(terminal_text(f"Đã ghi {path}"), err=True)


# --- generate -----------------------------------------------------------------------------------


@main.command()
@click.argument("folder", metavar="DIR", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path), metavar="THƯ_MỤC",
              help="Thư mục ghi các sổ (mặc định: DIR/out/workbooks).")
@click.option("--force", is_flag=True, help="Ghi đè các tệp của lần chạy trước.")
@click.option("--unit", "units", multiple=True, metavar="MÃ",
              help="Chỉ đơn vị này (lặp lại cho nhiều đơn vị); manifest giữ các dòng khác.")
@click.option("--json", "as_json", is_flag=True, help="In danh sách tệp (mã kiểm tra) và các vấn đề dạng JSON.")
def generate(folder, out, force, units, as_json):
    """Tạo sổ báo cáo cho từng đơn vị có mục tiêu, và manifest.csv."""
    from xlqms.campaign import read_campaign
    from xlqms.generate import generate_workbooks

    campaign = read_campaign(folder)
    show = console()
    if as_json:
        result = generate_workbooks(campaign, out, force=force, unit_codes=units or None)
    else:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        columns = (TextColumn("Đang tạo sổ"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
        with Progress(*columns, console=show, transient=True, disable=not show.is_terminal) as bar:
            task = bar.add_task("generate", total=None)
            result = generate_workbooks(campaign, out, force=force, unit_codes=units or None,
                                        progress=lambda done, total: bar.update(task, completed=done, total=total))
    if as_json:
        echo_json({
            "out_dir": str(result.out_dir), "manifest": str(result.manifest_path),
            "workbooks": [{"unit_code": r.unit_code, "unit_name": r.unit_name, "file": r.file, "sha256": r.sha256}
                          for r in result.rows],
            "skipped": list(result.skipped),
            "previous": None if result.previous is None else {
                "campaign_id": result.previous.campaign_id, "year": result.previous.year,
                "period": result.previous.period, "carried": result.carried, "for_reference": result.for_reference},
            "findings": [finding.to_dict() for finding in result.findings],
        })
    else:
        from xlqms.terminal import generate_lines

        echo_lines(generate_lines(result))
    if any(finding.is_error for finding in result.findings):
        sys.exit(EXIT_PROBLEMS)


# --- report -------------------------------------------------------------------------------------


@main.command()
@click.argument("folder", metavar="DIR", type=click.Path(file_okay=False, path_type=Path))
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path), metavar="THƯ_MỤC",
              help="Thư mục ghi các dự thảo (mặc định: DIR/out/bao_cao).")
@click.option("--date", "day", type=click.DateTime(formats=["%d/%m/%Y", "%Y-%m-%d"]), metavar="NGÀY",
              help="Ngày ghi trên dự thảo, ví dụ 26/08/2020 (mặc định: để trống, tô vàng cho người ký điền).")
@click.option("--force", is_flag=True, help="Ghi đè các dự thảo của lần chạy trước.")
@click.option("--json", "as_json", is_flag=True, help="In danh sách tệp đã viết (và tệp không ghi được) dạng JSON.")
def report(folder, out, day, force, as_json):
    """Viết dự thảo báo cáo (.docx): một báo cáo cho mỗi đơn vị đã nộp, một báo cáo tổng hợp cho mỗi đơn vị cấp trên.

    Một dự thảo không ghi được (đang mở trong Word, ổ đĩa đầy) không làm dừng các dự thảo khác:
    chúng được liệt kê, và mã thoát là 4.
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from xlqms.report import reports_summary, write_reports
    from xlqms.terminal import report_lines

    show = console()
    columns = (TextColumn("Đang viết dự thảo"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=show, transient=True, disable=as_json or not show.is_terminal) as bar:
        task = bar.add_task("report", total=None)
        paths = write_reports(folder, out, date=day.date() if day else None, force=force,
                              progress=lambda done, total: bar.update(task, completed=done, total=total))
    failed = list(paths.failed)
    if as_json:
        echo_json({"files": [str(path) for path in paths],
                   "failed": [{"file": str(path), "error": why} for path, why in failed]})
    else:
        echo_lines(report_lines(paths, *reports_summary(paths), failed=failed))
    if failed:
        sys.exit(EXIT_PROBLEMS)


# --- collect / status ---------------------------------------------------------------------------

@main.command()
@click.argument("folder", metavar="DIR", type=click.Path(file_okay=False, path_type=Path))
@click.argument("paths", nargs=-1, metavar="[TỆP_HOẶC_THƯ_MỤC]...", type=click.Path(path_type=Path))
@click.option("--rebuild", is_flag=True,
              help="Dựng lại sổ ghi chép (DIR/xlqms.sqlite) chỉ từ kho lưu trữ, thay vì nhận tệp.")
@click.option("--json", "as_json", is_flag=True, help="In kết quả dạng một đối tượng JSON.")
def collect(folder, paths, rebuild, as_json):
    """Nhận các tệp (hoặc thư mục tệp) đơn vị gửi về cho đợt báo cáo trong DIR.

    Mỗi tệp được lưu nguyên vẹn theo mã kiểm tra, nhận dạng từ bên trong, kiểm tra và ghi nhận;
    tệp có lỗi số liệu có bản đánh dấu lỗi trong DIR/out/corrections. Không đi theo liên kết tượng
    trưng trong các thư mục. Mã thoát 4 khi có tệp của lần này bị từ chối, cần sửa hoặc chờ xem lại.

    Với --rebuild (không kèm tệp): dựng lại sổ ghi chép từ DIR/archive — mọi tệp, tên gốc, thời
    điểm và thứ tự nhận — khi xlqms.sqlite bị mất hoặc hỏng.
    """
    from xlqms.collect import collect as collect_files

    if rebuild:
        if paths:
            raise click.UsageError("--rebuild dựng lại từ kho lưu trữ: không kèm đường dẫn tệp.")
        from xlqms.rebuild import rebuild_record

        if as_json:
            echo_json(rebuild_record(folder).to_dict())
            return
        from rich.progress import Progress

        from xlqms.views import show_rebuild

        show = console()
        with Progress(console=show, transient=True) as bar:
            task = bar.add_task("Đang dựng lại sổ ghi chép", total=None)
            result = rebuild_record(folder, progress=lambda done, total: bar.update(task, completed=done,
                                                                                       total=total or None))
        show_rebuild(show, result, folder)
        return
    if not paths:
        raise click.UsageError("Cần ít nhất một tệp hoặc thư mục để thu nhận (hoặc --rebuild).")
    if as_json:
        report = collect_files(folder, paths)
        echo_json(report.to_dict())
    else:
        from rich.progress import Progress

        show = console()
        with Progress(console=show, transient=True) as bar:
            task = bar.add_task("Đang nhận tệp", total=None)

            def progress(done, total):
                bar.update(task, completed=done, total=total or None)

            report = collect_files(folder, paths, progress=progress)
        from xlqms.views import show_collect

        show_collect(show, report)
    if report.has_problems:
        sys.exit(EXIT_PROBLEMS)


@main.command()
@click.argument("folder", metavar="DIR", type=click.Path(file_okay=False, path_type=Path))
@click.option("--format", "format_", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True,
              help="table: tình hình đợt trên màn hình; json: toàn bộ tình hình; csv: các đơn vị cần nhắc.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), metavar="TỆP", help="Ghi json/csv vào tệp này.")
def status(folder, format_, out):
    """Ai đã nộp, ai chưa nộp, ai phải sửa, tệp nào bị từ chối và vì sao."""
    from xlqms.status import render, round_status, write_output

    result = round_status(folder)
    if format_ != "table":
        text = render(result, format_)
        if out:
            click.echo(terminal_text(f"Đã ghi {write_output(text, out, folder)}"))
        else:
            require_stdout()
            click.echo(text)
        return
    from xlqms.terminal import status_lines

    echo_lines(status_lines(result))


# --- demo ---------------------------------------------------------------------------------------


@main.command()
@click.argument("out_dir", metavar="THƯ_MỤC", type=click.Path(file_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Thay những gì lần chạy thử trước để lại trong THƯ_MỤC.")
def demo(out_dir, force):
    """Chạy thử hai đợt báo cáo trên dữ liệu mẫu, vào THƯ_MỤC: đợt 6 tháng, rồi đợt cả năm.

    Đơn vị của một tỉnh thật (Lai Châu, danh sách 2025), danh mục mục tiêu chuẩn, sổ đã tạo, hồ sơ
    gửi về mô phỏng (đúng, muộn, thiếu, sai, đổi tên, gửi trùng, gửi lại bản sửa, lưu lại bằng
    chương trình khác), thu nhận, tình hình, tổng hợp, xuất dữ liệu và dự thảo báo cáo; rồi đợt cả
    năm lập bằng init --previous, ba xã sáp nhập thành một, mức cơ sở lấy từ kết quả 6 tháng.
    """
    from xlqms.demo import run_demo
    from xlqms.terminal import demo_lines

    show = console()
    with show.status("Đang chạy một đợt báo cáo mẫu…") as spinner:
        result = run_demo(out_dir, force=force, progress=lambda what: spinner.update(f"{what}…"))
    echo_lines(demo_lines(result))
