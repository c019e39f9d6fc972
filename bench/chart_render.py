"""`shipyard chart template` against `helm template`, wall time with process start, same run.

Two charts, both written by this script: the `helm create` chart (made by the real helm) and a
large chart of 6 charts x 20 templates (a parent and five subcharts, 120 rendered templates,
the chart of tests/integration/chart_fixtures.py). Each is rendered --runs times by both tools
as processes (`.venv/bin/shipyard chart template` through the CLI's fast path, and helm
v3.22.0 built by `shipyard local`), outputs are checked to be identical, and the medians and
their ratio are printed (target: shipyard <= 1.5x helm). Also printed: the bare interpreter
start and the import of the rendering modules, which bound what the work itself can take.

    .venv/bin/python bench/chart_render.py --runs 15
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
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
        worst = 0.0
        for label, chart in charts.items():
            ours, out = timed(
                [str(SHIPYARD), "chart", "template", "rel", str(chart)], runs=args.runs
            )
            theirs, expected = timed([helm, "template", "rel", str(chart)], runs=args.runs)
            same = "identical" if out == expected else "DIFFERENT"
            ratio = ours / theirs
            worst = max(worst, ratio)
            print(f"{label:28} shipyard {ours * 1000:7.1f} ms   helm {theirs * 1000:7.1f} ms   "
                  f"ratio {ratio:5.2f}x   output {same}")  # fmt: skip
        verdict = "within" if worst <= TARGET_RATIO else "above"
        print(f"worst ratio {worst:.2f}x: {verdict} the {TARGET_RATIO}x target")
    return 0


if __name__ == "__main__":
    sys.exit(main())
