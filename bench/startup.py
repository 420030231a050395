"""`make bench` (startup): what installing mockmost adds to pytest's collection of a one-test bot project.

Two virtualenvs under .envs/ (made once, then reused): one with pytest only, one with pytest and mockmost
installed from this tree as a user would (`pip install .`, no extras). The same one-test project is collected
in each (`pytest --collect-only`), several times; the medians and their difference are printed. Aim: the
plugin adds under 0.3 s.

Run: .venv/bin/python -m bench.startup [--runs 7]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENVS = ROOT / ".envs"
AIM_SECONDS = 0.3

PROJECT_TEST = """
def test_one():
    assert 1 + 1 == 2
"""


def _venv(name: str, packages: list[str]) -> Path:
    venv = ENVS / name
    stamp = venv / ".installed"
    wanted = " ".join(packages) + f" {(ROOT / 'pyproject.toml').stat().st_mtime_ns}"
    if stamp.is_file() and stamp.read_text() == wanted:
        return venv / "bin" / "python"
    subprocess.run([sys.executable, "-m", "venv", "--clear", str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check", *packages], check=True
    )
    stamp.write_text(wanted)
    return python


def _collect_seconds(python: Path, project: Path, runs: int) -> list[float]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST") and k != "PYTHONPATH"}
    times = []
    for _ in range(runs + 1):  # the first run warms the file cache and writes .pyc files; not counted
        started = time.perf_counter()
        done = subprocess.run(
            [str(python), "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider"],
            cwd=project,
            env=env,
            capture_output=True,
            text=True,
        )
        times.append(time.perf_counter() - started)
        if done.returncode != 0:
            raise RuntimeError(f"collection failed:\n{done.stdout}\n{done.stderr}")
    return times[1:]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="collections per virtualenv (default: 7)")
    args = parser.parse_args(argv)
    pytest_only = _venv("bench-pytest", ["pytest"])
    with_mockmost = _venv("bench-mockmost", ["pytest", str(ROOT)])
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp)
        (project / "test_one.py").write_text(PROJECT_TEST)
        without = statistics.median(_collect_seconds(pytest_only, project, args.runs))
        with_ = statistics.median(_collect_seconds(with_mockmost, project, args.runs))
    added = with_ - without
    print(
        f"pytest collection of a one-test project (median of {args.runs}): without mockmost {without:.3f} s, "
        f"with mockmost installed {with_:.3f} s: the plugin adds {added:.3f} s "
        f"({'within' if added < AIM_SECONDS else 'OVER'} the {AIM_SECONDS} s aim)"
    )
    return 0 if added < AIM_SECONDS else 1


if __name__ == "__main__":
    raise SystemExit(main())
