"""schema.org JSON-LD: Organization for cooperatives, Product with an Offer in VND for products."""

from __future__ import annotations

from typing import Any

from ..model import Cooperative, Portal, Product
from .media import Share


def _organization_ref(portal: Portal, coop: Cooperative) -> dict[str, Any]:
    return {"@type": "Organization", "name": coop.name, "url": portal.url(coop.url)}


def organization(portal: Portal, coop: Cooperative, share: Share) -> dict[str, Any]:
    """An HTX or THT as a schema.org Organization."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "@id": share.canonical + "#to-chuc",
        "name": coop.name,
        "description": coop.summary,
        "url": share.canonical,
        "image": portal.url(share.image),
        "foundingDate": coop.founded,
        "address": {
            "@type": "PostalAddress",
            "streetAddress": coop.address or None,
            "addressLocality": coop.current_commune.label,
            "addressRegion": "An Giang",
            "addressCountry": "VN",
        },
        "telephone": coop.phone or None,
        "email": coop.email or None,
        "sameAs": [link for link in (coop.website, coop.facebook) if link] or None,
        "numberOfEmployees": {"@type": "QuantitativeValue", "value": coop.female_workers},
    }
    if coop.lat is not None and coop.lon is not None:
        data["geo"] = {"@type": "GeoCoordinates", "latitude": coop.lat, "longitude": coop.lon}
    return _drop_empty(data)


def product(portal: Portal, item: Product, share: Share) -> dict[str, Any]:
    """A product, with its Offer in đồng while its cooperative is active."""
    offer: dict[str, Any] = {
        "@type": "Offer",
        "priceCurrency": "VND",
        "price": item.price_vnd,
        "availability": "https://schema.org/InStock",
        "url": item.buy_url or share.canonical,
        "seller": _organization_ref(portal, item.cooperative),
    }
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Product",
        "@id": share.canonical + "#san-pham",
        "name": item.name,
        "description": item.summary,
        "url": share.canonical,
        # Without a photo the page shares its group's card, which does not picture the product.
        "image": portal.url(share.image) if item.photo else None,
        "category": item.category_label,
        "manufacturer": _organization_ref(portal, item.cooperative),
        "offers": offer if item.on_sale else None,
    }
    if item.ocop_stars and not item.ocop_expired:
        data["award"] = f"OCOP {item.ocop_stars} sao"
    return _drop_empty(data)


def _drop_empty(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _drop_empty(v) for k, v in value.items() if v is not None and v != ""}
    if isinstance(value, list):
        return [_drop_empty(v) for v in value]
    return value
