"""The nouns the templates consume, built from validated tables before any file is written."""

from __future__ import annotations

import datetime as dt
import functools
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import pandas as pd

from .load import Table
from .news import Content, Post
from .schema import Package
from .text import fold, parse_date, phone_digits, sort_key, split_list


class Loaded(Protocol):
    """What the model is built from: the validated tables, the contract, settings and content."""

    package: Package
    config: dict[str, Any]
    tables: dict[str, Table]
    content: Content


OCOP_VALID_MONTHS = 36
# The printed catalogue (render/catalogue.py): its PDFs live here, one pair per current commune,
# and one pair for the whole district while it holds at most CATALOGUE_SPLIT products on sale
# (about 200 A4 pages at six or seven to a page): past that it is split by commune only.
CATALOGUE_FOLDER = "truyen-thong/danh-muc"
CATALOGUE_SPLIT = 1200


@dataclass
class Union:
    """A commune's Women's Union as buyers reach it: an office, never a person, so no consent."""

    name: str
    role: str = ""
    phone: str = ""
    zalo: str = ""
    email: str = ""
    address: str = ""


@dataclass
class Commune:
    code: str
    name: str
    kind: str
    successor: Commune | None = None
    union: Union | None = None

    @property
    def label(self) -> str:
        return f"{self.kind} {self.name}"

    @property
    def current(self) -> Commune:
        return self.successor or self

    @property
    def url(self) -> str:
        return f"xa/{self.code}/"

    @property
    def union_name(self) -> str:
        """The name of the commune's Women's Union, as its data gives it or as it is called."""
        return self.union.name if self.union and self.union.name else f"Hội LHPN {self.label}"


@dataclass
class YearFigures:
    year: int
    members_total: int
    members_female: int
    female_workers: int
    revenue_vnd: int | None = None
    profit_vnd: int | None = None
    avg_income_vnd: int | None = None


@dataclass
class Cooperative:
    id: str
    type: str
    name: str
    commune: Commune
    founded: str
    status: str
    sector: str
    sector_label: str
    members_total: int
    members_female: int
    female_workers: int
    women_managers: int
    summary: str
    address: str = ""
    phone: str = ""
    zalo: str = ""
    facebook: str = ""
    website: str = ""
    email: str = ""
    lat: float | None = None
    lon: float | None = None
    manager_name: str = ""
    manager_role: str = ""
    story: str = ""
    photo: str = ""
    women_managers_trained: int | None = None
    plan_year: int | None = None
    former_ids: list[str] = field(default_factory=list)
    years: list[YearFigures] = field(default_factory=list)
    products: list[Product] = field(default_factory=list)
    honours: list[Honour] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"htx/{self.id}/"

    @property
    def type_label(self) -> str:
        return "Hợp tác xã" if self.type == "HTX" else "Tổ hợp tác"

    @property
    def women_led(self) -> bool:
        return self.women_managers >= 1

    @property
    def current_commune(self) -> Commune:
        return self.commune.current

    @property
    def former_commune(self) -> Commune | None:
        return self.commune if self.commune.successor else None

    @property
    def founded_year(self) -> int:
        return int(self.founded[:4])

    @property
    def founded_date(self) -> dt.date:
        """The founding date; a bare year counts from 1 January of that year."""
        return parse_date(self.founded) or dt.date(self.founded_year, 1, 1)

    @property
    def search(self) -> str:
        former = self.former_commune.name if self.former_commune else ""
        return search_text(self.name, self.type_label, self.sector_label, self.current_commune.name, former)


