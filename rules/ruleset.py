"""Rules are data: TOML files parsed into frozen records, checked with file, line and reason.

The defaults ship in ``rules/default_rules.toml``. A site file adds rules, overrides fields of
a default rule (same ``id``) or disables rules (``enabled = false`` or ``disable = [ids]``).
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from rules.dates import Offset, OffsetError
from rules.messages import fields_used, styled_fields, template_fields
from store.facts import ANCHORS

DEFAULT_RULES = Path(__file__).with_name("default_rules.toml")
SITE_RULES_ENV = "RELANCE_RULES"
SUBJECTS = ("client", "vehicle", "financing", "lead", "proposal", "repair_order", "complaint")
CHANNELS = ("phone", "sms", "email", "post", "visit", "letter")
MAX_VALID_DAYS = 366


@dataclass(frozen=True, slots=True)
class Conditions:
    """What a fact must satisfy for a rule to raise a reminder; an empty value checks nothing.

    ``min_age_years`` and ``min_mileage_km``, when both given, are alternatives (old *or*
    driven a lot).
    """

    status: tuple[str, ...] = ()
    modes: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    no_contact_since_anchor: bool = False
    unseen_in_workshop_months: int | None = None
    min_age_years: int | None = None
    min_mileage_km: int | None = None
    min_duration_months: int | None = None
    sold_here: bool | None = None


_CONDITION_TYPES: dict[str, type] = {
    "status": tuple,
    "modes": tuple,
    "sources": tuple,
    "no_contact_since_anchor": bool,
    "unseen_in_workshop_months": int,
    "min_age_years": int,
    "min_mileage_km": int,
    "min_duration_months": int,
    "sold_here": bool,
}


@dataclass(frozen=True, slots=True)
class Rule:
    """One reminder rule: from which date, how far, on what conditions, in what words."""

    id: str
    title: str
    subject: str
    anchor: str
    offsets: tuple[Offset, ...]
    tier: int
    channel: str
    valid_days: int
    message_fr: str
    message_en: str
    conditions: Conditions = field(default_factory=Conditions)
    enabled: bool = True
    # a sales call (the law on phone canvassing holds it without consent); false: a call about
    # the client's own case (a complaint, the repair just done), held only when they refused
    canvassing: bool = True
    source: str = ""
    line: int = 0


@dataclass(frozen=True, slots=True)
class RuleSet:
    """The rules in force: enabled ones first-class, disabled ones kept to be listed."""

    rules: tuple[Rule, ...]
    files: tuple[str, ...]

    @property
    def enabled(self) -> tuple[Rule, ...]:
        return tuple(rule for rule in self.rules if rule.enabled)

    def get(self, rule_id: str) -> Rule:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)


@dataclass(frozen=True, slots=True)
class RuleProblem:
    """What is wrong in a rule file, and where."""

    file: str
    line: int
    reason: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.reason}"


class RuleFileError(ValueError):
    """A rule file that cannot be used; ``problems`` says where and why."""

    def __init__(self, problems: Sequence[RuleProblem]) -> None:
        super().__init__("\n".join(str(problem) for problem in problems))
        self.problems = tuple(problems)


_RULE_KEYS = {f.name for f in fields(Rule)} - {"source", "line", "conditions", "offsets"} | {
    "conditions",
    "offsets",
}


_RULE_HEADER = re.compile(r"^\s*\[\[\s*rule\s*\]\]")


def _line_of(text: str, table_line: int, key: str | None = None) -> int:
    """The line of ``key`` in the ``[[rule]]`` table starting at ``table_line`` (0: the top
    of the file); the table's own line when the key is not written there."""
    lines = text.splitlines()
    if key is not None:
        key_pattern = re.compile(r"^\s*" + re.escape(key) + r"\s*=")
        for number in range(table_line, len(lines)):
            if table_line and _RULE_HEADER.match(lines[number]):
                break
            if key_pattern.match(lines[number]):
                return number + 1
    return max(table_line, 1)


def _parse_conditions(raw: Any) -> Conditions:
    if not isinstance(raw, Mapping):
        raise _KeyProblem("conditions", "« conditions » doit être une table")
    values: dict[str, Any] = {}
    for key, value in raw.items():
        expected = _CONDITION_TYPES.get(key)
        if expected is None:
            known = ", ".join(sorted(_CONDITION_TYPES))
            raise _KeyProblem(key, f"condition inconnue « {key} » (connues : {known})")
        if expected is tuple:
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise _KeyProblem(key, f"la condition « {key} » attend une liste de textes")
            value = tuple(value)
        elif expected is int and (isinstance(value, bool) or not isinstance(value, int)):
            raise _KeyProblem(key, f"la condition « {key} » attend un nombre entier")
        elif expected is bool and not isinstance(value, bool):
            raise _KeyProblem(key, f"la condition « {key} » attend true ou false")
        values[key] = value
    return Conditions(**values)


