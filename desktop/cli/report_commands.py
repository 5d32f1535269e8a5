"""`report` (the Word draft of the self-evaluation report) and `review` (the check of a written
report against the data)."""

from __future__ import annotations

import argparse
import json
from argparse import Namespace
from pathlib import Path

from desktop.cli.table import render


def add_parsers(sub, command) -> None:
    """Called by desktop/cli/main.py with its subparser helper."""
    p = command("report", "生成部门整体支出绩效自评报告初稿（Word .docx），或列出模板可用的字段")
    p.add_argument("--year", type=int, default=None, help="年度，如 2020")
    p.add_argument("--unit", default=None, help="单位代码或名称（数据文件中只有一个单位时可省略）")
    p.add_argument("--out", type=Path, default=None, help="输出的 .docx 文件")
    p.add_argument("--template", type=Path, default=None,
                   help="模板 .docx：含 {{ 数据编号 }} 字段时填写字段；不含字段时使用其样式排版")
    p.add_argument("--fields", action="store_true", help="列出模板可用的字段（数据编号、名称、数值）；加 --year 显示该年数值")
    p.add_argument("--no-sources", action="store_true", help="不附“数据来源”附录")
    p.add_argument("--no-charts", action="store_true", help="不插入图表")
    p.set_defaults(func=cmd_report)
    p = command("review", "核对一份已写好的自评报告（.docx 或 .txt）中的每个数字与数据是否一致"
                          "（有“不一致”或“格式错误”时退出码为 1）", json_flag=True)
    p.add_argument("file", type=Path, help="要核对的报告文件（.docx 或 .txt）")
    p.add_argument("--year", type=int, required=True, help="年度，如 2020")
    p.add_argument("--unit", default=None, help="单位代码或名称")
    p.add_argument("--all", action="store_true", help="也列出“一致”的数字")
    p.set_defaults(func=cmd_review)
    p.formatter_class = argparse.RawDescriptionHelpFormatter
    p.epilog = ("结论：一致、尾差（分项分别四舍五入）、不一致、格式错误（如 24.000.30）、口径不同（如国库支付口径与决算口径）、"
                "精度不一（如 57.6% 与两位小数的比率并列）、未能对应（列出，不猜测）、用语（如 日用公用经费 → 日常公用经费）。")


def cmd_report(args: Namespace) -> int:
    from desktop.cli.commands import _open
    from desktop.core.errors import ValidationError
    from desktop.services import report

    if args.fields:
        return _print_fields(args)
    if args.year is None or args.out is None:
        raise ValidationError("请给出 --year 和 --out（或用 --fields 列出模板字段）")
    with _open(args) as ws:
        written = report.write_report(ws, args.year, args.out, unit=args.unit, template=args.template,
                                      sources=not args.no_sources, charts=not args.no_charts)
    print(f"已生成自评报告：{written.path}")
    for name in written.placeholders:
        print(f"提示：“{name}”一节没有文字，报告中留有【待填写】标记")
    for name in written.blank_fields:
        print(f"提示：字段 {{{{ {name} }}}} 没有数据，填为“—”")
    return 0


def _print_fields(args: Namespace) -> int:
    from desktop.cli.commands import _db, _open
    from desktop.services import report

    if args.year is None or not _db(args).exists():
        from desktop.core.figures import INDICATOR_PLACES, SUMMARY_PLACES

        print("字段（数据编号；加 --year 可显示数值及全部字段）：")
        for key in ("unit_name", "year", *SUMMARY_PLACES, *(f"indicator.{k}" for k in INDICATOR_PLACES)):
            print(f"  {{{{ {key} }}}}")
        return 0
    from desktop.export.report_docx import FIELD_NAME

    with _open(args) as ws:
        cat = report.catalogue(ws, args.year, args.unit)
    rows = [["{{ unit_name }}", "单位名称", cat.unit_name, ""], ["{{ year }}", "年度", str(cat.year), ""]]
    rows += [[f"{{{{ {f.id} }}}}", f.label, f.text, f.unit] for f in cat.figures.values() if FIELD_NAME.fullmatch(f.id)]
    print(render(["字段", "名称", "数值", "单位"], rows, right={2}))
    return 0


def cmd_review(args: Namespace) -> int:
    from desktop.cli.commands import _open
    from desktop.services import report

    with _open(args) as ws:
        result = report.review_file(ws, args.file, args.year, args.unit)
    if args.json:
        print(json.dumps({"findings": [f.to_json() for f in result.findings], "counts": result.counts()},
                         ensure_ascii=False, indent=2))
        return 1 if result.failed else 0
    shown = [f for f in result.findings if args.all or f.kind != "一致"]
    rows = [[str(f.line), f.kind, f.printed, f.expected or "", f.figure or "", f.message] for f in shown]
    if rows:
        print(render(["行", "结论", "报告所写", "数据", "数据编号", "说明"], rows))
    counts = result.counts()
    print(f"{args.file.name}：共 {len(result.findings)} 处，" + "，".join(f"{k} {v}" for k, v in counts.items() if v))
    return 1 if result.failed else 0
