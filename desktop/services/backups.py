"""Backups of the data file: made with SQLite's backup API into the data folder's `backups`
folder, each with a manifest, verified when made, thinned by age, and restorable.

When: before every import, unlock, restore and schema upgrade; when the window closes after
changes; on the first open of each day (the window, and the command line's writes).

A backup is `<stem>-<YYYYmmdd-HHMMSS>-<kind>.sqlite3` plus `<same>.json`, the manifest: time,
kind, source file, size, SHA-256, schema revision, audit head (count + latest hash), per-year
row counts and money sums, and what the verification found (integrity_check + audit chain).
Only a backup with its manifest counts: a copy is made as `.partial`, checked, renamed, then
the manifest is written, so a crash or a full disk leaves nothing that looks like a backup.

Retention per data file: the newest 20; the newest of each day for 30 days; the newest of each
month for 12 months; and never the only verified copy.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

from desktop.core.errors import DataFileError
from desktop.core.files import file_sha256
from desktop.core.paths import backup_dir
from desktop.export.atomic import ExportWriteError, atomic_write_bytes
from desktop.services import filelock
from desktop.services.backup_figures import FileFigures, YearFigures, differences, read_figures
from desktop.store import audit
from desktop.store.engine import SCHEMA_VERSION, backup_copy, storage_message

MANIFEST_FORMAT = "budget-desk-backup"
KINDS = {"manual": "手动", "daily": "每日", "import": "导入前", "unlock": "解锁前", "restore": "恢复前",
         "upgrade": "升级前", "close": "关闭时"}
KEEP_LAST, KEEP_DAYS, KEEP_MONTHS = 20, 30, 12
# Leftovers younger than this may belong to a backup another process is making right now.
LEFTOVER_AGE_S = 600


@dataclass(frozen=True)
class Backup:
    path: Path
    made_at: dt.datetime
    kind: str
    source: str
    size: int
    sha256: str
    verified: bool
    problems: tuple[str, ...]
    figures: FileFigures

    @property
    def kind_label(self) -> str:
        return KINDS.get(self.kind, self.kind)

    @property
    def manifest_path(self) -> Path:
        return manifest_of(self.path)

    def years_text(self) -> str:
        return "、".join(f"{y.year}{'（锁）' if y.locked else ''}" for y in self.figures.years) or "（无年度）"


def manifest_of(path: Path) -> Path:
    return Path(path).with_suffix(".json")


def _source_key(db: Path) -> str:
    return str(Path(db).resolve())


def verify_file(path: Path) -> list[str]:
    """Problems found in a data file copy: integrity_check and the audit chain (empty: verified)."""
    con = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)
    try:
        try:
            result = con.execute("PRAGMA integrity_check").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            result = str(exc)
        if result != "ok":
            return [f"完整性检查未通过（{result}）"]
        broken = audit.verify_chain_of_file(con)
    finally:
        con.close()
    return [] if broken is None else [f"操作日志哈希链第 {broken} 条起不一致"]


def _unique_target(db: Path, kind: str, now: dt.datetime) -> Path:
    folder = backup_dir()
    stem = f"{Path(db).stem}-{now:%Y%m%d-%H%M%S}-{kind}"
    target = folder / f"{stem}.sqlite3"
    n = 2
    while target.exists() or manifest_of(target).exists():
        target = folder / f"{stem}-{n}.sqlite3"
        n += 1
    return target


def make_backup(db: Path, kind: str = "manual", *, now: dt.datetime | None = None, prune_after: bool = True) -> Backup:
    """Copy `db` into the backups folder, verify the copy, write its manifest, thin old ones.

    A full disk or a read-only backups folder raises DataFileError (Chinese); the data file is
    only read, and no partial copy is left behind.
    """
    db = Path(db)
    now = now or dt.datetime.now()  # microseconds kept: two backups in one second stay in order
    target = _unique_target(db, kind, now)
    backup_copy(db, target)  # .partial → integrity_check → rename; cleans up and explains on failure
    try:
        problems = verify_file(target)
        figures = read_figures(target)
        manifest = {
            "format": MANIFEST_FORMAT, "version": 1, "made_at": now.isoformat(), "kind": kind,
            "source": _source_key(db), "file": target.name, "size": target.stat().st_size,
            "sha256": file_sha256(target),
            "schema": {"user_version": figures.user_version, "revision": figures.revision},
            "audit_head": {"count": figures.audit_count, "last_hash": figures.audit_last_hash},
            "years": [y.to_json() for y in figures.years],
            "verified": not problems, "problems": problems,
        }
        atomic_write_bytes(manifest_of(target), json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8"))
    except BaseException as exc:
        for leftover in (target, manifest_of(target)):
            try:
                leftover.unlink(missing_ok=True)
            except OSError:
                pass
        cause = exc.__cause__ if isinstance(exc, ExportWriteError) else exc
        if isinstance(cause, (OSError, sqlite3.Error)):
            raise DataFileError(storage_message(cause, target.parent, "备份")) from exc
        raise
    backup = _load(manifest_of(target))
    if prune_after:
        prune(db, now=now)
    return backup


def before(db: Path, kind: str) -> Backup | None:
    """The backup taken before a destructive operation; None for a file with nothing in it yet."""
    db = Path(db)
    if not db.exists() or db.stat().st_size == 0:
        return None
    con = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
    try:
        has_data = con.execute("SELECT count(*) FROM sqlite_master WHERE name = 'units'").fetchone()[0] and \
            con.execute("SELECT count(*) FROM units").fetchone()[0]
    finally:
        con.close()
    return make_backup(db, kind) if has_data else None


def before_migration(db: Path, old_version: int) -> None:
    """Called by the engine before a schema upgrade (the lock is already held)."""
    make_backup(db, "upgrade")


def daily_if_due(db: Path, *, now: dt.datetime | None = None) -> Backup | None:
    """The first open of each day makes a backup, unless one was already made today."""
    now = now or dt.datetime.now()
    if any(b.made_at.date() == now.date() for b in list_backups(db)):
        return None
    return before(db, "daily")


def _load(manifest: Path) -> Backup | None:
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
        if data.get("format") != MANIFEST_FORMAT:
            return None
        path = manifest.with_name(data["file"])
        if not path.exists():
            return None
        years = tuple(YearFigures.from_json(y) for y in data.get("years", []))
        head = data.get("audit_head", {})
        figures = FileFigures(int(data["schema"]["user_version"]), str(data["schema"].get("revision", "")),
                              int(head.get("count", 0)), str(head.get("last_hash", "")), years)
        return Backup(path, dt.datetime.fromisoformat(data["made_at"]), str(data["kind"]), str(data["source"]),
                      int(data["size"]), str(data["sha256"]), bool(data.get("verified")),
                      tuple(data.get("problems", [])), figures)
    except (OSError, ValueError, KeyError, TypeError):
        return None


def list_backups(db: Path | None = None) -> list[Backup]:
    """Backups with a manifest, newest first; only those of `db` when given."""
    folder = backup_dir()
    if not folder.is_dir():
        return []
    found = [b for b in (_load(m) for m in folder.glob("*.json")) if b is not None]
    if db is not None:
        key = _source_key(db)
        found = [b for b in found if b.source == key]
    return sorted(found, key=lambda b: (b.made_at, b.path.name), reverse=True)


def find_backup(name: str | Path, db: Path | None = None) -> Backup:
    """A backup named by path, file name, or its number in `budget-desk backups` (1 = newest)."""
    text = str(name)
    candidates = list_backups(db)
    if text.isdigit() and 1 <= int(text) <= len(candidates):
        return candidates[int(text) - 1]
    path = Path(text)
    if not path.is_absolute() and not path.exists():
        path = backup_dir() / path
    loaded = _load(manifest_of(path)) if path.exists() else None
    if loaded is None:
        raise DataFileError(f"没有找到备份“{name}”（需要备份文件和同名的 .json 说明文件）。可用 budget-desk backups 列出备份。")
    return loaded


def keep_set(backups: list[Backup], now: dt.datetime) -> set[Path]:
    """Which backups retention keeps (all of one data file's backups, any order)."""
    ordered = sorted(backups, key=lambda b: b.made_at, reverse=True)
    keep = {b.path for b in ordered[:KEEP_LAST]}
    days: set[dt.date] = set()
    months: set[tuple[int, int]] = set()
    for b in ordered:
        age = now - b.made_at
        if age <= dt.timedelta(days=KEEP_DAYS) and b.made_at.date() not in days:
            days.add(b.made_at.date())
            keep.add(b.path)
        month = (b.made_at.year, b.made_at.month)
        month_age = (now.year - month[0]) * 12 + now.month - month[1]
        if month_age < KEEP_MONTHS and month not in months:
            months.add(month)
            keep.add(b.path)
    verified = [b for b in ordered if b.verified]
    if verified:
        keep.add(verified[0].path)  # never the only (or the newest) verified copy
    return keep


def prune(db: Path, *, now: dt.datetime | None = None) -> list[Path]:
    """Delete the backups of `db` that retention does not keep; returns what was deleted."""
    backups = list_backups(db)
    keep = keep_set(backups, now or dt.datetime.now())
    removed = []
    for b in backups:
        if b.path not in keep:
            for path in (b.manifest_path, b.path):
                try:
                    path.unlink(missing_ok=True)
                except OSError:
                    continue
            removed.append(b.path)
    return removed


def clean_leftovers() -> list[Path]:
    """Remove `.partial` copies and copies without a manifest left by a killed backup."""
    folder = backup_dir()
    if not folder.is_dir():
        return []
    removed = []
    cutoff = time.time() - LEFTOVER_AGE_S
    for path in list(folder.glob("*.partial")) + list(folder.glob("*.sqlite3")):
        try:
            if path.name.endswith(".sqlite3") and (manifest_of(path).exists() or "-damaged" in path.name):
                continue
            if path.stat().st_mtime < cutoff:
                path.unlink()
                removed.append(path)
        except OSError:
            continue
    return removed


def clean_at_start() -> None:
    """Leftovers of killed processes: partial backups, export temporaries (never a -journal)."""
    from desktop.export.atomic import clean_leftover_temporaries

    clean_leftovers()
    clean_leftover_temporaries()


# --- restore --------------------------------------------------------------------------------

@dataclass(frozen=True)
class RestoreResult:
    backup: Backup
    safety: Backup | None      # the backup of the file as it was just before the restore
    kept_damaged: Path | None  # a damaged current file kept aside instead


def check_restorable(backup: Backup) -> None:
    """Refuse a backup that changed since it was made, is damaged, or is from a newer version."""
    if file_sha256(backup.path) != backup.sha256:
        raise DataFileError(f"备份“{backup.path.name}”在备份之后被改动过（SHA-256 与说明文件不符），不能用于恢复。请选择其他备份。")
    problems = verify_file(backup.path)
    if problems:
        raise DataFileError(f"备份“{backup.path.name}”校验未通过（{'；'.join(problems)}），不能用于恢复。请选择其他备份。")
    if backup.figures.user_version > SCHEMA_VERSION:
        raise DataFileError(f"备份“{backup.path.name}”由更高版本的预算绩效工作台创建，请升级软件后再恢复。")


def restore(db: Path, backup: Backup, actor: str) -> RestoreResult:
    """Put `backup` in place of the data file `db`, after backing up the current file.

    The backup API writes into the live file as one SQLite transaction, so a crash during the
    restore leaves the old file (rolled back at the next open) or the restored one. The restore
    is then audited in the restored file. Holds the file's lock (taken here if not yet ours).
    """
    db = Path(db)
    check_restorable(backup)
    took_lock = not filelock.owns(db)
    if took_lock:
        filelock.require(db, actor)
    try:
        safety, kept = None, None
        try:
            safety = make_backup(db, "restore", prune_after=False)
        except DataFileError:
            if not verify_file(db):
                raise  # an intact file that cannot be backed up (full disk): do not restore over it
            kept = backup_dir() / f"{db.stem}-{dt.datetime.now():%Y%m%d-%H%M%S}-damaged.sqlite3"
            shutil.copy2(db, kept)  # a damaged file cannot go through the backup API: keep its bytes
        src = sqlite3.connect(f"{backup.path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            dst = sqlite3.connect(str(db), timeout=10)
            try:
                src.backup(dst)
            finally:
                dst.close()
        except sqlite3.Error as exc:
            raise DataFileError(storage_message(exc, db.parent, "恢复") + "（数据文件保持恢复前的状态。）") from exc
        finally:
            src.close()
        from desktop.services.workspace import Workspace

        with Workspace.open(db, actor=actor) as ws, ws.write() as s:
            audit.append(s, actor=actor, action="restore", entity="data_file", entity_id=db.name,
                         summary=f"从备份恢复：{backup.path.name}（{backup.made_at:%Y-%m-%d %H:%M}，{backup.kind_label}）",
                         after={"backup": backup.path.name, "sha256": backup.sha256,
                                "audit_count": backup.figures.audit_count,
                                "safety_copy": safety.path.name if safety else (kept.name if kept else "")})
        return RestoreResult(backup, safety, kept)
    finally:
        if took_lock:
            filelock.release(db)


def compare_with_current(db: Path, backup: Backup) -> list[str]:
    """What restoring `backup` would change in `db` (sentences; empty when the figures agree)."""
    return differences(read_figures(db), backup.figures)


def copy_size_text(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB" if size >= 1024 * 1024 else f"{max(size // 1024, 1)} KB"

