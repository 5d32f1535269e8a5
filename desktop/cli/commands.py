"""One function per subcommand: parse nothing, call services, print Chinese or JSON."""

from __future__ import annotations

import json
import sys
from argparse import Namespace
from pathlib import Path

from desktop.cli.table import render
from desktop.core.domain import BudgetCategory
from desktop.core.errors import BudgetDeskError
from desktop.core.money import Unit, format_amount, format_plain
from desktop.core.paths import default_database
from desktop.core.summary import print_value, summary_json
from desktop.services import audit_log, budget, interchange, years
from desktop.services.demo import DEMO_YEAR, create_demo
from desktop.services.facts import year_facts
from desktop.services.workspace import Workspace


def _db(args: Namespace) -> Path:
    return args.db or default_database()


def _open(args: Namespace) -> Workspace:
    """Open for reading: never creates or changes a file (a killed writer's journal is rolled back)."""
    return _notice(Workspace.open(_db(args)))


def _open_for_write(args: Namespace, *, create: bool = False, daily: bool = True) -> Workspace:
    """Open for a write: the file's lock first (another holder is named), then the first backup of the day."""
    from desktop.services import backups

    ws = _notice(Workspace.open(_db(args), create=create, lock=True))
    if daily:
        try:
            backups.daily_if_due(ws.path)
        except BudgetDeskError as exc:  # the write itself still runs; the person is told
            print(f"提示：今天的自动备份未能完成：{exc}", file=sys.stderr)
    return ws


def _notice(ws: Workspace) -> Workspace:
    if ws.recovered:
        print(f"提示：数据文件“{ws.path.name}”上次操作未完成，已恢复到操作前的状态。", file=sys.stderr)
    return ws


def _print_json(data) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def cmd_demo(args: Namespace) -> int:
    path = _db(args)
    result = create_demo(path)
    print(f"已创建演示数据库：{path}")
    print(f"单位：{result.unit}；年度：{'、'.join(map(str, result.years))}")
    print("内容：" + "，".join(f"{k} {v}" for k, v in result.counts.items()))
    print(f"查看汇总：budget-desk summary --year {DEMO_YEAR} --db {path}")
    return 0


def cmd_import(args: Namespace) -> int:
    if args.file.suffix.lower() in (".xlsx", ".xlsm", ".xls", ".et", ".csv"):
        return _import_workbook(args)
    with _open_for_write(args, create=True, daily=False) as ws:  # the import backs up first itself
        result = interchange.import_file(ws, args.file)
    if args.json:
        _print_json({"unit": result.unit, "years": result.years, "counts": result.counts, "sha256": result.sha256})
    else:
        print(f"已导入 {result.unit} {'、'.join(map(str, result.years))} 年度数据到 {_db(args)}")
        print("内容：" + "，".join(f"{k} {v}" for k, v in result.counts.items()))
    return 0


def _import_workbook(args: Namespace) -> int:
    from desktop.core.errors import ValidationError
    from desktop.services import workbook

    opened = _open_for_write(args, create=not args.assets, daily=False) if args.yes else \
        _notice(Workspace.open(_db(args), create=not args.assets))
    with opened as ws:
        if args.assets:
            if args.year is None:
                raise ValidationError("导入资产卡片时请用 --year 指定年度")
            preview = workbook.preview_asset_list(ws, args.year, args.file, args.unit)
        else:
            preview = workbook.preview_workbook(ws, args.file)
        if args.json:
            _print_json({"ok": preview.ok, "adds": preview.adds, "changes": preview.changes,
                         "unchanged": preview.unchanged, "refusals": preview.refusals, "notes": preview.notes,
                         "duplicate": preview.duplicate, "applied": bool(args.yes and preview.ok)})
        else:
            print("\n".join(preview.lines()))
        if not preview.ok:
            print("未导入任何数据。", file=sys.stderr)
            return 1
        if not args.yes:
            print("这是预览，数据未改动。确认无误后加 --yes 导入。")
            return 0
        workbook.apply_import(ws, preview, force=args.force, unit=args.unit)
    print("已导入。")
    return 0


def cmd_template(args: Namespace) -> int:
    from desktop.services import workbook

    code, name = args.unit_code, args.unit_name
    if args.unit or not (code and name):
        path = _db(args)
        if path.exists():
            with _open(args) as ws:
                found = [y for y in years.list_years(ws) if args.unit in (None, y.unit_code, y.unit_name)]
                if found:
                    code, name = code or found[0].unit_code, name or found[0].unit_name
    workbook.write_template(args.year, args.out, code, name)
    print(f"已生成 {args.year} 年度空白模板：{args.out}")
    return 0


