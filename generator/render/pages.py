"""Generated pages: one jinja2 template per page type, written as Markdown with HTML bodies."""

from __future__ import annotations

import os
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import escape

from ..model import Cooperative, Honour, Portal, Product
from ..schema import PROJECT_ROOT
from ..text import format_date, format_date_long, format_number, format_phone, format_vnd, sort_key
from . import charts, finder, maps, pagekeys, structured
from .artifacts import ArtifactStore, Files, forked_pool, result_of, write_if_changed
from .images import PhotoProcessor, Picture, placeholder_svg
from .media import MediaMaker, Share
from .opendata import public_resources
from .safe import json_script, safe_markdown, yaml_string

TEMPLATES = PROJECT_ROOT / "site_config" / "templates"


PER_PAGE = 60
COMMUNE_BARS = 15  # communes in the progress page's chart by commune; its table sums the rest


@dataclass(frozen=True)
class Pager:
    """Where a list page sits among its siblings."""

    number: int
    count: int
    total: int
    base: str
    offset: int

    @property
    def last(self) -> int:
        """Position of the last item on this page (1-based)."""
        return min(self.offset + PER_PAGE, self.total)

    def url(self, number: int) -> str:
        """Site path of page number."""
        return f"{self.base}/" if number == 1 else f"{self.base}/trang/{number}/"


def environment(bytecode: Path | None = None) -> jinja2.Environment:
    """The jinja2 environment: autoescaping on, undefined names are errors, Vietnamese filters.

    With a bytecode folder, compiled templates are kept there (keyed by their source's checksum),
    which spares a warm build the 0.2 s of compiling them again.
    """
    if bytecode:
        bytecode.mkdir(parents=True, exist_ok=True)
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        bytecode_cache=jinja2.FileSystemBytecodeCache(str(bytecode)) if bytecode else None,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        vnd=format_vnd,
        number=format_number,
        date=format_date,
        date_long=format_date_long,
        phone=format_phone,
        markdown=safe_markdown,
        json_script=json_script,
        front=lambda text: yaml_string(str(escape(text))),
        cap=lambda text: text[:1].upper() + text[1:],
    )
    return env


_FORKED: PageWriter | None = None  # the writer whose pages a forked worker renders


def _render_part(docs: Path, relatives: list[str]) -> tuple[int, dict[str, str]]:
    assert _FORKED is not None
    return _FORKED._render_part(docs, relatives)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return -1


