"""The README is part of the product: every command, option and key is in it."""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tui.cli import build_parser

README = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")


def _subparsers() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _bindings() -> list[object]:
    """Every binding declared by the app and by each widget or screen of ``tui``."""
    import importlib
    import inspect
    import pkgutil

    from textual.dom import DOMNode

    import tui

    found: dict[tuple[str, str], object] = {}
    for module_info in pkgutil.walk_packages(tui.__path__, "tui."):
        module = importlib.import_module(module_info.name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, DOMNode) and cls.__module__.startswith("tui."):
                for binding in cls.__dict__.get("BINDINGS", []):
                    found[(cls.__qualname__, str(binding))] = binding
    return list(found.values())


@pytest.mark.parametrize("command", sorted(_subparsers()))
def test_every_command_is_documented(command: str) -> None:
    assert f"`relance {command}" in README


@pytest.mark.parametrize(
    ("command", "option"),
    [(name, opt) for name, sub in sorted(_subparsers().items()) for action in sub._actions
     for opt in action.option_strings if opt.startswith("--") and opt != "--help"],
)
def test_every_option_is_documented(command: str, option: str) -> None:
    assert re.search(re.escape(option) + r"\b", README), f"{command} {option}"


@pytest.mark.parametrize(
    "binding",
    _bindings(),
)
def test_every_key_binding_is_documented_with_an_id(binding: object) -> None:
    from textual.binding import Binding

    assert isinstance(binding, Binding)
    assert binding.id, f"{binding.key} has no id: it cannot be remapped"
    assert binding.description, f"{binding.key} has no description"
    key = binding.key_display or binding.key
    assert f"`{key}`" in README, f"key {key} missing from the README"


def test_opening_the_app_imports_no_command() -> None:
    """Startup speed: `relance` alone parses its options without importing the commands' libraries."""
    code = ("import sys; from tui.cli import parse; args = parse(['--db', 'x.db']); "
            "assert args.command is None and args.db == 'x.db'; "
            "print(sorted(m for m in sys.modules if m.startswith('tui.commands.')))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
