"""mockmost command line: serve (and the subcommands other modules add). Thin: parse, then call."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

DEFAULT_SEED = Path(__file__).resolve().parent.parent / "fixtures" / "default.yaml"


def _serve(args: argparse.Namespace) -> int:
    from mockmost.app import create_app
    from mockmost.seeds import SeedError, apply_seed, load_seed_file
    from mockmost.server import serve
    from mockmost.settings import Settings

    settings = Settings(host=args.host, port=args.port, site_url=f"http://{args.host}:{args.port}")
    loader = None
    summary = {"logins": [], "tokens": []}
    if not args.empty:
        seed_path = Path(args.seed) if args.seed else DEFAULT_SEED
        try:
            data = load_seed_file(seed_path)
            from mockmost.store import Store

            summary = apply_seed(Store(Settings()), data, str(seed_path))
        except SeedError as err:
            print(f"mockmost: bad seed: {err}", file=sys.stderr)
            return 2

        def loader(store):  # type: ignore[no-untyped-def]
            apply_seed(store, data, str(seed_path))

    app = create_app(settings, seed_loader=loader)
    url = f"http://{args.host}:{args.port}"
    print(f"mockmost: Mattermost API v4 at {url}/api/v4 (WebSocket {url.replace('http', 'ws')}/api/v4/websocket)")
    if args.empty:
        print("mockmost: empty server; the first user created becomes system admin")
    for login in summary["logins"]:
        print(f"  login    {login['username']:<20} password {login['password']:<24} roles {login['roles']}")
    for token in summary["tokens"]:
        print(f"  token    {token['username']:<20} {token['token']}")
    sys.stdout.flush()
    serve(app, args.host, args.port)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="mockmost", description="An in-memory Mattermost server.")
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="serve the REST API and WebSocket")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8065)
    group = serve.add_mutually_exclusive_group()
    group.add_argument("--seed", help="YAML or JSON seed file (default: fixtures/default.yaml)")
    group.add_argument("--empty", action="store_true", help="start with no data at all")
    serve.set_defaults(func=_serve)
    try:
        from mockmost.contract.cli import add_subcommands
    except ImportError:
        pass
    else:
        add_subcommands(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
