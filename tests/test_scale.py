"""Lists are paginated and the finder index is sharded, so no page grows with the records."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import run_generator
from synth import synthesize


@pytest.fixture(scope="module")
def synth_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("scale")
    synthesize(15, base / "data", seed=3)
    result = run_generator("build", "--data", "data", "--out", "site", "--work", "work", "--quiet", cwd=base)
    assert result.code == 0, result.err
    return base / "site"


def on_sale(site: Path) -> int:
    """Products of an active cooperative: the others leave the catalogue (synth makes some of each)."""
    import csv

    data = site.parent / "data"
    with (data / "cooperatives.csv").open(encoding="utf-8", newline="") as handle:
        active = {row["id"] for row in csv.DictReader(handle) if row["status"] == "hoạt động"}
    with (data / "products.csv").open(encoding="utf-8", newline="") as handle:
        return sum(1 for row in csv.DictReader(handle) if row["cooperative_id"] in active)


def soup(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path / "index.html").read_text(encoding="utf-8"), "html.parser")


def test_catalogue_is_paginated(synth_site: Path) -> None:
    total = on_sale(synth_site)
    assert 60 < total < 75, "some products belong to stopped or dissolved groups"
    first, second = soup(synth_site, "san-pham"), soup(synth_site, "san-pham/trang/2")
    assert len(first.select("#product-list > li")) == 60
    assert len(second.select("#product-list > li")) == total - 60
    forward = first.select_one('.portal-pager a[rel="next"]')["href"]
    back = second.select_one('.portal-pager a[rel="prev"]')["href"]
    assert (synth_site / "san-pham" / forward).resolve() == (synth_site / "san-pham" / "trang" / "2").resolve()
    assert (synth_site / "san-pham" / "trang" / "2" / back).resolve() == (synth_site / "san-pham").resolve()
    assert f"mục 61–{total} trong {total}" in second.select_one(".portal-pager").get_text()
    names = [n.get_text() for n in first.select(".portal-card__title")]
    assert names[-1] not in [n.get_text() for n in second.select(".portal-card__title")]


def test_finder_index_shards_cover_every_product(synth_site: Path) -> None:
    folder = synth_site / "san-pham" / "tim"
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    assert meta["total"] == on_sale(synth_site)
    everything = json.loads((folder / "all-0.json").read_text(encoding="utf-8"))
    assert len(everything) == meta["total"]
    for record in everything:
        for word in {w[:2] for w in record["q"].split() if len(w) >= 2 and w[:2].isalnum()}:
            shard = json.loads((folder / f"w-{word}-0.json").read_text(encoding="utf-8"))
            assert record["u"] in {r["u"] for r in shard}


def test_progress_chart_by_commune_stays_readable_at_province_scale(tmp_path: Path) -> None:
    """With hundreds of communes the chart shows the communes with most women's jobs and sums
    the others, so the progress page and its chart do not grow with the communes."""
    from generator import model
    from generator.pipeline import load_and_validate
    from generator.render.figures import COMMUNE_BARS, progress_charts

    synthesize(800, tmp_path / "data", seed=5)  # 20 current communes
    loaded = load_and_validate(tmp_path / "data")
    assert not loaded.problems
    portal = model.build_portal(loaded, tmp_path / "data", 1764115200)
    chart = next(c for c in progress_charts(portal) if c.name == "jobs-by-commune")
    communes = portal.current_communes
    assert len(communes) > COMMUNE_BARS and len(chart.rows) == COMMUNE_BARS + 1
    assert chart.rows[-1][0] == f"Các xã còn lại ({len(communes) - COMMUNE_BARS} xã)"
    drawn = " ".join(re.findall(r"<text[^>]*>([^<]*)</text>", chart.svg))  # it draws the named communes only
    assert all(row[0] in drawn for row in chart.rows[:-1]) and "Các xã còn lại" not in drawn
    totals = [int(row[3].replace(".", "")) for row in chart.rows[:-1]]
    assert totals == sorted(totals, reverse=True)
    active = [c for c in portal.cooperatives if c.status == "hoạt động"]
    assert sum(int(row[3].replace(".", "")) for row in chart.rows) == sum(c.female_workers for c in active)
    assert chart.description.count(" người") == COMMUNE_BARS + 1
