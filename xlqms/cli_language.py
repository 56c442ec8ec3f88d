"""The command line in Vietnamese: click's own words (usage, headings, help option, usage errors) included.

click writes a few words of its own: “Usage:”, “Options:”, “Show this message and exit.”, “Error:
Missing argument 'DIR'.”, “No such option: --x”. Officials read them in Vietnamese, through click's
public extension points only:

* :class:`VietnameseFormatter` (a :class:`click.HelpFormatter`) — the usage prefix, the section
  headings, the ``[default: …]`` / ``[required]`` notes of options;
* :class:`VietnameseContext` (a :class:`click.Context`) — uses that formatter;
* :class:`VietnameseCommand` / :class:`VietnameseGroup` — that context, the help option's text, the
  ``[TÙY CHỌN]`` placeholder in usage lines;
* :func:`show_usage_error` — a usage error as click shows it (usage line, hint, message), with the
  message translated by :func:`translate` from click's English message templates.

Option names stay English and kebab-case (``--out``, ``--force``): they are typed, not read.
A message :func:`translate` does not know is shown as click wrote it (nothing is lost).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterable

import click

USAGE_PREFIX = "Cách dùng: "
HELP_OPTION_TEXT = "Xem hướng dẫn này rồi thoát."
VERSION_OPTION_TEXT = "Xem phiên bản rồi thoát."
VERSION_MESSAGE = "%(prog)s, phiên bản %(version)s"
OPTIONS_METAVAR = "[TÙY CHỌN]"
COMMAND_METAVAR = "LỆNH [THAM SỐ]..."
ERROR_PREFIX = "Lỗi: "
ABORTED = "Đã dừng."

HEADINGS = {
    "Usage": "Cách dùng",
    "Options": "Tùy chọn",
    "Commands": "Các lệnh",
    "Arguments": "Đối số",
    "Positional arguments": "Đối số",
}
"""click's section headings (its English words) and how they read in Vietnamese."""

_KINDS = {"argument": "đối số", "option": "tùy chọn", "parameter": "tham số"}
_PATH_KINDS = {"File": "Tệp", "Directory": "Thư mục", "Path": "Đường dẫn"}

# click's English message templates (its msgids), as patterns, and their Vietnamese. A group named
# ``inner`` or ``rest`` is translated in turn (messages nest: “Invalid value for X: <the type's message>”).
_MESSAGES: list[tuple[re.Pattern, Callable[[re.Match], str]]] = []


def _message(pattern: str) -> Callable[[Callable[[re.Match], str]], Callable[[re.Match], str]]:
    def register(render: Callable[[re.Match], str]) -> Callable[[re.Match], str]:
        _MESSAGES.append((re.compile(pattern, re.S), render))
        return render
    return register


def _hint(text: str | None) -> str:
    return (text or "").strip()


@_message(r"Missing (?P<kind>argument|option|parameter)(?P<hint>(?: [^.]+?)?)\.(?P<rest>.*)")
def _missing(match: re.Match) -> str:
    hint = _hint(match.group("hint"))
    text = f"Thiếu {_KINDS[match.group('kind')]}{' ' + hint if hint else ''}."
    rest = translate(match.group("rest").strip())
    return f"{text} {rest}" if rest else text


@_message(r"Choose from:\s*(?P<choices>.*)")
def _choose(match: re.Match) -> str:
    choices = [item.strip().rstrip(",") for item in match.group("choices").split("\n") if item.strip()]
    return "Chọn một trong: " + ", ".join(choices) + "."


@_message(r"Invalid value for (?P<hint>.+?): (?P<inner>.*)")
def _invalid_for(match: re.Match) -> str:
    return f"Giá trị không hợp lệ cho {match.group('hint')}: {translate(match.group('inner'))}"


@_message(r"Invalid value: (?P<inner>.*)")
def _invalid(match: re.Match) -> str:
    return f"Giá trị không hợp lệ: {translate(match.group('inner'))}"


@_message(r"No such option:? (?P<name>'[^']*'|\S+?)\.?(?P<rest>(?:\s.*)?)")
def _no_option(match: re.Match) -> str:
    rest = translate(match.group("rest").strip())
    return f"Không có tùy chọn {match.group('name')}." + (f" {rest}" if rest else "")


@_message(r"No such command:? (?P<name>'[^']*'|\S+?)\.?(?P<rest>(?:\s.*)?)")
def _no_command(match: re.Match) -> str:
    rest = translate(match.group("rest").strip())
    return f"Không có lệnh {match.group('name')}." + (f" {rest}" if rest else "")


@_message(r"\(?Did you mean(?: one of:)? (?P<names>.+?)\?\)?")
def _did_you_mean(match: re.Match) -> str:
    return f"Có phải ý bạn là {match.group('names')}?"


@_message(r"\(Possible options: (?P<names>.+)\)")
def _possible(match: re.Match) -> str:
    return f"(Các tùy chọn gần giống: {match.group('names')})"


@_message(r"Got unexpected extra arguments? \((?P<args>.*)\)")
def _extra(match: re.Match) -> str:
    return f"Thừa đối số: {match.group('args')}."


@_message(r"Missing command\.")
def _missing_command(match: re.Match) -> str:
    return "Thiếu lệnh (xem danh sách lệnh bằng xlqms --help)."


@_message(r"Option (?P<name>'[^']+') requires an argument\.")
def _needs_value(match: re.Match) -> str:
    return f"Tùy chọn {match.group('name')} cần một giá trị."


@_message(r"Option (?P<name>'[^']+') requires (?P<count>\d+) arguments\.")
def _needs_values(match: re.Match) -> str:
    return f"Tùy chọn {match.group('name')} cần {match.group('count')} giá trị."


