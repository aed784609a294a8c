"""Rule files: the defaults load, a site file overrides or disables, a bad file is refused
with its file, line and reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from rules.dates import Offset
from rules.listing import format_problems, format_rules
from rules.ruleset import (
    DEFAULT_RULES,
    SITE_RULES_ENV,
    RuleFileError,
    check_rules_file,
    load_rules,
    parse_rules,
    site_rules_path,
)


@pytest.fixture(autouse=True)
def no_site_rules(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The user's own rule file never leaks into a test."""
    monkeypatch.delenv(SITE_RULES_ENV, raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))


def test_the_default_rules_cover_every_tier_of_the_seeds() -> None:
    rules = load_rules()
    tiers = {rule.id: rule.tier for rule in rules.rules}
    assert tiers["complaint_follow_up"] == 0
    assert tiers["web_lead"] == 1
    assert tiers["proposal_follow_up"] == 2
    assert {tiers[i] for i in ("financing_middle", "financing_end_6m", "financing_end_2m")} == {3}
    assert tiers["contest_lead"] == tiers["loyalty_call"] == 4
    assert tiers["untouched_record"] == 5
    assert {"service_due", "aged_vehicle_unseen", "satisfaction_call"} <= set(tiers)
    assert rules.get("loyalty_call").offsets == (Offset(12, "months"), Offset(24, "months"))
    assert all(rule.enabled for rule in rules.rules)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "site.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_site_file_overrides_adds_and_disables(tmp_path: Path) -> None:
    site = write(
        tmp_path,
        """
disable = ["untouched_record"]

[[rule]]
id = "loyalty_call"
tier = 2
offsets = ["+6 months", "+12 months", "+36 months"]

[[rule]]
id = "contest_lead"
enabled = false

[[rule]]
id = "birthday_of_delivery"
subject = "vehicle"
anchor = "vehicle.delivered_on"
offsets = ["+36 months"]
tier = 4
channel = "email"
valid_days = 30
message_fr = "{vehicle} livré le {delivered_date}"
message_en = "{vehicle} delivered on {delivered_date}"
""",
    )
    rules = load_rules(site)
    loyalty = rules.get("loyalty_call")
    assert loyalty.tier == 2
    assert len(loyalty.offsets) == 3
    assert loyalty.message_fr == load_rules().get("loyalty_call").message_fr  # kept
    assert not rules.get("contest_lead").enabled
    assert not rules.get("untouched_record").enabled
    assert rules.get("birthday_of_delivery").channel == "email"
    assert rules.files == (str(DEFAULT_RULES), str(site))
    assert check_rules_file(site) == []


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ('[[rule]]\nid = "x"\ntier = \n', 3, "TOML invalide"),
        ('\n\n[[rule]]\nid = "loyalty_call"\noffsets = ["+12 mois"]\n', 5, "décalage illisible"),
        ('[[rule]]\nid = "loyalty_call"\ntier = 12\n', 3, "niveau 12"),
        ('[[rule]]\nid = "loyalty_call"\nmessage_fr = "{vehicle} {colour}"\n', 3, "{colour}"),
        # SQLite words the reminders: a field is shown as it is, never through a format
        ('[[rule]]\nid = "loyalty_call"\nmessage_en = "{plate!r}"\n', 3, "{plate!r}"),
        ('[[rule]]\nid = "loyalty_call"\nmessage_fr = "{mileage:>9}"\n', 3, "{mileage:>9}"),
        ('[[rule]]\nid = "loyalty_call"\nanchor = "financing.end_on"\n', 3, "date de financing"),
        ('[[rule]]\nid = "new_one"\nsubject = "vehicle"\n', 1, "manquante"),
        ('[[rule]]\nid = "loyalty_call"\ncolour = "red"\n', 3, "clé inconnue"),
        ('[[rule]]\nid = "loyalty_call"\n\ncanvassing = "non"\n', 4, "« canvassing » doit être"),
        ('[[rule]]\nid = "loyalty_call"\n[rule.conditions]\nhair = "x"\n', 4, "condition inconnue"),
        ('disable = ["nope"]\n', 1, "règle inconnue"),
        (
            '[[rule]]\nid = "loyalty_call"\ntier = 2\n[[rule]]\nid = "loyalty_call"\n',
            4,
            "en double",
        ),
    ],
)
def test_a_bad_file_is_refused_with_file_line_and_reason(
    tmp_path: Path, text: str, line: int, words: str
) -> None:
    site = write(tmp_path, text)
    with pytest.raises(RuleFileError) as caught:
        load_rules(site)
    problem = caught.value.problems[0]
    assert (problem.file, problem.line) == (str(site), line)
    assert words in problem.reason
    assert str(problem).startswith(f"{site}:{line}: ")
    assert check_rules_file(site) == list(caught.value.problems)


def test_an_unreadable_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(RuleFileError, match="lecture impossible"):
        parse_rules(tmp_path / "missing.toml")


def test_site_file_comes_from_option_then_environment_then_config(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert site_rules_path() is None
    config = tmp_path / "config" / "relance" / "rules.toml"
    config.parent.mkdir(parents=True)
    config.write_text("", encoding="utf-8")
    assert site_rules_path() == config
    monkeypatch.setenv(SITE_RULES_ENV, "/etc/relance/rules.toml")
    assert site_rules_path() == Path("/etc/relance/rules.toml")
    assert site_rules_path(Path("mine.toml")) == Path("mine.toml")


def test_rules_list_shows_every_rule_and_its_state(tmp_path: Path) -> None:
    site = write(tmp_path, 'disable = ["untouched_record"]\n')
    text = format_rules(load_rules(site))
    assert "loyalty_call" in text
    assert "+12 months, +24 months" in text
    assert "désactivée" in text
    assert f"fichier : {site}" in text
    problems = check_rules_file(write(tmp_path, 'disable = ["nope"]\n'))
    assert (
        format_problems(problems)
        == f"{tmp_path / 'site.toml'}:1: « disable » : règle inconnue « nope »"
    )
