"""Who a buyer reaches from a page that sells: the group itself, else its commune's Women's Union,
else the portal's publisher. One rule for the pages, the printed catalogue and `check`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .model import Commune, Cooperative
from .text import phone_digits

GROUP, UNION, PUBLISHER = "group", "union", "publisher"


@dataclass(frozen=True)
class Contact:
    """Who answers a buyer, and the channels that reach them."""

    source: str  # GROUP, UNION or PUBLISHER
    name: str  # who answers: the group, the Union or the publisher
    role: str = ""  # who picks up the phone there ("Văn phòng Hội", "Giám đốc")
    phone: str = ""  # digits
    zalo: str = ""  # digits
    email: str = ""
    address: str = ""
    url: str = ""  # the site path of the page that presents them (a commune's page)

    @property
    def intro(self) -> str:
        """The sentence that says who answers."""
        if self.source == GROUP:
            return f"Liên hệ trực tiếp {self.name}"
        return f"Liên hệ qua {self.name}"

    @property
    def sms(self) -> str:
        """The number a text message reaches: a mobile's (a landline, 11 digits, takes none)."""
        if len(self.phone) == 10:
            return self.phone
        return self.zalo if len(self.zalo) == 10 else ""


def reachable(phone: str, zalo: str) -> bool:
    """Whether a buyer can call or message: a phone or a Zalo number."""
    return bool(phone or zalo)


def union_contact(commune: Commune) -> Contact | None:
    """The current commune's Women's Union, when its data gives a phone or Zalo number."""
    current = commune.current
    union = current.union
    if union is None or not reachable(union.phone, union.zalo):
        return None
    return Contact(
        UNION, current.union_name, union.role, union.phone, union.zalo, union.email, union.address, current.url
    )


def publisher_contact(config: dict[str, Any]) -> Contact | None:
    """The portal's publisher (portal.yml), when it gives a phone number."""
    publisher = config.get("publisher") or {}
    phone = phone_digits(str(publisher.get("phone") or ""))
    if not phone:
        return None
    name, email, address = (str(publisher.get(key) or "") for key in ("name", "email", "address"))
    return Contact(PUBLISHER, name, "", phone, "", email, address)


def seller(coop: Cooperative, config: dict[str, Any]) -> Contact | None:
    """The contact of a group's page and of its products' pages.

    An active group's own published channels first; a stopped or dissolved group's numbers may
    no longer answer, so its buyers are sent, like those of a group that publishes none, to its
    commune's Union, else to the publisher. None only when none of them gives a number.
    """
    if coop.status == "hoạt động" and reachable(coop.phone, coop.zalo):
        role = " ".join(part for part in (coop.manager_role, coop.manager_name) if part)
        return Contact(GROUP, coop.name, role, coop.phone, coop.zalo, coop.email, coop.address)
    return union_contact(coop.commune) or publisher_contact(config)
