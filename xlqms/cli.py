"""The command line: thin click functions that parse options, call one library function, render.

Exit codes: 0 success; 1 an error that stopped the command; 2 bad input (campaign, target, usage);
3 refusing to overwrite; 4 the round has problems to look at (rejected files, mismatches).
This module imports no openpyxl, calamine or pandas: the library does the work.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from xlqms import __version__
from xlqms.errors import XlqmsError

EXIT_PROBLEMS = 4


class XlqmsGroup(click.Group):
    """Turns XlqmsError into a one-line message and exit code; a traceback only with --debug."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except XlqmsError as exc:
            if ctx.obj and ctx.obj.get("debug"):
                raise
            click.echo(f"Lỗi: {exc}", err=True)
            sys.exit(exc.exit_code)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except KeyboardInterrupt:
            click.echo("Đã dừng.", err=True)
            sys.exit(130)
        except Exception as exc:  # noqa: BLE001 - last resort: never a bare traceback for users
            if ctx.obj and ctx.obj.get("debug"):
                raise
            click.echo(f"Lỗi không mong đợi: {exc.__class__.__name__}: {exc}\n"
                       "Chạy lại với --debug để xem chi tiết và gửi cho nhóm phát triển.", err=True)
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


@main.command()
@click.argument("text")
@click.option("--value", "value", help="A result to judge: 95,7 · 97,04% · 1540/1587 · 950 · Đạt.")
@click.option("--baseline", help="The baseline of a change target (Kết quả kỳ trước), e.g. 98,6%.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object (with 'status' when --value is given).")
def target(text, value, baseline, as_json):
    """Show how a target TEXT is read and, with --value, the verdict."""
    from xlqms.targets import judge_text

    result = judge_text(text, value, baseline)
    if as_json:
        echo_json(result)
        return
    from rich.table import Table

    table = Table(show_header=False, box=None)
    table.add_row("Chỉ tiêu", result["target"]["text"])
    table.add_row("Cách hiểu", result["target"]["reading"])
    table.add_row("Loại", result["target"]["kind"])
    for key, label in (("operator", "Phép so sánh"), ("low", "Mức"), ("high", "Cận trên"),
                       ("unit", "Đơn vị tính"), ("baseline", "Mức cơ sở"), ("direction", "Chiều")):
        if result["target"].get(key) not in (None, ""):
            table.add_row(label, str(result["target"][key]))
    table.add_row("Có mức Vượt", "có" if result["target"]["exceedable"] else "không")
    if "status" in result:
        table.add_row("Giá trị so sánh", result.get("value_text") or "—")
        table.add_row("Đánh giá", f"[bold]{result['label']}[/bold] ({result['status']})")
    console().print(table)
