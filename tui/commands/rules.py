"""``relance rules``: the reminder rules in force, checking a site file, running the engine."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rules.listing import format_problems, format_report, format_rules, rule_records
from rules.ruleset import RuleFileError, RuleSet, check_rules_file, load_rules, site_rules_path
from rules.runner import run_rules
from store.db import connect
from tui.cli import add_rules_option
from tui.context import Context
from tui.output import emit
from tui.text import clean

NAME = "rules"
HELP = "les règles de relance : les lister, vérifier un fichier, les appliquer au jour"
def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    parser = sub.add_parser(NAME, help=HELP, description=HELP)
    actions = parser.add_subparsers(dest="rules_action", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="les règles en vigueur (défaut et fichier du site)")
    listing.add_argument("--format", choices=("table", "json"), default="table")
    add_rules_option(listing, suppress=True)
    check = actions.add_parser("check", help="vérifie un fichier de règles sans rien appliquer")
    check.add_argument("file", metavar="FILE", help="le fichier TOML à vérifier")
    run = actions.add_parser("run", help="crée les relances dues aujourd'hui et rattrape les jours manqués")
    run.add_argument("--full", action="store_true",
                     help="tout réexaminer sur la validité des règles, pas depuis le dernier passage")
    add_rules_option(run, suppress=True)
    return parser


def rules_in_force(ctx: Context) -> RuleSet:
    """The default rules with the site file applied; :class:`RuleFileError` when it is bad."""
    return load_rules(site_rules_path(ctx.rules_path))


def run(args: argparse.Namespace, ctx: Context) -> int:
    if args.rules_action == "check":
        path = Path(args.file)
        problems = check_rules_file(path)
        if problems:
            print(format_problems(problems), file=sys.stderr)
            return 1
        rules = load_rules(path)
        print(f"{path} : correct, {len(rules.enabled)} règles actives sur {len(rules.rules)}")
        return 0
    try:
        rules = rules_in_force(ctx)
    except RuleFileError as exc:
        print(format_problems(list(exc.problems)), file=sys.stderr)
        return 1
    if args.rules_action == "list":
        if args.format == "json":
            emit(rule_records(rules), [], "json")
        else:
            print("\n".join(clean(line) for line in format_rules(rules).splitlines()))
        return 0
    conn = connect(ctx.db_path)
    try:
        report = run_rules(conn, ctx.today, rules, incremental=not args.full)
    finally:
        conn.close()
    print(format_report(report, "en" if ctx.lang == "en" else "fr"))
    return 0
