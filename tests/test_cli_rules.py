"""``relance rules list|check|run`` through the real console script."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from tests.cli import run_relance
from tests.factories import add_client, add_vehicle

DEFAULT_IDS = [
    "complaint_follow_up", "complaint_resolved_call", "web_lead", "proposal_follow_up",
    "financing_middle", "financing_end_6m", "financing_end_2m", "satisfaction_call",
    "contest_lead", "loyalty_call", "service_due", "aged_vehicle_unseen", "untouched_record",
]
DISABLE_LOYALTY = 'disable = ["loyalty_call"]\n'


def _site(tmp_path: Path, text: str, name: str = "site.toml") -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _listed(*args: str, env: dict[str, str] | None = None) -> dict[str, dict[str, object]]:
    result = run_relance("rules", "list", "--format", "json", *args, env=env)
    assert result.returncode == 0, result.stderr
    return {rule["id"]: rule for rule in json.loads(result.stdout)}


def test_list_shows_the_default_rules_in_order_and_their_file() -> None:
    result = run_relance("rules", "list")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert [line.split()[0] for line in lines[1:14]] == DEFAULT_IDS
    assert "financing_end_2m         3       financing     financing.end_on              -2 months" in (
        result.stdout
    )
    assert lines[-1].startswith("fichier : ")
    assert lines[-1].endswith("default_rules.toml")


def test_list_as_json_gives_offsets_conditions_and_messages() -> None:
    rules = _listed()
    assert list(rules) == DEFAULT_IDS
    end = rules["financing_end_2m"]
    assert end["offsets"] == ["-2 months"]
    assert end["conditions"] == {"status": ["active"], "modes": ["loan", "loa", "lld"]}
    assert end["message_fr"] == "{mode} {vehicle} {plate} : fin le {end_date}, {distance}"
    assert end["enabled"] is True


def test_the_site_file_comes_from_the_option_then_the_environment_then_the_config(
    tmp_path: Path,
) -> None:
    option = _site(tmp_path, DISABLE_LOYALTY)
    env_file = _site(tmp_path, '[[rule]]\nid = "web_lead"\ntier = 2\n', "env.toml")
    config = tmp_path / "config"
    _site(config / "relance", 'disable = ["untouched_record"]\n', "rules.toml")
    assert _listed(env={"XDG_CONFIG_HOME": str(config)})["untouched_record"]["enabled"] is False
    from_env = _listed(env={"RELANCE_RULES": str(env_file), "XDG_CONFIG_HOME": str(config)})
    assert from_env["web_lead"]["tier"] == 2
    assert from_env["untouched_record"]["enabled"] is True
    from_option = _listed("--rules", str(option), env={"RELANCE_RULES": str(env_file)})
    assert from_option["loyalty_call"]["enabled"] is False
    assert from_option["web_lead"]["tier"] == 1
    # before the command too: `relance --rules FILE` is also how the app is given its rules
    result = run_relance("--rules", str(option), "rules", "list")
    assert "désactivée" in next(line for line in result.stdout.splitlines()
                                if line.startswith("loyalty_call"))


def test_check_accepts_a_good_file(tmp_path: Path) -> None:
    result = run_relance("rules", "check", str(_site(tmp_path, DISABLE_LOYALTY)))
    assert result.returncode == 0, result.stderr
    assert "correct, 12 règles actives sur 13" in result.stdout


def test_check_refuses_a_bad_file_with_its_file_line_and_reason(tmp_path: Path) -> None:
    bad = _site(tmp_path, '[[rule]]\nid = "new_rule"\nsubject = "vehicle"\n'
                          'anchor = "vehicle.sold_on"\noffsets = ["+1 year"]\ntier = 4\n'
                          'channel = "phone"\nvalid_days = 30\nmessage_fr = "x"\nmessage_en = "x"\n')
    result = run_relance("rules", "check", str(bad))
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.startswith(f"{bad}:4: règle « new_rule » : date d'ancrage inconnue")


def test_check_refuses_broken_toml_and_a_missing_file(tmp_path: Path) -> None:
    broken = _site(tmp_path, '[[rule]]\nid = "web_lead"\ntier = \n')
    result = run_relance("rules", "check", str(broken))
    assert result.returncode == 1
    assert result.stderr.startswith(f"{broken}:3: TOML invalide")
    missing = tmp_path / "nowhere.toml"
    result = run_relance("rules", "check", str(missing))
    assert (result.returncode, result.stderr.startswith(f"{missing}:0: lecture impossible")) == (
        1, True)


def test_list_and_run_refuse_a_bad_site_file_and_write_nothing(
    tmp_path: Path, conn: sqlite3.Connection, db_path: Path
) -> None:
    bad = _site(tmp_path, 'disable = ["no_such_rule"]\n')
    for action in ("list", "run"):
        result = run_relance("rules", action, "--rules", str(bad), "--db", str(db_path))
        assert result.returncode == 1, action
        assert result.stderr.strip() == f"{bad}:1: « disable » : règle inconnue « no_such_rule »"
    assert conn.execute("SELECT count(*) FROM rule_runs").fetchone() == (0,)


def test_run_raises_once_then_knows_and_full_reexamines(
    conn: sqlite3.Connection, db_path: Path
) -> None:
    client = add_client(conn, consent_phone="yes")
    add_vehicle(conn, client, delivered_on="2025-11-23", sold_here=1, status="owned")
    refused = add_client(conn, consent_phone="no", last_name="Zola")
    add_vehicle(conn, refused, delivered_on="2025-11-23", sold_here=1, status="owned",
                plate="EF-456-GH")
    args = ("rules", "run", "--db", str(db_path), "--today", "2026-11-23")
    first = run_relance(*args)
    assert first.returncode == 0, first.stderr
    assert first.stdout.startswith(
        "23/11/2026 : 2 relances créées (dont 0 rattrapées en retard, 1 retenues), "
        "0 déjà connues, 0 expirées"
    )
    again = run_relance(*args, "--full")
    assert "0 relances créées" in again.stdout
    assert "2 déjà connues" in again.stdout
    english = run_relance(*args, "--lang", "en")
    assert english.stdout.startswith("23/11/2026: 0 reminders raised (0 caught up, 0 held), "
                                     "2 already known, 0 expired")
    reasons = conn.execute("SELECT reason FROM reminders ORDER BY id").fetchall()
    assert reasons[0] == ("Fidélisation Peugeot 3008 AB-123-CD : livré le 23/11/2025, "
                          "il y a 12 mois",)


def test_run_with_a_site_file_disabling_the_rule_raises_nothing(
    tmp_path: Path, conn: sqlite3.Connection, db_path: Path
) -> None:
    client = add_client(conn, consent_phone="yes")
    add_vehicle(conn, client, delivered_on="2025-11-23", sold_here=1, status="owned")
    site = _site(tmp_path, DISABLE_LOYALTY)
    result = run_relance("rules", "run", "--rules", str(site), "--db", str(db_path),
                         "--today", "2026-11-23")
    assert result.returncode == 0, result.stderr
    assert "0 relances créées" in result.stdout
    assert conn.execute("SELECT count(*) FROM reminders").fetchone() == (0,)
