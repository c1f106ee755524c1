"""`make bench`: build the sample and synthetic datasets cold, warm and after a one-row change.

For each scale it reports wall time per stage, pages per second, peak memory, output size (files
and MB, per cooperative and by top folder, and whether each host's published free-plan limits
take the site: `generator/hosting.py`), the heaviest page, what a visitor downloads to search,
the first-load weight of a product page, and a bare MkDocs build of the same generated pages
measured in the same run, so the generator's own cost reads as a ratio. Results go to
bench-results/results.json and .md, and the summary table into README.md between the bench markers.

The machine is shared and noisy, so the smaller scales are built in several rounds (each round:
cold, warm, one-row change, then the bare MkDocs build), and the figures are medians over rounds;
each round's ratios are taken against that round's bare build.

Usage: python tests/benchmark.py [--scales sample,1000,10000] [--rounds sample:5,1000:5]
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import datetime as dt
import gzip
import io
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from generator import hosting  # noqa: E402  (the generator's own count of what a host counts)

BENCH = ROOT / "build" / "bench"
RESULTS = ROOT / "bench-results"
PY = sys.executable
EPOCH = "1764115200"

CHILD = """
import json, resource, runpy, sys, time
start = time.perf_counter()
code = 0
try:
    sys.argv = ["generator", *sys.argv[2:]]
    runpy.run_module("generator", run_name="__main__")
except SystemExit as exit:
    code = exit.code or 0
own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
open(OUT, "w").write(json.dumps({"wall": time.perf_counter() - start, "code": code,
    "peak_mb": max(own, kids) / 1024}))
