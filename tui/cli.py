"""The ``relance`` command: the app by default, and the subcommands for scripts and managers."""

from __future__ import annotations

import argparse
import sqlite3
import sys
from collections.abc import Sequence
from types import ModuleType

from store.db import describe_sqlite_error
from store.errors import StoreError
from tui.commands import (
    backup,
    campaign,
    complaint,
    demo,
    export,
    gdpr,
    import_,
    plan,
    queue,
    report,
    restore,
    rules,
    users,
)
from tui.context import Context, UsageError, resolve

COMMANDS: tuple[ModuleType, ...] = (
    demo, queue, users, import_, export, gdpr, backup, restore, report, campaign, plan, complaint,
    rules,
)


def _common(parser: argparse.ArgumentParser, *, suppress: bool) -> None:
    default = argparse.SUPPRESS if suppress else None
    parser.add_argument("--db", metavar="PATH", default=default,
                        help="fichier de la base (sinon RELANCE_DB, sinon le dossier de données)")
    parser.add_argument("--today", metavar="AAAA-MM-JJ", default=default,
                        help="rejouer un jour donné (sinon RELANCE_TODAY, sinon aujourd'hui)")
    parser.add_argument("--lang", choices=("fr", "en"), default=default,
                        help="langue de l'interface (fr par défaut)")


def build_parser() -> argparse.ArgumentParser:
    """The whole command line; each command module adds its own subparser."""
    parser = argparse.ArgumentParser(
        prog="relance",
        description="Relance : le CRM au clavier des concessions. Sans commande, ouvre l'application.",
    )
    _common(parser, suppress=False)
    rules.add_rules_option(parser, suppress=False)  # the app runs the engine with these rules
    sub = parser.add_subparsers(dest="command", metavar="COMMANDE")
    for module in COMMANDS:
        _common_everywhere(module.add_parser(sub))
    return parser


def _common_everywhere(parser: argparse.ArgumentParser) -> None:
    """``--db``/``--today``/``--lang`` work after any (sub)command: `relance users add x --db f`."""
    _common(parser, suppress=True)
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in action.choices.values():
                _common_everywhere(child)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``relance`` console script; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        ctx = resolve(args.db, args.today, args.lang, args.rules)
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
    for module in COMMANDS:
        if args.command == module.NAME:
            result: int = module.run(args, ctx)
            return result
    from tui.i18n import set_language

    set_language(ctx.lang)  # before the app's modules are imported: their class texts translate too
    from tui.app import run_app  # Textual is imported only when the app opens

    return run_app(ctx)


if __name__ == "__main__":
    sys.exit(main())
