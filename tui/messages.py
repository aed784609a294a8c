"""Facts the whole app hears about."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message


@dataclass
class DataChanged(Message):
    """Another session (or a worker of ours) committed to the database: screens reload."""

    data_version: int
