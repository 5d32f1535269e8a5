"""`log --verify --against FILE`: the audit log now against its head recorded in a file made
earlier — a workbook's cover, a JSON export, or a backup data file.

The hash chain alone cannot show that its last rows were deleted, or that the whole chain was
recomputed after a rewrite: both leave a chain that verifies. A head kept outside the file can:
fewer rows than then is a truncation; a different hash at the same row is a rewrite.
"""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from desktop.core.errors import ValidationError
from desktop.services.workspace import Workspace
from desktop.store import audit
from desktop.store.models import AuditEntry

HASH = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True)
class AgainstResult:
    ok: bool
    message: str
    then: audit.AuditHead
    now: audit.AuditHead


def _head(count, last_hash, source: str) -> audit.AuditHead:
    try:
        count = int(str(count).strip())
    except ValueError:
        count = -1
    last_hash = str(last_hash or "").strip()
    if count < 0 or not HASH.match(last_hash):
        raise ValidationError(f"“{source}”中的操作日志头（条数 {count}，哈希 {last_hash or '空'}）无效")
    return audit.AuditHead(count, last_hash)


def head_of_file(path: Path) -> audit.AuditHead:
    """The audit head recorded in an exported workbook, a JSON export or a backup data file."""
    path = Path(path)
    if not path.is_file():
        raise ValidationError(f"文件“{path}”不存在")
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        from desktop.export import layout
        from desktop.export.reader import read_cover_values

        cover = read_cover_values(path)
        if layout.COVER_AUDIT_COUNT not in cover:
            raise ValidationError(f"工作簿“{path.name}”的封面上没有操作日志头（早于本功能导出的文件或模板）")
        return _head(cover[layout.COVER_AUDIT_COUNT], cover.get(layout.COVER_AUDIT_HASH), path.name)
    if suffix == ".json":
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise ValidationError(f"“{path.name}”不是有效的 JSON 文件（{exc}）") from exc
        head = data.get("audit_head") if isinstance(data, dict) else None
        if not isinstance(head, dict):
            raise ValidationError(f"“{path.name}”中没有操作日志头（audit_head）")
        return _head(head.get("count"), head.get("last_hash"), path.name)
    return _head_of_data_file(path)


def _head_of_data_file(path: Path) -> audit.AuditHead:
    try:
        con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            row = con.execute("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
        finally:
            con.close()
    except sqlite3.Error as exc:
        raise ValidationError(f"“{path.name}”不是可读取的工作簿、JSON 导出文件或备份数据文件（{exc}）") from exc
    return audit.AuditHead(0, audit.GENESIS) if row is None else _head(row[0], row[1], path.name)


def verify_against(ws: Workspace, path: Path) -> AgainstResult:
    then = head_of_file(path)
    name = Path(path).name
    with ws.read() as s:
        now = audit.audit_head(s)
        hash_then_row = (s.scalar(select(AuditEntry.hash).where(AuditEntry.seq == then.count))
                         if then.count else audit.GENESIS)
    if now.count < then.count:
        return AgainstResult(False, f"操作日志被截断：“{name}”记录时有 {then.count} 条，现在只有 {now.count} 条，"
                                    f"第 {now.count + 1} 条起的日志已被删除", then, now)
    if hash_then_row != then.last_hash:
        return AgainstResult(False, f"操作日志被改写：第 {then.count} 条的哈希与“{name}”记录的不同"
                                    f"（当时 {then.last_hash[:12]}…，现在 {str(hash_then_row)[:12]}…），"
                                    f"第 {then.count} 条及以前的日志已被改动并重新计算了哈希链", then, now)
    added = now.count - then.count
    return AgainstResult(True, f"与“{name}”记录的操作日志头一致（{then.count} 条）"
                               + (f"，此后新增 {added} 条" if added else "，此后没有新的操作"), then, now)
