"""mockmost command line: serve, contract, coverage. Thin: parse, then call."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path
from typing import Any

from mockmost import __version__

LOG_LEVELS = ("critical", "error", "warning", "info", "debug")


def _log_to_stderr() -> None:
    """Unhandled exceptions (logger "mockmost", with their tracebacks) go to stderr with a timestamp."""
    logger = logging.getLogger("mockmost")
    if not logger.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)


def _serve(args: argparse.Namespace) -> int:
    from mockmost.server import listening_socket, serve

    _log_to_stderr()

    try:
        sock = listening_socket(args.host, args.port)
    except OSError as err:
        print(f"mockmost: cannot listen on {args.host}:{args.port}: {err.strerror}", file=sys.stderr)
        return 1
    port = sock.getsockname()[1]
    built = _build(args, port)
    if built is None:
        sock.close()
        return 2
    app, summary = built
    _print_banner(f"http://{args.host}:{port}", args.empty, summary)
    from mockmost.app import state_of
    from mockmost.jobs import start_recurring

    start_recurring(state_of(app))  # type: ignore[arg-type]
    serve(app, args.host, port, sock=sock, log_level=args.log_level, access_log=args.access_log)
    return 0


def _build(args: argparse.Namespace, port: int) -> tuple[object, dict[str, list[dict[str, str]]]] | None:
    """The app, seeded once at start; the summary printed is of that very store (generated tokens too)."""
    from mockmost.app import create_app
    from mockmost.seeds import DEFAULT_SEED, SeedError, apply_seed, load_seed_file
    from mockmost.settings import Settings

    settings = Settings(host=args.host, port=port, site_url=f"http://{args.host}:{port}")
    summary: dict[str, list[dict[str, str]]] = {"logins": [], "tokens": []}
    try:
        if args.empty:
            return create_app(settings), summary
        seed_path = Path(args.seed) if args.seed else DEFAULT_SEED
        data = load_seed_file(seed_path)

        def loader(store):  # type: ignore[no-untyped-def]
            result = apply_seed(store, data, str(seed_path))
            if not summary["logins"] and not summary["tokens"]:
                summary.update(result)

        return create_app(settings, seed_loader=loader), summary
    except SeedError as err:
        print(f"mockmost: bad seed: {err}", file=sys.stderr)
    return None


def _print_banner(url: str, empty: bool, summary: dict[str, list[dict[str, str]]]) -> None:
    print(
        f"mockmost {__version__}: Mattermost API v4 at {url}/api/v4 "
        f"(WebSocket {url.replace('http', 'ws', 1)}/api/v4/websocket; control API {url}/__mockmost__/)"
    )
    print(f"mockmost: chat and inspector in the browser at {url}/")
    if empty:
        print("mockmost: empty server; the first user created becomes system admin")
    for login in summary["logins"]:
        print(f"  login    {login['username']:<20} password {login['password']:<24} roles {login['roles']}")
    for token in summary["tokens"]:
        print(f"  token    {token['username']:<20} {token['token']}")
    sys.stdout.flush()


class _HelpFormatter(argparse.ArgumentDefaultsHelpFormatter):
    """Every option's help ends with its default (argparse leaves out options without help or default)."""

    def _get_help_string(self, action: argparse.Action) -> str:
        text = action.help or ""
        if action.default in (None, False, argparse.SUPPRESS) or "%(default)" in text:
            return text
        return text + " (default: %(default)s)"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mockmost",
        description="A faithful, in-memory Mattermost 11.2 server.",
        formatter_class=_HelpFormatter,
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"mockmost {__version__} (Mattermost API 11.2)",
        help="print the version and exit",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="{serve,contract,coverage,parity}")
    serve = sub.add_parser(
        "serve",
        help="serve the REST API, the WebSocket and the control API",
        description="Serve Mattermost's REST API v4, its WebSocket and mockmost's control "
        "API (/__mockmost__/) on one port.",
        formatter_class=_HelpFormatter,
    )
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on")
    serve.add_argument("--port", type=int, default=8065, help="TCP port (0: pick a free one)")
    group = serve.add_mutually_exclusive_group()
    group.add_argument(
        "--seed",
        metavar="FILE",
        help="YAML or JSON seed file (default: the bundled seed, mockmost/fixtures/default.yaml)",
    )
    group.add_argument(
        "--empty",
        action="store_true",
        help="start with no data at all; the first user created becomes system admin (default: off)",
    )
    serve.add_argument("--log-level", choices=LOG_LEVELS, default="info", help="server log level")
    serve.add_argument(
        "--access-log",
        action=argparse.BooleanOptionalAction,
        default=False,
        help="log one line per HTTP request and WebSocket connection (costs about a third of "
        "the throughput; default: off)",
    )
    serve.set_defaults(func=_serve)
    from mockmost.contract.cli import add_subcommands
    from mockmost.parity.cli import add_subcommand as add_parity

    add_subcommands(sub, _HelpFormatter)
    add_parity(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        result: Any = args.func(args)
        return int(result or 0)
    except KeyboardInterrupt:
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
