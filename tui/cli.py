"""The ``relance`` command: the app by default, and the subcommands for scripts and managers."""

from __future__ import annotations

import argparse
import importlib
import sqlite3
import sys
from collections.abc import Sequence
from types import ModuleType

from store.db import describe_sqlite_error, pending_migrations
from store.errors import StoreError
from tui.context import Context, UsageError, resolve

# Each command's name and its module in tui.commands, imported only when the command line asks for
# a command: opening the app (no command) does not pay for importing every command's libraries.
COMMANDS: dict[str, str] = {
    "demo": "demo", "queue": "queue", "find": "find", "duplicates": "duplicates", "merge": "merge",
    "users": "users", "import": "import_", "export": "export",
    "gdpr": "gdpr", "backup": "backup", "restore": "restore", "report": "report",
    "campaign": "campaign", "plan": "plan", "complaint": "complaint", "rules": "rules",
}


def command_module(name: str) -> ModuleType:
    """The module of the command ``name`` (a key of COMMANDS)."""
    return importlib.import_module(f"tui.commands.{COMMANDS[name]}")


def _common(parser: argparse.ArgumentParser, *, suppress: bool) -> None:
    default = argparse.SUPPRESS if suppress else None
    parser.add_argument("--db", metavar="PATH", default=default,
                        help="fichier de la base (sinon RELANCE_DB, sinon le dossier de données)")
    parser.add_argument("--today", metavar="AAAA-MM-JJ", default=default,
                        help="rejouer un jour donné (sinon RELANCE_TODAY, sinon aujourd'hui)")
    parser.add_argument("--lang", choices=("fr", "en"), default=default,
                        help="langue de l'interface (fr par défaut)")


RULES_HELP = "fichier de règles du site (sinon RELANCE_RULES, sinon ~/.config/relance/rules.toml)"


def add_rules_option(parser: argparse.ArgumentParser, *, suppress: bool) -> None:
    """``--rules FILE``: before any command (the app runs the engine with these rules), and
    after ``rules list`` / ``rules run`` (``suppress``: absent there unless given). Here, not in
    the rules command's module: opening the app imports no command."""
    parser.add_argument("--rules", metavar="FILE", help=RULES_HELP,
                        default=argparse.SUPPRESS if suppress else None)


DESCRIPTION = "Relance : le CRM au clavier des concessions. Sans commande, ouvre l'application."


def build_parser() -> argparse.ArgumentParser:
    """The whole command line; each command module adds its own subparser."""
    parser = argparse.ArgumentParser(prog="relance", description=DESCRIPTION)
    _common(parser, suppress=False)
    add_rules_option(parser, suppress=False)
    sub = parser.add_subparsers(dest="command", metavar="COMMANDE")
    for name in COMMANDS:
        module = command_module(name)
        assert name == module.NAME, f"tui.commands.{COMMANDS[name]} is the command {module.NAME!r}"
        _common_everywhere(module.add_parser(sub))
    return parser


def parse(argv: Sequence[str] | None) -> argparse.Namespace:
    """The arguments; when they name no command (the app), without importing any command."""
    app_only = argparse.ArgumentParser(prog="relance", description=DESCRIPTION, add_help=False)
    _common(app_only, suppress=False)
    add_rules_option(app_only, suppress=False)
    app_only.set_defaults(command=None)
    args, rest = app_only.parse_known_args(argv)
    if rest:  # a command, --help or a mistake: the whole command line answers
        args = build_parser().parse_args(argv)
    return args


def _common_everywhere(parser: argparse.ArgumentParser) -> None:
    """``--db``/``--today``/``--lang`` work after any (sub)command: `relance users add x --db f`."""
    _common(parser, suppress=True)
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in action.choices.values():
                _common_everywhere(child)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``relance`` console script; returns the exit status."""
    args = parse(argv)
    try:
        ctx = resolve(args.db, args.today, args.lang, args.rules)
        if pending_migrations(ctx.db_path) > 0:  # seconds on a large file: say why nothing shows
            print(f"relance: mise à jour de {ctx.db_path} pour cette version, une seule fois…",
                  file=sys.stderr, flush=True)
        return _dispatch(args, ctx)
    except UsageError as exc:
        print(f"relance: {exc}", file=sys.stderr)
        return 2
    except StoreError as exc:
        print(f"relance: {exc}", file=sys.stderr)
        return 1
    except sqlite3.Error as exc:
        print(f"relance: {describe_sqlite_error(args.db or 'base', exc)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        sys.stderr.close()  # `relance queue | head`: the reader left, nothing to say
        return 0


def _dispatch(args: argparse.Namespace, ctx: Context) -> int:
    if args.command is not None:
        result: int = command_module(args.command).run(args, ctx)
        return result
    from tui.i18n import set_language

    set_language(ctx.lang)  # before the app's modules are imported: their class texts translate too
    from tui.app import run_app  # Textual is imported only when the app opens

    return run_app(ctx)


if __name__ == "__main__":
    sys.exit(main())
