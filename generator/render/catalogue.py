"""The printed product catalogue: what each PDF shows, planned from the model as the pages are.

Every product on sale (its cooperative is active), by current commune, then by cooperative or
by category (`catalogue.group_by` in portal.yml), each with its photo (or the site's
placeholder), name, price as the pages print it, OCOP stars, season, cooperative, how to order
and a QR code to its page. One catalogue per current commune, and one for the whole district
while `model.CATALOGUE_SPLIT` allows; each in A4 and in A5 booklet pages. The PDFs are artifacts
(`artifacts.ArtifactStore`): keyed by everything they show and the code that makes them, made
beside the pages and MkDocs, and made again only when one of those changes.
"""

from __future__ import annotations

import calendar
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from .. import contact
from ..messages import say
from ..model import CatalogueFiles, Commune, Cooperative, Portal, Product
from ..text import cap, format_date, format_number, format_phone, format_vnd, sort_key
from .artifacts import ArtifactStore
from .images import PhotoProcessor
from .typeset import ENGINE, render_catalogue

GROUP_BY = ("cooperative", "category")
GROUP_LABELS = {"cooperative": "HTX, tổ hợp tác", "category": "loại sản phẩm"}
PAPERS = ("a4", "a5")


@dataclass(frozen=True)
class Catalogue:
    """One printed catalogue as the media kit lists it: its title, what it covers, its files."""

    title: str
    files: CatalogueFiles


def group_by(config: dict[str, Any]) -> str:
    """How products are grouped inside a commune: by cooperative (the default) or by category."""
    value = (config.get("catalogue") or {}).get("group_by", "cooperative")
    if value not in GROUP_BY:
        raise ValueError(say("catalogue.group-by", value=value, choices=", ".join(GROUP_BY)))
    return value


def how_to_order(product: Product, config: dict[str, Any]) -> str:
    """How to order, in one line, by the seller-contact rule of the pages (`contact.seller`):
    the group's own phone and Zalo, else its commune's Women's Union, else the publisher."""
    seller = contact.seller(product.cooperative, config)
    if seller is None:
        return "Xem cách liên hệ ở trang sản phẩm"
    ways = [f"điện thoại {_unbroken(seller.phone)}"] if seller.phone else []
    ways += [f"Zalo {_unbroken(seller.zalo)}"] if seller.zalo else []
    if seller.source == contact.GROUP:
        return cap(", ".join(ways))
    return f"Qua {seller.name}: " + ", ".join(ways)


def _unbroken(digits: str) -> str:
    """A phone number as the pages print it, never cut at a line's end (no-break spaces)."""
    return format_phone(digits).replace(" ", "\u00a0")


def _by_name(coop: Cooperative) -> tuple:
    """Cooperatives in the order of the model: by Vietnamese name, then id."""
    return sort_key(coop.name), coop.id


def plan(portal: Portal, store: ArtifactStore, photos: PhotoProcessor) -> list[Catalogue]:
    """Ask the store for every catalogue PDF; returns the catalogues, the district's first."""
    epoch = calendar.timegm(portal.build_date.timetuple())  # the date it prints, at midnight
    grouping = group_by(portal.config)
    by_commune: dict[str, list[Product]] = {}
    for product in portal.catalogue:
        by_commune.setdefault(product.cooperative.current_commune.code, []).append(product)
    communes = [c for c in portal.current_communes if c.code in by_commune]
    wanted: list[tuple[str, list[Commune], CatalogueFiles]] = []
    split = (district := portal.district_catalogue) is None
    if not split:
        wanted.append(("Toàn địa bàn", communes, district))
    for code, files in portal.commune_catalogues.items():
        wanted.append((cap(portal.communes[code].label), [portal.communes[code]], files))
    catalogues = []
    for scope, covered, files in wanted:
        content, assets = make_document(portal, photos, covered, by_commune, grouping, scope, split)
        encoded = encode(content)
        for paper in PAPERS:
            document = with_paper(encoded, paper)
            sources = tuple((name, str(photos.images_dir / photo), digest) for name, photo, digest in assets["photos"])
            store.request(
                getattr(files, paper),
                render_catalogue,
                document,
                sources,
                assets["placeholders"],
                assets["codes"],
                epoch,
                key=(
                    ENGINE,
                    hashlib.sha256(document.encode("utf-8")).hexdigest(),  # hashed once, not repr'd
                    tuple((name, digest) for name, _, digest in assets["photos"]),
                    assets["placeholders"],
                    assets["codes"],
                    epoch,
                ),
            )
        catalogues.append(Catalogue(scope, files))
    return catalogues