class PageWriter:
    """Plans every generated page of the portal, then renders them all into docs.

    Small files (placeholders, finder shards) go into `files` as planning goes; pages go
    wherever `render_pages` is told.
    """

    def __init__(self, portal: Portal, files: Files, store: ArtifactStore):
        self.portal, self.files, self.store = portal, files, store
        self.photos = PhotoProcessor(portal.data_dir / "images", store)
        self.media = MediaMaker(store)
        self.env = environment(store.cache.parent / "templates")
        self._pages: dict[str, tuple[str, dict[str, Any]]] = {}
        self._placeholders: dict[str, str] = {}
        self._shares: dict[str, Share] = {}
        self._saved_keys: dict[str, str] = {}
        self._keys: pagekeys.PageKeys | None = None

    # --- writing -------------------------------------------------------------------------

    def write(self, relative: str, template: str, **context: Any) -> None:
        """Plan the page relative from template; refuse two pages at the same path.

        Pages are rendered later, all at once and on all cores, by `render_pages`.
        """
        if relative in self._pages:
            raise RuntimeError(f"two pages want the same file: {relative}")
        self._pages[relative] = (template, context)

    def render_pages(self, docs: Path, processes: int | None = None) -> dict[str, float]:
        """Render every planned page into docs whose key changed, writing only files whose bytes
        changed; returns the figures of the "render_page" kind (files, rendered, seconds).

        Worker processes are forked, so they see the model without copying it; every photo,
        QR code and share card the templates ask for was requested before, and the store
        refuses new requests while they run. A page whose key (see `pagekeys`) is the one saved
        with the page now in docs is not rendered at all.
        """
        global _FORKED
        start = time.perf_counter()
        saved = self.store.cache.parent / "pages.json"
        previous = pagekeys.load(saved)
        self._saved_keys = previous.keys
        self._keys = pagekeys.PageKeys(self.env, self.portal, self.photos.digests.get, previous)
        for template in sorted({template for template, _ in self._pages.values()}):
            self.env.get_template(template)  # compiled once, before the fork
            self._keys.base(template)  # and analysed once: the workers' findings are not kept
        relatives = sorted(self._pages)
        workers = self.workers(processes)
        frozen, self.store.frozen = self.store.frozen, True
        try:
            if workers == 1:
                parts = [self._render_part(docs, relatives)]
            else:
                _FORKED = self
                with forked_pool(workers) as pool:
                    shares = [(docs, relatives[i::workers]) for i in range(workers)]
                    parts = result_of(pool, pool.starmap_async(_render_part, shares))
        finally:
            self.store.frozen = frozen
            _FORKED = None
        keys = {relative: key for _, part in parts for relative, key in part.items()}
        pagekeys.save(saved, pagekeys.Saved(self._keys.code, self._keys.reads, keys))
        rendered = sum(count for count, _ in parts)
        return {"files": len(relatives), "rendered": rendered, "seconds": time.perf_counter() - start}

    def workers(self, processes: int | None = None) -> int:
        """How many processes `render_pages` uses: one per 500 pages, at most one per core."""
        return min(processes or os.cpu_count() or 1, max(1, len(self._pages) // 500))

    def _render_part(self, docs: Path, relatives: list[str]) -> tuple[int, dict[str, str]]:
        """Render the pages of relatives whose keys changed; returns how many were rendered,
        and "key:size" of every page that has a key. A page is skipped only when the file in
        docs still has the size it was written with (not cut short, not replaced)."""
        assert self._keys is not None
        rendered, keys = 0, {}
        for relative in relatives:
            template, context = self._pages[relative]
            key = self._keys.key(relative, template, context)
            if key is not None:
                saved = self._saved_keys.get(relative, "")
                if saved.startswith(f"{key}:") and saved == f"{key}:{_size(docs / relative)}":
                    keys[relative] = saved
                    continue
            depth = relative.count("/") + (0 if relative.endswith("index.md") else 1)
            text = self.env.get_template(template).render(
                portal=self.portal,
                config=self.portal.config,
                root="../" * depth,
                picture=self.picture,
                share=self.share,
                schema_org=self.schema_org,
                **context,
            )
            data = text.encode("utf-8")
            write_if_changed(docs / relative, data)
            rendered += 1
            if key is not None:
                keys[relative] = f"{key}:{len(data)}"
        return rendered, keys

    @property
    def pages(self) -> set[str]:
        """The paths (relative to docs) of every planned page."""
        return set(self._pages)

    def picture(self, photo: str, key: str) -> Picture:
        """The responsive picture for a photo, or the generated placeholder for key."""
        if photo:
            return self.photos.picture(photo)
        if key not in self._placeholders:
            if self.store.frozen:
                raise RuntimeError(f"no placeholder was made for {key!r} before the pages were rendered")
            index = len(self._placeholders)
            name = f"media/placeholder-{index}.svg"
            self.files.write(name, placeholder_svg(index))
            self._placeholders[key] = name
        return Picture(((self._placeholders[key], 480),), 480, 320)

    def share(self, entity: Cooperative | Product | Honour | None = None) -> Share:
        """Canonical URL, QR code and share card of an entity page (or of the whole site)."""
        key = "site" if entity is None else entity.url.strip("/").replace("/", "-")
        if key not in self._shares:
            portal = self.portal
            path = "" if entity is None else entity.url
            canonical = portal.url(path)
            if entity is None:
                title, subtitle, photo = portal.config["site_name"], portal.config["site_description"], ""
            elif isinstance(entity, Cooperative):
                title, subtitle, photo = (
                    entity.name,
                    f"{entity.type_label} · {entity.current_commune.label}",
                    entity.photo,
                )
            elif isinstance(entity, Product):
                price = format_vnd(entity.price_vnd) + (f" / {entity.unit}" if entity.unit and entity.price_vnd else "")
                title, subtitle, photo = entity.name, f"{price} · {entity.cooperative.name}", entity.photo
            else:
                title, subtitle, photo = entity.name, f"{entity.award} ({entity.year})", entity.photo
            source = portal.data_dir / "images" / photo if photo else None
            host = portal.config["site_url"].split("://", 1)[-1].rstrip("/")
            self._shares[key] = Share(
                canonical=canonical,
                short=canonical.split("://", 1)[-1],
                qr=self.media.qr(key, canonical),
                image=self.media.share_card(key, title, subtitle, source, host, bool(portal.config.get("demo"))),
            )
        return self._shares[key]

    def schema_org(self, entity: Cooperative | Product) -> dict[str, Any]:
        """An entity page's JSON-LD: made while the page renders, never for a page skipped."""
        if isinstance(entity, Cooperative):
            return structured.organization(self.portal, entity, self.share(entity))
        return structured.product(self.portal, entity, self.share(entity))

    def write_all(self) -> None:
        """Plan every page, and ask now for every photo, QR code and share card they show."""
        portal = self.portal
        for key in [*portal.config["categories"], *portal.config["sectors"], "honour"]:
            self.picture("", key)
        self.share()
        for entity in [*portal.cooperatives, *portal.products, *portal.honours]:
            self.share(entity)
            if entity.photo:
                self.picture(entity.photo, "")
        self.write("index.md", "home.md.j2", news=portal.posts)
        filters, options = self.directory_filters(), {"commune": self.commune_options(former=True)}
        overview = maps.overview(portal, "../")
        self.files.write(maps.POINTS_FILE, json_script(overview.points).encode("utf-8"))
        first = {"overview": overview, "map_settings": portal.config.get("map"), "points_file": maps.POINTS_FILE}
        self.paginate("htx", "directory.md.j2", portal.cooperatives, first, filters=filters)
        records = [self.coop_record(c) for c in portal.cooperatives]
        finder.write_index(self.files, "htx/tim", records, (*filters, *options), options)
        for coop in portal.cooperatives:
            self.write(
                f"htx/{coop.id}.md",
                "cooperative.md.j2",
                coop=coop,
                charts=self.cooperative_charts(coop),
            )
        self.paginate("san-pham", "catalogue.md.j2", portal.catalogue, filters=self.catalogue_filters())
        records = [self.product_record(p) for p in portal.catalogue]
        options = {"commune": self.commune_options(former=False)}
        finder.write_index(self.files, "san-pham/tim", records, ("category", "commune"), options)
        for product in portal.products:
            self.write(f"san-pham/{product.id}.md", "product.md.j2", product=product)
        self.paginate("dien-hinh", "honours.md.j2", portal.honours)
        for honour in portal.honours:
            self.write(f"dien-hinh/{honour.id}.md", "honour.md.j2", honour=honour)
        self.write("tien-do/index.md", "progress.md.j2", charts=self.progress_charts())
        self.write("du-lieu/index.md", "opendata.md.j2", tables=self.open_tables())
        self.write("tin-tuc/index.md", "news.md.j2", posts=portal.posts)
        for post in portal.posts:
            canonical = portal.url(f"tin-tuc/{post.slug}/")
            self.write(f"tin-tuc/{post.slug}.md", "post.md.j2", post=post, canonical=canonical)
        self.write_media_kit()

    def write_media_kit(self) -> None:
        """Printable A4 sheets of cards under /truyen-thong/; each entity page prints as its flyer."""
        portal = self.portal
        self.write("truyen-thong/index.md", "mediakit.md.j2")
        self.paginate("truyen-thong/the-htx", "cards.md.j2", portal.cooperatives, kind="htx")
        self.paginate("truyen-thong/the-san-pham", "cards.md.j2", portal.catalogue, kind="san-pham")

    def paginate(
        self, base: str, template: str, items: list[Any], first: dict[str, Any] | None = None, **context: Any
    ) -> None:
        """Write a list in pages of PER_PAGE: base/ is page 1, base/trang/N/ the others; first
        is what page 1 alone shows (the directory's map).

        A list page never grows with the number of records; the finder searches all of them.
        """
        pages = [items[i : i + PER_PAGE] for i in range(0, len(items), PER_PAGE)] or [[]]
        count = len(pages)
        for number, chunk in enumerate(pages, start=1):
            relative = f"{base}/index.md" if number == 1 else f"{base}/trang/{number}.md"
            pager = Pager(number, count, len(items), base, (number - 1) * PER_PAGE)
            extra = (first or {}) if number == 1 else {}
            self.write(relative, template, items=chunk, pager=pager, **extra, **context)

    def _thumb(self, photo: str, key: str) -> list[Any]:
        picture = self.picture(photo, key)
        width = picture.srcset[0][1]
        return [picture.srcset[0][0], width, round(picture.height * width / picture.width)]

    def product_record(self, product: Product) -> dict[str, Any]:
        """What the catalogue finder needs to filter and show one product card."""
        coop = product.cooperative
        return {
            "u": product.url,
            "n": product.name,
            "p": product.price_vnd,
            "un": product.unit,
            "s": product.ocop_stars if product.ocop_stars and not product.ocop_expired else 0,
            "b": coop.name,
            "i": self._thumb(product.photo, product.category),
            "q": product.search,
            "category": [product.category],
            "commune": [coop.current_commune.code],
        }

    def coop_record(self, coop: Cooperative) -> dict[str, Any]:
        """What the directory finder needs to filter and show one cooperative card."""
        where = coop.current_commune.label[:1].upper() + coop.current_commune.label[1:]
        if coop.former_commune:
            where += f" (trước đây {coop.former_commune.label})"
        return {
            "u": coop.url,
            "n": coop.name,
            "t": coop.type,
            "tl": coop.type_label,
            "st": coop.status,
            "m": f"{where} · {coop.sector_label}",
            "f": f"{format_number(coop.female_workers)} lao động nữ · {format_number(coop.members_total)} thành viên",
            "i": self._thumb(coop.photo, coop.sector),
            "q": coop.search,
            "commune": [coop.current_commune.code] + ([coop.former_commune.code] if coop.former_commune else []),
            "sector": [coop.sector],
            "type": [coop.type],
            "status": [coop.status],
        }

    # --- what the templates need beyond the model ----------------------------------------

    def commune_options(self, former: bool) -> list[tuple[str, str]]:
        """The commune filter's choices: current units, each followed by the former ones it took in."""
        portal = self.portal
        merged: dict[str, list] = defaultdict(list)
        if former:
            for commune in portal.communes.values():
                if commune.successor:
                    merged[commune.successor.code].append(commune)
        choices = []
        for current in portal.current_communes:
            choices.append((current.code, current.label))
            for old in sorted(merged[current.code], key=lambda c: sort_key(c.name)):
                choices.append((old.code, f"— {old.label} (cũ)"))
        return choices

    def directory_filters(self) -> dict[str, list[tuple[str, str]]]:
        """The directory's filters with fixed, short lists (communes come from the finder index)."""
        portal = self.portal
        used_sectors = {c.sector for c in portal.cooperatives}
        sectors = [(k, v) for k, v in portal.config["sectors"].items() if k in used_sectors]
        return {
            "sector": sorted(sectors, key=lambda kv: sort_key(kv[1])),
            "type": [("HTX", "Hợp tác xã"), ("THT", "Tổ hợp tác")],
            "status": [("hoạt động", "Đang hoạt động"), ("tạm ngừng", "Tạm ngừng"), ("giải thể", "Giải thể")],
        }

    def catalogue_filters(self) -> dict[str, list[tuple[str, str]]]:
        portal = self.portal
        used = {p.category for p in portal.products}
        categories = [(k, v) for k, v in portal.config["categories"].items() if k in used]
        return {
            "category": sorted(categories, key=lambda kv: sort_key(kv[1])),
            "stars": [("3", "Từ 3 sao"), ("4", "Từ 4 sao"), ("5", "5 sao")],
            "price": [
                ("0-100000", "Dưới 100.000 ₫"),
                ("100000-300000", "100.000 – 300.000 ₫"),
                ("300000-", "Trên 300.000 ₫"),
                ("contact", "Giá liên hệ"),
            ],
        }

    def cooperative_charts(self, coop: Cooperative) -> list[charts.Chart]:
        if len(coop.years) < 2:
            return []
        years = [y.year for y in coop.years]
        people = charts.Chart(
            name=f"{coop.id}-people",
            title="Thành viên và việc làm của phụ nữ qua các năm",
            description=self._series_text(
                years,
                {
                    "thành viên": [y.members_total for y in coop.years],
                    "thành viên nữ": [y.members_female for y in coop.years],
                    "lao động nữ có việc làm": [y.female_workers for y in coop.years],
                },
            ),
            columns=["Năm", "Tổng thành viên", "Thành viên nữ", "Lao động nữ"],
            rows=[
                [
                    str(y.year),
                    format_number(y.members_total),
                    format_number(y.members_female),
                    format_number(y.female_workers),
                ]
                for y in coop.years
            ],
        )
        people.path = charts.bar_chart(
            self.store,
            people.name,
            [str(y) for y in years],
            {
                "Tổng thành viên": [y.members_total for y in coop.years],
                "Thành viên nữ": [y.members_female for y in coop.years],
                "Lao động nữ": [y.female_workers for y in coop.years],
            },
            unit="người",
        )
        result = [people]
        if any(y.revenue_vnd for y in coop.years):
            revenue = [y.revenue_vnd / 1_000_000 if y.revenue_vnd else None for y in coop.years]
            chart = charts.Chart(
                name=f"{coop.id}-revenue",
                title="Doanh thu qua các năm (triệu đồng)",
                description=self._series_text(years, {"doanh thu (triệu đồng)": revenue}),
                columns=["Năm", "Doanh thu", "Thu nhập bình quân/tháng"],
                rows=[
                    [
                        str(y.year),
                        format_vnd(y.revenue_vnd) if y.revenue_vnd else "—",
                        format_vnd(y.avg_income_vnd) if y.avg_income_vnd else "—",
                    ]
                    for y in coop.years
                ],
            )
            # Monthly income is a thousand times smaller than revenue: it stays in the table only.
            series = {"Doanh thu (triệu đồng)": revenue}
            chart.path = charts.line_chart(self.store, chart.name, years, series, unit="triệu đồng")
            result.append(chart)
        return result

    @staticmethod
    def _series_text(years: list[int], series: dict[str, list[Any]]) -> str:
        parts = []
        for label, values in series.items():
            known = [(y, v) for y, v in zip(years, values, strict=True) if v is not None]
            if known:
                first, last = known[0], known[-1]
                parts.append(
                    f"{label} từ {format_number(round(first[1], 1), 1 if first[1] % 1 else 0)} năm {first[0]} "
                    f"đến {format_number(round(last[1], 1), 1 if last[1] % 1 else 0)} năm {last[0]}"
                )
        return "Biểu đồ cho thấy " + "; ".join(parts) + "."

    def progress_charts(self) -> list[charts.Chart]:
        portal = self.portal
        active = [c for c in portal.cooperatives if c.status == "hoạt động"]
        result = []
        # By current commune: women's jobs in HTX and THT. A province has hundreds of communes:
        # past COMMUNE_BARS, the chart shows the communes with most jobs and the table adds the
        # others' sum (as a bar it would dwarf every other one).
        jobs_by: dict[tuple[str, str], int] = defaultdict(int)  # (commune, type) -> women's jobs
        for c in active:
            jobs_by[c.current_commune.code, c.type] += c.female_workers
        bars = [(m.label, jobs_by[m.code, "HTX"], jobs_by[m.code, "THT"]) for m in portal.current_communes]
        title, rows = "Lao động nữ có việc làm theo xã", bars
        if len(bars) > COMMUNE_BARS:
            bars.sort(key=lambda bar: -(bar[1] + bar[2]))  # stable: equal totals stay in name order
            bars, rest = bars[:COMMUNE_BARS], bars[COMMUNE_BARS:]
            rows = [*bars, (f"Các xã còn lại ({len(rest)} xã)", sum(b[1] for b in rest), sum(b[2] for b in rest))]
            title += f" ({COMMUNE_BARS} xã nhiều nhất)"
        chart = charts.Chart(
            name="jobs-by-commune",
            title=title,
            description="Số lao động nữ có việc làm trong HTX và THT ở mỗi xã: "
            + "; ".join(f"{label}: {format_number(a + b)} người" for label, a, b in rows)
            + ".",
            columns=["Xã", "Trong HTX", "Trong THT", "Tổng"],
            rows=[[label, format_number(a), format_number(b), format_number(a + b)] for label, a, b in rows],
        )
        chart.path = charts.bar_chart(
            self.store,
            chart.name,
            [label for label, _, _ in bars],
            {"Trong HTX": [a for _, a, _ in bars], "Trong THT": [b for _, _, b in bars]},
            horizontal=True,
            unit="người",
        )
        result.append(chart)
        # By sector.
        sectors = sorted({c.sector for c in active}, key=lambda k: sort_key(portal.config["sectors"][k]))
        labels = [portal.config["sectors"][k] for k in sectors]
        counts = [sum(1 for c in active if c.sector == k) for k in sectors]
        jobs = [sum(c.female_workers for c in active if c.sector == k) for k in sectors]
        chart = charts.Chart(
            name="by-sector",
            title="HTX, THT và lao động nữ theo lĩnh vực",
            description="Theo lĩnh vực: "
            + "; ".join(
                f"{l}: {n} HTX/THT, {format_number(j)} lao động nữ"
                for l, n, j in zip(labels, counts, jobs, strict=True)
            )
            + ".",
            columns=["Lĩnh vực", "Số HTX, THT", "Lao động nữ"],
            rows=[[l, format_number(n), format_number(j)] for l, n, j in zip(labels, counts, jobs, strict=True)],
        )
        chart.path = charts.bar_chart(
            self.store, chart.name, labels, {"Lao động nữ": jobs}, horizontal=True, unit="người"
        )
        result.append(chart)
        # Over time, from the yearly figures.
        totals: dict[int, list[int]] = defaultdict(lambda: [0, 0])
        for coop in portal.cooperatives:
            for y in coop.years:
                totals[y.year][0] += y.female_workers
                totals[y.year][1] += y.members_female
        years = sorted(totals)
        if len(years) >= 2:
            workers = [totals[y][0] for y in years]
            members = [totals[y][1] for y in years]
            chart = charts.Chart(
                name="over-time",
                title="Lao động nữ và thành viên nữ qua các năm",
                description=self._series_text(years, {"lao động nữ có việc làm": workers, "thành viên nữ": members}),
                columns=["Năm", "Lao động nữ có việc làm", "Thành viên nữ"],
                rows=[
                    [str(y), format_number(w), format_number(m)]
                    for y, w, m in zip(years, workers, members, strict=True)
                ],
            )
            chart.path = charts.line_chart(
                self.store,
                chart.name,
                years,
                {"Lao động nữ có việc làm": workers, "Thành viên nữ": members},
                unit="người",
            )
            result.append(chart)
        return result

    def open_tables(self) -> list[dict[str, Any]]:
        return [
            {
                "name": r.name,
                "title": r.title,
                "rows": len(self.portal.tables[r.name]),
                "fields": r.public_fields,
            }
            for r in public_resources(self.portal.package)
        ]
