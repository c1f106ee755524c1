"""Lighthouse (pinned in package-lock.json) in mobile mode against the site served on 127.0.0.1,
with Debian's Chromium, and a report of the four category scores and what keeps any below 100.

Chromium runs headless with every non-loopback request sent to a dead proxy, so neither the
page nor the browser reaches the network; Lighthouse's error reporting is off.

Usage: python tests/tools/lighthouse.py SITE_DIR [URL_PATH ...]   (writes tests/output/lighthouse/)
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LIGHTHOUSE = ROOT / "node_modules" / "lighthouse" / "cli" / "index.js"
CHROMIUM = "/usr/bin/chromium"
OUTPUT = ROOT / "tests" / "output" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
CHROME_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--no-first-run",
    # Loopback is never proxied; everything else goes to a port where nothing listens.
    "--proxy-server=http://127.0.0.1:9",
]


def run(url: str, report: Path, timeout: int = 240) -> dict:
    """Run Lighthouse on url in mobile mode; write and return its JSON report."""
    if not LIGHTHOUSE.is_file():
        raise FileNotFoundError(f"{LIGHTHOUSE} is missing: `make test` installs it with `npm ci`")
    report.parent.mkdir(parents=True, exist_ok=True)
    command = [
        "node",
        str(LIGHTHOUSE),
        url,
        "--form-factor=mobile",
        "--output=json",
        f"--output-path={report}",
        f"--chrome-flags={' '.join(CHROME_FLAGS)}",
        "--no-enable-error-reporting",
        "--quiet",
        "--max-wait-for-load=60000",
    ]
    env = {**os.environ, "CHROME_PATH": CHROMIUM, "CI": "1"}
    result = subprocess.run(command, capture_output=True, text=True, timeout=timeout, env=env)
    if result.returncode != 0 or not report.is_file():
        raise RuntimeError(f"lighthouse failed ({result.returncode}) on {url}:\n{result.stderr[-3000:]}")
    return json.loads(report.read_text(encoding="utf-8"))


def scores(lhr: dict) -> dict[str, int | None]:
    """The four category scores, 0-100 (None when Lighthouse could not score one)."""
    result = {}
    for key in CATEGORIES:
        score = lhr["categories"].get(key, {}).get("score")
        result[key] = None if score is None else round(score * 100)
    return result


def below_full_marks(lhr: dict, category: str) -> list[str]:
    """The audits that cost a category points, heaviest first, with Lighthouse's own wording."""
    audits = lhr["audits"]
    found = []
    for ref in lhr["categories"][category]["auditRefs"]:
        audit = audits.get(ref["id"], {})
        score = audit.get("score")
        mode = audit.get("scoreDisplayMode")
        if mode in ("notApplicable", "manual", "informative") or score is None:
            continue
        if score < 1 and ref.get("weight", 0) > 0:
            value = f" ({audit['displayValue']})" if audit.get("displayValue") else ""
            found.append((ref.get("weight", 0) * (1 - score), f"{audit['id']}: {audit['title']}{value}"))
    return [text for _, text in sorted(found, key=lambda item: -item[0])]


def requested_hosts(lhr: dict) -> set[str]:
    """Every origin the page requested over the network, from Lighthouse's network log (data:
    and blob: URLs are in the page itself)."""
    from urllib.parse import urlsplit

    items = lhr["audits"].get("network-requests", {}).get("details", {}).get("items", [])
    urls = [urlsplit(i["url"]) for i in items if not i["url"].startswith(("data:", "blob:"))]
    return {f"{u.scheme}://{u.netloc}" for u in urls}


def summary(results: dict[str, dict]) -> str:
    """A Markdown report: a score table, then what keeps each category below 100."""
    lines = [
        "# Lighthouse (mobile)",
        "",
        "| page | " + " | ".join(CATEGORIES) + " |",
        "| --- | " + " | ".join("---" for _ in CATEGORIES) + " |",
    ]
    for page, lhr in results.items():
        row = scores(lhr)
        lines.append(f"| {page} | " + " | ".join("—" if row[c] is None else str(row[c]) for c in CATEGORIES) + " |")
    lines.append("")
    for page, lhr in results.items():
        for category in CATEGORIES:
            score = scores(lhr)[category]
            if score is not None and score == 100:
                continue
            lines.append(f"## {page}: {category} {score if score is not None else '(not scored)'}")
            lines += [f"- {text}" for text in below_full_marks(lhr, category)] or ["- (no weighted audit failed)"]
            lines.append("")
    for page, lhr in results.items():
        warnings = lhr.get("runWarnings") or []
        if warnings:
            lines.append(f"Run warnings for {page}: " + " / ".join(warnings))
    return "\n".join(lines).rstrip() + "\n"


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    sys.path.insert(0, str(ROOT / "tests"))
    from conftest import serve

    site, paths = Path(argv[0]), argv[1:] or ["", "htx/htx-tom-cang-vinh-binh/", "san-pham/tom-cang-xanh-tuoi/"]
    results = {}
    with serve(site, like_host=True) as base:
        for path in paths:
            name = path.strip("/").replace("/", "--") or "home"
            results[path or "/"] = run(base + path, OUTPUT / f"{name}.json")
    text = summary(results)
    (OUTPUT / "report.md").write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