@_message(r"Option (?P<name>'[^']+') does not take a value\.")
def _takes_none(match: re.Match) -> str:
    return f"Tùy chọn {match.group('name')} không nhận giá trị."


@_message(r"(?P<value>'.*') is not one of (?P<choices>.*)\.")
def _not_one_of(match: re.Match) -> str:
    return f"{match.group('value')} không phải một trong {match.group('choices')}."


@_message(r"(?P<value>'.*') is not (?P<choice>'.*')\.")
def _not_the_choice(match: re.Match) -> str:
    return f"{match.group('value')} không phải {match.group('choice')}."


@_message(r"(?P<value>'.*') is not a valid (?P<kind>integer|float|UUID|boolean)\.")
def _not_a_number(match: re.Match) -> str:
    kinds = {"integer": "số nguyên", "float": "số", "UUID": "UUID", "boolean": "giá trị đúng/sai"}
    return f"{match.group('value')} không phải {kinds[match.group('kind')]}."


@_message(r"(?P<value>.+) is not in the range (?P<range>.+)\.")
def _out_of_range(match: re.Match) -> str:
    return f"{match.group('value')} nằm ngoài khoảng {match.group('range')}."


@_message(r"(?P<value>'.*') does not match the formats? (?P<formats>.+)\.")
def _bad_format(match: re.Match) -> str:
    formats = match.group("formats").replace("%d", "dd").replace("%m", "mm").replace("%Y", "yyyy")
    return f"{match.group('value')} không đúng dạng {formats}."


@_message(r"(?P<kind>File|Directory|Path) (?P<name>'.*') (?P<problem>does not exist|is a file|is a directory|"
          r"is not readable|is not writable|is not executable)\.")
def _path_problem(match: re.Match) -> str:
    problems = {"does not exist": "không tồn tại", "is a file": "là một tệp, cần một thư mục",
                "is a directory": "là một thư mục, cần một tệp", "is not readable": "không đọc được",
                "is not writable": "không ghi được", "is not executable": "không chạy được"}
    return f"{_PATH_KINDS[match.group('kind')]} {match.group('name')} {problems[match.group('problem')]}."


@_message(r"Could not open file (?P<name>'.*'): (?P<reason>.*)")
def _cannot_open(match: re.Match) -> str:
    return f"Không mở được tệp {match.group('name')}: {match.group('reason')}"


def translate(message: str) -> str:
    """One of click's messages in Vietnamese (as written when it is not one of click's known templates)."""
    text = message.strip()
    for pattern, render in _MESSAGES:
        match = pattern.fullmatch(text)
        if match:
            return render(match)
    return text


def _note(text: str) -> str:
    """The ``[default: …; required]`` note click adds to an option's help, in Vietnamese."""
    def replace(match: re.Match) -> str:
        inner = match.group(1)
        inner = re.sub(r"\bdefault: ", "mặc định: ", inner)
        inner = re.sub(r"\brequired\b", "bắt buộc", inner)
        inner = re.sub(r"\benv var: ", "biến môi trường: ", inner)
        return f"[{inner}]"
    return re.sub(r"\[([^\[\]]*(?:default: |required|env var: )[^\[\]]*)\]\s*$", replace, text)


class VietnameseFormatter(click.HelpFormatter):
    """click's help formatter with Vietnamese usage prefix, headings and option notes."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, USAGE_PREFIX if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        super().write_heading(HEADINGS.get(heading, heading))

    def write_dl(self, rows: Iterable[tuple[str, str]], col_max: int = 30, col_spacing: int = 2) -> None:
        super().write_dl([(term, _note(text)) for term, text in rows], col_max, col_spacing)


class VietnameseContext(click.Context):
    formatter_class = VietnameseFormatter


class _Vietnamese:
    """What a command and a group share: the context, the help option's words, the usage placeholders."""

    context_class: type[click.Context] = VietnameseContext

    def get_help_option(self, ctx):
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = HELP_OPTION_TEXT
        return option


class VietnameseCommand(_Vietnamese, click.Command):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("options_metavar", OPTIONS_METAVAR)
        super().__init__(*args, **kwargs)


class VietnameseGroup(_Vietnamese, click.Group):
    """A group whose commands are :class:`VietnameseCommand` and whose usage errors are Vietnamese."""

    command_class = VietnameseCommand

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("options_metavar", OPTIONS_METAVAR)
        kwargs.setdefault("subcommand_metavar", COMMAND_METAVAR)
        super().__init__(*args, **kwargs)

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        """click's main, with its own errors shown in Vietnamese (``standalone_mode`` as in click)."""
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        try:
            code = super().main(args, prog_name, complete_var, False, **extra)
        except click.exceptions.UsageError as exc:
            show_usage_error(exc)
            sys.exit(exc.exit_code)
        except click.exceptions.Abort:
            click.echo(ABORTED, err=True)
            sys.exit(1)
        except click.ClickException as exc:
            click.echo(ERROR_PREFIX + translate(exc.format_message()), err=True)
            sys.exit(exc.exit_code)
        sys.exit(code if isinstance(code, int) else 0)


def show_usage_error(exc: click.exceptions.UsageError) -> None:
    """A usage error as click shows it — the usage line, where to find help, the message — in Vietnamese."""
    ctx = exc.ctx
    if ctx is not None:
        hint = ""
        if ctx.command.get_help_option(ctx) is not None:
            longest = max(ctx.command.get_help_option_names(ctx), key=len)
            hint = f"Xem “{ctx.command_path} {longest}” để biết cách dùng.\n"
        click.echo(f"{ctx.get_usage()}\n{hint}", err=True, color=ctx.color)
    click.echo(ERROR_PREFIX + translate(exc.format_message()), err=True, color=ctx.color if ctx else None)
