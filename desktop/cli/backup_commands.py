"""`budget-desk backup`, `backups` and `restore`: the command line's side of services/backups."""

from __future__ import annotations

import json
import sys
from argparse import Namespace
from pathlib import Path

from desktop.cli.table import render
from desktop.core.money import Unit, format_amount
from desktop.core.paths import backup_dir, default_database
from desktop.services import backups
from desktop.services.workspace import Workspace, current_actor


def register(sub, command) -> None:
    """Add the three subcommands to the parser (`command` is cli.main's helper)."""
    p = command("backup", f"立即备份数据文件（用 SQLite 备份接口复制到 {backup_dir()}，附说明文件并校验）",
                json_flag=True)
    p.set_defaults(func=cmd_backup)
    p = command("backups", "列出数据文件的备份（最新在前）：时间、类型、大小、年度、金额合计、是否已校验",
                json_flag=True)
    p.add_argument("--all", action="store_true", help="列出备份文件夹中所有数据文件的备份")
    p.set_defaults(func=cmd_backups)
    p = command("restore", "从备份恢复数据文件：不加 --yes 只显示恢复会改变什么；恢复前会先备份当前文件")
    p.add_argument("backup", help="备份：backups 列表中的序号（1 为最新）、备份文件名或路径")
    p.add_argument("--yes", action="store_true", help="确认恢复")
    p.set_defaults(func=cmd_restore)


def _db(args: Namespace) -> Path:
    return args.db or default_database()


def _totals(backup: backups.Backup) -> str:
    parts = []
    for y in backup.figures.years:
        figures = "，".join(f"{label} {format_amount(value, Unit.WAN)}" for label, value in y.headline()[:3])
        parts.append(f"{y.year}：{figures}")
    return "；".join(parts)


def cmd_backup(args: Namespace) -> int:
    db = _db(args)
    with Workspace.open(db, lock=True) as ws:  # the lock: no write can be half-way while we copy
        if ws.recovered:
            print(f"提示：数据文件“{db.name}”上次操作未完成，已恢复到操作前的状态。", file=sys.stderr)
        made = backups.make_backup(ws.path, "manual")
    if args.json:
        print(json.dumps(_as_json(made), ensure_ascii=False, indent=2))
        return 0
    state = "已校验（完整性检查、操作日志哈希链均通过）" if made.verified else "校验发现问题：" + "；".join(made.problems)
    print(f"已备份：{made.path}（{backups.copy_size_text(made.size)}）")
    print(f"{state}；操作日志 {made.figures.audit_count} 条；SHA-256 {made.sha256}")
    return 0 if made.verified else 1


def _as_json(b: backups.Backup) -> dict:
    return {"path": str(b.path), "made_at": b.made_at.isoformat(), "kind": b.kind, "size": b.size,
            "sha256": b.sha256, "verified": b.verified, "problems": list(b.problems),
            "schema_version": b.figures.user_version, "audit_count": b.figures.audit_count,
            "audit_last_hash": b.figures.audit_last_hash, "years": [y.to_json() for y in b.figures.years]}


def cmd_backups(args: Namespace) -> int:
    found = backups.list_backups(None if args.all else _db(args))
    if args.json:
        print(json.dumps([_as_json(b) for b in found], ensure_ascii=False, indent=2))
        return 0
    if not found:
        print(f"还没有备份（备份文件夹：{backup_dir()}）。可用 budget-desk backup 立即备份。")
        return 0
    rows = [[str(i), b.made_at.strftime("%Y-%m-%d %H:%M:%S"), b.kind_label, backups.copy_size_text(b.size),
             b.years_text(), _totals(b), "是" if b.verified else "否", b.path.name]
            for i, b in enumerate(found, 1)]
    print(render(["序号", "时间", "类型", "大小", "年度", "金额合计（万元）", "已校验", "文件"], rows, right={3}))
    print(f"备份文件夹：{backup_dir()}；恢复：budget-desk restore 序号 --yes")
    return 0


def cmd_restore(args: Namespace) -> int:
    db = _db(args)
    chosen = backups.find_backup(args.backup, db)
    backups.check_restorable(chosen)
    changes = backups.compare_with_current(db, chosen) if db.exists() and db.stat().st_size else []
    print(f"备份：{chosen.path.name}（{chosen.made_at:%Y-%m-%d %H:%M:%S}，{chosen.kind_label}，"
          f"{backups.copy_size_text(chosen.size)}，年度 {chosen.years_text()}）")
    print("恢复会改变：" if changes else "备份与当前数据的年度、条数和金额合计相同。")
    for line in changes:
        print(f"  {line}")
    if not args.yes:
        print("这是预览，数据未改动。确认恢复请加 --yes（恢复前会先备份当前文件）。")
        return 0
    result = backups.restore(db, chosen, current_actor())
    print(f"已从备份恢复：{db}")
    if result.safety:
        print(f"恢复前的数据已备份为：{result.safety.path.name}")
    if result.kept_damaged:
        print(f"恢复前的数据文件已损坏，原样保留为：{result.kept_damaged}")
    return 0