"""

BARE = """
import json, resource, sys, time
from pathlib import Path
sys.path.insert(0, ROOT)
from generator.pipeline import mkdocs_settings
from generator.publish import build_html
from generator.schema import load_config
start = time.perf_counter()
build_html(Path(DOCS), Path(SITE), Path(ROOT) / "mkdocs.yml", mkdocs_settings(load_config()), EPOCH)
wall = time.perf_counter() - start
open(OUT, "w").write(json.dumps({"wall": wall, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def run_child(code: str, out: Path, args: list[str], env: dict[str, str]) -> dict:
    """Run code in a fresh Python; the result is the JSON it writes to OUT, with the peak of the
    memory all its processes held together ("peak_total_mb", sampled: see `tree_pss_kb`)."""
    script = code.replace("OUT", repr(str(out)))
    with tempfile.TemporaryFile() as stdout, tempfile.TemporaryFile() as stderr:
        proc = subprocess.Popen([PY, "-c", script, *args], cwd=ROOT, env=env, stdout=stdout, stderr=stderr)
        peak_kb, pause = 0, 0.1
        while proc.poll() is None:
            began = time.perf_counter()
            peak_kb = max(peak_kb, tree_pss_kb(proc.pid))
            # Reading a process's page tables costs about 14 ms per GB: sample 2% of the time at most.
            pause = max(0.1, 50 * (time.perf_counter() - began))
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(pause)
        stdout.seek(0), stderr.seek(0)
        output, errors = stdout.read().decode(errors="replace"), stderr.read().decode(errors="replace")
    if proc.returncode != 0 or not out.exists():
        raise SystemExit(f"benchmark step failed: {args}\n{output[-2000:]}\n{errors[-4000:]}")
    return {**json.loads(out.read_text()), "peak_total_mb": peak_kb / 1024}


def tree_pss_kb(root: int) -> int:
    """The proportional set size of root and every process under it, in KB: memory a forked
    worker still shares with its parent counts once, split between them (unlike RSS)."""
    total, pending = 0, [root]
    while pending:
        pid, tasks = pending.pop(), []
        with contextlib.suppress(OSError):  # a process may end while it is read
            tasks = os.listdir(f"/proc/{pid}/task")
        for task in tasks:
            with contextlib.suppress(OSError), open(f"/proc/{pid}/task/{task}/children") as children:  # a thread too
                pending += [int(child) for child in children.read().split()]
        with contextlib.suppress(OSError), open(f"/proc/{pid}/smaps_rollup") as rollup:
            total += next(int(line.split()[1]) for line in rollup if line.startswith("Pss:"))
    return total


def build(data: Path, site: Path, work: Path, label: str) -> dict:
    timings = BENCH / f"timings-{label}.json"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SOURCE_DATE_EPOCH": EPOCH, "GENERATOR_TIMINGS": str(timings)}
    result = run_child(
        CHILD,
        BENCH / f"child-{label}.json",
        ["x", "build", "--data", str(data), "--out", str(site), "--work", str(work), "--quiet"],
        env,
    )
    if result["code"] != 0:
        raise SystemExit(f"build failed for {label}")
    result.update(json.loads(timings.read_text()))
    return result


def bare_mkdocs(docs: Path, site: Path, label: str) -> dict:
    script = (
        BARE.replace("ROOT", repr(str(ROOT)))
        .replace("EPOCH", repr(int(EPOCH)))
        .replace("DOCS", repr(str(docs)))
        .replace("SITE", repr(str(site)))
    )
    if site.exists():
        shutil.rmtree(site)
    return run_child(script, BENCH / f"bare-{label}.json", [], {**os.environ, "PYTHONPATH": str(ROOT)})


def change_one_row(data: Path) -> None:
    """A staff-like edit: the price of the first product goes up by 1.000 đ."""
    path = data / "products.csv"
    text = path.read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    column = rows[0].index("price_vnd")
    for row in rows[1:]:
        if row[column]:
            row[column] = str(int(row[column]) + 1000)
            break
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def gz(data: bytes) -> int:
    return len(gzip.compress(data, 6, mtime=0))


def measure_site(site: Path, cooperatives: int) -> dict:
    pages = [p for p in site.rglob("*.html")]
    sizes = sorted(((p.stat().st_size, p) for p in pages), reverse=True)
    heaviest_size, heaviest = sizes[0]
    size = hosting.measure(site)
    total = size.bytes
    search_index = site / "search" / "search_index.json"
    finder_first = max(finder_first_download(site / folder / "tim") for folder in ("htx", "san-pham"))
    return {
        "pages": len(pages),
        "output_mb": total / 1e6,
        "cooperatives": cooperatives,
        "files": size.files,
        "files_per_cooperative": size.files / cooperatives,
        "kb_per_cooperative": total / 1e3 / cooperatives,
        "largest_file": list(size.largest),
        "fullest_folder": list(size.fullest),
        "folders": {folder or "(top)": {"files": n, "mb": b / 1e6} for folder, (n, b) in size.folders.items()},
        "hosts": {name: hosting.fits(size, limits) for name, limits in hosting.HOSTS.items()},
        "heaviest_page": str(heaviest.relative_to(site)),
        "heaviest_page_kb": heaviest_size / 1e3,
        "heaviest_page_gz_kb": gz(heaviest.read_bytes()) / 1e3,
        "material_search_index_gz_kb": gz(search_index.read_bytes()) / 1e3 if search_index.exists() else 0,
        "finder_first_download_gz_kb": finder_first / 1e3,
        "product_page_first_load_kb": product_first_load(site) / 1e3,
    }


def finder_first_download(finder: Path) -> int:
    """Compressed bytes a list page's finder fetches before its first result, at worst: the
    filter choices, the shard counts and the largest first part of any shard."""
    meta = json.loads((finder / "meta.json").read_text())
    worst_first = max(gz((finder / f"{name}-0.json").read_bytes()) for name in meta["parts"])
    return gz((finder / "options.json").read_bytes()) + gz((finder / "meta.json").read_bytes()) + worst_first


def product_first_load(site: Path) -> int:
    """Compressed bytes of a product page's HTML, CSS, JS and above-the-fold images."""
    product = next(p for p in sorted((site / "san-pham").glob("*/index.html")) if p.parent.name not in ("tim", "trang"))
    html = product.read_text(encoding="utf-8")
    total = gz(html.encode())
    refs = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html) + re.findall(r'<script src="([^"]+)"', html)
    hero = re.search(r'class="portal-entity__photo"><img class="[^"]*" src="([^"]+)"', html)
    for ref in refs:
        total += gz((product.parent / ref.split("?")[0]).resolve().read_bytes())
    for ref in [r for r in (hero.group(1) if hero else None,) if r] + re.findall(r'<img src="([^"]+\.svg)" alt', html)[
        :1
    ]:
        data = (product.parent / ref).resolve().read_bytes()
        total += gz(data) if ref.endswith(".svg") else len(data)
    return total


def dataset(scale: str) -> Path:
    if scale == "sample":
        target = BENCH / "data-sample"
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(ROOT / "data", target)
        return target
    target = BENCH / f"data-{scale}"
    if target.exists():
        shutil.rmtree(target)
    subprocess.run(
        [PY, str(ROOT / "tools" / "synth" / "synth.py"), "--scale", scale, "--out", str(target), "--seed", "1"],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    return target


def bench_scale(scale: str, rounds: int) -> dict:
    print(f"== {scale}", flush=True)
    data = dataset(scale)
    work, site = BENCH / f"work-{scale}", BENCH / f"site-{scale}"
    done = []
    for number in range(1, rounds + 1):
        for path in (work, site, *BENCH.glob(f".site-{scale}.*")):
            if path.exists():
                shutil.rmtree(path)
        runs = {}
        runs["cold"] = build(data, site, work, f"{scale}-cold")
        runs["warm"] = build(data, site, work, f"{scale}-warm")
        change_one_row(data)  # the next round starts cold from the changed data
        runs["one_row"] = build(data, site, work, f"{scale}-change")
        bare = bare_mkdocs(work / "docs", BENCH / f"bare-site-{scale}", scale)
        for run in runs.values():
            # The generator's own stages; Python start-up and imports are left out on both sides.
            generator_own = sum(seconds for stage, seconds in run["stages"].items() if stage != "mkdocs")
            run["generator_own_s"] = generator_own
            run["ratio_to_bare_mkdocs"] = generator_own / bare["wall"]
            # Stricter: everything the build did beyond a bare MkDocs, including any slowing of
            # MkDocs by the photos, QR codes and share cards rendered beside it.
            run["whole_minus_bare_ratio"] = (sum(run["stages"].values()) - bare["wall"]) / bare["wall"]
            # The measure: the whole build's stages over the bare build (1.20 = 20% more).
            run["whole_to_bare"] = sum(run["stages"].values()) / bare["wall"]
        done.append({"runs": runs, "bare_mkdocs": bare})
        print(
            f"   round {number}: cold {runs['cold']['wall']:.1f} s, warm {runs['warm']['wall']:.1f} s, "
            f"one-row change {runs['one_row']['wall']:.1f} s, bare MkDocs {bare['wall']:.1f} s",
            flush=True,
        )
    with (data / "cooperatives.csv").open(encoding="utf-8-sig", newline="") as rows:
        cooperatives = sum(1 for _ in csv.DictReader(rows))
    measures = measure_site(site, cooperatives)
    for previous in BENCH.glob(f".site-{scale}.*"):  # the site the last build replaced
        shutil.rmtree(previous)
    runs = {name: median_run([r["runs"][name] for r in done]) for name in done[0]["runs"]}
    for run in runs.values():
        run["pages_per_s"] = measures["pages"] / run["wall"]
    bare = {"wall": statistics.median(r["bare_mkdocs"]["wall"] for r in done)}
    return {"scale": scale, "rounds": done, "runs": runs, "bare_mkdocs": bare, **measures}


def median_run(runs: list[dict]) -> dict:
    """One kind of run over the rounds: the median of every time and ratio, the lowest and
    highest ratios beside it, and the highest peak of memory."""
    median = statistics.median
    kinds = runs[0]["artifacts"]
    return {
        "wall": median(r["wall"] for r in runs),
        "stages": {stage: median(r["stages"][stage] for r in runs) for stage in runs[0]["stages"]},
        "artifacts": {k: {f: median(r["artifacts"][k][f] for r in runs) for f in kinds[k]} for k in kinds},
        "peak_mb": max(r["peak_mb"] for r in runs),
        "peak_total_mb": max(r["peak_total_mb"] for r in runs),
        **{
            measure: median(r[measure] for r in runs)
            for measure in ("generator_own_s", "ratio_to_bare_mkdocs", "whole_minus_bare_ratio", "whole_to_bare")
        },
        "ratio_range": [min(r["ratio_to_bare_mkdocs"] for r in runs), max(r["ratio_to_bare_mkdocs"] for r in runs)],
        "whole_range": [min(r["whole_to_bare"] for r in runs), max(r["whole_to_bare"] for r in runs)],
    }


def ratio(run: dict) -> str:
    """The generator's share of the bare build, with its range when there were several rounds."""
    low, high = (f"{share:.0%}" for share in run["ratio_range"])
    return f"{run['ratio_to_bare_mkdocs']:.0%}" + (f" ({low}–{high})" if low != high else "")


def table(results: list[dict]) -> str:
    lines = [
        "| scale | rounds | pages | cold s | warm s | one-row s | bare MkDocs s | whole/bare cold | warm | "
        "generator/MkDocs cold | warm | pages/s cold | peak MB: all processes (largest) | output MB | "
        "heaviest page (gz KB) | "
        "search first download (gz KB) | product page first load KB |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|",
    ]
    for r in results:
        c, w, o = r["runs"]["cold"], r["runs"]["warm"], r["runs"]["one_row"]
        lines.append(
            f"| {r['scale']} | {len(r['rounds'])} | {r['pages']:,} | {c['wall']:.1f} | {w['wall']:.1f} | "
            f"{o['wall']:.1f} | {r['bare_mkdocs']['wall']:.1f} | {whole(c)} | {whole(w)} | "
            f"{ratio(c)} | {ratio(w)} | "
            f"{c['pages_per_s']:.0f} | {peak(r, 'peak_total_mb'):.0f} ({peak(r, 'peak_mb'):.0f}) | "
            f"{r['output_mb']:.0f} | "
            f"{r['heaviest_page']} ({r['heaviest_page_gz_kb']:.0f}) | finder {r['finder_first_download_gz_kb']:.0f}, "
            f"Material index {r['material_search_index_gz_kb']:.0f} | {r['product_page_first_load_kb']:.0f} |"
        )
    return "\n".join(lines)


def whole(run: dict) -> str:
    """The whole build over the bare one, as a factor, with its range over the rounds."""
    low, high = (f"{share:.2f}" for share in run["whole_range"])
    return f"{run['whole_to_bare']:.2f}×" + (f" ({low}–{high})" if low != high else "")


def size_table(results: list[dict]) -> str:
    """Files and bytes, per cooperative, and whether each host's published limits take the site."""
    hosts = list(hosting.HOSTS)
    lines = [
        "| scale | cooperatives | files | MB | files per cooperative | KB per cooperative | largest file (MB) | "
        "fullest folder (files) | " + " | ".join(f"fits {hosting.HOSTS[h].label}" for h in hosts) + " |",
        "|---|---:|---:|---:|---:|---:|---|---|" + "---|" * len(hosts),
    ]
    for r in results:
        (largest, largest_bytes), (fullest, fullest_files) = r["largest_file"], r["fullest_folder"]
        fits = " | ".join("yes" if r["hosts"][h] else "**no**" for h in hosts)
        lines.append(
            f"| {r['scale']} | {r['cooperatives']:,} | {r['files']:,} | {r['output_mb']:.0f} | "
            f"{r['files_per_cooperative']:.1f} | {r['kb_per_cooperative']:.0f} | "
            f"{largest} ({largest_bytes / 1e6:.1f}) | "
            f"{fullest} ({fullest_files:,}) | {fits} |"
        )
    return "\n".join(lines)


def folder_table(results: list[dict]) -> str:
    """Files and MB by top folder, the scales side by side."""
    folders = sorted({folder for r in results for folder in r["folders"]})
    lines = [
        "| folder | " + " | ".join(f"{r['scale']} files | MB" for r in results) + " |",
        "|---|" + "---:|---:|" * len(results),
    ]
    for folder in folders:
        cells = []
        for r in results:
            entry = r["folders"].get(folder, {"files": 0, "mb": 0.0})
            cells.append(f"{entry['files']:,} | {entry['mb']:.1f}")
        lines.append(f"| {folder} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def peak(result: dict, measure: str) -> float:
    return max(run[measure] for run in result["runs"].values())


def stage_table(results: list[dict]) -> str:
    lines = [
        "| scale | run | load | validate | model | pages | pages rendered | MkDocs | photos | "
        "share cards | catalogue | after MkDocs | host check |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        for name, run in r["runs"].items():
            s, a = run["stages"], run["artifacts"]
            art = {k: f"{v['seconds']:.1f} ({int(v['rendered']):,})" for k, v in a.items()}
            pages = a["page_renders"]
            lines.append(
                f"| {r['scale']} | {name} | {s['load']:.2f} | {s['validate']:.2f} | {s['model']:.2f} | "
                f"{s['pages']:.1f} | {int(pages['rendered']):,} of {int(pages['files']):,} | {s['mkdocs']:.1f} | "
                f"{art['photos']} | {art['share_cards']} | {art.get('catalogue', 0)} | {s['late']:.1f} | "
                f"{s.get('host', 0):.2f} |"
            )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scales", default="sample,1000,10000")
    parser.add_argument("--rounds", default="sample:5,1000:5", help="rounds by scale; one for scales not named")
    args = parser.parse_args()
    rounds = {scale: int(count) for scale, count in (item.split(":") for item in args.rounds.split(",") if item)}
    BENCH.mkdir(parents=True, exist_ok=True)
    RESULTS.mkdir(exist_ok=True)
    results = [bench_scale(scale, rounds.get(scale, 1)) for scale in args.scales.split(",")]
    stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    machine = f"{os.cpu_count()} cores, Python {sys.version.split()[0]}"
    (RESULTS / "results.json").write_text(
        json.dumps({"when": stamp, "machine": machine, "results": results}, indent=1, default=str)
    )
    summary = (
        f"Measured {stamp} on {machine}. The machine is shared: each figure is the median over the"
        " rounds (a round builds cold, warm and after a one-row change, then runs the bare MkDocs"
        " build), each round's ratios against its own bare build, with their range in brackets.\n\n"
        + table(results)
        + "\n\nWhole/bare: the whole build's stages over the bare MkDocs build of the same pages (Python"
        " start-up left out on both sides); generator/MkDocs: the generator's own stages over it. The whole"
        " build hands MkDocs its generated pages' HTML without Markdown (generator/html_pages.py, the same"
        " site); the bare build has Python-Markdown read every page, as `mkdocs build` does.\n\n"
        "Size: what a host counts (every file of the site), and whether the free plan's published limits"
        " take it (GitHub Pages 1 GB a site; Cloudflare Pages 20,000 files and 25 MiB a file; Netlify"
        " 54,000 files a folder; see generator/hosting.py).\n\n"
        + size_table(results)
        + "\n\nFiles and MB by top folder:\n\n"
        + folder_table(results)
        + "\n\nPeak memory: of all the build's processes together (proportional set size, sampled, so"
        " that memory forked workers share with the build counts once), and of the largest one.\n\n"
        "Stages (wall seconds). Photos, share cards and the catalogue are made by low-priority workers"
        " from the start of the pages stage, beside the pages and MkDocs:"
        " their columns are the workers' CPU seconds, with the files rendered in brackets (0 = all from"
        " the cache); after MkDocs is the wait for what was left of them, the policy pass and"
        " the swap.\n\n" + stage_table(results) + "\n"
    )
    (RESULTS / "results.md").write_text(summary, encoding="utf-8")
    readme = ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    if "<!-- bench:start -->" in text:
        text = re.sub(
            r"<!-- bench:start -->.*<!-- bench:end -->",
            lambda _: "<!-- bench:start -->\n" + summary + "<!-- bench:end -->",
            text,
            flags=re.S,
        )
        readme.write_text(text, encoding="utf-8")
    print(summary)


if __name__ == "__main__":
    main()
