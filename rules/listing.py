"""What ``relance rules ...`` prints: the rules in force, a file's problems, a run's counts."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from rules.dates import french_date
from rules.messages import Lang
from rules.ruleset import RuleProblem, RuleSet
from rules.runner import RunReport

_CHANNELS_FR = {
    "phone": "tél.",
    "sms": "SMS",
    "email": "e-mail",
    "post": "courrier",
    "visit": "visite",
    "letter": "lettre",
}


def rule_rows(rules: RuleSet) -> list[tuple[str, ...]]:
    """One row per rule: id, tier, subject, anchor, offsets, channel, validity, state, title."""
    return [
        (
            rule.id,
            str(rule.tier),
            rule.subject,
            rule.anchor,
            ", ".join(str(offset) for offset in rule.offsets),
            rule.channel,
            f"{rule.valid_days} j",
            "active" if rule.enabled else "désactivée",
            rule.title,
        )
        for rule in rules.rules
    ]


def rule_records(rules: RuleSet) -> list[dict[str, Any]]:
    """The rules as plain values for JSON: offsets as written, only the conditions given."""
    records = []
    for rule in rules.rules:
        conditions = {
            name: list(value) if isinstance(value, tuple) else value
            for name, value in asdict(rule.conditions).items()
            if value not in ((), None, False)
        }
        records.append({
            "id": rule.id,
            "title": rule.title,
            "enabled": rule.enabled,
            "tier": rule.tier,
            "subject": rule.subject,
            "anchor": rule.anchor,
            "offsets": [str(offset) for offset in rule.offsets],
            "channel": rule.channel,
            "valid_days": rule.valid_days,
            "canvassing": rule.canvassing,
            "conditions": conditions,
            "message_fr": rule.message_fr,
            "message_en": rule.message_en,
            "file": rule.source,
            "line": rule.line,
        })
    return records


def format_rules(rules: RuleSet) -> str:
    """The rules in force as an aligned text table, then the files they come from."""
    header = ("id", "niveau", "sujet", "ancrage", "décalages", "canal", "validité", "état", "titre")
    rows = [header, *rule_rows(rules)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(header) - 1)]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=False))
        + "  "
        + row[-1]
        for row in rows
    ]
    lines.append("")
    lines.extend(f"fichier : {name}" for name in rules.files)
    return "\n".join(lines)


def format_problems(problems: list[RuleProblem]) -> str:
    """One ``file:line: reason`` per problem."""
    return "\n".join(str(problem) for problem in problems)


def format_report(report: RunReport, lang: Lang = "fr") -> str:
    """« 12 relances créées (dont 3 rattrapées en retard, 2 retenues), 40 déjà connues... »."""
    if lang == "en":
        return (
            f"{french_date(report.day)}: {report.raised} reminders raised "
            f"({report.caught_up} caught up, {report.held} held), {report.known} already known, "
            f"{report.expired} expired — since {french_date(report.since)}, "
            f"{report.seconds:.2f} s"
        )
    return (
        f"{french_date(report.day)} : {report.raised} relances créées "
        f"(dont {report.caught_up} rattrapées en retard, {report.held} retenues), "
        f"{report.known} déjà connues, {report.expired} expirées — depuis le "
        f"{french_date(report.since)}, {report.seconds:.2f} s"
    )
