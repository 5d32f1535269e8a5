"""Refuse hostile and broken workbooks before they cost anything.

Checked before any XML is parsed: file size, the container type (OLE .xls/.et and
password-protected files, CSV renamed to .xlsx, empty and truncated files), the zip central
directory (member count, names, declared uncompressed sizes: zip bombs), and the prolog of every
XML part (a DOCTYPE, the carrier of entity attacks, has no business in a workbook). calamine
reads the values and expands no entities; where openpyxl still parses (a formula's text),
defusedxml blocks them too and `assert_defused()` makes sure it is active. The caps are in README.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from desktop.core.errors import ValidationError

MAX_FILE_BYTES = 50 * 2**20
MAX_MEMBER_BYTES = 256 * 2**20     # one part (a sheet) uncompressed; see README “导入文件的大小上限”
MAX_TOTAL_BYTES = 600 * 2**20
MAX_MEMBERS = 2000
OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")


class UnsafeWorkbook(ValidationError):
    """The file was refused before parsing; nothing was imported."""


def assert_defused() -> None:
    import openpyxl.xml

    if not openpyxl.xml.DEFUSEDXML:
        raise RuntimeError("defusedxml is not active in openpyxl: refusing to read untrusted workbooks")


def check_file(path: Path) -> None:
    path = Path(path)
    name = path.name
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise UnsafeWorkbook(f"无法读取文件“{name}”：{exc.strerror or exc}") from exc
    if size == 0:
        raise UnsafeWorkbook(f"文件“{name}”是空文件（0 字节），未导入任何数据")
    if size > MAX_FILE_BYTES:
        raise UnsafeWorkbook(f"文件“{name}”超过 {MAX_FILE_BYTES // 2**20} MB，已拒绝导入")
    with open(path, "rb") as fh:
        head = fh.read(8)
        fh.seek(0)
        sample = fh.read(1 << 20)
    if head == OLE_MAGIC:
        if "EncryptedPackage".encode("utf-16-le") in sample:
            raise UnsafeWorkbook(f"文件“{name}”已加密（设置了打开密码），请先在 Excel/WPS 中取消密码并另存为 .xlsx")
        if path.suffix.lower() == ".et":
            raise UnsafeWorkbook(f"文件“{name}”是 WPS 表格 .et 格式，请在 WPS 中另存为 .xlsx 后再导入")
        raise UnsafeWorkbook(f"文件“{name}”是旧版 .xls 格式（或其他 OLE 文件），不支持，请在 Excel/WPS 中另存为 .xlsx")
    if head[:2] != b"PK":
        if _looks_like_text(sample):
            raise UnsafeWorkbook(f"文件“{name}”不是 Excel 工作簿（内容是文本，可能是改了扩展名的 CSV），请另存为 .xlsx")
        raise UnsafeWorkbook(f"文件“{name}”不是 .xlsx 工作簿，或已损坏")
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, EOFError, OSError) as exc:
        raise UnsafeWorkbook(f"文件“{name}”已损坏（不完整或不是有效的 .xlsx），未导入任何数据") from exc
    if len(members) > MAX_MEMBERS:
        raise UnsafeWorkbook(f"文件“{name}”内部包含 {len(members)} 个部件，超出正常工作簿，已拒绝导入")
    total = 0
    for info in members:
        member = info.filename
        if member.startswith(("/", "\\")) or ".." in Path(member).parts or re.match(r"^[A-Za-z]:", member):
            raise UnsafeWorkbook(f"文件“{name}”包含可疑的内部路径（{member[:60]}），已拒绝导入")
        if info.file_size > MAX_MEMBER_BYTES:
            raise UnsafeWorkbook(f"文件“{name}”解压后过大（{member} 约 {info.file_size // 2**20} MB），"
                                 "可能是恶意构造的压缩文件，已拒绝导入")
        total += info.file_size
    if total > MAX_TOTAL_BYTES:
        raise UnsafeWorkbook(f"文件“{name}”解压后总大小约 {total // 2**20} MB，已拒绝导入")
    if "[Content_Types].xml" not in {m.filename for m in members}:
        raise UnsafeWorkbook(f"文件“{name}”不是 .xlsx 工作簿（缺少必需的内部部件）")


PROLOG_BYTES = 64 * 2**10  # an XML declaration and a comment or two; the root element follows


def check_xml_prologs(path: Path) -> None:
    """Refuse a DOCTYPE (entity declarations: billion laughs, external entities) in any XML part,
    reading only the start of each part (its prolog) after `check_file` has vetted the sizes."""
    name = Path(path).name
    try:
        with zipfile.ZipFile(path) as archive:
            for info in archive.infolist():
                if not info.filename.endswith((".xml", ".rels")) or info.file_size == 0:
                    continue
                with archive.open(info) as member:
                    head = member.read(PROLOG_BYTES)
                root = re.search(rb"<[A-Za-z_]", head)
                prolog = head if root is None else head[:root.start()]
                if b"<!DOCTYPE" in prolog.upper() or b"<!ENTITY" in prolog.upper() or (
                        root is None and len(head) == PROLOG_BYTES):
                    raise UnsafeWorkbook(f"文件“{name}”包含不安全的内容（XML 实体），已拒绝导入")
    except (zipfile.BadZipFile, EOFError, OSError, zipfile.LargeZipFile) as exc:
        raise UnsafeWorkbook(f"文件“{name}”已损坏（压缩数据校验失败），未导入任何数据") from exc


def _looks_like_text(sample: bytes) -> bool:
    for encoding in ("utf-8", "gb18030"):
        try:
            text = sample[:4096].decode(encoding)
        except UnicodeDecodeError:
            continue
        return all(ch.isprintable() or ch in "\r\n\t" for ch in text)
    return False


def translate_open_error(exc: BaseException, name: str) -> ValidationError:
    """calamine/openpyxl/zipfile/defusedxml errors → a Chinese message (never an English traceback)."""
    chain = []
    current: BaseException | None = exc
    while current is not None and len(chain) < 6:
        chain.append(current)
        current = current.__cause__ or current.__context__
    kinds = {type(e).__name__ for e in chain}
    text = " ".join(str(e) for e in chain)
    if kinds & {"EntitiesForbidden", "DTDForbidden", "ExternalReferenceForbidden", "DefusedXmlException"} \
            or "Entit" in text or "DTD" in text:
        return UnsafeWorkbook(f"文件“{name}”包含不安全的内容（XML 实体），已拒绝导入")
    if kinds & {"BadZipFile", "ZipError"} or "CRC" in text or "zip" in text.lower() or "declared" in text:
        return UnsafeWorkbook(f"文件“{name}”已损坏（压缩数据校验失败），未导入任何数据")
    return UnsafeWorkbook(f"无法读取工作簿“{name}”：文件已损坏或不是 Excel 工作簿，未导入任何数据")