def make_document(
    portal: Portal,
    photos: PhotoProcessor,
    communes: list[Commune],
    by_commune: dict[str, list[Product]],
    grouping: str,
    scope: str,
    split: bool,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """What catalogue.typ reads but the paper (see `document_text`), and the files it names:
    photos (file, photo, hash of its bytes), placeholders (file, colour index) and QR codes
    (file, URL). split: the district's catalogue is made by commune only."""
    config = portal.config
    categories = list(config["categories"])
    used_photos: dict[str, tuple[str, str, str]] = {}
    placeholders: dict[str, tuple[str, int]] = {}
    codes: list[tuple[str, str]] = []

    def picture(product: Product) -> str:
        if product.photo:
            if product.photo not in used_photos:
                photos.picture(product.photo)  # hashes the photo's bytes once for the whole build
                digest = photos.digests[product.photo]
                used_photos[product.photo] = (f"photo-{digest[:16]}.jpg", product.photo, digest)
            return used_photos[product.photo][0]
        index = categories.index(product.category)  # the site numbers its placeholders this way
        placeholders.setdefault(product.category, (f"placeholder-{index}.svg", index))
        return placeholders[product.category][0]

    def card(product: Product) -> dict[str, Any]:
        coop = product.cooperative
        url = portal.url(product.url)
        codes.append((f"qr-{len(codes)}.svg", url))
        facts = [] if grouping == "category" else [("Loại", product.category_label)]
        if product.season:
            facts.append(("Mùa vụ", product.season))
        facts.append(("Cơ sở", f"{coop.name}" + ("" if grouping == "cooperative" else f", {coop.commune.label}")))
        facts.append(("Đặt mua", how_to_order(product, config)))
        addresses = [("Mua trực tuyến", product.buy_url)] if product.buy_url else []
        addresses.append(("Trang sản phẩm", url))
        stars = ""
        if product.ocop_stars:
            stars = f"{'★' * product.ocop_stars} OCOP {product.ocop_stars} sao" + (
                " (giấy chứng nhận đã hết hạn)" if product.ocop_expired else ""
            )
        return {
            "name": product.name,
            "price": format_vnd(product.price_vnd),
            "unit": product.unit if product.price_vnd is not None else "",
            "stars": stars,
            "ocop_valid": not product.ocop_expired,
            "facts": facts,
            "addresses": addresses,
            "photo": picture(product),
            "photo_alt": f"Ảnh {product.name}",
            "qr": codes[-1][0],
            "url": url,
        }

    sections = []
    for commune in communes:
        products = by_commune[commune.code]
        groups = []
        if grouping == "cooperative":
            own_by: dict[str, list[Product]] = {}
            for product in products:  # in the order of names, as the model sorts them
                own_by.setdefault(product.cooperative.id, []).append(product)
            for own in sorted(own_by.values(), key=lambda own: _by_name(own[0].cooperative)):
                coop = own[0].cooperative
                intro = f"{coop.type_label} · {coop.commune.label}" + (f" · {coop.address}" if coop.address else "")
                groups.append({"title": coop.name, "intro": intro, "products": [card(p) for p in own]})
        else:
            for key in sorted({p.category for p in products}, key=lambda k: sort_key(config["categories"][k])):
                own = [p for p in products if p.category == key]
                groups.append({"title": config["categories"][key], "intro": "", "products": [card(p) for p in own]})
        count = format_number(len(products))
        sections.append({"title": cap(commune.label), "intro": f"{count} sản phẩm", "groups": groups})

    total = sum(len(by_commune[c.code]) for c in communes)
    publisher, licence = config["publisher"], config["licence"]
    host = config["site_url"].split("://", 1)[-1].rstrip("/")
    codes.insert(0, ("qr-site.svg", portal.url("san-pham/")))
    split_note = ""
    if len(communes) == 1 and split:
        split_note = "Danh mục toàn địa bàn được chia theo từng xã vì quá dài để in thành một tập."
    document = {
        "title": "Danh mục sản phẩm",
        "scope": scope,
        "union": publisher["name"],
        "portal": config["site_name"],
        "summary": (
            f"{format_number(total)} sản phẩm đang bán của các hợp tác xã, tổ hợp tác do phụ nữ tham gia quản lý"
            f" (Kế hoạch {config['plan']['number']}). Quét mã QR bên cạnh mỗi sản phẩm để xem trang của sản phẩm."
        ),
        "demo": bool(config.get("demo")),
        "demo_label": "Dữ liệu minh họa: các HTX, sản phẩm và số liệu trong tài liệu này chưa phải là thật.",
        "date_label": f"Dữ liệu ngày {format_date(portal.build_date)}",
        "licence_label": f"Giấy phép {licence['name']}: được in, sao chép, chia sẻ, ghi rõ nguồn ({licence['url']}).",
        "site_label": f"Trang web: {host}",
        "site_url": portal.url("san-pham/"),
        "site_short": f"{host}/san-pham/",
        "site_qr": "qr-site.svg",
        "publisher_label": f"Liên hệ: {publisher['name']}, {publisher['phone']}, {publisher['email']}",
        "contents_label": "Mục lục",
        "note": split_note,
        "blank_label": "Trang để trống (để đóng tập).",
        "sections": sections,
    }
    assets = {
        "photos": tuple(used_photos[name] for name in sorted(used_photos)),
        "placeholders": tuple(sorted(placeholders.values())),
        "codes": tuple(codes),
    }
    return document, assets


def document_text(document: dict[str, Any], paper: str) -> str:
    """The JSON catalogue.typ reads, for paper ("a4" or "a5")."""
    return with_paper(encode(document), paper)


def encode(document: dict[str, Any]) -> str:
    """A document as JSON; its dicts are built in a fixed order, so the text is too."""
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"))


def with_paper(encoded: str, paper: str) -> str:
    """An encoded document with its paper put last: the papers share every other value, so a
    catalogue's document is encoded once for both, and the two documents of a scope sort side by
    side, so that one worker typesets both and encodes their QR codes once (`media.qr_code`)."""
    return f'{encoded[:-1]},"paper":{json.dumps(paper)}}}'
