"""The command line: thin click functions that parse options, call one library function, render.

Exit codes: 0 success; 1 an error that stopped the command; 2 bad input (campaign, target, usage);
3 refusing to overwrite; 4 the round has problems to look at (rejected files, mismatches).
This module imports no openpyxl, calamine or pandas: the library does the work.
"""

from __future__ import annotations

import json
import sqlite3
import sys
from pathlib import Path

import click

from xlqms import __version__
from xlqms.errors import XlqmsError, describe_os_error
from xlqms.terminal import quiet_stdout, safe, store_error_message
from xlqms.text import terminal_text

EXIT_PROBLEMS = 4


class XlqmsGroup(click.Group):
    """Turns XlqmsError into a one-line message and exit code; a traceback only with --debug.

    A closed pipe (``xlqms export … | head``) ends quietly; a failed read or write (full disk, no
    permission, a file locked by another program) and a store SQLite cannot use are Vietnamese
    messages naming the path, exit 1.
    """

    def invoke(self, ctx):
        debug = bool(ctx.obj and ctx.obj.get("debug"))
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
            click.echo("Đã dừng.", err=True)
            sys.exit(130)
        except OSError as exc:
            if debug:
                raise
            click.echo(terminal_text(f"Lỗi: {describe_os_error(exc)}"), err=True)
            sys.exit(1)
        except sqlite3.Error as exc:
            if debug:
                raise
            click.echo(terminal_text(f"Lỗi: {store_error_message(exc)}"), err=True)
            sys.exit(1)
        except Exception as exc:  # noqa: BLE001 - last resort: never a bare traceback for users
            if ctx.obj and ctx.obj.get("debug"):
                raise
            click.echo(terminal_text(f"Lỗi không mong đợi: {exc.__class__.__name__}: {exc}\n"
                                     "Chạy lại với --debug để xem chi tiết và gửi cho nhóm phát triển."), err=True)
            sys.exit(1)


@click.group(cls=XlqmsGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="xlqms")
@click.option("--debug", is_flag=True, help="Show a full traceback when something fails.")
@click.pass_context
def main(ctx, debug):
    """xlqms: quality-objective rounds (TCVN ISO 9001:2015) around Excel.

    Define a campaign, generate one workbook per unit, collect the returns, judge attainment,
    roll up the hierarchy and deliver the consolidated workbook, exports and report drafts.
    """
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug


def console():
    from rich.console import Console

    return Console()


def echo_json(data) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


# --- target -------------------------------------------------------------------------------------


_TEXT_MARK = "\x00"


class _TextFirstCommand(click.Command):
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
@click.argument("text", nargs=-1, required=True)
@click.option("--value", "value", help="A result to judge: 95,7 · 97,04% · 1540/1587 · 950 · tăng 7,4% · Đạt.")
@click.option("--baseline", help="The baseline of a change target (Kết quả kỳ trước), e.g. 98,6%.")
@click.option("--context", "context", metavar="WORDS",
              help="The objective's or indicator's wording, for direction and rate/amount cues (as in a campaign).")
@click.option("--json", "as_json", is_flag=True,
              help="Print one JSON object: 'status' when --value is given, 'error' when the text cannot be read.")
