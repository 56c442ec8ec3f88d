"""How the ``xlqms`` command ends on Ctrl+C (SIGINT): one Vietnamese line, exit code 130, never a traceback.

:func:`guard` is installed by :mod:`xlqms.launcher` when the command starts; :func:`stopped` is how the
command line (:mod:`xlqms.cli`) ends a command interrupted. Without a guard (the command line called
as a library, by tests) :func:`stopped` says its line every time and nothing else changes.
"""

from __future__ import annotations

import atexit
import os
import signal
import sys

STOPPED = "Đã dừng."
"""What a stopped command says, one line (on a terminal, after a new line that ends the ``^C`` echo)."""
EXIT_INTERRUPTED = 130


class Guard:
    """The state of one run of the command: whether it works still, whether it was stopped, and
    whether :data:`STOPPED` was said (it is said once)."""

    def __init__(self) -> None:
        self.working = False      # True from the start of the command's code to its end
        self.interrupted = False
        self.said = False

    def on_sigint(self, signum, frame) -> None:
        self.interrupted = True
        if self.working:
            raise KeyboardInterrupt
        say_stopped()        # before the command's code (the console script's own lines) or after its end

    def at_exit(self) -> None:
        """The last ``atexit`` hook (registered first): a SIGINT from here on changes nothing."""
        try:
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        except (AttributeError, OSError, ValueError):      # no pthread_sigmask (Windows)
            pass
        try:
            # Ignored, not only blocked: the interpreter's finalization puts back the default action of a
            # signal with a Python handler, and a SIGINT then (blocked here, not in a native library's own
            # threads) would kill the process after a command that ended well.
            signal.signal(signal.SIGINT, signal.SIG_IGN)
        except (OSError, ValueError):       # not the main thread
            pass
        if self.interrupted:
            say_stopped()
            for stream in (sys.stdout, sys.stderr):
                try:
                    stream.flush()
                except (AttributeError, OSError, ValueError):
                    pass
            os._exit(EXIT_INTERRUPTED)


_guard: Guard | None = None


def say_stopped() -> None:
    """Write :data:`STOPPED` on the standard error — once per run of the command; every time when no
    run is guarded (the command line called as a library, by tests)."""
    if _guard is not None:
        if _guard.said:
            return
        _guard.said = True
    stream = sys.stderr
    try:
        text = ("\n" if stream.isatty() else "") + STOPPED + "\n"      # on a terminal, after its ^C
        try:
            stream.write(text)
        except UnicodeEncodeError:      # PYTHONIOENCODING=ascii, before the command line fits the streams
            stream.flush()
            stream.buffer.write(text.encode("utf-8"))
        stream.flush()
    except (AttributeError, OSError, ValueError):      # no standard error, or closed: nothing to say it on
        pass


def stopped() -> int:
    """Say :data:`STOPPED` (once) and give :data:`EXIT_INTERRUPTED`: how a command ends on Ctrl+C."""
    say_stopped()
    return EXIT_INTERRUPTED


def guard() -> Guard:
    """Guard this process's SIGINT for one run of the command (see :mod:`xlqms.launcher`): Python's
    handling (``KeyboardInterrupt``) while :attr:`Guard.working`; before and after, the line said and
    exit code 130 after the last ``atexit`` hook. Call it in the main thread, before anything else."""
    global _guard
    installed = _guard = Guard()
    atexit.register(installed.at_exit)        # first registered: the last to run
    try:
        signal.signal(signal.SIGINT, installed.on_sigint)
    except ValueError:            # not the main thread: Python's own handling stays
        pass
    return installed
