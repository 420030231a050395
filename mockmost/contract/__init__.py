"""The contract suite: Mattermost's OpenAPI document (with errata) checked against mockmost or any server.

`mockmost contract --base-url URL` runs it against a real Mattermost; `contracts/` runs it in CI.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mockmost.seeds import DEFAULT_SEED


def build_seeded_app(seed: Path | None = DEFAULT_SEED) -> Any:
    """A mockmost app with the default seed (or `seed`, or none), as `mockmost coverage` inspects it."""
    from mockmost.app import create_app
    from mockmost.seeds import load_seed_file, seed_loader
    from mockmost.settings import Settings

    loader = seed_loader(load_seed_file(seed), str(seed)) if seed else None
    return create_app(Settings(), seed_loader=loader)
