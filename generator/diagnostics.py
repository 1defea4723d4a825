"""Compiler-style diagnostics: ``path:line: error|warning: message``.

Every stage reports problems into one :class:`Diagnostics` collection instead of
raising, so a single run lists every problem in the project.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Iterable, Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem at one place. ``path`` is relative to the project, with ``/``."""

    path: str
    line: int
    severity: Severity
    message: str

    def format(self) -> str:
        return f"{self.path}:{self.line}: {self.severity}: {self.message}"


@dataclass
class Diagnostics:
    """Collects diagnostics from every stage of a run."""

    items: list[Diagnostic] = field(default_factory=list)

    def error(self, path: str, line: int, message: str) -> None:
        self.items.append(Diagnostic(path, max(line, 1), "error", message))

    def warning(self, path: str, line: int, message: str) -> None:
        self.items.append(Diagnostic(path, max(line, 1), "warning", message))

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "warning"]

    def failed(self, strict: bool = False) -> bool:
        return bool(self.errors) or (strict and bool(self.warnings))

    def sorted(self) -> list[Diagnostic]:
        """Unique diagnostics sorted by path, then line (errors before warnings)."""
        return sorted(set(self.items), key=lambda d: (d.path, d.line, d.severity, d.message))

    def summary(self) -> str:
        errors, warnings = len(self.errors), len(self.warnings)
        if not errors and not warnings:
            return "no problems found"
        return f"{plural(errors, 'error')}, {plural(warnings, 'warning')}"


def plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def suggest(value: object, choices: Iterable[str]) -> str:
    """A ``did you mean 'x'?`` hint for a near-miss, or an empty string."""
    if not isinstance(value, str):
        return ""
    options = list(choices)
    folded = {c.casefold(): c for c in options}
    if value.casefold() in folded:
        return f" (did you mean '{folded[value.casefold()]}'?)"
    close = difflib.get_close_matches(value, options, n=1, cutoff=0.6)
    if not close and len(value) >= 3:
        close = [c for c in options if c.casefold().startswith(value.casefold())][:1]
    return f" (did you mean '{close[0]}'?)" if close else ""


def one_of(choices: Iterable[str]) -> str:
    """``'a', 'b' or 'c'`` for messages that list what is allowed."""
    quoted = [f"'{c}'" for c in choices]
    if len(quoted) <= 1:
        return "".join(quoted) or "nothing"
    return ", ".join(quoted[:-1]) + " or " + quoted[-1]
