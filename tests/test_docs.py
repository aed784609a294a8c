"""The README is part of the product: every command, option and key is in it."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from tui.app import RelanceApp
from tui.cli import build_parser
from tui.screens.client import ClientScreen
from tui.screens.client_conflict import ClientConflictScreen
from tui.screens.client_edit import ClientEditScreen
from tui.screens.confirm import Confirm
from tui.screens.queue import QueueScreen, QueueTable

README = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")


def _subparsers() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


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
    [b for screen in (RelanceApp, QueueScreen, QueueTable, ClientScreen, ClientEditScreen,
                      ClientConflictScreen, Confirm) for b in screen.BINDINGS],
)
def test_every_key_binding_is_documented_with_an_id(binding: object) -> None:
    from textual.binding import Binding

    assert isinstance(binding, Binding)
    assert binding.id, f"{binding.key} has no id: it cannot be remapped"
    assert binding.description, f"{binding.key} has no description"
    assert f"`{binding.key}`" in README, f"key {binding.key} missing from the README"
