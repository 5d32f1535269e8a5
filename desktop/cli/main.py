"""The command line: the same services as the window, no Qt. Chinese for people, JSON with --json."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from desktop import __version__
from desktop.cli import chinese_argparse
from desktop.core.errors import BudgetDeskError
from desktop.core.paths import ENV_HOME, default_database

EPILOG = (f"数据文件默认为 {default_database()}（可用环境变量 {ENV_HOME} 指定数据文件夹）。"
          "不带任何参数运行 budget-desk 则打开窗口。")


def build_parser() -> argparse.ArgumentParser:
    chinese_argparse.install()
    parser = chinese_argparse.ChineseArgumentParser(
        prog="budget-desk", description="预算绩效工作台：部门预算、支出、资产、人员与绩效自评数据", epilog=EPILOG)
    parser.add_argument("--version", action="version", version=f"budget-desk {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="命令", title="命令",
                                parser_class=chinese_argparse.ChineseArgumentParser)

    def command(name: str, help_text: str, *, year: bool = False, json_flag: bool = False):
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.add_argument("--db", type=Path, default=None, help="数据文件路径（默认：用户数据文件）")
        if year:
            p.add_argument("--year", type=int, required=True, help="年度，如 2020")
            p.add_argument("--unit", default=None, help="单位代码或名称（数据文件中只有一个单位时可省略）")
        if json_flag:
            p.add_argument("--json", action="store_true", help="输出 JSON")
        return p

    from desktop.cli import commands

    p = command("demo", "创建演示数据库（深圳市龙华区政务服务数据管理局 2019–2020 年度）")
    p.set_defaults(func=commands.cmd_demo)
    p = command("import", "导入数据：数据交换文件（.json），或本软件的工作簿/模板（.xlsx，先显示预览，"
                          "加 --yes 才写入），或其他系统导出的资产卡片表（.xlsx --assets --year Y）。全部成功或全部不导入",
                json_flag=True)
    p.add_argument("file", type=Path, help="要导入的 .json 或 .xlsx 文件")
    p.add_argument("--yes", action="store_true", help="（.xlsx）确认写入；不加则只显示将新增、修改和拒绝的内容")
    p.add_argument("--force", action="store_true", help="同一文件已导入过时仍然导入")
    p.add_argument("--assets", action="store_true", help="（.xlsx）按资产卡片表导入到 --year 指定的年度")
    p.add_argument("--year", type=int, default=None, help="资产卡片导入到的年度")
    p.add_argument("--unit", default=None, help="单位代码或名称")
    p.set_defaults(func=commands.cmd_import)
    p = command("export", "导出一个单位的年度数据")
    p.add_argument("--year", type=int, action="append", help="年度（可重复；省略则导出全部年度）")
    p.add_argument("--unit", default=None, help="单位代码或名称")
    p.add_argument("--format", choices=["json", "xlsx"], default="json",
                   help="导出格式：json（数据交换文件）或 xlsx（报送上级的工作簿，需 --year 且只一个年度）")
    p.add_argument("--out", type=Path, required=True, help="输出文件")
    p.set_defaults(func=commands.cmd_export)
    p = command("template", "生成空白工作簿模板（与导出的工作簿同样的工作表），供填写后用 import 导入")
    p.add_argument("--year", type=int, required=True, help="年度")
    p.add_argument("--unit", default=None, help="单位代码或名称（数据文件中的单位；新单位用 --unit-code/--unit-name）")
    p.add_argument("--unit-code", default="", help="模板封面上的单位代码")
    p.add_argument("--unit-name", default="", help="模板封面上的单位名称")
    p.add_argument("--out", type=Path, required=True, help="输出 .xlsx 文件")
    p.set_defaults(func=commands.cmd_template)
    p = command("summary", "年度主要数据（自评报告所用的各项数据，按报告口径四舍五入显示）", year=True, json_flag=True)
    p.set_defaults(func=commands.cmd_summary)
    p = command("indicators", "绩效指标：数值、目标、是否达标及计算所用数据", year=True, json_flag=True)
    p.add_argument("--rules", type=Path, default=None, help="评分规则文件（其中的 targets 可改变指标目标值）")
    p.add_argument("--trace", action="store_true", help="显示每个指标所用的数据及来源")
    p.set_defaults(func=commands.cmd_indicators)
    p = command("check", "勾稽校验（有“错误”时退出码为 1）", year=True, json_flag=True)
    p.add_argument("--all", action="store_true", help="也列出通过的校验")
    p.set_defaults(func=commands.cmd_check)
    p = command("score", "自评表：各项得分、扣分原因、总分和等级", year=True, json_flag=True)
    p.add_argument("--rules", type=Path, default=None, help="评分规则文件（默认 resources/scoring/default.json）")
    p.set_defaults(func=commands.cmd_score)
    p = command("score-set", "填写自评表中定性指标的得分和理由", year=True)
    p.add_argument("--item", required=True, help="评分项代码，如 internal_control")
    p.add_argument("--points", required=True, help="得分")
    p.add_argument("--reason", required=True, help="评分理由")
    p.add_argument("--rules", type=Path, default=None, help="评分规则文件")
    p.set_defaults(func=commands.cmd_score_set)
    p = command("target", "目标设置：列出各指标的目标；为本年度设定某指标的目标（替代评分规则中的目标），或 --clear 恢复",
                year=True)
    p.add_argument("--indicator", default=None, help="指标代码，如 public_expense_control_rate（不给则列出全部）")
    p.add_argument("--value", default=None, help="本年度目标值（%%），如 90")
    p.add_argument("--clear", action="store_true", help="删除本年度设定的目标，恢复评分规则中的目标")
    p.add_argument("--rules", type=Path, default=None, help="评分规则文件")
    p.set_defaults(func=commands.cmd_target)
    p = command("details", "单位情况（离退休人员、内设机构、公务接待人次）和决算收入（按来源，用于收入同比增长率）",
                year=True)
    p.add_argument("--retired", default=None, help="离退休人员人数")
    p.add_argument("--internal-units", default=None, help="内设机构个数")
    p.add_argument("--reception-persons", default=None, help="公务接待人次（用于人均接待费）")
    p.add_argument("--income", action="append", default=[], metavar="来源=金额",
                   help="决算收入，如 财政拨款收入=240,003,000.00（元；可重复；来源：财政拨款收入、事业收入、经营收入、上级补助收入、其他收入）")
    p.set_defaults(func=commands.cmd_details)
    p = sub.add_parser("chart", help="图表：列出图表类型，或把一个年度的图表保存为 PNG/SVG",
                       description="图表：--list 列出图表类型（每行一个，类型在前）；"
                                   "--year Y --kind K --out F 保存一张图表（按 F 的扩展名保存为 .png 或 .svg）；"
                                   "--kind all --out 文件夹 保存全部图表为 PNG")
    p.add_argument("--db", type=Path, default=None, help="数据文件路径（默认：用户数据文件）")
    p.add_argument("--list", action="store_true", help="列出图表类型")
    p.add_argument("--year", type=int, help="年度")
    p.add_argument("--unit", default=None, help="单位代码或名称")
    p.add_argument("--kind", help="图表类型（见 --list），或 all")
    p.add_argument("--out", type=Path, help="输出文件（.png/.svg），--kind all 时为文件夹")
    p.add_argument("--money-unit", choices=["万元", "元"], default="万元", help="金额单位（默认万元）")
    p.set_defaults(func=commands.cmd_chart)
    from desktop.cli import report_commands

    report_commands.add_parsers(sub, command)
    p = command("years", "列出数据文件中的单位和年度", json_flag=True)
    p.set_defaults(func=commands.cmd_years)
    p = command("adjust", "录入一笔预算调整/调剂（金额为正表示追加，为负表示调减）", year=True, json_flag=True)
    p.add_argument("--date", required=True, help="调整日期，如 2020-06-30")
    p.add_argument("--category", required=True, help="支出类别：人员经费、日常公用经费、项目支出、公务接待费……")
    p.add_argument("--project", default=None, help="项目编码（项目支出必填）")
    p.add_argument("--amount", required=True, help="调整金额，可带千位分隔符，如 -1,200.00")
    p.add_argument("--in-wan", action="store_true", help="金额单位为万元（默认元）")
    p.add_argument("--doc-no", required=True, help="文号")
    p.add_argument("--reason", required=True, help="调整原因")
    p.set_defaults(func=commands.cmd_adjust)
    p = command("reverse", "冲销一笔已录入的预算调整（原记录保留）", year=True, json_flag=True)
    p.add_argument("--seq", type=int, required=True, help="要冲销的调整序号")
    p.add_argument("--reason", required=True, help="冲销原因")
    p.set_defaults(func=commands.cmd_reverse)
    p = command("adjustments", "预算调整明细及调整后预算", year=True, json_flag=True)
    p.set_defaults(func=commands.cmd_adjustments)
    p = command("new-year", "从上一年度新建年度：结转年末在用资产卡片、结转结余、人员编制、项目及绩效目标"
                            "（先显示将结转的内容，加 --yes 才写入）", year=True, json_flag=True)
    p.add_argument("--from", dest="from_year", type=int, required=True, help="上一年度，如 2020")
    p.add_argument("--yes", action="store_true", help="确认写入；不加则只显示将结转的内容")
    p.set_defaults(func=commands.cmd_new_year)
    p = command("lock", "锁定年度（锁定后任何途径都不能修改该年度数据）", year=True)
    p.add_argument("--reason", required=True, help="锁定原因")
    p.set_defaults(func=commands.cmd_lock)
    p = command("unlock", "解锁年度", year=True)
    p.add_argument("--reason", required=True, help="解锁原因")
    p.set_defaults(func=commands.cmd_unlock)
    p = command("log", "查看操作日志（最新在前）", json_flag=True)
    p.add_argument("--year", type=int, default=None, help="只看某年度")
    p.add_argument("--limit", type=int, default=50, help="条数（默认 50）")
    p.add_argument("--verify", action="store_true", help="同时校验日志哈希链")
    p.add_argument("--against", type=Path, default=None, metavar="FILE",
                   help="与先前导出的工作簿、JSON 或备份数据文件记录的日志头核对，发现截断或改写（含 --verify）")
    p.set_defaults(func=commands.cmd_log)
    from desktop.cli import backup_commands

    backup_commands.register(sub, command)
    return parser


def main(argv: list[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8")
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 0
    from desktop.core import logs
    from desktop.services.backups import clean_at_start

    logs.setup()
    clean_at_start()
    try:
        return args.func(args) or 0
    except BudgetDeskError as exc:
        if getattr(args, "json", False):
            print(json.dumps({"error": str(exc)}, ensure_ascii=False))
        print(f"错误：{exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("已取消。", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # the reader went away (`budget-desk summary | head`): stop quietly, as Unix tools do
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:  # not expected: the traceback goes to the log file, a Chinese line to the person
        logs.log_unexpected(exc, f"命令 {args.command} 失败")
        print(f"错误：{logs.unexpected_message(exc)}", file=sys.stderr)
        return 70


if __name__ == "__main__":
    sys.exit(main())
