"""Units and their hierarchy: any depth, held as data (commune → district → province, or two tiers)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property


@dataclass(frozen=True)
class Unit:
    """One People's Committee (or any reporting unit). Codes are text: '00004' keeps its zeros."""

    code: str
    name: str
    level: str = ""               # Cấp: "Tỉnh", "Huyện", "Xã", "Phường", … as the campaign writes it
    parent: str | None = None     # Mã đơn vị cấp trên; None for a root
    row: int | None = None        # row in campaign.xlsx, for messages


class Hierarchy:
    """The units of a campaign and who is under whom. Built from validated units (no cycles)."""

    def __init__(self, units: Iterable[Unit]):
        self._units: dict[str, Unit] = {}
        for unit in units:
            self._units[unit.code] = unit

    def __len__(self) -> int:
        return len(self._units)

    def __iter__(self) -> Iterator[Unit]:
        return iter(self._units.values())

    def __contains__(self, code: object) -> bool:
        return code in self._units

    def __getitem__(self, code: str) -> Unit:
        return self._units[code]

    def get(self, code: str | None) -> Unit | None:
        return self._units.get(code) if code is not None else None

    @cached_property
    def _children(self) -> dict[str, list[str]]:
        children: dict[str, list[str]] = {code: [] for code in self._units}
        for unit in self._units.values():
            if unit.parent in children:
                children[unit.parent].append(unit.code)
        return children

    def children(self, code: str) -> list[Unit]:
        return [self._units[child] for child in self._children.get(code, [])]

    def descendants(self, code: str) -> list[Unit]:
        """Every unit below ``code`` at any depth, parents before their children."""
        found: list[Unit] = []
        stack = list(reversed(self._children.get(code, [])))
        while stack:
            current = stack.pop()
            found.append(self._units[current])
            stack.extend(reversed(self._children.get(current, [])))
        return found

    def ancestors(self, code: str) -> list[Unit]:
        """The chain above ``code``, nearest first."""
        chain: list[Unit] = []
        seen = {code}
        parent = self._units[code].parent
        while parent in self._units and parent not in seen:
            seen.add(parent)
            chain.append(self._units[parent])
            parent = self._units[parent].parent
        return chain

    def roots(self) -> list[Unit]:
        return [unit for unit in self._units.values() if unit.parent is None or unit.parent not in self._units]

    def parents(self) -> list[Unit]:
        """Units that have units below them, in campaign order."""
        return [unit for unit in self._units.values() if self._children.get(unit.code)]

    def depth(self, code: str) -> int:
        return len(self.ancestors(code))

    def leaves(self) -> list[Unit]:
        return [unit for unit in self._units.values() if not self._children.get(unit.code)]


def find_cycles(units: Iterable[Unit]) -> list[list[str]]:
    """Every cycle in the parent links, each as the list of codes going round it once."""
    parent_of = {unit.code: unit.parent for unit in units}
    cycles: list[list[str]] = []
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    for start in parent_of:
        path: list[str] = []
        current: str | None = start
        while current in parent_of and state.get(current) is None:
            state[current] = 1
            path.append(current)
            current = parent_of[current]
        if current in parent_of and state.get(current) == 1:
            cycles.append(path[path.index(current):])
        for code in path:
            state[code] = 2
    return cycles
