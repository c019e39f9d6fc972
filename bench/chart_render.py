"""`shipyard chart template` against `helm template`, wall time with process start, same run.

Two charts, both written by this script: the `helm create` chart (made by the real helm) and a
large chart of 6 charts x 20 templates (a parent and five subcharts, 120 rendered templates,
the chart of tests/integration/chart_fixtures.py). Each is rendered --runs times by both tools
as processes (`.venv/bin/shipyard chart template` through the CLI's fast path, and helm
v3.22.0 built by `shipyard local`), outputs are checked to be identical, and the medians and
their ratio are printed (target: shipyard <= 1.5x helm). shipyard is timed twice:

- "cold": every run a new Python process that imports the renderer (no server running);
- "served": with `shipyard chart serve` running (started by this script on a private socket
  and stopped at the end), so each run is a new client process whose render happens in the
  warm server.

Also printed: the bare interpreter start and the import of the rendering modules, which bound
what a cold run can take.

    .venv/bin/python bench/chart_render.py --runs 15
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from shipyard.adapters.local import toolchain

TARGET_RATIO = 1.5
ROOT = Path(__file__).resolve().parent.parent
SHIPYARD = Path(sys.executable).parent / "shipyard"


def timed(argv: list[str], *, runs: int) -> tuple[float, bytes]:
    samples: list[float] = []
    output = b""
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(argv, capture_output=True, check=True)
        samples.append(time.perf_counter() - start)
        output = done.stdout
    return statistics.median(samples), output


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=11)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from tests.integration import chart_fixtures

    helm = str(toolchain.tool_path("helm"))
    # Byte-compiled modules, as an installed package has them (PYTHONDONTWRITEBYTECODE would
    # otherwise make every run compile the chart modules from source).
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "src" / "shipyard")],
                   check=True, env={"PATH": "/usr/bin:/bin"})  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        subprocess.run([helm, "create", "web"], cwd=work, check=True, capture_output=True,
                       env={"HOME": tmp, "PATH": "/usr/bin:/bin"})  # fmt: skip
        large = chart_fixtures.write_tree(work / "big", chart_fixtures.large_chart())
        charts = {"helm create (10 templates)": work / "web", "large (120 templates)": large}
        python = [sys.executable, "-c", "pass"]
        imports = [sys.executable, "-c", "import shipyard.cli.chart_fast, "
                   "shipyard.engine.charts.templating, shipyard.core.charts.templatefuncs"]  # fmt: skip
        base, _ = timed(python, runs=args.runs)
        loaded, _ = timed(imports, runs=args.runs)
        print(f"python start        {base * 1000:7.1f} ms")
        print(f"+ rendering modules {loaded * 1000:7.1f} ms")
        sock = work / "run" / "render.sock"
        os.environ["SHIPYARD_RENDER_SOCKET"] = str(sock)
        worst = {"cold": 0.0, "served": 0.0}
        for label, chart in charts.items():
            argv = [str(SHIPYARD), "chart", "template", "rel", str(chart)]
            theirs, expected = timed([helm, "template", "rel", str(chart)], runs=args.runs)
            cold, out = timed(argv, runs=args.runs)
            with render_server(sock):
                timed(argv, runs=1)  # the server's first render fills its caches
                served, served_out = timed(argv, runs=args.runs)
            for mode, ours, text in (("cold", cold, out), ("served", served, served_out)):
                same = "identical" if text == expected else "DIFFERENT"
                ratio = ours / theirs
                worst[mode] = max(worst[mode], ratio)
                print(f"{label:28} {mode:6} shipyard {ours * 1000:7.1f} ms   "
                      f"helm {theirs * 1000:7.1f} ms   ratio {ratio:5.2f}x   output {same}")  # fmt: skip
        for mode, ratio in worst.items():
            verdict = "within" if ratio <= TARGET_RATIO else "above"
            print(f"worst {mode} ratio {ratio:.2f}x: {verdict} the {TARGET_RATIO}x target")
    return 0


@contextlib.contextmanager
def render_server(sock: Path) -> Iterator[None]:
    control = [str(SHIPYARD), "chart", "serve", "--socket", str(sock)]
    subprocess.run([*control, "--detach", "--idle", "600"], check=True, capture_output=True)
    try:
        yield
    finally:
        subprocess.run([*control, "--stop"], check=True, capture_output=True)


if __name__ == "__main__":
    sys.exit(main())
