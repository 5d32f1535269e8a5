"""Read-only figures of a year for screens, the command line and exports."""

from __future__ import annotations

from desktop.core.summary import Figure, summary_figures
from desktop.services.facts import year_facts
from desktop.services.workspace import Workspace


def summary(ws: Workspace, year: int, unit: str | None = None) -> tuple[str, list[Figure]]:
    facts = year_facts(ws, year, unit)
    return facts.unit_name, summary_figures(facts)
