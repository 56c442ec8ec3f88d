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

from xlqms.stopping import STOPPED, stopped
from xlqms.terminal import fit_streams

USAGE_PREFIX = "Cách dùng: "
HELP_OPTION_TEXT = "Xem hướng dẫn này rồi thoát."
VERSION_OPTION_TEXT = "Xem phiên bản rồi thoát."
VERSION_MESSAGE = "%(prog)s, phiên bản %(version)s"
OPTIONS_METAVAR = "[TÙY CHỌN]"
COMMAND_METAVAR = "LỆNH [THAM SỐ]..."
ERROR_PREFIX = "Lỗi: "
ABORTED = STOPPED

HEADINGS = {
    "Usage": "Cách dùng",
    "Options": "Tùy chọn",
    "Commands": "Các lệnh",
    "Arguments": "Đối số",
    "Positional arguments": "Đối số",
}
"""click's section headings (its English words) and how they read in Vietnamese."""


def _choices(text: str) -> str:
    """click's “Choose from:\n\tjson,\n\tcsv” list as “json, csv”."""
    return ", ".join(item.strip().rstrip(",") for item in text.split("\n") if item.strip())


def _date_formats(text: str) -> str:
    return text.replace("%d", "dd").replace("%m", "mm").replace("%Y", "yyyy")


_WORDS = {
    "kind": {"argument": "đối số", "option": "tùy chọn", "parameter": "tham số"},
    "path": {"File": "Tệp", "Directory": "Thư mục", "Path": "Đường dẫn"},
    "number": {"integer": "số nguyên", "float": "số", "UUID": "UUID", "boolean": "giá trị đúng/sai"},
    "problem": {"does not exist": "không tồn tại", "is a file": "là một tệp, cần một thư mục",
                "is a directory": "là một thư mục, cần một tệp", "is not readable": "không đọc được",
                "is not writable": "không ghi được", "is not executable": "không chạy được"},
}
"""The words of a message group, by the group's name."""
_CLEANERS: dict[str, Callable[[str], str]] = {"choices": _choices, "formats": _date_formats}
_NESTED = ("inner", "rest")
"""Groups that hold another of click's messages, translated in turn."""

# click's English message templates (its msgids) as patterns, and their Vietnamese templates. Messages
# nest: “Invalid value for X: <the type's message>”, “No such option: --x <Did you mean …?>”.
_MESSAGES: list[tuple[re.Pattern, str]] = [(re.compile(pattern, re.S), template) for pattern, template in (
    (r"Missing (?P<kind>argument|option|parameter)(?P<hint>(?: [^.]+?)?)\.(?P<rest>.*)", "Thiếu {kind}{hint}. {rest}"),
    (r"Choose from:\s*(?P<choices>.*)", "Chọn một trong: {choices}."),
    (r"Invalid value for (?P<hint>.+?): (?P<inner>.*)", "Giá trị không hợp lệ cho {hint}: {inner}"),
    (r"Invalid value: (?P<inner>.*)", "Giá trị không hợp lệ: {inner}"),
    (r"No such option:? (?P<name>'[^']*'|\S+?)\.?(?P<rest>(?:\s.*)?)", "Không có tùy chọn {name}. {rest}"),
    (r"No such command:? (?P<name>'[^']*'|\S+?)\.?(?P<rest>(?:\s.*)?)", "Không có lệnh {name}. {rest}"),
    (r"\(?Did you mean(?: one of:)? (?P<names>.+?)\?\)?", "Có phải ý bạn là {names}?"),
    (r"\(Possible options: (?P<names>.+)\)", "(Các tùy chọn gần giống: {names})"),
    (r"Got unexpected extra arguments? \((?P<args>.*)\)", "Thừa đối số: {args}."),
    (r"Missing command\.", "Thiếu lệnh (xem danh sách lệnh bằng xlqms --help)."),
    (r"Option (?P<name>'[^']+') requires an argument\.", "Tùy chọn {name} cần một giá trị."),
    (r"Option (?P<name>'[^']+') requires (?P<count>\d+) arguments\.", "Tùy chọn {name} cần {count} giá trị."),
    (r"Option (?P<name>'[^']+') does not take a value\.", "Tùy chọn {name} không nhận giá trị."),
    (r"(?P<value>'.*') is not one of (?P<choices>.*)\.", "{value} không phải một trong {choices}."),
    (r"(?P<value>'.*') is not (?P<choice>'.*')\.", "{value} không phải {choice}."),
    (r"(?P<value>'.*') is not a valid (?P<number>integer|float|UUID|boolean)\.", "{value} không phải {number}."),
    (r"(?P<value>.+) is not in the range (?P<range>.+)\.", "{value} nằm ngoài khoảng {range}."),
    (r"(?P<value>'.*') does not match the formats? (?P<formats>.+)\.",
     "{value} không phải một ngày có thật theo dạng {formats} (ví dụ 26/08/2020)."),
    (r"(?P<path>File|Directory|Path) (?P<name>'.*') (?P<problem>does not exist|is a file|is a directory|"
     r"is not readable|is not writable|is not executable)\.", "{path} {name} {problem}."),
    (r"Could not open file (?P<name>'.*'): (?P<reason>.*)", "Không mở được tệp {name}: {reason}"),
)]


def translate(message: str) -> str:
    """One of click's messages in Vietnamese (as written when it is not one of click's known templates)."""
    text = message.strip()
    for pattern, template in _MESSAGES:
        match = pattern.fullmatch(text)
        if match is None:
            continue
        groups = {}
        for name, value in match.groupdict(default="").items():
            if name in _NESTED:
                value = translate(value)
            elif name in _WORDS:
                value = _WORDS[name][value]
            elif name in _CLEANERS:
                value = _CLEANERS[name](value)
            groups[name] = value
        return re.sub(r"\s+", " ", template.format(**groups)).strip()
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

    def make_context(self, info_name, args, parent=None, **extra):
        """click's, with a Ctrl+C while the arguments are read ending as one during a command
        (:func:`xlqms.stopping.stopped`), not as click's blank line and exit 1."""
        try:
            return super().make_context(info_name, args, parent=parent, **extra)
        except KeyboardInterrupt:
            sys.exit(stopped())

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        """click's main, with its own errors shown in Vietnamese (``standalone_mode`` as in click); the
        standard streams made able to write Vietnamese first (:func:`xlqms.terminal.fit_streams`)."""
        fit_streams()
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        try:
            code = super().main(args, prog_name, complete_var, False, **extra)
        except click.exceptions.UsageError as exc:
            show_usage_error(exc)
            sys.exit(exc.exit_code)
        except click.exceptions.Abort as exc:
            if isinstance(exc.__cause__, KeyboardInterrupt):     # Ctrl+C while click itself ran
                sys.exit(stopped())
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
