"""`shipyard version` on a large repository, against the 1 s target.

A repository of --commits commits (default 20,000) and --tags version tags (default 2,000; half
annotated, half lightweight) is generated with `git fast-import` in a few seconds: a main line
where every block of ten commits is seven commits, a two-commit feature branch and its merge
("Merge branch 'feature/fN'"), the block's tag on its seventh commit; a develop branch and a
release branch sit at the tip. Measured, median of --runs runs each:

- `shipyard version` on main, as a process (`.venv/bin/shipyard version <repo>`, start-up
  included), and its ratio to the 1 s target;
- `shipyard --version`, the same process start-up with no work (the CLI's import cost);
- the work alone in this process: reading the history (git) and calculating, for main and
  develop.

The anchor would be GitVersion on the same repository, but GitVersion needs .NET; when neither
`gitversion` nor `dotnet` is on PATH the bench says so and reports against the target only.

    .venv/bin/python bench/version.py --runs 5
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from shipyard.adapters.git import history
from shipyard.core.versioning import calculate, config_file

TARGET_S = 1.0
START = 1_600_000_000
GIT_ENV = {
    "PATH": "/usr/bin:/bin:/usr/local/bin",
    "HOME": "/nonexistent",
    "GIT_CONFIG_NOSYSTEM": "1",
    "LC_ALL": "C",
}


def fast_import_stream(*, commits: int, tags: int) -> bytes:
    """A fast-import stream for the repository described in the module docstring."""
    out: list[str] = []
    mark = 0
    clock = START
    main_tip = 0

    def commit(ref: str, message: str, parents: list[int]) -> int:
        nonlocal mark, clock
        mark += 1
        clock += 60
        content = f"{mark}\n"
        out.append(
            f"commit {ref}\nmark :{mark}\ncommitter Bench <bench@example.com> {clock} +0000\n"
            f"data {len(message.encode())}\n{message}\n"
        )
        if parents:
            out.append(f"from :{parents[0]}\n")
        out.extend(f"merge :{p}\n" for p in parents[1:])
        out.append(f"M 100644 inline file{mark % 10}\ndata {len(content)}\n{content}\n")
        return mark

    blocks = max(1, commits // 10)
    for block in range(blocks):
        for step in range(7):
            bump = " +semver: minor" if block % 100 == 99 and step == 0 else ""
            main_tip = commit(
                "refs/heads/main", f"main {block}.{step}{bump}", [main_tip] if main_tip else []
            )
        tagged = main_tip
        feature = commit("refs/heads/feature/work", f"feature {block}.1", [main_tip])
        feature = commit("refs/heads/feature/work", f"feature {block}.2", [feature])
        main_tip = commit(
            "refs/heads/main", f"Merge branch 'feature/f{block}'", [main_tip, feature]
        )
        if block < tags:
            name = f"v1.{block // 100}.{block % 100}"
            if block % 2:
                out.append(f"reset refs/tags/{name}\nfrom :{tagged}\n\n")
            else:
                message = f"release {name}"
                out.append(
                    f"tag {name}\nfrom :{tagged}\ntagger Bench <bench@example.com> {clock} +0000\n"
                    f"data {len(message)}\n{message}\n"
                )
    for extra in range(commits - blocks * 10):
        main_tip = commit("refs/heads/main", f"main tail {extra}", [main_tip])
    out.append(f"reset refs/heads/develop\nfrom :{main_tip}\n\n")
    out.append(f"reset refs/heads/release/99.0.0\nfrom :{main_tip}\n\n")
    return "".join(out).encode()


def build_repository(path: Path, *, commits: int, tags: int) -> float:
    started = time.perf_counter()
    subprocess.run(["git", "init", "-q", "-b", "main", str(path)], check=True, env=GIT_ENV)
    subprocess.run(
        ["git", "fast-import", "--quiet"],
        cwd=path,
        input=fast_import_stream(commits=commits, tags=tags),
        check=True,
        env=GIT_ENV,
    )
    subprocess.run(["git", "checkout", "-q", "-f", "main"], cwd=path, check=True, env=GIT_ENV)
    return time.perf_counter() - started


def timed_process(argv: list[str]) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run(argv, capture_output=True, text=True, check=True)
    return time.perf_counter() - started, done.stdout


def in_process(repo: Path, branch: str | None) -> tuple[float, float, str]:
    started = time.perf_counter()
    snapshot = history.read(repo)
    read_s = time.perf_counter() - started
    settings = config_file.load(None, source="GitVersion.yml")
    request = calculate.Request(branch=branch)
    result = calculate.calculate(snapshot.history, config=settings, request=request)
    return read_s, time.perf_counter() - started - read_s, result.version.full_text()


def anchor() -> str:
    found = {name: shutil.which(name) for name in ("gitversion", "dotnet")}
    if found["gitversion"]:
        return f"GitVersion found at {found['gitversion']} (not measured by this bench)"
    if found["dotnet"]:
        return f"dotnet found at {found['dotnet']} but no gitversion tool; no anchor measured"
    return (
        "GitVersion: not available (`which dotnet gitversion` finds neither: .NET is absent, "
        "so GitVersion cannot be built or run here); figures are against the 1 s target only"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--commits", type=int, default=20_000)
    parser.add_argument("--tags", type=int, default=2_000)
    args = parser.parse_args()
    shipyard = Path(sys.executable).parent / "shipyard"
    print(anchor(), flush=True)
    print(f"load average at start: {os.getloadavg()[0]:.2f} ({os.cpu_count()} CPUs)", flush=True)
    with tempfile.TemporaryDirectory(prefix="shipyard-bench-version-") as tmp_name:
        repo = Path(tmp_name) / "repo"
        build_s = build_repository(repo, commits=args.commits, tags=args.tags)
        count = subprocess.run(
            ["git", "rev-list", "--count", "--all"], cwd=repo, capture_output=True, text=True,
            check=True, env=GIT_ENV,
        ).stdout.strip()  # fmt: skip
        tag_count = len(
            subprocess.run(
                ["git", "tag"], cwd=repo, capture_output=True, text=True, check=True, env=GIT_ENV
            ).stdout.split()
        )
        print(f"repository: {count} commits, {tag_count} tags, built in {build_s:.1f}s", flush=True)
        results: dict[str, list[float]] = {}
        version = ""
        for run in range(args.runs):
            figures: dict[str, float] = {}
            figures["cli_version_s"], output = timed_process(
                [str(shipyard), "version", str(repo), "--show-variable", "FullSemVer"]
            )
            version = output.strip()
            figures["cli_startup_only_s"], _ = timed_process([str(shipyard), "--version"])
            figures["read_main_s"], figures["calculate_main_s"], _ = in_process(repo, None)
            _, figures["calculate_develop_s"], develop = in_process(repo, "develop")
            for key, value in figures.items():
                results.setdefault(key, []).append(value)
            print(
                f"run {run + 1}: " + ", ".join(f"{k}={v:.3f}" for k, v in figures.items()),
                flush=True,
            )
        medians = {key: statistics.median(values) for key, values in results.items()}
        print(f"version of main: {version}; of develop: {develop}")
        print(f"load average at end: {os.getloadavg()[0]:.2f}")
        print("median: " + ", ".join(f"{k}={v:.3f}" for k, v in medians.items()))
        print(
            f"ratio to the {TARGET_S:.0f} s target (shipyard version, process start included): "
            f"{medians['cli_version_s'] / TARGET_S:.2f}x; without the CLI's start-up: "
            f"{(medians['cli_version_s'] - medians['cli_startup_only_s']) / TARGET_S:.2f}x"
        )


if __name__ == "__main__":
    main()