def target(text, value, baseline, context, as_json):
    """Show how a target TEXT is read and, with --value, the verdict.

    TEXT may begin with '-' or '+' (a list bullet pasted as is).
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
            click.echo(f"Lỗi: {exc}", err=True)
            for row in getattr(exc, "split", ()):
                click.echo(f"    {row}", err=True)
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
        table.add_row("Đánh giá", f"[bold]{result['label']}[/bold] ({result['status']})")
        if result.get("message"):
            table.add_row("", result["message"])
    console().print(table)


# --- check --------------------------------------------------------------------------------------


@main.command()
@click.argument("folder", metavar="DIR", type=click.Path(file_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the readings and problems as one JSON object.")
def check(folder, as_json):
    """Show how every target of DIR/campaign.xlsx is read and every problem, without generating.

    Writes each reading into the 'Cách hiểu' column of sheet Mục tiêu (campaign.xlsx is replaced
    atomically, keeping everything else); when the file is open or read-only, says so instead.
    Exit 2 when campaign.xlsx has errors to fix.
    """
    from xlqms.check import check_campaign

    report = check_campaign(folder)
    if as_json:
        echo_json(report.to_dict())
    else:
        from xlqms.check import report_lines

        for line in report_lines(report):
            click.echo(line)
    if report.has_errors:
        sys.exit(2)


# --- verify -------------------------------------------------------------------------------------


@main.command()
@click.argument("folder", metavar="DIR", type=click.Path(file_okay=False, path_type=Path))
@click.option("--engine", type=click.Choice(["libreoffice", "excel"]), default="libreoffice", show_default=True,
              help="The spreadsheet application that recalculates the workbooks.")
@click.option("--sample", type=click.IntRange(min=1), help="Check at most N workbooks (covering every indicator first).")
@click.option("--soffice", metavar="PATH", help="The LibreOffice program (soffice) to use.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as one JSON object.")
def verify(folder, engine, sample, soffice, as_json):
    """Check in LibreOffice or Excel that the workbooks' live verdict is what collect records.

    Checks DIR/out/workbooks (or workbooks generated for the check when there are none): types a
    matrix of inputs into every indicator row (text numbers, the % key, dates, NFD Đạt, Tử số >
    Mẫu số, 0/0, over 100%…), lets the application recalculate, reads each copy as collect does and
    reports each row (workbook, cell, inputs) whose verdict column differs. Exit 0 if all agree, 4
    on any mismatch or a copy the application could not recalculate.
    """
    from xlqms.verify import verify_workbooks

    report = verify_workbooks(folder, engine=engine, sample=sample, soffice=soffice,
                              progress=lambda message: click.echo(message, err=True))
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
                    mismatch.workbook, f"{mismatch.sheet}!{mismatch.cell}", mismatch.indicator, mismatch.target,
                    mismatch.entered_text(), mismatch.expected, mismatch.shown)))
            out.print(table)
            if len(report.mismatches) > 200:
                out.print(f"… và {len(report.mismatches) - 200} chỗ khác (xem --json).")
        if report.deferred:
            out.print(f"{len(report.deferred)} phép thử sổ ghi “Sẽ đánh giá khi tổng hợp” (chữ gõ bằng bảng mã "
                      "TCVN3/VNI: chỉ xlqms chuyển được), không hiện đánh giá nào.")
        if report.ok:
            out.print(f"Tất cả {report.trials} phép thử khớp: sổ hiện đúng đánh giá khi thu nhận "
                      f"({len(report.workbooks)} sổ tính, {report.copies} bản sao đã tính lại).")
        else:
            out.print(f"Có {len(report.mismatches)} chỗ không khớp trên {report.trials} phép thử.")
    if not report.ok:
        sys.exit(EXIT_PROBLEMS)


# --- init ---------------------------------------------------------------------------------------


@main.command()
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--year", type=int, help="Year of the objectives (default: the decision's title, the round after "
                                      "--previous, else this year).")
@click.option("--period", help="Reporting period: '6 tháng đầu năm' (default; after --previous the next one), "
                               "'9 tháng', 'Cả năm', 'Quý I'…'Quý IV'.")
@click.option("--units", "units_file", type=click.Path(dir_okay=False, path_type=Path),
              help="CSV or XLSX with columns Mã đơn vị, Tên đơn vị, Cấp, Mã đơn vị cấp trên.")
@click.option("--province", help="Fill the units from the official list since 1/7/2025: a province name or code "
                                 "(needs xlqms[provinces]).")
@click.option("--from", "decision", type=click.Path(dir_okay=False, path_type=Path), metavar="DECISION",
              help="Take the objectives from the decision's table (.docx; .doc/.odt via LibreOffice), and the "
                   "year, period and issuing body from its title.")
@click.option("--previous", "previous", type=click.Path(file_okay=False, path_type=Path), metavar="PREV_DIR",
              help="Start from the previous round's campaign: its settings, units and objectives (same indicator "
                   "codes), for the period after it; 'Đợt trước' points back at it.")
@click.option("--soffice", metavar="PATH", help="The LibreOffice program (soffice) for a .doc/.odt decision.")
@click.option("--json", "as_json", is_flag=True, help="Print the result (and the decision's import report) as JSON.")
@click.option("--force", is_flag=True, help="Replace an existing campaign.xlsx.")
def init(folder, year, period, units_file, province, decision, previous, soffice, as_json, force):
    """Scaffold a campaign in FOLDER: a campaign.xlsx with the standard catalogue, the objectives of a
    decision (--from), or the previous round's units and objectives (--previous).

    --previous gives settings, units and objectives; --from the objectives, year, period and issuer;
    --units / --province the units; an explicit --year / --period wins over both.
    With --from, exit 4 when the import has something to look at (a target not read, a row not placed).
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
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path),
              help="Where to write the workbook (default: FOLDER/out/tong_hop_<kỳ>_<năm>.xlsx).")
