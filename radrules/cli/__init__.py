"""The ``radrules`` command line: one entry point, sub-commands in sibling modules.

Exit codes: 0 no error findings; 1 error findings or an invalid value; 2 input that cannot
be read as a filing, or bad usage — always with a one-line reason on stderr, never a
traceback. Plugins add sub-commands through the ``radrules_register_commands`` hook.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from radrules.cli import (
    check_cmd,
    deadline_cmd,
    division_cmd,
    explain_cmd,
    export_cmd,
    import_doses_cmd,
    lint_cmd,
    plugins_cmd,
    qr_cmd,
    render_cmd,
    rules_cmd,
    schema_cmd,
    sources_cmd,
    summary_cmd,
    template_cmd,
    training_cmd,
    validate_cmd,
    warnings_cmd,
)
from radrules.cli.common import EXIT_INPUT, EXIT_INTERNAL, UsageError, fail
from radrules.engine.registry import default_registry
from radrules.errors import InputError, PluginError, RadrulesError

_COMMANDS = (
    check_cmd,
    explain_cmd,
    rules_cmd,
    sources_cmd,
    validate_cmd,
    division_cmd,
    plugins_cmd,
    lint_cmd,
    schema_cmd,
    deadline_cmd,
    summary_cmd,
    qr_cmd,
    render_cmd,
    template_cmd,
    import_doses_cmd,
    export_cmd,
    training_cmd,
    warnings_cmd,
)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        # argparse would print the whole usage; one line says what is wrong.
        self.exit(EXIT_INPUT, f"{self.prog}: 用法错误 / usage error: {message}（--help 查看用法）\n")


def build_parser(*, with_plugins: bool = True) -> argparse.ArgumentParser:
    parser = _Parser(
        prog="radrules",
        description="放射卫生技术服务信息报送规则库 / radiation-health technical-service reporting rules",
    )
    parser.add_argument("--version", action="version", version=f"radrules {_version()}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for module in _COMMANDS:
        module.register(sub)
    if with_plugins:
        default_registry().hook.radrules_register_commands(subparsers=sub)
    return parser


def _version() -> str:
    from radrules import __version__

    return __version__


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    try:
        parser = build_parser()
    except PluginError as exc:
        return fail(str(exc), EXIT_INPUT)
    args = parser.parse_args(args_list)
    if not getattr(args, "handler", None):
        parser.print_help(sys.stderr)
        return EXIT_INPUT
    try:
        code: int = args.handler(args)
    except KeyboardInterrupt:
        return fail("已中断 / interrupted", 130)
    except (UsageError, InputError) as exc:
        return fail(str(exc), EXIT_INPUT)
    except RadrulesError as exc:
        return fail(str(exc), EXIT_INPUT)
    except BrokenPipeError:
        # The reader (head, less) went away; nothing more to say.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:
        if os.environ.get("RADRULES_DEBUG"):
            raise
        return fail(
            f"内部错误 / internal error: {type(exc).__name__}: {exc}（设置 RADRULES_DEBUG=1 可查看详细信息）",
            EXIT_INTERNAL,
        )
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
