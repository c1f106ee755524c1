"""Lighthouse in mobile mode on the home page, a profile and a product page, served on 127.0.0.1
like the real host (gzip, 404.html). The report goes to tests/output/lighthouse/report.md (and
one JSON report per page) and is printed at the end of the test run.

Performance depends on the machine's speed, so it is reported, not asserted. Accessibility,
best practices and SEO do not: they must be 100.
"""

from __future__ import annotations

from pathlib import Path

from conftest import serve

from tools import lighthouse

PAGES = ["", "htx/htx-tom-cang-vinh-binh/", "san-pham/tom-cang-xanh-tuoi/"]


def test_lighthouse_mobile(built_site: Path) -> None:
    results = {}
    with serve(built_site, like_host=True) as base:
        for path in PAGES:
            name = path.strip("/").replace("/", "--") or "home"
            lhr = lighthouse.run(base + path, lighthouse.OUTPUT / f"{name}.json")
            assert not lhr.get("runtimeError"), lhr.get("runtimeError")
            assert lhr["configSettings"]["formFactor"] == "mobile"
            assert lhr["finalDisplayedUrl"] == base + path
            assert lighthouse.requested_hosts(lhr) == {base.rstrip("/")}, "only the local server is asked"
            results[path or "/"] = lhr
    report = lighthouse.summary(results)
    (lighthouse.OUTPUT / "report.md").write_text(report, encoding="utf-8")
    print(report)
    for page, lhr in results.items():
        scores = lighthouse.scores(lhr)
        assert all(isinstance(scores[c], int) for c in lighthouse.CATEGORIES), f"{page}: {scores}\n{report}"
        for category in ("accessibility", "best-practices", "seo"):
            assert scores[category] == 100, f"{page}: {category} {scores[category]}\n{report}"