@click.option("--force", is_flag=True,
              help="Replace a consolidated workbook that counted more submitted units than the round has now.")
def rollup(folder, out, force):
    """Write the consolidated summary workbook of the round (attainment rolled up the hierarchy).

    Exit 3 rather than replace a workbook that counted more submitted units (unless --force).
    """
    from xlqms.summary import build_rollup_workbook

    path, loaded = build_rollup_workbook(folder, out, force=force)
    round_result, result = loaded.round_result, loaded.rollup
    click.echo(terminal_text(f"Đã ghi bảng tổng hợp: {path}"))
    click.echo(f"Đã nộp {len(round_result.submitted)}/{len(round_result.expected)} đơn vị; "
               f"chưa nộp {len(round_result.missing)}.")
    from rich.table import Table

    roots = {unit.code for unit in loaded.campaign.units.roots()}
    for parent in result.parents:
        if parent.code not in roots:
            continue
        table = Table(title=f"{safe(parent.name)}: {parent.units_submitted}/{parent.units_expected} đơn vị cấp dưới đã nộp")
        table.add_column("Mục tiêu")
        table.add_column("Đơn vị đạt và vượt", justify="right")
        table.add_column("Đã đánh giá", justify="right")
        table.add_column("Không đạt", justify="right")
        for objective in parent.objectives:
            table.add_row(safe(f"MT {objective.number}"), str(objective.units_met), str(objective.units_assessed),
                          str(objective.units_not_met))
        console().print(table)


@main.command()
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--format", "format_", type=click.Choice(["json", "csv"]), required=True,
              help="json: the contract's object (units, rollup); csv: one row per unit × indicator (UTF-8 with BOM).")
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to this file instead of standard output.")
def export(folder, format_, out):
    """Export the round's attainment as data (stdout when no --out)."""
    from xlqms.export import write_export

    if out is None:
        write_export(folder, format_, None)
        return
    path = write_export(folder, format_, out)
    click.echo(terminal_text(f"Đã ghi {path}"), err=True)


# --- generate -----------------------------------------------------------------------------------


@main.command()
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the workbooks (default: DIR/out/workbooks).")
@click.option("--force", is_flag=True, help="Overwrite the files of a previous run.")
@click.option("--unit", "units", multiple=True, metavar="CODE",
              help="Only this unit (repeat for several); the manifest keeps the other rows.")
