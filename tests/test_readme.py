"""The README is the front door: its quick start is what CI runs, and it names every command."""

import re
from pathlib import Path

from click.testing import CliRunner

from xlqms.cli import main

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def quick_start_commands() -> list[str]:
    section = README.split("## Quick start", 1)[1]
    block = re.search(r"```(?:sh|bash|console)?\n(.*?)```", section, re.S).group(1)
    return [line.strip() for line in block.strip().splitlines() if line.strip()]


def test_quick_start_is_exactly_two_commands():
    commands = quick_start_commands()
    assert len(commands) == 2
    assert "xlqms demo" in commands[0]
    assert "pytest" in commands[1]


def test_ci_runs_the_second_quick_start_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert quick_start_commands()[1] in ci.splitlines()


def test_every_command_has_help_and_is_in_the_readme():
    runner = CliRunner()
    assert main.commands, "no commands registered"
    for name, command in main.commands.items():
        assert command.help, f"xlqms {name} has no help text"
        result = runner.invoke(main, [name, "--help"])
        assert result.exit_code == 0, result.output
        assert f"xlqms {name}" in README, f"xlqms {name} is not in the README"


def test_every_option_of_every_command_is_in_the_readme():
    for name, command in main.commands.items():
        for parameter in command.params:
            for option in getattr(parameter, "opts", []):
                if option.startswith("--") and option not in ("--help", "--json", "--debug"):
                    assert option in README, f"xlqms {name} {option} is not in the README"


def test_the_development_section_maps_every_module():
    section = README.split("## Development", 1)[1]
    modules = {path.stem for path in (ROOT / "xlqms").glob("*.py") if not path.stem.startswith("__")}
    modules |= {path.parent.name for path in (ROOT / "xlqms").glob("*/__init__.py")} - {"workbook_templates", "data"}
    mapped = set(re.findall(r"^\| `([a-z_]+)` \|", section, re.M))
    assert modules - mapped == set(), "modules missing from the README's development section"
    assert mapped - modules == set(), "the README maps modules that do not exist"
    assert 'pytest -q -m "not slow"' in section