@dataclass
class Product:
    id: str
    cooperative: Cooperative
    name: str
    category: str
    category_label: str
    summary: str
    price_vnd: int | None = None
    unit: str = ""
    ocop_stars: int | None = None
    ocop_decision: str = ""
    ocop_date: dt.date | None = None
    ocop_expiry: dt.date | None = None
    ocop_expired: bool = False
    certifications: str = ""
    season: str = ""
    photo: str = ""
    buy_url: str = ""
    featured: bool = False
    description: str = ""
    former_ids: list[str] = field(default_factory=list)

    @property
    def on_sale(self) -> bool:
        """Offered for sale: its cooperative is active, not stopped or dissolved."""
        return self.cooperative.status == "hoạt động"

    @property
    def url(self) -> str:
        return f"san-pham/{self.id}/"

    @property
    def search(self) -> str:
        coop = self.cooperative
        return search_text(self.name, self.category_label, coop.name, coop.current_commune.name, coop.commune.name)


@dataclass
class Honour:
    """An outstanding model (điển hình tiên tiến)."""

    id: str
    name: str
    kind: str
    year: int
    award: str
    summary: str
    cooperative: Cooperative | None = None
    awarded_by: str = ""
    story: str = ""
    photo: str = ""
    former_ids: list[str] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"dien-hinh/{self.id}/"


@dataclass
class Target:
    key: str
    label: str
    section: str
    target: float
    unit: str
    at_least: bool
    actual: float | None
    period: str
    source: str
    note: str = ""
    history: list[tuple[str, float]] = field(default_factory=list)

    @property
    def met(self) -> bool:
        return self.actual is not None and self.actual >= self.target

    @property
    def ratio(self) -> float:
        if self.actual is None or not self.target:
            return 0.0
        return min(self.actual / self.target, 1.0)

    @property
    def state(self) -> str:
        """Where the value stands against the target, in the words a reader expects."""
        if self.actual is None:
            return "chưa có số liệu"
        if self.actual > self.target:
            return "vượt chỉ tiêu"
        return "đạt chỉ tiêu" if self.actual == self.target else "chưa đạt chỉ tiêu"

    @property
    def state_key(self) -> str:
        """The state as a class name: none, over, met or under."""
        if self.actual is None:
            return "none"
        return "over" if self.actual > self.target else "met" if self.actual == self.target else "under"

    @property
    def scale(self) -> float:
        """The end of the scale a progress bar is drawn on: 100 for a percentage; else a round
        number (a whole one up to 10, then 1, 2 or 5 times a power of ten) past both the value and the target, so that a
        bar's length is its value and the target mark never sits at the very end."""
        if self.unit == "%":
            return 100.0
        top = max(self.target, self.actual or 0) * 1.2 or 1
        if top <= 10:  # a few cooperatives: whole ones
            return float(math.ceil(top))
        magnitude = 10 ** math.floor(math.log10(top))
        return float(next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= top))


@dataclass(frozen=True)
class CatalogueFiles:
    """A printed catalogue's two PDFs (site paths): A4 for home printers, A5 booklet pages."""

    a4: str
    a5: str
    products: int


def catalogue_files(code: str, products: int) -> CatalogueFiles:
    """The paths of the catalogue of a commune (its code), or of the whole district (code "")."""
    stem = f"{CATALOGUE_FOLDER}/danh-muc-san-pham" + (f"-{code}" if code else "")
    return CatalogueFiles(f"{stem}-a4.pdf", f"{stem}-a5.pdf", products)


