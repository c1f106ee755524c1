"""Whose report it is: a commune's Women's Union about its own commune, or the portal's publisher
about the whole portal. The scope picks the cooperatives, targets, honours and pages the report
counts, and the bodies its header names; the same scope drives the commune's page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from . import model
from .messages import say


class ScopeError(Exception):
    """A commune code the data does not know, or a former unit's."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Scope:
    """A report's scope: one current commune, or the whole portal (commune None)."""

    portal: model.Portal
    commune: model.Commune | None = None

    @property
    def cooperatives(self) -> list[model.Cooperative]:
        if self.commune is None:
            return self.portal.cooperatives
        return self.portal.in_commune(self.commune)

    def targets(self, period: str) -> list[model.Target]:
        """The period's targets: the commune's own (portal.yml `communes:`), or the portal's."""
        if self.commune is None:
            return model.build_targets(self.portal.config, self.cooperatives, self.portal.tables["indicators"], period)
        return model.commune_targets(self.portal, self.commune, period)

    def honours(self, year: int) -> list[model.Honour]:
        """The year's outstanding models; a commune's are those of its cooperatives."""
        ids = {c.id for c in self.cooperatives}
        mine = (h for h in self.portal.honours if self.commune is None or (h.cooperative and h.cooperative.id in ids))
        return [h for h in mine if h.year == year]

    def pages(self) -> dict[str, int]:
        """How many pages the portal gives the scope's cooperatives, products and models."""
        coops = self.cooperatives
        ids = {c.id for c in coops}
        honours = [
            h for h in self.portal.honours if self.commune is None or (h.cooperative and h.cooperative.id in ids)
        ]
        return {"htx": len(coops), "products": sum(len(c.products) for c in coops), "honours": len(honours)}

    def settings(self, settings: dict[str, Any]) -> dict[str, Any]:
        """The report's header and signature: a commune's Union issues its own report under the
        commune's Fatherland Front committee; the roll-up is issued as portal.yml's `report:` says."""
        if self.commune is None:
            return settings
        union = self.commune.union_name.replace("Hội LHPN", "Hội Liên hiệp Phụ nữ", 1)
        return {
            **settings,
            "governing_body": f"Ủy ban MTTQ Việt Nam {self.commune.label}",
            "issuing_body": union,
            "place": self.commune.name,
            "signer_name": "",  # the roll-up's signer is not the commune's: she signs in Word
        }


def scope(portal: model.Portal, code: str | None) -> Scope:
    """The scope of `--commune CODE` (None: the whole portal), or a ScopeError that lists the codes."""
    if code is None:
        return Scope(portal)
    commune = portal.communes.get(code.strip())
    current = ", ".join(f"{c.code} ({c.label})" for c in portal.current_communes)
    if commune is None:
        raise ScopeError(say("report.commune-unknown", code=code, communes=current))
    if commune.successor:
        raise ScopeError(say("report.commune-former", code=code, successor=commune.successor.code, communes=current))
    return Scope(portal, commune)
