"""`make bench` (startup): what installing mockmost adds to pytest's collection of a one-test bot project.

Three virtualenvs under .envs/ (made once, then reused):
- `bench-pytest`: pytest only;
- `bench-bot`: pytest and the bot's Mattermost client (mattermostdriver, built on requests), as a bot project
  has before it adds mockmost;
- `bench-mockmost`: the same plus mockmost installed from this tree as a user installs it (`pip install .`,
  no extras). mockmost brings starlette and httpx, hence anyio, whose own pytest plugin
  (`anyio.pytest_plugin`) then loads in every pytest run of the project: part of what mockmost adds.
The same one-test project is collected in each (`pytest --collect-only`), the three interleaved run by run so
that load on the machine falls on all of them alike; medians and differences are printed. Aim: mockmost adds
under 0.3 s to the bot project. The difference to pytest alone is printed too, with the part of it that is
anyio's plugin (measured with `-p no:anyio`).

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


def _collect_once(python: Path, project: Path, extra: tuple[str, ...] = ()) -> float:
    # As on a user's machine: no PYTHONPATH, and bytecode written. PYTHONDONTWRITEBYTECODE (set on some CI and
    # container images) also stops pytest from caching the assertion-rewritten plugin modules, so every run
    # would recompile anyio's (about 0.4 s here): a cost of that environment, not of a plugin.
    dropped = ("PYTHONPATH", "PYTHONDONTWRITEBYTECODE")
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST") and k not in dropped}
    started = time.perf_counter()
    done = subprocess.run(
        [str(python), "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider", *extra],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
    )
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"collection failed:\n{done.stdout}\n{done.stderr}")
    return elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="collections per virtualenv (default: 7)")
    args = parser.parse_args(argv)
    variants: dict[str, tuple[Path, tuple[str, ...]]] = {
        "pytest only": (_venv("bench-pytest", ["pytest"]), ()),
        "bot project": (_venv("bench-bot", ["pytest", "mattermostdriver"]), ()),
        "bot project + mockmost": (_venv("bench-mockmost", ["pytest", "mattermostdriver", str(ROOT)]), ()),
        "bot project + mockmost, -p no:anyio": (
            _venv("bench-mockmost", ["pytest", "mattermostdriver", str(ROOT)]),
            ("-p", "no:anyio"),
        ),
    }
    times: dict[str, list[float]] = {name: [] for name in variants}
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp)
        (project / "test_one.py").write_text(PROJECT_TEST)
        for python, extra in variants.values():  # warm the file cache and write .pyc files
            _collect_once(python, project, extra)
        for _ in range(args.runs):
            for name, (python, extra) in variants.items():
                times[name].append(_collect_once(python, project, extra))
    median = {name: statistics.median(values) for name, values in times.items()}
    added = median["bot project + mockmost"] - median["bot project"]
    print(f"pytest collection of a one-test project, median of {args.runs} interleaved runs:")
    for name, value in median.items():
        print(f"  {name:<38} {value:.3f} s")
    print(
        f"mockmost adds {added:.3f} s to the bot project ({'within' if added < AIM_SECONDS else 'OVER'} the "
        f"{AIM_SECONDS} s aim); against pytest alone it adds "
        f"{median['bot project + mockmost'] - median['pytest only']:.3f} s; anyio's pytest plugin "
        f"(anyio comes with httpx and starlette) accounts for "
        f"{median['bot project + mockmost'] - median['bot project + mockmost, -p no:anyio']:.3f} s"
    )
    return 0 if added < AIM_SECONDS else 1


if __name__ == "__main__":
    raise SystemExit(main())
