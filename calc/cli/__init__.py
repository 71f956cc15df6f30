"""``python -m calc`` and its subcommands."""

from calc.cli.commands import main

__all__ = ["main"]
