"""The value of a constant arithmetic formula a unit typed (``=1540/1587*100``), computed exactly (pure).

Communes type formulas into value cells. Two of them reach xlqms without a value: a formula typed
into a cell formatted as Text (the spreadsheet keeps ``=1540/1587*100`` as text and never computes
it), and a formula saved by a program that does not compute (the file stores no cached value).
When such a formula holds only numbers, ``+ - * /``, parentheses and a trailing ``%`` on a number,
its value is certain, and xlqms computes it instead of asking the unit to retype it. Anything
else — a cell reference, a function, a comparison — is no constant: :func:`constant_value` gives
None and the caller says what to do.

Python's own parser reads the expression (:mod:`ast`); only the node kinds above are evaluated,
with :class:`fractions.Fraction` so that 1540/1587*100 stays exact.
"""

from __future__ import annotations

import ast
import re
from decimal import Decimal, InvalidOperation
from fractions import Fraction

MAX_FORMULA_CHARACTERS = 200
_ALLOWED = re.compile(r"[0-9.,+\-*/()% \t]+")
_PERCENT_NUMBER = re.compile(r"(\d+(?:\.\d+)?)\s*%")


def constant_value(formula: str, typed: bool = False) -> Fraction | None:
    """The exact value of a constant arithmetic formula, or None when it is anything else.

    ``formula``: with or without its leading ``=``. ``typed``: the text as the unit typed it (in a
    Text cell), where a comma is the Vietnamese decimal comma when no dot is present (``=98,5+1``);
    a formula stored by a spreadsheet (``typed=False``) always writes a dot. A division by zero,
    a comma that is no decimal comma, or an expression past :data:`MAX_FORMULA_CHARACTERS` gives None.
    """
    text = formula.strip()
    if text.startswith("="):
        text = text[1:].strip()
    if not text or len(text) > MAX_FORMULA_CHARACTERS or not _ALLOWED.fullmatch(text):
        return None
    if "," in text:
        if not typed or "." in text:
            return None
        text = text.replace(",", ".")
    if not any(character.isdigit() for character in text):
        return None
    text = _PERCENT_NUMBER.sub(r"(\1/100)", text)
    if "%" in text:
        return None
    try:
        tree = ast.parse(text, mode="eval")
        return _evaluate(tree.body)
    except (SyntaxError, ValueError, ZeroDivisionError, InvalidOperation, RecursionError):
        return None


def _evaluate(node: ast.AST) -> Fraction:
    if isinstance(node, ast.Constant) and type(node.value) in (int, float):
        return Fraction(Decimal(repr(node.value)))
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.UAdd, ast.USub)):
        value = _evaluate(node.operand)
        return -value if isinstance(node.op, ast.USub) else value
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Sub, ast.Mult, ast.Div)):
        left, right = _evaluate(node.left), _evaluate(node.right)
        if isinstance(node.op, ast.Add):
            return left + right
        if isinstance(node.op, ast.Sub):
            return left - right
        if isinstance(node.op, ast.Mult):
            return left * right
        return left / right
    raise ValueError("not a constant arithmetic expression")
