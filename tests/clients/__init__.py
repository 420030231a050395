from __future__ import annotations

from pathlib import Path


def ensure_js_client(js_dir: Path) -> None:
    """`npm ci` in tests/clients/js once, whichever xdist worker gets there first (`make test` runs
    `make deps-js` before pytest; this covers a bare pytest run). A file lock keeps two workers from running
    npm in the same folder at once, which breaks both installs."""
    import fcntl
    import subprocess

    if (js_dir / "node_modules" / "@mattermost" / "client").is_dir():
        return
    with open(js_dir / ".npm-install.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (js_dir / "node_modules" / "@mattermost" / "client").is_dir():
            subprocess.run(
                ["npm", "ci", "--no-audit", "--no-fund"],
                cwd=js_dir,
                check=True,
                capture_output=True,
                timeout=300,
            )
