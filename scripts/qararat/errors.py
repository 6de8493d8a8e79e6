"""The one family of build errors: each carries every located problem a stage found."""
from __future__ import annotations

from .model import Problem


class BuildError(Exception):
    """A stage found errors; `problems` lists all of them, each naming file and line."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    def __reduce__(self):
        # Rebuilt from its problems when it comes back from a worker process, not from its message.
        return BuildError, (self.problems,)


def fail_on_errors(problems: list[Problem]) -> list[Problem]:
    """Raise if any problem is an error; otherwise hand the warnings back."""
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise BuildError(errors)
    return problems