@click.option("--json", "as_json", is_flag=True, help="Print the manifest and findings as JSON.")
def generate(folder, out, force, units, as_json):
    """Write one workbook per unit that has objectives, and manifest.csv."""
    from xlqms.campaign import read_campaign
    from xlqms.generate import generate_workbooks

    campaign = read_campaign(folder)
    show = console()
    if as_json:
        result = generate_workbooks(campaign, out, force=force, unit_codes=units or None)
    else:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        columns = (TextColumn("Đang tạo tệp"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
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
        from rich.table import Table

        table = Table(title=f"Đã tạo {len(result.rows)} tệp trong {safe(result.out_dir)}")
        for header in ("Mã đơn vị", "Tên đơn vị", "Tệp", "SHA-256"):
            table.add_column(header, overflow="fold")
        limit = 40
        for row in result.rows[:limit]:
            table.add_row(safe(row.unit_code), safe(row.unit_name), safe(row.file), row.sha256[:12] + "…")
        if len(result.rows) > limit:
            table.add_row("…", f"và {len(result.rows) - limit} đơn vị khác", "(xem manifest.csv)", "")
        show.print(table)
        show.print(f"Danh sách tệp và mã kiểm tra: {safe(result.manifest_path)}")
        if result.previous_line():
            show.print(safe(result.previous_line()), highlight=False)
        for finding in result.findings:
            show.print(f"[red]{finding.severity.label}[/red]: {safe(finding.describe())}", highlight=False)
    if any(finding.is_error for finding in result.findings):
        sys.exit(EXIT_PROBLEMS)


# --- report -------------------------------------------------------------------------------------


@main.command()
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the drafts (default: FOLDER/out/bao_cao).")
@click.option("--date", "day", type=click.DateTime(formats=["%d/%m/%Y", "%Y-%m-%d"]),
              help="Date written on the drafts, 26/08/2020 (default: today).")
@click.option("--force", is_flag=True, help="Overwrite the drafts of a previous run.")
@click.option("--json", "as_json", is_flag=True, help="Print the files written as JSON.")
def report(folder, out, day, force, as_json):
    """Draft the reports (.docx): one per unit that reported, one consolidated per parent unit.

    A draft that cannot be written (open in Word, a full disk) does not stop the others: they are
    listed, and the exit code is 4.
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from xlqms.report import write_reports

    show = console()
    columns = (TextColumn("Đang viết báo cáo"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=show, transient=True, disable=as_json or not show.is_terminal) as bar:
        task = bar.add_task("report", total=None)
        paths = write_reports(folder, out, date=day.date() if day else None, force=force,
                              progress=lambda done, total: bar.update(task, completed=done, total=total))
    failed = getattr(paths, "failed", [])
    if as_json:
        echo_json({"files": [str(path) for path in paths],
                   "failed": [{"file": str(path), "error": why} for path, why in failed]})
    else:
        from rich.table import Table

        table = Table(title=f"Đã viết {len(paths)} dự thảo báo cáo")
        table.add_column("Loại")
        table.add_column("Tệp", overflow="fold")
        for path in paths:
            kind = "Báo cáo tổng hợp" if "_tong_hop_" in path.name else "Báo cáo đơn vị"
            table.add_row(kind, safe(path))
        show.print(table)
        if paths:
            show.print("Điền số văn bản, ngày quyết định và người ký (phần tô vàng) trước khi ban hành.")
        if failed:
            show.print(f"[bold red]Không ghi được {len(failed)} dự thảo:[/bold red]")
            for _path, why in failed:
                show.print(f"  ✗ {safe(why)}", highlight=False, soft_wrap=True)
    if failed:
        sys.exit(EXIT_PROBLEMS)


# --- collect / status ---------------------------------------------------------------------------

@main.command()
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--rebuild", is_flag=True,
              help="Rebuild the record (FOLDER/xlqms.sqlite) from the archive alone, instead of taking in files.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as one JSON object.")
def collect(folder, paths, rebuild, as_json):
    """Take in returned files (or folders of them) for the campaign in FOLDER.

    Every file is archived untouched under its checksum, identified from inside, checked and
    recorded; files with value errors get an annotated copy in FOLDER/out/corrections.
    Symbolic links inside the folders are not followed. Exit code 4 when a file of this run was
    rejected, needs correction or is held for review.

    With --rebuild (and no PATH): the record is rebuilt from FOLDER/archive — every file, its
    original name, time and order of receipt — when xlqms.sqlite was lost or damaged.
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
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--format", "format_", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True,
              help="table: the round at a glance; json: the whole status; csv: the units to remind.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Write json/csv to this file.")
def status(folder, format_, out):
    """Who submitted, who is missing, who must correct, what was rejected and why."""
    from xlqms.status import render, round_status, write_output

    result = round_status(folder)
    if format_ != "table":
        text = render(result, format_)
        if out:
            click.echo(terminal_text(f"Đã ghi {write_output(text, out)}"))
        else:
            click.echo(text)
        return
    from xlqms.views import show_status

    show_status(console(), result)


# --- demo ---------------------------------------------------------------------------------------


@main.command()
@click.argument("out_dir", type=click.Path(file_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace what a previous demo left in OUT_DIR.")
def demo(out_dir, force):
    """Play two rounds on built-in sample data into OUT_DIR: the 6-month round, then the annual one.

    A real province's units (Lai Châu, 2025 list), the standard catalogue, generated workbooks,
    simulated returns (good, late, missing, wrong, renamed, duplicated, corrected, re-saved),
    collection, status, roll-up, export and report drafts; then the annual round made with
    init --previous, three communes merged into one, baselines carried from the 6-month results.
    """
    from rich.table import Table

    from xlqms.demo import run_demo

    show = console()
    with show.status("Đang chạy một đợt báo cáo mẫu…") as spinner:
        result = run_demo(out_dir, force=force, progress=lambda what: spinner.update(f"{what}…"))
    table = Table(title=f"Đợt báo cáo mẫu trong {result.folder}")
    table.add_column("Bước")
    table.add_column("Ở đâu", overflow="fold")
    for what, where in result.steps:
        table.add_row(safe(what), safe(where))
    show.print(table)
    show.print(f"Tình hình đợt 6 tháng: xlqms status {safe(result.campaign_folder)}", highlight=False)
    if result.annual_folder is not None:
        show.print(f"Tình hình đợt cả năm: xlqms status {safe(result.annual_folder)}", highlight=False)