@dataclass
class Portal:
    """Everything the site shows."""

    config: dict[str, Any]
    build_date: dt.date
    data_dir: Path
    communes: dict[str, Commune]
    cooperatives: list[Cooperative]
    products: list[Product]
    honours: list[Honour]
    targets: list[Target]
    tables: dict[str, pd.DataFrame]
    package: Package
    posts: list[Post] = field(default_factory=list)
    content: Content | None = None

    @property
    def search_entities(self) -> bool:
        """Whether entity pages go into MkDocs' search index: one JSON for the whole site does not
        scale, so past `search.entity_pages_limit` (portal.yml) only the finders search entities."""
        limit = int((self.config.get("search") or {}).get("entity_pages_limit", 3000))
        return len(self.cooperatives) + len(self.products) + len(self.honours) <= limit

    def url(self, path: str) -> str:
        """The absolute, canonical address of a site path."""
        return self.config["site_url"].rstrip("/") + "/" + path

    @property
    def current_communes(self) -> list[Commune]:
        return sorted((c for c in self.communes.values() if not c.successor), key=lambda c: sort_key(c.name))

    @property
    def catalogue(self) -> list[Product]:
        """The products on sale: those of a cooperative that is active (the others keep their pages)."""
        return [p for p in self.products if p.on_sale]

    @property
    def commune_catalogues(self) -> dict[str, CatalogueFiles]:
        """Each current commune's printed catalogue, by commune code, for the communes with a
        product on sale: what the media kit and the commune pages (/xa/<code>/) link."""
        counts: dict[str, int] = {}
        for product in self.catalogue:
            code = product.cooperative.current_commune.code
            counts[code] = counts.get(code, 0) + 1
        return {c.code: catalogue_files(c.code, counts[c.code]) for c in self.current_communes if c.code in counts}

    @property
    def district_catalogue(self) -> CatalogueFiles | None:
        """The whole printed catalogue in one pair of files; None past CATALOGUE_SPLIT products
        on sale, when only the communes' catalogues are made."""
        count = len(self.catalogue)
        return catalogue_files("", count) if 0 < count <= CATALOGUE_SPLIT else None

    @property
    def featured_products(self) -> list[Product]:
        return [p for p in self.catalogue if p.featured]

    def stats(self, cooperatives: list[Cooperative] | None = None) -> dict[str, int]:
        """The key figures of the portal, or of some of its cooperatives (a commune's)."""
        cooperatives = self.cooperatives if cooperatives is None else cooperatives
        active = [c for c in cooperatives if c.status == "hoạt động"]
        catalogue = [p for c in active for p in c.products]
        return {
            "htx": sum(1 for c in active if c.type == "HTX"),
            "tht": sum(1 for c in active if c.type == "THT"),
            "members_female": sum(c.members_female for c in active),
            "female_workers": sum(c.female_workers for c in active),
            "products": len(catalogue),
            "ocop": sum(1 for p in catalogue if p.ocop_stars and not p.ocop_expired),
        }

    def formers(self, commune: Commune) -> list[Commune]:
        """The units merged into a current commune on 1 July 2025, by name."""
        return sorted((c for c in self.communes.values() if c.successor is commune), key=lambda c: sort_key(c.name))

    def in_commune(self, commune: Commune) -> list[Cooperative]:
        """The cooperatives of a current commune (its own and its former units'), by name."""
        return self._by_commune.get(commune.code, [])

    @functools.cached_property
    def _by_commune(self) -> dict[str, list[Cooperative]]:
        grouped: dict[str, list[Cooperative]] = {}
        for coop in self.cooperatives:
            grouped.setdefault(coop.current_commune.code, []).append(coop)
        return grouped


def build_date(epoch: int) -> dt.date:
    """The date of a build at epoch seconds, in Vietnam's time zone (UTC+7)."""
    return (dt.datetime.fromtimestamp(epoch, dt.UTC) + dt.timedelta(hours=7)).date()


def frames(loaded: Loaded) -> dict[str, pd.DataFrame]:
    """Each validated table as a DataFrame of text (pandas never guesses a type here)."""
    result = {}
    for name, table in loaded.tables.items():
        columns = [f.name for f in table.resource.fields]
        rows = [{c: row.get(c) for c in columns} for row in table.rows]
        result[name] = pd.DataFrame.from_records(rows, columns=columns).astype("string").fillna("")
    return result


def records(frame: pd.DataFrame) -> list[dict[str, str]]:
    """The rows of a frame of text as dicts: what to_dict("records") gives, reading each column
    once instead of boxing every value one by one (it dominated the model at province scale)."""
    columns = list(frame.columns)
    values = [frame[column].to_numpy(dtype=object) for column in columns]
    return [dict(zip(columns, row, strict=True)) for row in zip(*values, strict=True)]


