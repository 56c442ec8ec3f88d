"""Ctrl+C at any moment of the ``xlqms`` command ends quietly (issue 15): one Vietnamese line, exit 130.

Real processes, real SIGINTs: the installed console script and ``python -m xlqms``, interrupted while
Python imports the command line, while a command imports its libraries, while it works, and while
the process shuts down. Where the SIGINT lands is known, not guessed: the process runs with
``PYTHONPROFILEIMPORTTIME=1``, so Python writes a line on the standard error as each module's import
ends; the test sends SIGINT on the line of a module it names, and checks afterwards that fewer modules
were imported after it than in a whole start (the SIGINT landed inside the import that followed).
Shutdown is reached with the real launcher and a stand-in command that sets up what runs at exit.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

import xlqms
from xlqms.stopping import EXIT_INTERRUPTED, STOPPED

CONSOLE_SCRIPT = Path(sys.executable).with_name("xlqms")
ENTRIES = {"console script": [str(CONSOLE_SCRIPT)], "python -m xlqms": [sys.executable, "-m", "xlqms"]}
IMPORT_LINE = re.compile(r"^import time:\s+\d+ \|\s+\d+ \|\s*(\S+)\s*$")


def imported(lines: list[str]) -> list[str]:
    """The modules whose import ended, in order (from ``PYTHONPROFILEIMPORTTIME``'s lines)."""
    return [match.group(1) for line in lines if (match := IMPORT_LINE.match(line))]


def said(lines: list[str]) -> list[str]:
    """What the process wrote on the standard error, import timings aside."""
    return [line for line in lines if not line.startswith("import time:")]


def run_interrupted(args: list[str], when: Callable[[list[str]], bool], cwd: Path, delay: float = 0.0,
                    timeout: float = 120, group: bool = False) -> tuple[int | None, list[str], bool]:
    """Start ``args``; send SIGINT ``delay`` seconds after ``when(lines)`` first holds (``lines``: its
    standard error so far, watched as it comes) — to the process, or with ``group`` to its whole process
    group, workers included, as a terminal's Ctrl+C does. Returns (exit code, every line of the standard
    error, whether SIGINT was sent — not when the process ended first)."""
    env = {**os.environ, "PYTHONPROFILEIMPORTTIME": "1"}
    process = subprocess.Popen(args, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               start_new_session=group)
    lines: list[str] = []
    arrived = threading.Event()

    def read() -> None:
        assert process.stderr is not None
        for raw in process.stderr:
            lines.append(raw.decode("utf-8", "replace").rstrip("\n"))
            arrived.set()
        arrived.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    sent = False
    deadline = time.monotonic() + timeout
    while process.poll() is None and time.monotonic() < deadline:
        if when(lines):
            time.sleep(delay)
            if group:
                os.killpg(process.pid, signal.SIGINT)
            else:
                process.send_signal(signal.SIGINT)
            sent = True
            break
        arrived.wait(0.005)
        arrived.clear()
    process.wait(timeout=timeout)
    reader.join(timeout)
    return process.returncode, lines, sent


def assert_stopped_quietly(code, lines) -> None:
    """Exit 130, the one line, nothing else — but the blank line click writes itself (to end a terminal's
    ^C) when the SIGINT lands inside click's main, between reading the arguments and the command."""
    assert not any("Traceback" in line or "Exception ignored" in line for line in lines), "\n".join(lines)
    assert (code, [line for line in said(lines) if line]) == (EXIT_INTERRUPTED, [STOPPED]), "\n".join(lines)
    assert said(lines) in ([STOPPED], ["", STOPPED]), "\n".join(lines)


def ended_import_of(module: str) -> Callable[[list[str]], bool]:
    """Whether the import of ``module`` has ended (its line is there); looks at each line once."""
    seen = [0, False]

    def ended(lines: list[str]) -> bool:
        for line in lines[seen[0]:]:
            match = IMPORT_LINE.match(line)
            seen[1] = seen[1] or (match is not None and match.group(1) == module)
        seen[0] = len(lines)
        return bool(seen[1])
    return ended


# -- the package's import is cheap; the library's names are all there ---------------------------

def test_the_entry_point_imports_nothing_heavy_before_it_guards():
    """``import xlqms.launcher`` (what the console script does first) loads the package's __init__ and
    the launcher only: no command line, no click, no spreadsheet library."""
    code = ("import sys, xlqms.launcher; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('xlqms', 'click', 'rich', 'openpyxl', 'pandas', 'typing')))")
    shown = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert shown.strip() == "['xlqms', 'xlqms.launcher', 'xlqms.stopping']"


def test_the_library_names_are_there_lazily_and_typed():
    """Everything in ``__all__`` imports as before (first use loads its module), ``dir(xlqms)`` lists it,
    a submodule is an attribute as when the package imported eagerly, and a misspelt name is an error."""
    namespace: dict = {}
    exec("from xlqms import *", namespace)
    assert set(xlqms.__all__) <= set(namespace) and set(xlqms.__all__) <= set(dir(xlqms))
    from xlqms import Status, evaluate, parse_target, read_campaign
    from xlqms.campaign import read_campaign as home
    assert read_campaign is home and xlqms.read_campaign is home
    assert evaluate(parse_target("trên 90%"), "1540/1587") is Status.MET
    assert xlqms.layout.STORE_FILE == "xlqms.sqlite"
    with pytest.raises(AttributeError):
        xlqms.no_such_name  # noqa: B018
    with pytest.raises(ImportError):
        exec("from xlqms import no_such_name", {})


# -- during the start: Python importing the command line ----------------------------------------

def imported_between(lines: list[str], first: str, last: str) -> set[str]:
    """The modules whose import ended after ``first``'s and up to ``last``'s (an import cut short by
    KeyboardInterrupt has its line too, but the modules it would have imported next have none)."""
    names = imported(lines)
    start = names.index(first) + 1
    return set(names[start:names.index(last, start)]) if last in names[start:] else set(names[start:])


@pytest.mark.parametrize("entry", list(ENTRIES))
def test_ctrl_c_while_the_command_line_is_imported(entry, tmp_path):
    """SIGINT once click is imported (the first thing the command line imports): it lands while the
    rest of the command line (rich, xlqms.terminal, …) imports — fewer modules than a whole start."""
    env = {**os.environ, "PYTHONPROFILEIMPORTTIME": "1"}
    whole = subprocess.run([*ENTRIES[entry], "--version"], capture_output=True, text=True, env=env, check=True)
    after_click = imported_between(whole.stderr.splitlines(), "click", "xlqms.cli")
    assert {"rich", "xlqms.terminal", "xlqms.cli_language"} <= after_click
    landed = 0
    for _ in range(5):                    # a machine slow to read the pipe may let the import end first
        code, lines, sent = run_interrupted([*ENTRIES[entry], "demo", str(tmp_path / "demo")],
                                            ended_import_of("click"), tmp_path)
        assert sent, "\n".join(lines)
        if imported_between(lines, "click", "xlqms.cli") < after_click:     # landed inside the import
            assert_stopped_quietly(code, lines)
            landed += 1
            if landed == 2:
                break
        else:
            assert "Traceback" not in "\n".join(lines) and code in (EXIT_INTERRUPTED, 0), "\n".join(lines)
    assert landed, "no SIGINT landed during the command line's import"


def test_ctrl_c_at_many_moments_of_the_start(tmp_path):
    """SIGINT on the end of the import of each of several modules along the start: every run ends
    quietly, interrupted (130 and the line) — the command (``target``) never gets to finish."""
    modules = ["xlqms.launcher", "click", "rich", "xlqms.terminal", "xlqms.cli_language", "xlqms.cli"]
    for module in modules:
        code, lines, sent = run_interrupted([str(CONSOLE_SCRIPT), "target", "trên 90%", "--value", "95%"],
                                            ended_import_of(module), tmp_path)
        assert sent, (module, lines)
        assert_stopped_quietly(code, lines)


# -- during a command's work --------------------------------------------------------------------

@pytest.mark.parametrize("entry", list(ENTRIES))
def test_ctrl_c_while_demo_imports_then_while_it_works(entry, tmp_path):
    """While ``demo`` imports its libraries (openpyxl, pandas, …), then once it has written its first
    workbooks: interrupted quietly both times; the second run's folder is left as the demo left it."""
    code, lines, sent = run_interrupted([*ENTRIES[entry], "demo", str(tmp_path / "one")],
                                        ended_import_of("xlqms.cli"), tmp_path)
    assert sent
    assert_stopped_quietly(code, lines)
    assert "xlqms.demo" not in imported(lines)          # the command's own imports were cut short

    out = tmp_path / "two"

    wrote: list[Path] = []

    def working(lines: list[str]) -> bool:
        wrote[:] = list(out.rglob("*.xlsx"))
        return bool(wrote)

    code, lines, sent = run_interrupted([*ENTRIES[entry], "demo", str(out)], working, tmp_path)
    assert sent and wrote, "the demo ended before it wrote anything"
    assert_stopped_quietly(code, lines)
    assert not list(out.rglob(".tmp-*")), "a half-written file was left behind"


@pytest.mark.parametrize("group", [False, True], ids=["collect alone", "with its workers (a terminal's Ctrl+C)"])
def test_ctrl_c_while_collect_works_frees_the_round(collect_round, returns_corpus, tmp_path, group):
    """SIGINT while ``collect`` takes files in (the first is archived, dozens are not): quiet; the next
    collect runs (the lock was freed) and leaves nothing half-written behind."""
    archive = collect_round / "archive"

    def working(lines: list[str]) -> bool:
        return archive.is_dir() and any(archive.iterdir())

    code, lines, sent = run_interrupted([sys.executable, "-m", "xlqms", "collect", str(collect_round),
                                         str(returns_corpus["returns"])], working, tmp_path, group=group)
    assert sent
    assert_stopped_quietly(code, lines)
    nothing_new = tmp_path / "nothing-new"
    nothing_new.mkdir()
    again = subprocess.run([sys.executable, "-m", "xlqms", "collect", str(collect_round), str(nothing_new)],
                           capture_output=True, text=True, timeout=120)
    assert again.returncode in (0, 4), again.stderr        # not refused: the lock died with the interrupted run
    # a worker stopped in the middle of archiving a copy may leave its temporary file: swept by this run
    assert not list(collect_round.rglob(".tmp-*")), "a half-written file was left behind"


@pytest.mark.slow          # about 4 s: nine runs
def test_ctrl_c_at_fixed_delays_ends_quietly_or_not_at_all(tmp_path):
    """Delays counted from the guard's installation (the launcher imported) to past the end of a short
    command: every run is either interrupted quietly or done, never a traceback; the early ones interrupt.
    (Before that moment the interpreter itself is starting: a SIGINT there is Python's, see xlqms.launcher.)"""
    outcomes = []
    for delay in (0.0, 0.005, 0.02, 0.05, 0.1, 0.2, 0.4, 0.8, 1.6):
        code, lines, sent = run_interrupted([str(CONSOLE_SCRIPT), "target", "trên 90%", "--value", "95%"],
                                            ended_import_of("xlqms.launcher"), tmp_path, delay=delay)
        assert "Traceback" not in "\n".join(lines), (delay, lines)
        if code == 0:
            assert said(lines) == [], (delay, lines)
        else:
            assert_stopped_quietly(code, lines)
        outcomes.append(code)
    assert outcomes[:3] == [EXIT_INTERRUPTED] * 3 and 0 in outcomes, outcomes


# -- during shutdown ----------------------------------------------------------------------------

SHUTDOWN = """
import atexit, os, signal, sys, threading, time
import xlqms.cli, xlqms.launcher

def command():
    print("done")
    {setup}
    sys.exit({code})

xlqms.cli.main = command
xlqms.launcher.main()
"""

CTRL_C = "os.kill(os.getpid(), signal.SIGINT); time.sleep(0.3)"
AT_SHUTDOWN = {
    # what runs after the command returned, and a SIGINT in the middle of it
    "atexit hook": f"atexit.register(lambda: ({CTRL_C.replace('; ', ', ')}))",
    "thread joined at exit": "threading.Thread(target=lambda: time.sleep(0.6)).start(); "
                             "threading.Timer(0.2, lambda: os.kill(os.getpid(), signal.SIGINT)).start()",
    "the command's last line": "signal.raise_signal(signal.SIGINT)",
}


@pytest.mark.parametrize("moment", list(AT_SHUTDOWN))
@pytest.mark.parametrize("code", [0, 4])
def test_ctrl_c_during_shutdown(moment, code, tmp_path):
    """A command done (exit 0 or 4), then SIGINT while the process ends: an atexit hook running (worker
    pools are joined there), a thread joined at exit; or on the command's last line. Without the guard Python
    prints 'Exception ignored … KeyboardInterrupt' and a traceback."""
    script = SHUTDOWN.format(setup=AT_SHUTDOWN[moment], code=code)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=60, cwd=tmp_path)
    lines = result.stderr.decode("utf-8", "replace").splitlines()
    assert result.stdout.decode().strip() == "done"
    assert_stopped_quietly(result.returncode, lines)
