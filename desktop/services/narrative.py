"""The narrative sections of the report (报告文字), one text per section and year."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from desktop.core.domain import NarrativeSection
from desktop.services import audited, fields
from desktop.services.workspace import Workspace
from desktop.store.models import Narrative


def set_narrative(ws: Workspace, year: int, section: Any, body: str, unit: str | None = None) -> None:
    sec = fields.choice(section, NarrativeSection, "报告章节")
    text = fields.text(body, NarrativeSection(sec).label, required=False)
    with ws.edit_year(year, unit) as (s, fy):
        row = s.scalar(select(Narrative).where(Narrative.year_id == fy.id, Narrative.section == sec))
        summary = f"修改报告文字：{NarrativeSection(sec).label}"
        if row is None:
            audited.audited_create(s, ws.actor, fy, Narrative(year_id=fy.id, section=sec, body=text),
                                "narrative", summary)
        else:
            audited.audited_update(s, ws.actor, fy, row, "narrative", {"body": text}, summary)


def narratives(ws: Workspace, year: int, unit: str | None = None) -> dict[str, str]:
    with ws.read_year(year, unit) as (s, fy):
        return {n.section: n.body for n in s.scalars(select(Narrative).where(Narrative.year_id == fy.id))}