def _int(value: str) -> int | None:
    return int(value) if value != "" else None


def _float(value: str) -> float | None:
    return float(value) if value != "" else None


def _add_months(date: dt.date, months: int) -> dt.date:
    month = date.month - 1 + months
    year, month = date.year + month // 12, month % 12 + 1
    days = [31, 29 if year % 4 == 0 and (year % 100 or year % 400 == 0) else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    return dt.date(year, month, min(date.day, days[month - 1]))


def build_portal(loaded: Loaded, data_dir: Path, epoch: int) -> Portal:
    """Turn validated tables into the portal's nouns, sorted the Vietnamese way."""
    config = loaded.config
    today = build_date(epoch)
    tables = frames(loaded)
    package = loaded.package

    def canonical(table: str, column: str, value: str) -> str:
        column_field = package.resources[table].field(column)
        return column_field.canonical(value) if column_field else value

    communes: dict[str, Commune] = {}
    for r in records(tables["communes"]):
        union = Union(
            r["union_name"],
            r["union_role"],
            phone_digits(r["union_phone"]),
            phone_digits(r["union_zalo"]),
            r["union_email"],
            r["union_address"],
        )
        has_union = any(vars(union).values())
        kind = canonical("communes", "kind", r["kind"])
        communes[r["code"]] = Commune(r["code"], r["name"], kind, union=union if has_union else None)
    for r in records(tables["communes"]):
        if r["successor"]:
            communes[r["code"]].successor = communes[r["successor"]]

    years: dict[str, list[YearFigures]] = {}
    for r in records(tables["cooperative_years"]):
        years.setdefault(r["cooperative_id"], []).append(
            YearFigures(
                int(r["year"]),
                int(r["members_total"]),
                int(r["members_female"]),
                int(r["female_workers"]),
                _int(r["revenue_vnd"]),
                _int(r["profit_vnd"]),
                _int(r["avg_income_vnd"]),
            )
        )

    cooperatives: dict[str, Cooperative] = {}
    for r in records(tables["cooperatives"]):
        coop = Cooperative(
            id=r["id"],
            type=canonical("cooperatives", "type", r["type"]),
            name=r["name"],
            commune=communes[r["commune"]],
            founded=r["founded"],
            status=canonical("cooperatives", "status", r["status"]),
            sector=r["sector"],
            sector_label=config["sectors"][r["sector"]],
            members_total=int(r["members_total"]),
            members_female=int(r["members_female"]),
            female_workers=int(r["female_workers"]),
            women_managers=int(r["women_managers"]),
            summary=r["summary"],
            address=r["address"],
            phone=phone_digits(r["phone"]),
            zalo=phone_digits(r["zalo"]),
            facebook=r["facebook"],
            website=r["website"],
            email=r["email"],
            lat=_float(r["lat"]),
            lon=_float(r["lon"]),
            manager_name=r["manager_name"],
            manager_role=r["manager_role"],
            story=r["story"],
            photo=r["photo"],
            women_managers_trained=_int(r["women_managers_trained"]),
            plan_year=_int(r["plan_year"]),
            former_ids=split_list(r["former_ids"]),
            years=sorted(years.get(r["id"], []), key=lambda y: y.year),
        )
        cooperatives[coop.id] = coop

    products = []
    for r in records(tables["products"]):
        ocop_date = parse_date(r["ocop_date"])
        expiry = _add_months(ocop_date, OCOP_VALID_MONTHS) if ocop_date else None
        product = Product(
            id=r["id"],
            cooperative=cooperatives[r["cooperative_id"]],
            name=r["name"],
            category=r["category"],
            category_label=config["categories"][r["category"]],
            summary=r["summary"],
            price_vnd=_int(r["price_vnd"]),
            unit=r["unit"],
            ocop_stars=_int(r["ocop_stars"]),
            ocop_decision=r["ocop_decision"],
            ocop_date=ocop_date,
            ocop_expiry=expiry,
            ocop_expired=bool(expiry and expiry < today),
            certifications=r["certifications"],
            season=r["season"],
            photo=r["photo"],
            buy_url=r["buy_url"],
            featured=canonical("products", "featured", r["featured"]) == "có",
            description=r["description"],
            former_ids=split_list(r["former_ids"]),
        )
        products.append(product)
        product.cooperative.products.append(product)

    honours = []
    for r in records(tables["models"]):
        honour = Honour(
            id=r["id"],
            name=r["name"],
            kind=canonical("models", "kind", r["kind"]),
            year=int(r["year"]),
            award=r["award"],
            summary=r["summary"],
            cooperative=cooperatives.get(r["cooperative_id"]),
            awarded_by=r["awarded_by"],
            story=r["story"],
            photo=r["photo"],
            former_ids=split_list(r["former_ids"]),
        )
        honours.append(honour)
        if honour.cooperative:
            honour.cooperative.honours.append(honour)

    by_name = lambda item: (sort_key(item.name), item.id)  # noqa: E731
    coop_list = sorted(cooperatives.values(), key=by_name)
    for coop in coop_list:
        coop.products.sort(key=by_name)
    return Portal(
        config=config,
        build_date=today,
        data_dir=data_dir,
        communes=communes,
        cooperatives=coop_list,
        products=sorted(products, key=by_name),
        honours=sorted(honours, key=lambda h: (-h.year, sort_key(h.name), h.id)),
        targets=build_targets(config, coop_list, tables["indicators"]),
        tables=tables,
        package=package,
        posts=loaded.content.posts,
        content=loaded.content,
    )


def _plan_year(config: dict[str, Any]) -> int:
    return int(config.get("plan", {}).get("year", 2025))


def derived_values(config: dict[str, Any], cooperatives: list[Cooperative]) -> dict[str, float | None]:
    """Targets that the cooperative data itself answers."""
    plan_year = _plan_year(config)
    active = [c for c in cooperatives if c.status == "hoạt động"]
    htx = [c for c in active if c.type == "HTX"]
    tht = [c for c in active if c.type == "THT"]
    new_tht = [c for c in tht if c.plan_year == plan_year or c.founded_year >= plan_year]
    new_ids = {c.id for c in new_tht}  # by id: comparing dataclasses field by field is quadratic
    existing_tht = [c for c in tht if c.id not in new_ids]
    trained = [c for c in htx if c.women_managers_trained is not None]
    managers = sum(c.women_managers for c in trained)
    return {
        "htx_active": len(htx),
        "tht_active_existing": len(existing_tht),
        "htx_female_workers": sum(c.female_workers for c in htx),
        "tht_female_workers_existing": sum(c.female_workers for c in existing_tht),
        "tht_new": len(new_tht),
        "tht_new_female_workers": sum(c.female_workers for c in new_tht),
        "htx_women_managers_trained_pct": (
            round(100 * sum(c.women_managers_trained or 0 for c in trained) / managers, 1) if managers else None
        ),
    }


def _period_key(period: str) -> tuple[int, int]:
    year, _, half = period.partition("-")
    return int(year), {"H1": 1, "H2": 2, "": 3}[half]


def period_end(period: str) -> dt.date:
    """The last day of a reporting period: YYYY-H1 ends on 30 June, YYYY-H2 and YYYY on 31 December."""
    year, half = _period_key(period)
    return dt.date(year, 6, 30) if half == 1 else dt.date(year, 12, 31)


def _reported_by(row_period: str, period: str | None) -> bool:
    """Whether a reported figure counts for a report of `period`: one of the same year, not after it."""
    if period is None:
        return True
    row_key, key = _period_key(row_period), _period_key(period)
    return row_key[0] == key[0] and row_key <= key


def build_targets(
    config: dict[str, Any],
    cooperatives: list[Cooperative],
    indicators: pd.DataFrame,
    period: str | None = None,
    commune: str | None = None,
) -> list[Target]:
    """Each target of the plan against its actual value, derived or reported.

    The progress page (`/tien-do/`) calls it without a period: every cooperative and the latest
    reported figure. The periodic report passes its period (YYYY, YYYY-H1, YYYY-H2): the
    cooperatives founded by the period's end and the latest figure reported in that year up to
    that period, so the report says what the page said when the period closed.

    With a commune (its code; the caller passes its cooperatives), only the targets portal.yml
    sets for that commune (`communes:` under a target), against the figures reported for it;
    without one, the portal's own targets and the figures reported for the whole portal.
    """
    if period is not None:
        cooperatives = [c for c in cooperatives if c.founded_date <= period_end(period)]
    derived = derived_values(config, cooperatives)
    plan_year = _plan_year(config)
    targets = []
    for key, spec in (config.get("targets") or {}).items():
        per_commune = spec.get("communes") or {}
        if commune is not None and commune not in per_commune:
            continue
        rows = sorted(
            (
                r
                for r in records(indicators)
                if r["indicator"] == key and r["commune"] == (commune or "") and _reported_by(r["period"], period)
            ),
            key=lambda r: _period_key(r["period"]),
        )
        common = dict(
            key=key,
            label=spec["label"],
            section=spec.get("section", ""),
            target=float(per_commune[commune] if commune is not None else spec["target"]),
            unit=spec.get("unit", ""),
            at_least=bool(spec.get("at_least")),
        )
        if spec.get("derive"):
            targets.append(
                Target(
                    **common,
                    actual=derived.get(spec["derive"]),
                    period=period or str(plan_year),
                    source="Tính từ dữ liệu HTX, THT trên cổng thông tin",
                )
            )
        elif rows:
            last = rows[-1]
            targets.append(
                Target(
                    **common,
                    actual=float(last["value"]),
                    period=last["period"],
                    source=last["source"] or "Báo cáo của Hội LHPN",
                    note=last["note"],
                    history=[(r["period"], float(r["value"])) for r in rows],
                )
            )
        else:
            targets.append(Target(**common, actual=None, period="", source="Chưa có báo cáo"))
    return targets


def commune_targets(portal: Portal, commune: Commune, period: str | None = None) -> list[Target]:
    """The targets portal.yml sets for a current commune, against its own figures."""
    indicators = portal.tables["indicators"]
    return build_targets(portal.config, portal.in_commune(commune), indicators, period, commune.code)


@dataclass
class CommuneShares:
    """How the communes' own targets and results add up to one target of the whole portal."""

    target: Target  # the portal's
    communes: list[tuple[Commune, Target]]

    @property
    def additive(self) -> bool:
        """Counts add up; percentages do not (each is of another whole)."""
        return self.target.unit != "%"

    @property
    def target_sum(self) -> float:
        return sum(t.target for _, t in self.communes)

    @property
    def actual_sum(self) -> float | None:
        actuals = [t.actual for _, t in self.communes]
        return None if any(a is None for a in actuals) else sum(actuals)


def commune_shares(portal: Portal, period: str | None = None) -> list[CommuneShares]:
    """For each target portal.yml shares out to communes, every commune's target and result."""
    per_commune = {m.code: {t.key: t for t in commune_targets(portal, m, period)} for m in portal.current_communes}
    shares = []
    for target in (
        portal.targets
        if period is None
        else build_targets(portal.config, portal.cooperatives, portal.tables["indicators"], period)
    ):
        rows = [
            (m, per_commune[m.code][target.key]) for m in portal.current_communes if target.key in per_commune[m.code]
        ]
        if rows:
            shares.append(CommuneShares(target, rows))
    return shares


def search_text(*parts: str) -> str:
    """Folded text for the finder: what a visitor may type, with or without diacritics."""
    return fold(" ".join(p for p in parts if p))
