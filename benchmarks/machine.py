"""What a benchmark ran on: the machine, the versions of its libraries, the commit.

Every benchmark prints these lines above its figures, so that a figure in the
README can be traced to the machine and the code that produced it.
"""

from __future__ import annotations

import importlib.metadata
import os
import platform
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _first_field(path: str, prefix: str) -> str | None:
    """The value of the first ``prefix:`` line of a /proc file, if it can be read."""
    try:
        for line in Path(path).read_text().splitlines():
            if line.startswith(prefix):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return None


def hardware() -> str:
    """CPU model, cores (and how many this process may use), memory and load."""
    cpu = _first_field("/proc/cpuinfo", "model name") or "unknown CPU"
    total = _first_field("/proc/meminfo", "MemTotal")
    memory = f"{int(total.split()[0]) / 1024 / 1024:.1f} GiB" if total else "unknown"
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else "?"
    return (
        f"machine: {cpu}; {os.cpu_count()} cores ({usable} usable); RAM {memory}; "
        f"load average {os.getloadavg()[0]:.1f}"
    )


def version(package: str) -> str:
    """The installed version of ``package``, or "not installed"."""
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def software(*packages: str, extra: str = "") -> str:
    """Python and the versions of ``packages`` (distribution name = label), then ``extra``."""
    parts = [f"Python {platform.python_version()}"]
    parts += [f"{name} {version(name)}" for name in packages]
    if extra:
        parts.append(extra)
    return "software: " + ", ".join(parts)


def code_state(*paths: str) -> str:
    """The commit measured, and how many files under ``paths`` differ from it."""
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        changed = subprocess.run(
            ["git", "status", "--porcelain", "--", *paths],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.splitlines()
    except (OSError, subprocess.CalledProcessError):
        return "code: not a git checkout"
    where = ", ".join(f"{p}/" if "." not in p else p for p in paths)
    state = f"{len(changed)} file(s) in {where} differ from it" if changed else "clean"
    return f"code: commit {commit}, {state}"