def cmd_export(args: Namespace) -> int:
    if args.format == "xlsx":
        return _export_workbook(args)
    with _open(args) as ws:
        written = interchange.export_json(ws, args.out, args.unit, args.year)
    print(f"已导出 {written['unit']['name']} {'、'.join(map(str, written['years']))} 年度数据：{args.out}")
    return 0


def _export_workbook(args: Namespace) -> int:
    from desktop.core.errors import ValidationError
    from desktop.services import workbook

    if not args.year or len(args.year) != 1:
        raise ValidationError("导出 xlsx 时请用 --year 指定一个年度")
    with _open(args) as ws:
        report = workbook.export_workbook(
            ws, args.year[0], args.out, args.unit,
            progress=lambda pct, text: print(f"  {pct:3d}% {text}", file=sys.stderr) if pct >= 0 else None)
    print(f"已导出工作簿：{report.path}（{len(report.sheets)} 个工作表）")
    for line in report.cleaned:
        print(f"提示：{line}")
    return 0


def cmd_summary(args: Namespace) -> int:
    with _open(args) as ws:
        facts = year_facts(ws, args.year, args.unit)
    if args.json:
        _print_json(summary_json(facts))
        return 0
    from desktop.core.summary import summary_figures

    print(f"{facts.unit_name}  {facts.year}年度主要数据（金额单位：万元）"
          + ("  【已锁定】" if facts.locked else ""))
    rows = [[fig.label, print_value(fig, Unit.WAN), fig.key] for fig in summary_figures(facts)]
    print(render(["项目", "数值", "键"], rows, right={1}))
    return 0


def cmd_years(args: Namespace) -> int:
    with _open(args) as ws:
        found = years.list_years(ws)
    if args.json:
        _print_json([y.__dict__ for y in found])
        return 0
    rows = [[y.unit_code, y.unit_name, str(y.year), "已锁定" if y.locked else "未锁定", y.lock_reason]
            for y in found]
    print(render(["单位代码", "单位名称", "年度", "状态", "锁定原因"], rows))
    return 0


def _adjustment_dict(row: budget.AdjustmentRow) -> dict:
    return {"seq": row.seq, "date": row.date.isoformat(), "category": row.category,
            "project": row.project_code, "amount": format_plain(row.amount), "doc_no": row.doc_no,
            "reason": row.reason, "entered_by": row.entered_by, "reverses": row.reverses_seq,
            "reversed_by": row.reversed_by_seq, "adjusted_total": format_plain(row.running_adjusted)}


def cmd_adjust(args: Namespace) -> int:
    with _open_for_write(args) as ws:
        row = budget.post_adjustment(
            ws, args.year, date=args.date, category=args.category, amount=args.amount,
            money_unit=Unit.WAN if args.in_wan else Unit.YUAN, doc_no=args.doc_no, reason=args.reason,
            project=args.project, unit=args.unit)
    if args.json:
        _print_json(_adjustment_dict(row))
    else:
        print(f"已录入第 {row.seq} 号预算调整：{format_amount(row.amount)} 元；"
              f"调整后预算 {format_amount(row.running_adjusted, Unit.WAN)} 万元")
    return 0


def cmd_reverse(args: Namespace) -> int:
    with _open_for_write(args) as ws:
        row = budget.reverse_adjustment(ws, args.year, args.seq, reason=args.reason, unit=args.unit)
    if args.json:
        _print_json(_adjustment_dict(row))
    else:
        print(f"已录入第 {row.seq} 号冲销记录（冲销第 {row.reverses_seq} 号，原记录保留）：{format_amount(row.amount)} 元")
    return 0


def cmd_adjustments(args: Namespace) -> int:
    with _open(args) as ws:
        found = budget.list_adjustments(ws, args.year, args.unit)
    if args.json:
        _print_json([_adjustment_dict(r) for r in found])
        return 0
    rows = []
    for r in found:
        mark = f"冲销第{r.reverses_seq}号" if r.reverses_seq else (f"已被第{r.reversed_by_seq}号冲销" if r.reversed_by_seq else "")
        rows.append([str(r.seq), r.date.isoformat(), BudgetCategory(r.category).label, r.project_name or "",
                     format_amount(r.amount, Unit.WAN), format_amount(r.running_adjusted, Unit.WAN), r.doc_no, mark])
    print(render(["序号", "日期", "类别", "项目", "调整金额(万元)", "调整后预算(万元)", "文号", "冲销"], rows, right={4, 5}))
    return 0


