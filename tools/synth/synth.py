"""A synthetic dataset of any size, to time the generator (`make bench`).

    python tools/synth/synth.py --scale N --out DIR [--seed S]

The folder it writes follows the data contract like data/ does (the seven CSV files in the field
order of datapackage.json, a copy of datapackage.json, images/) and passes `check`. The same
arguments give byte-identical files: every random choice comes from one random.Random(seed), and
nothing depends on the clock, the hash seed or the order of a set.

The words (products, activities, names, places) are in vocabulary.yml beside this file; this
module holds only how they are combined. Rows are written as they are made, so 10,000
cooperatives (50,000 products) take a few seconds and little memory. Photos come from a small
pool of drawings that many rows share.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import errno
import random
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # run as a script from anywhere, the generator is beside it
    sys.path.insert(0, str(ROOT))

from generator.schema import load_config, load_package  # noqa: E402
from generator.text import nfc, slugify  # noqa: E402

DATA = ROOT / "data"  # the sample: its schema, its communes; never written to
CONFIG = ROOT / "site_config" / "portal.yml"
VOCABULARY = Path(__file__).with_name("vocabulary.yml")
REFERENCE_YEAR = 2025  # the last year of figures; the 2025 row equals the cooperative's own figures
PRODUCTS_PER_COOPERATIVE = 5
SAMPLE_COMMUNES_UP_TO = 100  # up to this scale the sample's 11 communes are reused
COOPERATIVES_PER_COMMUNE = 40
PHOTO_COUNT = 12
PHOTO_SIZE = (800, 600)
MAX_SCALE = 1_000_000


class SynthError(Exception):
    """A one-line Vietnamese message for the person running synth."""


# --- the vocabulary ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Base:
    """A kind of product: its category, unit, price range (thousand đồng) and ways to name it."""

    category: str
    unit: str
    price: tuple[int, int]
    variants: tuple[tuple[str, str], ...]  # (words after the kind's name, unit)
    summaries: tuple[str, ...]
    season: str = ""


@dataclass(frozen=True)
class Activity:
    """What a cooperative does: how a THT and an HTX doing it are named, and what they sell."""

    tht: str  # after "Tổ hợp tác"
    htx: str  # after "Hợp tác xã"
    short: str  # for the id
    summaries: tuple[str, ...]
    products: tuple[str, ...]


@dataclass(frozen=True)
class Vocabulary:
    """vocabulary.yml, read: every list in the order of the file, so a seed keeps its dataset."""

    province: str
    sector_weights: dict[str, int]
    products: dict[str, Base]
    activities: dict[str, tuple[Activity, ...]]
    second_sentences: tuple[str, ...]
    story_goals: tuple[str, ...]
    story_items: tuple[str, ...]
    story_awards: tuple[str, ...]
    honours: tuple[tuple[str, str], ...]  # (award, awarded by)
    person_summaries: tuple[str, ...]
    group_summaries: tuple[str, ...]
    description_paragraphs: dict[str, tuple[str, ...]]
    description_lists: tuple[tuple[str, tuple[str, ...]], ...]  # (title, items)
    certifications: tuple[str, ...]
    internal_notes: tuple[str, ...]
    family: tuple[str, ...]
    middle: tuple[str, ...]
    given: tuple[str, ...]
    phone_prefixes: tuple[str, ...]
    hamlets: tuple[str, ...]
    name_first: tuple[str, ...]
    name_second: tuple[str, ...]
    directions: tuple[str, ...]


def load_vocabulary(path: Path = VOCABULARY) -> Vocabulary:
    """Read vocabulary.yml; a missing or misshapen file is a one-line SynthError naming it."""
    try:
        words = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else str(path)
        raise SynthError(f"Không đọc được {where}: {error.problem}.") from error
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise SynthError(f"Không đọc được {path}: {error}.") from error
    if not isinstance(words, dict):
        raise SynthError(f"{path} phải là các mục “tên: giá trị” (province, products, …), như tệp gốc.")
    try:
        return Vocabulary(
            province=words.pop("province"),
            sector_weights=words.pop("sector_weights"),
            products={name: _base(spec) for name, spec in words.pop("products").items()},
            activities={
                sector: tuple(_activity(spec) for spec in specs) for sector, specs in words.pop("activities").items()
            },
            honours=tuple((h["award"], h["by"]) for h in words.pop("honours")),
            description_paragraphs={k: tuple(v) for k, v in words.pop("description_paragraphs").items()},
            description_lists=tuple((d["title"], tuple(d["items"])) for d in words.pop("description_lists")),
            # the rest are plain word lists: a name the file lacks or Vocabulary does not know is a TypeError
            **{name: tuple(items) for name, items in words.items()},
        )
    except (AttributeError, KeyError, TypeError) as error:
        raise SynthError(f"{path} thiếu mục hoặc sai dạng: {type(error).__name__}: {error}.") from error


def _base(spec: dict[str, Any]) -> Base:
    return Base(
        spec["category"],
        spec["unit"],
        tuple(spec["price"]),
        tuple((v["text"], v["unit"]) if isinstance(v, dict) else (v, spec["unit"]) for v in spec["variants"]),
        tuple(spec["summaries"]),
        spec.get("season", ""),
    )


def _activity(spec: dict[str, Any]) -> Activity:
    return Activity(spec["tht"], spec["htx"], spec["short"], tuple(spec["summaries"]), tuple(spec["products"]))


# --- the pieces of one dataset ---------------------------------------------------------------


@dataclass
class Commune:
    code: str
    name: str
    kind: str
    successor: str
    lat: float = 0.0
    lon: float = 0.0
    hamlets: tuple[str, ...] = ()


@dataclass
class Ids:
    """Unique slugs: the first one bare, later ones with -2, -3 … (skipping any already taken)."""

    used: set[str] = field(default_factory=set)
    next_suffix: dict[str, int] = field(default_factory=dict)

    def make(self, base: str) -> str:
        base = base or "muc"
        if base not in self.used:
            self.used.add(base)
            return base
        n = self.next_suffix.get(base, 2)
        while f"{base}-{n}" in self.used:
            n += 1
        self.next_suffix[base] = n + 1
        self.used.add(f"{base}-{n}")
        return f"{base}-{n}"


@dataclass
class Counts:
    cooperatives: int = 0
    products: int = 0
    years: int = 0
    communes: int = 0
    models: int = 0
    consents: int = 0
    indicators: int = 0
    photos: int = 0


class Writer:
    """One CSV file in the field order of datapackage.json; every cell NFC, lines end in \\n."""

    def __init__(self, path: Path, fields: list[str]):
        self.fields = fields
        self.handle = path.open("w", encoding="utf-8", newline="")
        self.csv = csv.writer(self.handle, lineterminator="\n")
        self.csv.writerow(fields)
        self.rows = 0

    def write(self, row: dict[str, Any]) -> None:
        self.csv.writerow([_cell(row.get(name)) for name in self.fields])
        self.rows += 1

    def close(self) -> None:
        self.handle.close()


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        return str(value)
    return value if value.isascii() else nfc(value)


class Synth:
    """Makes one dataset from one seed and the vocabulary."""

    def __init__(self, scale: int, seed: int, config: dict[str, Any], words: Vocabulary):
        self.scale = scale
        self.rng = random.Random(seed)
        self.seed = seed
        self.config = config
        self.words = words
        categories = config.get("categories") or {}
        self.sectors = [s for s in words.sector_weights if s in (config.get("sectors") or {})]
        if not self.sectors:
            raise SynthError("portal.yml không có lĩnh vực (sectors) nào mà lệnh synth biết; không tạo được dữ liệu.")
        self.weights = [words.sector_weights[s] for s in self.sectors]
        self.bases = {name: base for name, base in words.products.items() if base.category in categories}
        if not self.bases:
            raise SynthError("portal.yml không có nhóm sản phẩm (categories) nào mà lệnh synth biết.")
        self.coop_ids = Ids()
        self.product_ids = Ids()
        self.model_ids = Ids()
        self.consent_numbers: dict[int, int] = {}
        self.consents: list[dict[str, Any]] = []
        self.coop_names: set[str] = set()
        self.product_names: set[str] = set()
        self.photos = [f"minh-hoa-{i:02d}.jpg" for i in range(1, PHOTO_COUNT + 1)]
        self.counts = Counts()

    # --- people and contacts ----------------------------------------------------------

    def person(self) -> str:
        rng = self.rng
        words = self.words
        middle = rng.choice(words.middle)
        return " ".join(part for part in (rng.choice(words.family), "Thị", middle, rng.choice(words.given)) if part)

    def phone(self) -> str:
        rng = self.rng
        digits = rng.choice(self.words.phone_prefixes) + f"{rng.randrange(10_000_000):07d}"
        style = rng.random()
        if style < 0.5:
            return f"{digits[:4]} {digits[4:7]} {digits[7:]}"
        if style < 0.7:
            return f"{digits[:4]}.{digits[4:7]}.{digits[7:]}"
        return digits

    def consent(self, name: str, scope: str, year_range: tuple[int, int] = (2023, 2025)) -> dict[str, Any]:
        rng = self.rng
        year = rng.randint(*year_range)
        signed = dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(300))
        number = self.consent_numbers.get(year, 0) + 1
        self.consent_numbers[year] = number
        row = {
            "id": f"dy-{year}-{number:04d}",
            "person_name": name,
            "scope": scope,
            "signed": signed.isoformat(),
            "document_ref": f"PĐY-{year}-{number:04d}",
        }
        self.consents.append(row)
        return row

    # --- communes ---------------------------------------------------------------------

    def communes(self) -> list[Commune]:
        rng = self.rng
        if self.scale <= SAMPLE_COMMUNES_UP_TO:
            communes = self._sample_communes()
        else:
            communes = self._province_communes(max(3, round(self.scale / COOPERATIVES_PER_COMMUNE)))
        by_code = {c.code: c for c in communes}
        for commune in communes:  # current units first in both sets, so their centres exist
            if commune.successor and commune.successor in by_code:
                centre = by_code[commune.successor]
                commune.lat = centre.lat + rng.uniform(-0.04, 0.04)
                commune.lon = centre.lon + rng.uniform(-0.04, 0.04)
            elif self.scale <= SAMPLE_COMMUNES_UP_TO:
                commune.lat, commune.lon = rng.uniform(9.45, 9.6), rng.uniform(105.15, 105.3)
            else:
                commune.lat, commune.lon = rng.uniform(9.2, 10.8), rng.uniform(104.6, 105.8)
            numbered = [str(n) for n in range(1, 13)]
            commune.hamlets = tuple(rng.sample(self.words.hamlets, 5) + rng.sample(numbered, 3))
        return communes

    def _sample_communes(self) -> list[Commune]:
        path = DATA / "communes.csv"
        try:
            with path.open(encoding="utf-8-sig", newline="") as handle:
                rows = list(csv.DictReader(handle))
        except (OSError, UnicodeDecodeError, csv.Error) as error:
            raise SynthError(f"Không đọc được {path}: {error}") from error
        communes = [
            Commune(
                (r.get("code") or "").strip(),
                nfc(r.get("name") or "").strip(),
                nfc(r.get("kind") or "").strip(),
                (r.get("successor") or "").strip(),
            )
            for r in rows
        ]
        communes = [c for c in communes if c.code]
        if not communes:
            raise SynthError(f"{path} không có xã nào; không tạo được dữ liệu.")
        # current units first, so the centres of former units can be placed near them
        return [c for c in communes if not c.successor] + [c for c in communes if c.successor]

    def _province_communes(self, current_count: int) -> list[Commune]:
        rng = self.rng
        plain = [f"{a} {b}" for a in self.words.name_first for b in self.words.name_second if a != b]
        rng.shuffle(plain)
        directed = [f"{name} {d}" for name in plain for d in self.words.directions if not name.endswith(d)]
        rng.shuffle(directed)
        names = plain + directed
        position = 0

        def next_name() -> str:
            nonlocal position
            name = names[position % len(names)]
            if position >= len(names):
                name = f"{name} {position // len(names) + 1}"
            position += 1
            return name

        codes = Ids()
        current: list[Commune] = []
        former: list[Commune] = []
        for _ in range(current_count):
            kind = "phường" if rng.random() < 0.12 else "xã"
            name = next_name()
            unit = Commune(codes.make(slugify(name)), name, kind, "")
            current.append(unit)
            merged = rng.choice((2, 2, 3, 3, 4))
            for index in range(merged):
                same = index == 0 and rng.random() < 0.6
                old_name = name if same else next_name()
                if kind == "phường":
                    old_kind = rng.choice(("phường", "phường", "thị trấn", "xã"))
                else:
                    old_kind = "thị trấn" if rng.random() < 0.08 else "xã"
                prefix = "cu-tt-" if old_kind == "thị trấn" else "cu-"
                former.append(Commune(codes.make(prefix + slugify(old_name)), old_name, old_kind, unit.code))
        return current + former

    # --- cooperatives -----------------------------------------------------------------

    def cooperative(
        self, kind: str, commune: Commune, current: Commune, new: bool, manager: bool
    ) -> tuple[dict[str, Any], Activity, str]:
        rng = self.rng
        sector = rng.choices(self.sectors, self.weights)[0]
        activity = rng.choice(self.words.activities[sector])
        street = "Khu phố" if commune.kind in ("phường", "thị trấn") else "Ấp"
        hamlet = rng.choice(commune.hamlets)
        hamlet_name = f"{street} {hamlet}"
        is_htx = kind == "HTX"
        head = f"Hợp tác xã {activity.htx}" if is_htx else f"Tổ hợp tác {activity.tht}"
        candidates = [(commune.name, ""), (hamlet_name, commune.name), (f"{hamlet_name} {commune.name}", "")]
        if rng.random() < 0.3:
            candidates[0], candidates[1] = candidates[1], candidates[0]
        place, extra = next((c for c in candidates if f"{head} {c[0]}" not in self.coop_names), candidates[-1])
        name = f"{head} {place}"
        self.coop_names.add(name)
        coop_id = self.coop_ids.make(slugify(f"{kind} {activity.short} {place} {extra}"))

        if new:
            founded = dt.date(REFERENCE_YEAR, rng.randint(1, 9), rng.randint(1, 28)).isoformat()
        else:
            year = rng.randint(2005, REFERENCE_YEAR - 3)
            founded = (
                str(year) if rng.random() < 0.4 else dt.date(year, rng.randint(1, 12), rng.randint(1, 28)).isoformat()
            )
        total = rng.randint(7, 60) if is_htx else rng.randint(4, 25)
        female = min(total, max(1, round(total * rng.uniform(0.45, 1.0))))
        workers = max(1, round(female * rng.uniform(0.7, 1.25)))
        managers = rng.randint(1, min(5, female)) if is_htx else rng.randint(1, min(2, female))
        status = rng.choices(("hoạt động", "tạm ngừng", "giải thể"), (92, 6, 2))[0]
        unit = "Hợp tác xã" if is_htx else "Tổ"
        summary = rng.choice(activity.summaries)
        if rng.random() < 0.5:
            summary += " " + rng.choice(self.words.second_sentences).format(Unit=unit)

        row: dict[str, Any] = {
            "id": coop_id,
            "type": kind,
            "name": name,
            "commune": commune.code,
            "founded": founded,
            "status": status,
            "sector": sector,
            "members_total": str(total),
            "members_female": str(female),
            "female_workers": str(workers),
            "women_managers": str(managers),
            "summary": summary,
        }
        if rng.random() < 0.6:
            row["address"] = f"{hamlet_name}, {current.kind} {current.name}, tỉnh {self.words.province}"
        if rng.random() < 0.55:
            phone = self.phone()
            row["phone"] = phone
            if rng.random() < 0.7:
                row["zalo"] = phone if rng.random() < 0.5 else phone.replace(" ", "").replace(".", "")
        compact = coop_id.replace("-", "")
        if rng.random() < (0.3 if is_htx else 0.06):
            row["facebook"] = f"https://www.facebook.com/{compact}"
        if rng.random() < (0.3 if is_htx else 0.02):
            row["website"] = f"https://{compact}.example.vn/"
        if rng.random() < (0.4 if is_htx else 0.06):
            row["email"] = f"lienhe@{compact}.example.vn"
        if rng.random() < 0.5:
            row["lat"] = f"{commune.lat + rng.uniform(-0.03, 0.03):.5f}"
            row["lon"] = f"{commune.lon + rng.uniform(-0.03, 0.03):.5f}"
        if manager:
            person = self.person()
            scope = rng.choice(("tên", "tên;điện thoại", "tên;ảnh;điện thoại"))
            if row.get("phone") and "điện thoại" not in scope:  # her number is published with her name
                scope += ";điện thoại"
            row["manager_name"] = person
            row["manager_role"] = rng.choice(("Giám đốc", "Chủ tịch HĐQT")) if is_htx else "Tổ trưởng"
            row["manager_consent"] = self.consent(person, scope)["id"]
        if rng.random() < 0.15:
            row["story"] = self.story(founded[:4], female, place, unit)
        if rng.random() < 0.3:
            row["photo"] = rng.choice(self.photos)
        if rng.random() < 0.85:
            row["women_managers_trained"] = str(rng.randint(0, managers))
        if new:
            row["plan_year"] = str(REFERENCE_YEAR)
        if rng.random() < 0.02:
            row["former_ids"] = self.coop_ids.make(f"{coop_id}-cu")
        if rng.random() < 0.04:
            row["internal_notes"] = rng.choice(self.words.internal_notes)
        return row, activity, hamlet

    def story(self, year: str, women: int, place: str, unit: str) -> str:
        rng = self.rng
        lower = unit.lower()
        items = rng.sample(self.words.story_items, 3)
        parts = [
            f"Năm {year}, {women} chị em ở {place} cùng nhau lập {lower} để {rng.choice(self.words.story_goals)}.",
            f"{unit} hỗ trợ thành viên:\n\n" + "\n".join(f"- {item};" for item in items[:-1]) + f"\n- {items[-1]}.",
        ]
        if rng.random() < 0.5:
            award_year = rng.randint(max(int(year), 2018), REFERENCE_YEAR)
            award = rng.choice(self.words.story_awards)
            parts.append(f"Năm {award_year}, {lower} được *{award}* vì thành tích tạo việc làm cho lao động nữ.")
        return "\n\n".join(parts)

    def years(self, row: dict[str, Any], new: bool) -> list[dict[str, Any]]:
        rng = self.rng
        count = 1 if new else rng.choice((3, 4, 4))
        total, female, workers = int(row["members_total"]), int(row["members_female"]), int(row["female_workers"])
        with_revenue = rng.random() < 0.5
        is_htx = row["type"] == "HTX"
        revenue = rng.randint(1_000, 5_000) * 1_000_000 if is_htx else rng.randint(100, 900) * 1_000_000
        income = rng.randint(90, 150) * 50_000
        out = []
        for year in range(REFERENCE_YEAR, REFERENCE_YEAR - count, -1):
            figures = {
                "cooperative_id": row["id"],
                "year": str(year),
                "members_total": str(total),
                "members_female": str(female),
                "female_workers": str(workers),
            }
            if with_revenue:
                figures["revenue_vnd"] = str(int(round(revenue, -5)))
                figures["avg_income_vnd"] = str(income)
                if is_htx:
                    margin = rng.uniform(-0.02, 0.1) if rng.random() < 0.1 else rng.uniform(0.04, 0.1)
                    figures["profit_vnd"] = str(int(round(revenue * margin, -5)))
            out.append(figures)
            total = max(2, total - rng.randint(0, 2))
            female = max(1, min(total, female - rng.randint(0, 2)))
            workers = max(0, workers - rng.randint(0, 2))
            revenue = revenue / rng.uniform(1.03, 1.15)
            income = max(3_000_000, income - rng.randint(0, 20) * 50_000)
        out.reverse()
        return out

    # --- products ---------------------------------------------------------------------

    def products(
        self, coop: dict[str, Any], activity: Activity, places: tuple[str, str, str], featured: set[int]
    ) -> list[dict[str, Any]]:
        """Five products of the cooperative's activity; a name already used gets a place name added."""
        rng = self.rng
        combos = [(b, v) for b in activity.products if b in self.bases for v in self.bases[b].variants]
        chosen = rng.sample(combos, min(PRODUCTS_PER_COOPERATIVE, len(combos)))
        if len(chosen) < PRODUCTS_PER_COOPERATIVE:  # an activity whose categories portal.yml lacks
            pool = [(b, v) for b in self.bases for v in self.bases[b].variants if (b, v) not in chosen]
            chosen += rng.sample(pool, PRODUCTS_PER_COOPERATIVE - len(chosen))
        rows = []
        for base_name, variant in chosen:
            base = self.bases[base_name]
            text, unit = variant
            plain = f"{base_name} {text}".strip()
            candidates = [plain] + [f"{plain} {place}" for place in places if not place.isdigit()]
            name = next((c for c in candidates if c not in self.product_names), candidates[1])
            self.product_names.add(name)
            product_id = self.product_ids.make(slugify(name))
            row: dict[str, Any] = {
                "id": product_id,
                "cooperative_id": coop["id"],
                "name": name,
                "category": base.category,
                "summary": rng.choice(base.summaries),
            }
            if rng.random() < 0.9:
                low, high = base.price
                price = rng.randint(low, high) * 1000
                row["price_vnd"] = str(round(price, -4 if price >= 100_000 else -3))
            if rng.random() < 0.95:
                row["unit"] = unit
            ocop = rng.random() < 0.15
            if ocop:
                row["ocop_stars"] = "3" if rng.random() < 0.6 else "4"
                row["ocop_decision"] = f"Quyết định số {rng.randint(50, 3500)}/QĐ-UBND"
                row["ocop_date"] = (dt.date(2021, 1, 1) + dt.timedelta(days=rng.randrange(1826))).isoformat()
            if base.category not in ("thu-cong", "may-mac") and rng.random() < 0.2:
                row["certifications"] = rng.choice(self.words.certifications)
            if base.season and rng.random() < 0.5:
                row["season"] = base.season
            if rng.random() < 0.2:
                row["photo"] = rng.choice(self.photos)
            is_featured = self.counts.products in featured
            if rng.random() < (0.6 if ocop or is_featured else 0.03):
                row["buy_url"] = f"https://postmart.vn/gian-hang/{coop['id']}/{product_id}"
            if is_featured:
                row["featured"] = "có"
            elif rng.random() < 0.3:
                row["featured"] = "không"
            if rng.random() < 0.25:
                row["description"] = self.description(base.category)
            if rng.random() < 0.01:
                row["former_ids"] = self.product_ids.make(f"{product_id}-cu")
            rows.append(row)
            self.counts.products += 1
        return rows

    def description(self, category: str) -> str:
        rng = self.rng
        paragraphs = self.words.description_paragraphs.get(category) or ("Sản phẩm làm tại nhà thành viên.",)
        text = rng.choice(paragraphs)
        if rng.random() < 0.5:
            title, items = rng.choice(self.words.description_lists)
            chosen = rng.sample(items, 2)
            text += f"\n\n{title}\n\n- {chosen[0]};\n- {chosen[1]}."
        return text

    # --- models and indicators --------------------------------------------------------

    def model(self, coop: dict[str, Any], individual: bool) -> dict[str, Any]:
        rng = self.rng
        year = rng.randint(2022, REFERENCE_YEAR)
        award, by = rng.choice(self.words.honours)
        k = rng.randint(5, 40)
        if individual:
            name = self.person()
            summary = rng.choice(self.words.person_summaries).format(k=k)
            consent = self.consent(name, "tên;ảnh", (2022, year))["id"]
        else:
            name = coop["name"]
            summary = rng.choice(self.words.group_summaries).format(k=coop["female_workers"])
            consent = ""
        row = {
            "id": self.model_ids.make(slugify(f"{name} {year}")),
            "name": name,
            "kind": "cá nhân" if individual else "tập thể",
            "year": str(year),
            "award": award,
            "summary": summary,
            "cooperative_id": coop["id"],
            "awarded_by": by,
            "consent": consent,
        }
        if rng.random() < 0.4:
            who = f"Chị {name.split()[-1]}" if individual else coop["name"]
            row["story"] = (
                f"{who} gắn bó với nghề từ nhiều năm. Năm {year}, {'chị' if individual else 'tập thể'} "
                f"được nhận *{award[0].lower()}{award[1:]}*.\n\nNhững việc đã làm:\n\n"
                f"- {rng.choice(self.words.story_items)};\n- hướng dẫn nghề cho {k} chị em."
            )
        if rng.random() < 0.4:
            row["photo"] = rng.choice(self.photos)
        self.counts.models += 1
        return row

    def indicators(self) -> list[dict[str, Any]]:
        rng = self.rng
        rows = []
        targets = self.config.get("targets") or {}
        reported = [key for key, spec in targets.items() if isinstance(spec, dict) and not spec.get("derive")]
        for period in (f"{REFERENCE_YEAR}-H1", str(REFERENCE_YEAR)):
            half = period.endswith("H1")
            for key in reported:
                value = rng.uniform(15, 70) if half else rng.uniform(50, 100)
                text = f"{value:.1f}".removesuffix(".0")
                rows.append(
                    {
                        "indicator": key,
                        "period": period,
                        "value": text,
                        "note": "Số liệu giả lập để đo tốc độ." if rng.random() < 0.5 else "",
                        "source": f"Báo cáo {'6 tháng' if half else 'năm'} của Hội LHPN (giả lập)",
                    }
                )
        return rows