def _checked(raw: Mapping[str, Any], base: Rule | None, source: str, line: int) -> Rule:
    """A rule from its TOML table (fields not given come from ``base``); ``ValueError`` + key."""
    unknown = set(raw) - _RULE_KEYS
    if unknown:
        key = sorted(unknown)[0]
        raise _KeyProblem(
            key, f"clé inconnue « {key} » (connues : {', '.join(sorted(_RULE_KEYS))})"
        )
    values: dict[str, Any] = (
        {} if base is None else {f.name: getattr(base, f.name) for f in fields(Rule)}
    )
    for key in ("id", "title", "subject", "anchor", "channel", "message_fr", "message_en"):
        if key in raw:
            if not isinstance(raw[key], str) or not raw[key].strip():
                raise _KeyProblem(key, f"« {key} » doit être un texte non vide")
            values[key] = raw[key]
    for key in ("tier", "valid_days"):
        if key in raw:
            if isinstance(raw[key], bool) or not isinstance(raw[key], int):
                raise _KeyProblem(key, f"« {key} » doit être un nombre entier")
            values[key] = raw[key]
    for key in ("enabled", "canvassing"):
        if key in raw:
            if not isinstance(raw[key], bool):
                raise _KeyProblem(key, f"« {key} » doit être true ou false")
            values[key] = raw[key]
    if "offsets" in raw:
        offsets = raw["offsets"]
        if (
            not isinstance(offsets, list)
            or not offsets
            or not all(isinstance(o, str) for o in offsets)
        ):
            raise _KeyProblem("offsets", "« offsets » doit être une liste non vide de textes")
        try:
            values["offsets"] = tuple(Offset.parse(text) for text in offsets)
        except OffsetError as exc:
            raise _KeyProblem("offsets", str(exc)) from exc
    if "conditions" in raw:
        values["conditions"] = _parse_conditions(raw["conditions"])
    missing = [
        k
        for k in (
            "id",
            "subject",
            "anchor",
            "offsets",
            "tier",
            "channel",
            "valid_days",
            "message_fr",
            "message_en",
        )
        if k not in values
    ]
    if missing:
        raise _KeyProblem(None, f"clé(s) manquante(s) : {', '.join(missing)}")
    values.setdefault("title", values["id"])
    values.setdefault("conditions", Conditions())
    values.setdefault("enabled", True)
    values["source"], values["line"] = source, line
    rule = Rule(**values)
    _check_meaning(rule)
    return rule


class _KeyProblem(ValueError):
    def __init__(self, key: str | None, reason: str) -> None:
        super().__init__(reason)
        self.key = key


def _check_meaning(rule: Rule) -> None:
    if not re.fullmatch(r"[a-z][a-z0-9_]*", rule.id):
        raise _KeyProblem("id", f"id « {rule.id} » : lettres minuscules, chiffres et _ seulement")
    if rule.subject not in SUBJECTS:
        raise _KeyProblem(
            "subject", f"sujet inconnu « {rule.subject} » (connus : {', '.join(SUBJECTS)})"
        )
    anchor = ANCHORS.get(rule.anchor)
    if anchor is None:
        raise _KeyProblem(
            "anchor", f"date d'ancrage inconnue « {rule.anchor} » (connues : {', '.join(ANCHORS)})"
        )
    if anchor.subject_kind != rule.subject:
        raise _KeyProblem(
            "anchor",
            f"« {rule.anchor} » est une date de {anchor.subject_kind}, pas de {rule.subject}",
        )
    if not 0 <= rule.tier <= 9:
        raise _KeyProblem("tier", f"niveau {rule.tier} hors de 0..9")
    if rule.channel not in CHANNELS:
        raise _KeyProblem(
            "channel", f"canal inconnu « {rule.channel} » (connus : {', '.join(CHANNELS)})"
        )
    if not 1 <= rule.valid_days <= MAX_VALID_DAYS:
        raise _KeyProblem(
            "valid_days", f"validité {rule.valid_days} jours hors de 1..{MAX_VALID_DAYS}"
        )
    allowed = template_fields(rule.anchor)
    for key in ("message_fr", "message_en"):
        try:
            used = fields_used(getattr(rule, key))
        except ValueError as exc:
            raise _KeyProblem(key, f"message mal formé : {exc}") from exc
        if styled := styled_fields(getattr(rule, key)):
            raise _KeyProblem(
                key, f"mise en forme non prise en charge : {{{styled[0]}}} (écrire {{champ}} seul)"
            )
        for name in used:
            if name not in allowed:
                raise _KeyProblem(
                    key, f"champ inconnu {{{name}}} (possibles : {', '.join(sorted(allowed))})"
                )