def cmd_new_year(args: Namespace) -> int:
    from desktop.services import new_year

    with (_open_for_write(args) if args.yes else _open(args)) as ws:
        if args.yes:
            plan = new_year.create_year_from(ws, args.year, args.from_year, args.unit)
        else:
            plan = new_year.plan_new_year(ws, args.year, args.from_year, args.unit)
    if args.json:
        _print_json({"written": bool(args.yes), "unit": plan.unit_code, "year": plan.year,
                     "from_year": plan.from_year, "cards": plan.cards_held, "projects": plan.projects,
                     "targets": plan.targets, "lines": plan.lines(),
                     "carryover_begin": None if plan.carryover_begin is None else format_plain(plan.carryover_begin)})
        return 0
    verb = "已新建" if args.yes else "将新建"
    print(f"{verb} {plan.unit_name} {plan.year}年度，从{plan.from_year}年度结转：")
    for line in plan.lines():
        print(f"  {line}")
    if not args.yes:
        print("数据未改变。确认无误后加 --yes 写入。")
    elif not plan.from_locked:
        print(f"{plan.from_year}年度尚未锁定：核对无误后可锁定，"
              f"budget-desk lock --year {plan.from_year} --reason \"年度结束\"")
    return 0


def cmd_lock(args: Namespace) -> int:
    with _open_for_write(args) as ws:
        info = years.lock_year(ws, args.year, args.reason, args.unit)
    print(f"{info.unit_name} {info.year}年度已锁定：{info.lock_reason}")
    return 0


def cmd_unlock(args: Namespace) -> int:
    with _open_for_write(args, daily=False) as ws:  # unlocking backs up first itself
        info = years.unlock_year(ws, args.year, args.reason, args.unit)
    print(f"{info.unit_name} {info.year}年度已解锁")
    return 0


def cmd_log(args: Namespace) -> int:
    from desktop.services.audit_evidence import verify_against

    args.verify = args.verify or args.against is not None
    with _open(args) as ws:
        entries = audit_log.entries(ws, year=args.year, limit=args.limit)
        broken = audit_log.verify_chain(ws) if args.verify else None
        against = verify_against(ws, args.against) if args.against else None
    if args.json:
        _print_json({"entries": [e.__dict__ for e in entries],
                     "chain_ok": None if not args.verify else broken is None, "first_broken": broken,
                     **({"against": {"ok": against.ok, "message": against.message}} if against else {})})
        return 0 if against is None or against.ok else 1
    rows = [[str(e.seq), e.at.strftime("%Y-%m-%d %H:%M:%S"), e.actor, e.action, e.summary] for e in entries]
    print(render(["序号", "时间", "操作人", "操作", "内容"], rows))
    if args.verify:
        print("日志哈希链校验：" + ("通过" if broken is None else f"第 {broken} 条起不一致，日志可能被篡改"))
    if against is not None:
        print(f"与 {args.against.name} 核对：{against.message}")
        if not against.ok:
            return 1
    return 0 if broken is None else 3




def cmd_indicators(args: Namespace) -> int:
    from desktop.services import evaluation

    with _open(args) as ws:
        results = evaluation.indicators(ws, args.year, args.unit, args.rules)
    if args.json:
        _print_json({key: r.to_json() for key, r in results.items()})
        return 0
    rows = []
    for r in results.values():
        met = {True: "达标", False: "未达标", None: ""}[r.met]
        value = r.printed + (r.unit if r.value is not None and r.unit == "%" else "")
        if r.value is not None and r.unit == "万元":
            value += " 万元"
        rows.append([r.name, value, r.target_text, met, r.note or r.reason])
    print(render(["指标", "数值", "目标", "是否达标", "说明"], rows, right={1}))
    quarterly = results.get("quarterly_execution")
    if quarterly and quarterly.entries:
        print()
        print(render(["季度", "累计支出进度", "序时进度", "分季执行率"],
                     [[f"第{e['quarter']}季度", f"{e['progress'] or '—'}%", f"{e['time_progress']}%", f"{e['rate'] or '—'}%"]
                      for e in quarterly.entries], right={1, 2, 3}))
    if args.trace:
        for r in results.values():
            print(f"\n{r.name}（{r.id}）= {r.formula}；口径：{r.basis}")
            for key, i in ((i.key, i) for i in r.inputs):
                print(f"  {i.label}：{i.printed()} {i.unit}  ← {i.source}  [{key}]")
    return 0