# --- photos ---------------------------------------------------------------------------------

PALETTES = (
    ((120, 180, 235), (235, 240, 220), (60, 140, 60), (150, 190, 70), (250, 200, 80)),
    ((250, 170, 110), (250, 230, 190), (40, 110, 90), (90, 160, 110), (250, 120, 60)),
    ((90, 150, 210), (200, 225, 240), (70, 120, 160), (120, 170, 200), (255, 240, 170)),
    ((200, 160, 110), (240, 220, 180), (150, 110, 60), (190, 150, 90), (110, 80, 40)),
    ((160, 200, 230), (240, 245, 235), (110, 150, 50), (190, 200, 80), (230, 90, 80)),
    ((230, 140, 160), (250, 220, 200), (80, 130, 70), (140, 180, 90), (255, 250, 220)),
)


def _gradient(size: tuple[int, int], top: tuple[int, ...], bottom: tuple[int, ...]):
    from PIL import Image

    mask = Image.linear_gradient("L").resize(size)
    return Image.composite(Image.new("RGB", size, bottom), Image.new("RGB", size, top), mask)


def draw_photo(rng: random.Random, index: int):
    """A small drawing (no text): sky, sun, fields, water or a woven pattern, softened."""
    from PIL import ImageDraw, ImageFilter

    width, height = PHOTO_SIZE
    sky_top, sky_bottom, ground_a, ground_b, accent = PALETTES[index % len(PALETTES)]
    jitter = lambda c: tuple(max(0, min(255, v + rng.randint(-20, 20))) for v in c)  # noqa: E731
    sky_top, sky_bottom, ground_a, ground_b, accent = map(jitter, (sky_top, sky_bottom, ground_a, ground_b, accent))
    horizon = int(height * rng.uniform(0.35, 0.55))
    image = _gradient((width, height), sky_top, sky_bottom)
    draw = ImageDraw.Draw(image)
    style = index % 4
    if style == 2:  # a woven basket surface
        image.paste(_gradient((width, height), ground_b, ground_a))
        band = rng.randint(100, 140)
        for x in range(-height, width + height, band):
            draw.polygon([(x, 0), (x + band // 2, 0), (x + band // 2 + height, height), (x + height, height)], accent)
        for x in range(-height, width + height, band * 2):
            draw.polygon([(x, height), (x + band // 2, height), (x + band // 2 + height, 0), (x + height, 0)], ground_a)
    else:
        sun = (rng.randint(80, width - 80), rng.randint(40, max(41, horizon - 60)), rng.randint(30, 60))
        draw.ellipse((sun[0] - sun[2], sun[1] - sun[2], sun[0] + sun[2], sun[1] + sun[2]), accent)
        image.paste(_gradient((width, height - horizon), ground_a, ground_b), (0, horizon))
        vanish = rng.randint(width // 4, 3 * width // 4)
        if style == 0:  # rows of a paddy field towards the horizon
            for x in range(-width, 2 * width, rng.randint(60, 110)):
                draw.line([(vanish, horizon), (x, height)], ground_b, width=rng.randint(4, 9))
        elif style == 1:  # a canal with light on the water
            for y in range(horizon + 10, height, rng.randint(18, 30)):
                inset = (y - horizon) // 2
                draw.line([(vanish - inset - 40, y), (vanish + inset + 40, y)], sky_bottom, width=3)
        else:  # round produce in a basket
            for _ in range(rng.randint(6, 12)):
                r = rng.randint(30, 70)
                x, y = rng.randint(r, width - r), rng.randint(horizon + r // 2, height - r // 2)
                draw.ellipse((x - r, y - r, x + r, y + r), jitter(accent), outline=ground_a, width=3)
    return image.filter(ImageFilter.GaussianBlur(4 if style == 2 else 2))


def write_photos(folder: Path, names: list[str], rng: random.Random) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for index, name in enumerate(names):
        draw_photo(rng, index).save(folder / name, "JPEG", quality=80, optimize=True)


# --- the command --------------------------------------------------------------------------------


def _safe_target(out: Path, names: set[str], photo_names: set[str]) -> None:
    """Write only into an empty folder or over an earlier synth dataset; never over data/."""
    if out.exists() and not out.is_dir():
        raise SynthError(f"“{out}” là một tệp, không phải thư mục. Hãy chọn thư mục khác cho --out.")
    try:
        if out.resolve() == DATA.resolve():
            raise SynthError("Không được ghi đè thư mục data/ của dự án. Hãy chọn thư mục khác cho --out.")
    except OSError as error:
        raise SynthError(f"Không đọc được thư mục “{out}”: {error.strerror}.") from error
    if not out.is_dir():
        return
    foreign = sorted(p.name for p in out.iterdir() if p.name not in names)
    images = out / "images"
    if images.is_dir():
        foreign += sorted(f"images/{p.name}" for p in images.iterdir() if p.name not in photo_names)
    if foreign:
        raise SynthError(
            f"Thư mục “{out}” đã có tệp khác ({', '.join(foreign[:3])}"
            f"{', …' if len(foreign) > 3 else ''}). Hãy chọn thư mục trống hoặc thư mục synth đã tạo trước đây."
        )


def _parse_int(value: str | int, label: str) -> int:
    try:
        return int(str(value).strip())
    except ValueError:
        raise SynthError(f"{label} “{value}” không phải số nguyên. Ví dụ: --scale 1000 --seed 1.") from None


def synthesize(scale: int, out: Path, seed: int = 1) -> Counts:
    """Write a complete, valid dataset of `scale` cooperatives into out; return what was written."""
    if scale < 1 or scale > MAX_SCALE:
        raise SynthError(f"--scale phải từ 1 đến {MAX_SCALE:,}".replace(",", ".") + f" (đang là {scale}).")
    package = load_package(DATA)
    config = load_config(CONFIG)
    resources = package.resources
    names = {r.path for r in resources.values()} | {"datapackage.json", "images"}
    synth = Synth(scale, seed, config, load_vocabulary())
    _safe_target(out, names, set(synth.photos))
    out.mkdir(parents=True, exist_ok=True)
    (out / "datapackage.json").write_bytes((DATA / "datapackage.json").read_bytes())
    write_photos(out / "images", synth.photos, random.Random(f"photos-{seed}"))
    synth.counts.photos = len(synth.photos)

    def writer(name: str) -> Writer:
        resource = resources[name]
        return Writer(out / resource.path, [f.name for f in resource.fields])

    rng = synth.rng
    communes = synth.communes()
    by_code = {c.code: c for c in communes}
    current = [c for c in communes if not c.successor]
    former = [c for c in communes if c.successor]
    commune_writer = writer("communes")
    for index, commune in enumerate(communes):
        row = {"code": commune.code, "name": commune.name, "kind": commune.kind, "successor": commune.successor}
        if not commune.successor and index % 7 != 6:  # a current commune's Union; some publish none yet
            row |= {
                "union_name": f"Hội LHPN {commune.kind} {commune.name}",
                "union_role": "Văn phòng Hội",
                "union_phone": f"0297{3800000 + index:07d}",
                "union_zalo": f"09{45000000 + index:08d}" if index % 3 else "",
            }
        commune_writer.write(row)
    commune_writer.close()
    synth.counts.communes = len(communes)

    htx = set(rng.sample(range(scale), max(1, round(scale * 0.1))))
    tht = [i for i in range(scale) if i not in htx]
    new = set(rng.sample(tht, min(len(tht), max(1, round(scale * 0.01))))) if scale >= 5 else set()
    managers = set(rng.sample(range(scale), max(1, round(scale * 0.2))))
    model_count = min(scale, max(2, round(scale / 20)))
    modelled = rng.sample(range(scale), model_count)
    individuals = set(modelled[: (model_count + 1) // 2])
    modelled_set = set(modelled)
    total_products = scale * PRODUCTS_PER_COOPERATIVE
    featured = set(rng.sample(range(total_products), max(1, round(total_products * 0.01))))

    coops, years, products = writer("cooperatives"), writer("cooperative_years"), writer("products")
    models: list[tuple[int, dict[str, Any]]] = []
    try:
        for index in range(scale):
            if former and (not current or rng.random() < (0.65 if scale <= SAMPLE_COMMUNES_UP_TO else 0.5)):
                commune = rng.choice(former)
            else:
                commune = rng.choice(current)
            now = by_code.get(commune.successor, commune)
            kind = "HTX" if index in htx else "THT"
            row, activity, hamlet = synth.cooperative(kind, commune, now, index in new, index in managers)
            coops.write(row)
            for figures in synth.years(row, index in new):
                years.write(figures)
            for product in synth.products(row, activity, (commune.name, hamlet, now.name), featured):
                products.write(product)
            if index in modelled_set:
                models.append((index, synth.model(row, index in individuals)))
    finally:
        for handle in (coops, years, products):
            handle.close()
    synth.counts.cooperatives, synth.counts.years = coops.rows, years.rows

    withdrawn = max(1, round(scale * 0.01))
    for _ in range(withdrawn):  # people who withdrew; their names were taken off the site
        row = synth.consent(synth.person(), rng.choice(("tên", "tên;ảnh")), (2023, 2024))
        signed = dt.date.fromisoformat(row["signed"])
        row["withdrawn"] = (signed + dt.timedelta(days=rng.randint(30, 400))).isoformat()
    consent_writer = writer("consents")
    for row in synth.consents:
        consent_writer.write(row)
    consent_writer.close()
    synth.counts.consents = consent_writer.rows

    model_writer = writer("models")
    for _, row in models:
        model_writer.write(row)
    model_writer.close()

    indicator_writer = writer("indicators")
    for row in synth.indicators():
        indicator_writer.write(row)
    indicator_writer.close()
    synth.counts.indicators = indicator_writer.rows
    synth.counts.photos = _remove_unused_photos(
        out, [resources[name].path for name in ("cooperatives", "products", "models")]
    )
    return synth.counts


def _remove_unused_photos(out: Path, tables: list[str]) -> int:
    """A small dataset names only some of the photos: `check` reports a photo no row uses."""
    used = set()
    for name in tables:
        with (out / name).open(encoding="utf-8", newline="") as handle:
            used |= {row.get("photo") for row in csv.DictReader(handle)}
    for path in (out / "images").iterdir():
        if path.name not in used:
            path.unlink()
    return len(used & {p.name for p in (out / "images").iterdir()})


OS_REASONS = {
    errno.ENOENT: "không có thư mục này",
    errno.EACCES: "không có quyền ghi",
    errno.EPERM: "không có quyền ghi",
    errno.EROFS: "ổ đĩa chỉ đọc",
    errno.ENOSPC: "ổ đĩa đã đầy",
    errno.ENOTDIR: "một phần của đường dẫn là tệp, không phải thư mục",
}


def run(scale: str | int, out: str | Path, seed: str | int = 1) -> str:
    """The `synth` command: write the dataset and return the line to print."""
    count, number = _parse_int(scale, "Số HTX/THT (--scale)"), _parse_int(seed, "Hạt giống (--seed)")
    folder = Path(out)
    started = time.perf_counter()
    try:
        counts = synthesize(count, folder, number)
    except OSError as error:
        where = error.filename or folder
        reason = OS_REASONS.get(error.errno or 0, error.strerror or str(error))
        raise SynthError(f"Không ghi được “{where}”: {reason}. Hãy chọn thư mục khác cho --out.") from error
    seconds = time.perf_counter() - started
    return (
        f"Đã tạo bộ dữ liệu giả lập trong {folder}: {counts.cooperatives} HTX/THT, {counts.products} sản phẩm, "
        f"{counts.years} dòng số liệu năm, {counts.communes} xã/phường, {counts.models} điển hình, "
        f"{counts.consents} giấy đồng ý, {counts.photos} ảnh ({seconds:.1f} giây)."
    )


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and write the dataset; exit 1 with a one-line message on a problem."""
    parser = argparse.ArgumentParser(
        prog="python tools/synth/synth.py",
        description="Tạo bộ dữ liệu giả lập để đo tốc độ (make bench).",
    )
    parser.add_argument("--scale", required=True, metavar="N", help="số HTX/THT cần tạo")
    parser.add_argument("--out", required=True, metavar="THƯ_MỤC", help="thư mục ghi dữ liệu (trống hoặc do synth tạo)")
    parser.add_argument("--seed", default="1", metavar="S", help="hạt giống: cùng tham số thì cùng tệp (mặc định: 1)")
    args = parser.parse_args(argv)
    try:
        print(run(args.scale, args.out, args.seed))
    except SynthError as error:
        print(error, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