def _read(path: Path) -> tuple[str, dict[str, Any]]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleFileError([RuleProblem(str(path), 0, f"lecture impossible ({exc})")]) from exc
    try:
        return text, tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        line = int(match[1]) if match else 0
        reason = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
        raise RuleFileError([RuleProblem(str(path), line, f"TOML invalide : {reason}")]) from exc


def parse_rules(path: Path, base: Sequence[Rule] = ()) -> RuleSet:
    """The rules of ``base`` with the file at ``path`` applied over them.

    Raises :class:`RuleFileError` listing every problem with its line; nothing of a bad file
    is applied.
    """
    text, document = _read(path)
    source = str(path)
    problems: list[RuleProblem] = []
    unknown = set(document) - {"rule", "disable"}
    for key in sorted(unknown):
        problems.append(
            RuleProblem(
                source,
                _line_of(text, 0, key),
                f"clé inconnue « {key} » (attendu : [[rule]], disable)",
            )
        )
    by_id: dict[str, Rule] = {rule.id: rule for rule in base}
    order = [rule.id for rule in base]
    tables = document.get("rule", [])
    if not isinstance(tables, list):
        problems.append(
            RuleProblem(source, _line_of(text, 0, "rule"), "« rule » doit s'écrire [[rule]]")
        )
        tables = []
    seen: set[str] = set()
    for index, table in enumerate(tables):
        rule_id = table.get("id") if isinstance(table.get("id"), str) else None
        line = _nth_rule_line(text, index)
        if rule_id is None:
            problems.append(RuleProblem(source, line, "règle sans « id »"))
            continue
        if rule_id in seen:
            problems.append(
                RuleProblem(source, line, f"id « {rule_id} » en double dans ce fichier")
            )
            continue
        seen.add(rule_id)
        try:
            rule = _checked(table, by_id.get(rule_id), source, line)
        except _KeyProblem as exc:
            key_line = _line_of(text, line, exc.key) if exc.key else line
            problems.append(RuleProblem(source, key_line, f"règle « {rule_id} » : {exc}"))
            continue
        if rule_id not in by_id:
            order.append(rule_id)
        by_id[rule_id] = rule
    disable = document.get("disable", [])
    if not isinstance(disable, list) or not all(isinstance(i, str) for i in disable):
        problems.append(
            RuleProblem(
                source, _line_of(text, 0, "disable"), "« disable » doit être une liste d'ids"
            )
        )
        disable = []
    for rule_id in disable:
        if rule_id not in by_id:
            problems.append(
                RuleProblem(
                    source,
                    _line_of(text, 0, "disable"),
                    f"« disable » : règle inconnue « {rule_id} »",
                )
            )
        else:
            by_id[rule_id] = replace(by_id[rule_id], enabled=False)
    if problems:
        raise RuleFileError(problems)
    return RuleSet(rules=tuple(by_id[i] for i in order), files=(source,))


def _nth_rule_line(text: str, index: int) -> int:
    starts = [
        n + 1 for n, line in enumerate(text.splitlines()) if line.strip().startswith("[[rule]]")
    ]
    return starts[index] if index < len(starts) else 0


def site_rules_path(explicit: Path | None = None) -> Path | None:
    """The site file: ``--rules FILE``, else ``$RELANCE_RULES``, else ``rules.toml`` in the
    config directory when it exists."""
    if explicit is not None:
        return explicit
    env = os.environ.get(SITE_RULES_ENV)
    if env:
        return Path(env)
    config = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    candidate = config / "relance" / "rules.toml"
    return candidate if candidate.is_file() else None


def load_rules(site: Path | None = None) -> RuleSet:
    """The default rules with the site file (if any) applied; raises :class:`RuleFileError`."""
    defaults = parse_rules(DEFAULT_RULES)
    if site is None:
        return defaults
    merged = parse_rules(site, defaults.rules)
    return RuleSet(rules=merged.rules, files=(*defaults.files, *merged.files))


def check_rules_file(path: Path) -> list[RuleProblem]:
    """The problems of a site rule file checked over the defaults; empty when it is good."""
    try:
        parse_rules(path, parse_rules(DEFAULT_RULES).rules)
    except RuleFileError as exc:
        return list(exc.problems)
    return []