def cmd_check(args: Namespace) -> int:
    from desktop.core.checks import ERROR, PASS
    from desktop.services import evaluation

    with _open(args) as ws:
        results = evaluation.checks(ws, args.year, args.unit)
    errors = sum(1 for c in results if c.severity == ERROR)
    if args.json:
        _print_json({"errors": errors, "checks": [c.to_json() for c in results]})
        return 1 if errors else 0
    shown = results if args.all else [c for c in results if c.severity != PASS]
    for c in shown:
        print(f"[{c.severity}] {c.name}：{c.message}")
        for label, value in c.figures.items():
            print(f"        {label}：{value}")
    counts = {s: sum(1 for c in results if c.severity == s) for s in ("错误", "尾差", "提示", "通过")}
    print("共 {} 项校验：".format(len(results)) + "，".join(f"{k} {v}" for k, v in counts.items()))
    return 1 if errors else 0


def cmd_score(args: Namespace) -> int:
    from desktop.services import evaluation

    with _open(args) as ws:
        sheet = evaluation.score(ws, args.year, args.unit, args.rules)
    if args.json:
        _print_json(sheet.to_json())
        return 0
    print(f"{sheet.rules_name}")
    rows = [[s.item.level1, s.item.level2, s.item.name, format_plain(s.item.weight), format_plain(s.points),
             format_plain(s.lost) if s.lost else "", s.reason] for s in sheet.items]
    print(render(["一级", "二级", "评分项", "分值", "得分", "扣分", "评分说明"], rows, right={3, 4, 5}))
    if not sheet.scored:
        print(f"\n{sheet.grade}")
        return 0
    print(f"\n总分 {format_plain(sheet.total)} / {format_plain(sheet.full)}，等级：{sheet.grade}")
    return 0


def cmd_score_set(args: Namespace) -> int:
    from desktop.services import evaluation

    with _open_for_write(args) as ws:
        evaluation.set_score(ws, args.year, args.item, args.points, args.reason, unit=args.unit,
                             rules_path=args.rules)
    print(f"已记录 {args.item} 得分 {args.points}")
    return 0


def cmd_target(args: Namespace) -> int:
    from desktop.core.errors import ValidationError
    from desktop.services import targets

    with _open(args) as ws:
        if args.indicator is None:
            if args.value is not None or args.clear:
                raise ValidationError("请用 --indicator 指明要设定目标的指标")
            rows = [[r.indicator, r.name, r.text(r.rules_value), "" if r.year_value is None else r.text(r.year_value),
                     r.text()] for r in targets.target_rows(ws, args.year, args.unit, args.rules)]
            print(render(["指标代码", "指标", "评分规则目标", "本年度设定", "采用的目标"], rows))
            return 0
        if args.clear == (args.value is not None):
            raise ValidationError("请给出 --value 目标值，或用 --clear 恢复评分规则中的目标（二者选一）")
        if args.clear:
            print(targets.clear_target(ws, args.year, args.indicator, unit=args.unit, rules_path=args.rules))
        else:
            print(targets.set_target(ws, args.year, args.indicator, args.value, unit=args.unit,
                                     rules_path=args.rules))
    return 0


def cmd_chart(args: Namespace) -> int:
    from desktop.core.charts import KINDS
    from desktop.core.errors import ValidationError

    if args.list:
        for kind, (title, _fn) in KINDS.items():
            print(f"{kind}\t{title}")
        return 0
    if args.year is None or not args.kind or args.out is None:
        raise ValidationError("请给出 --year、--kind 和 --out（或用 --list 列出图表类型）")
    from desktop.services import charts

    money_unit = Unit(args.money_unit)
    with _open(args) as ws:
        if args.kind == "all":
            args.out.mkdir(parents=True, exist_ok=True)
            for kind in KINDS:
                path = charts.save_chart(ws, args.year, kind, args.out / f"{kind}.png", args.unit, money_unit)
                print(path)
        else:
            print(charts.save_chart(ws, args.year, args.kind, args.out, args.unit, money_unit))
    return 0


def cmd_details(args: Namespace) -> int:
    from desktop.core.errors import ValidationError
    from desktop.services import year_details

    values = {key: value for key, value in (("retired_count", args.retired), ("internal_units", args.internal_units),
                                             ("reception_persons", args.reception_persons)) if value is not None}
    with _open(args) as ws:
        if values:
            year_details.set_unit_details(ws, args.year, unit=args.unit, **values)
        for item in args.income:
            source, _, amount = item.partition("=")
            if not amount:
                raise ValidationError(f"--income：“{item}”应写成 来源=金额，如 财政拨款收入=1,000.00", "--income")
            year_details.set_income(ws, args.year, source.strip(), amount.strip(), unit=args.unit)
    print("已保存")
    return 0
