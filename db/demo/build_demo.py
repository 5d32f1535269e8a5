"""Author the demo dataset: 深圳市龙华区政务服务数据管理局, fiscal years 2019 (previous) and 2020.

This script wrote `longhua-2020.json` (the dataset `budget-desk demo` loads); it is kept so the
dataset can be reviewed and rebuilt. It only lays out *inputs*: budget lines, adjustments,
spending lines, monthly disbursement, procurement lines, asset cards, headcount, tasks. Every
figure of the report is then computed by the application from those inputs; the values were
chosen (at 分 precision) so that each figure prints as the 2020 report prints it, rounded
half-up. The asserts below only check the *inputs* add up as intended.

    python db/demo/build_demo.py        # rewrites db/demo/longhua-2020.json
"""

from __future__ import annotations

import json
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent
D = Decimal
ENTERED_BY = "财务科 李敏"


def yuan(value) -> str:
    return f"{D(value):.2f}"


def split(total: Decimal, weights: list[int], step: Decimal = D("10")) -> list[Decimal]:
    """Largest-remainder split of `total` into parts proportional to `weights`, in multiples
    of `step`, the last remainder absorbed by the largest part, so the parts add up exactly."""
    units = (total / step).to_integral_value()
    assert units * step == total, "total must be a multiple of step"
    raw = [units * w / sum(weights) for w in weights]
    parts = [int(r) for r in raw]
    order = sorted(range(len(raw)), key=lambda i: raw[i] - parts[i], reverse=True)
    for i in order[: int(units) - sum(parts)]:
        parts[i] += 1
    return [D(p) * step for p in parts]


# --- projects -----------------------------------------------------------------------------------
# (code, name, class, initial weight, adjusted weight, spent share of adjusted ‰ for general)
CAPITAL = [
    ("LH2020-01", "“智慧龙华”一期建设", 30, 34),
    ("LH2020-02", "龙华区社会公共服务平台（i龙华）", 8, 9),
    ("LH2020-03", "龙华“政务1厅”建设", 7, 8),
    ("LH2020-04", "“无线龙华”公益性公共场所WLAN建设", 6, 7),
    ("LH2020-05", "龙华区政府视频会议系统改造与扩容", 5, 6),
    ("LH2020-06", "新区云计算服务平台", 9, 10),
    ("LH2020-07", "智能运算能力平台", 7, 9),
    ("LH2020-08", "龙华政务服务数据管理服务用房修缮", 3, 3),
    ("LH2020-09", "龙华区富康行政办公区（御璟）综合布线", 2, 3),
    ("LH2020-10", "智慧医疗“114工程”龙华区全民健康信息平台", 6, 7),
    ("LH2020-11", "市政府管理服务指挥中心“智慧龙华”门户应用", 3, 4),
]
GENERAL = [
    # code, name, initial weight (0 = funded by in-year 调剂 only), adjusted weight, spent ‰
    ("LH2020-12", "防疫大脑（龙华区防疫跟踪管控）", 0, 9, 1000),
    ("LH2020-13", "“疫查通”系统开发及口罩助企申领", 0, 5, 1000),
    ("LH2020-14", "防疫数据融合系统", 0, 4, 1000),
    ("LH2020-15", "社区疫情数据上报系统", 0, 2, 1000),
    ("LH2020-16", "企业复工复产报备系统", 0, 2, 1000),
    ("LH2020-17", "“智慧龙华”一期企业服务平台运维", 5, 5, 998),
    ("LH2020-18", "“智慧龙华”一期交通管控平台运维", 5, 5, 997),
    ("LH2020-19", "政务网区块链基础服务平台", 4, 4, 996),
    ("LH2020-20", "行政服务大厅综合窗口服务外包", 12, 12, 999),
    ("LH2020-21", "行政服务大厅免费打复印及证照邮寄服务", 2, 2, 995),
    ("LH2020-22", "区政府“12345”公开电话运营", 6, 6, 998),
    ("LH2020-23", "区政府网站建设管理与信息公开", 3, 3, 994),
    ("LH2020-24", "基层政务公开标准化规范化建设", 2, 2, 993),
    ("LH2020-25", "电子政务外网运维", 7, 7, 998),
    ("LH2020-26", "网络安全监测预警与渗透测试", 5, 5, 997),
    ("LH2020-27", "数据中心机房运维", 6, 6, 998),
    ("LH2020-28", "政务数据共享交换平台运维", 4, 4, 996),
    ("LH2020-29", "大数据平台数据治理", 4, 4, 995),
    ("LH2020-30", "政务服务事项标准化梳理", 2, 2, 992),
    ("LH2020-31", "网上政务服务能力第三方评估迎检", 1, 1, 990),
    ("LH2020-32", "信息化项目技术审核与专家咨询", 2, 2, 991),
    ("LH2020-33", "政务服务满意度测评", 1, 1, 990),
]

PROJECT_INITIAL = D("145206000.00")
PROJECT_ADJUSTED = D("216325670.00")
PROJECT_ACTUAL = D("216050200.00")
CAPITAL_BUDGET = D("129530000.00")  # adjusted = actual: the 基本建设类 projects spent fully


def build_projects():
    capital_initial_total = D("98000000.00")
    cap_initial = split(capital_initial_total, [c[2] for c in CAPITAL])
    cap_adjusted = split(CAPITAL_BUDGET, [c[3] for c in CAPITAL])
    gen_initial = split(PROJECT_INITIAL - capital_initial_total, [g[2] for g in GENERAL if g[2]])
    gen_adjusted = split(PROJECT_ADJUSTED - CAPITAL_BUDGET, [g[3] for g in GENERAL])
    general_actual_total = PROJECT_ACTUAL - CAPITAL_BUDGET
    # spending of general projects: share of adjusted, the remainder put on the largest project
    gen_actual = [(a * D(g[4]) / 1000).quantize(D("1")) for a, g in zip(gen_adjusted, GENERAL)]
    biggest = max(range(len(gen_actual)), key=lambda i: gen_adjusted[i] if GENERAL[i][4] < 1000 else 0)
    gen_actual[biggest] += general_actual_total - sum(gen_actual)
    projects = []
    initial_iter = iter(gen_initial)
    for (code, name, _, _), ini, adj in zip(CAPITAL, cap_initial, cap_adjusted):
        projects.append(dict(code=code, name=name, cls="capital", initial=ini, adjusted=adj, actual=adj))
    for (code, name, wi, _, _), adj, act in zip(GENERAL, gen_adjusted, gen_actual):
        projects.append(dict(code=code, name=name, cls="general",
                             initial=next(initial_iter) if wi else D(0), adjusted=adj, actual=act))
    assert sum(p["initial"] for p in projects) == PROJECT_INITIAL
    assert sum(p["adjusted"] for p in projects) == PROJECT_ADJUSTED
    assert sum(p["actual"] for p in projects) == PROJECT_ACTUAL
    assert all(p["actual"] <= p["adjusted"] for p in projects)
    return projects


def targets_for(p) -> list[dict]:
    special = {
        "LH2020-01": [("output", "quantity", "子项目竣工验收数", "个", ">=", "56", "56")],
        "LH2020-20": [("output", "quantity", "三级行政服务大厅业务量", "万件", ">=", "60", "84"),
                      ("output", "quality", "按时办结率", "%", ">=", "100", "100")],
        "LH2020-21": [("output", "quantity", "证照免费邮寄量", "件", ">=", "30000", "40748")],
        "LH2020-26": [("output", "quantity", "渗透测试次数", "次", ">=", "3000", "5596"),
                      ("output", "quality", "高、中危漏洞修复数", "个", ">=", "10000", "18839")],
        "LH2020-13": [("output", "quantity", "助企发放口罩数", "万个", ">=", "300", "360.4")],
    }
    rows = special.get(p["code"], [("output", "quantity", "建设（服务）任务完成率", "%", ">=", "100", "100")])
    rows = rows + [
        ("output", "timeliness", "按计划时间完成率", "%", ">=", "95", "100"),
        ("output", "cost", "预算控制率", "%", "<=", "100",
         f"{(p['actual'] * 100 / p['adjusted']).quantize(D('0.01'), rounding=ROUND_HALF_UP)}"),
        ("satisfaction", "service_satisfaction", "服务对象满意度", "%", ">=", "90", "98.02"),
    ]
    return [dict(level1=a, level2=b, name=c, unit=d, direction=e, target=f, actual=g)
            for a, b, c, d, e, f, g in rows]


# --- budget and adjustments ---------------------------------------------------------------------
PERSONNEL_INITIAL, PERSONNEL_ADJUSTED, PERSONNEL_ACTUAL = D("11734000.00"), D("10621660.00"), D("10537400.00")
PUBLIC_INITIAL, PUBLIC_ADJUSTED, PUBLIC_ACTUAL = D("14153000.00"), D("13470200.00"), D("13408855.00")
RECEPTION_BUDGET, VEHICLE_OPERATION_BUDGET = D("10000.00"), D("280500.00")
VEHICLE_OPERATION_ACTUAL = D("18128.12")
VEHICLE_OPERATION_2019 = D("100600.00")
CARRY_BEGIN, APPROPRIATION = D("1000.00"), D("240003000.00")


def build_adjustments(projects):
    entries = []

    def add(date, category, project, amount, doc_no, reason, reverses=None):
        entries.append(dict(seq=len(entries) + 1, date=date, category=category, project=project,
                            amount=yuan(amount), doc_no=doc_no, reason=reason, entered_by=ENTERED_BY,
                            entered_at=f"{date}T16:{10 + len(entries) % 40:02d}:00", reverses=reverses))

    month_for = {}
    for i, p in enumerate(projects):
        delta = p["adjusted"] - p["initial"]
        if not delta:
            continue
        if p["initial"] == 0:
            date, doc, why = "2020-02-18", "深龙财预〔2020〕12号", "新冠肺炎疫情防控急需，追加防疫信息化项目经费"
        elif p["cls"] == "capital":
            date, doc, why = "2020-06-30", "深龙财预〔2020〕58号", "政府投资项目年度计划调整，按建设进度追加投资"
        else:
            date, doc, why = "2020-09-15", "深龙财预〔2020〕86号", "按项目实际需求调剂预算指标"
        month_for[p["code"]] = date
        add(date, "project", p["code"], delta, doc, why)
    # A mis-keyed entry and its reversal: the original stays visible, the net effect is zero.
    add("2020-10-12", "project", "LH2020-25", D("300000.00"), "深龙财预〔2020〕97号", "电子政务外网扩容（误录）")
    add("2020-10-13", "project", "LH2020-25", D("-300000.00"), "深龙财预〔2020〕97号",
        "冲销第 {} 号调整：金额录入错误，该文件实为下年度指标".format(len(entries)), reverses=len(entries))
    add("2020-11-20", "personnel", None, PERSONNEL_ADJUSTED - PERSONNEL_INITIAL, "深龙财预〔2020〕103号",
        "人员变动，按实有人数调减人员经费")
    add("2020-11-20", "public", None, PUBLIC_ADJUSTED - PUBLIC_INITIAL, "深龙财预〔2020〕103号",
        "落实过紧日子要求，压减一般性支出")
    entries.sort(key=lambda e: (e["date"], e["seq"]))
    renumber = {e["seq"]: i + 1 for i, e in enumerate(entries)}
    for e in entries:
        e["seq"] = renumber[e["seq"]]
        if e["reverses"] is not None:
            e["reverses"] = renumber[e["reverses"]]
            e["reason"] = f"冲销第 {e['reverses']} 号调整：金额录入错误，该文件实为下年度指标"
    return entries


def build_expenditures(projects):
    public_lines = [("办公费", D("1862400.00")), ("印刷费", D("365200.00")), ("水电费", D("1438600.00")),
                    ("物业管理费", D("3986500.00")), ("维修（护）费", D("1127300.00")),
                    ("公务用车运行维护费", VEHICLE_OPERATION_ACTUAL), ("邮电费", D("2468900.00"))]
    rest = PUBLIC_ACTUAL - sum(a for _, a in public_lines)
    public_lines.append(("其他商品和服务支出", rest))
    assert rest > 0
    out = [dict(category="personnel", project=None, amount=yuan(PERSONNEL_ACTUAL), note="工资福利支出及对个人和家庭的补助")]
    out += [dict(category="public", project=None, amount=yuan(a), note=n) for n, a in public_lines]
    out += [dict(category="project", project=p["code"], amount=yuan(p["actual"]), note="") for p in projects]
    # “三公” is a memo of spending already counted above (公务用车运行维护费 is part of 公用经费).
    out.append(dict(category="three_public_vehicle_operation", project=None, amount=yuan(VEHICLE_OPERATION_ACTUAL),
                    note="公务用车运行维护费（“三公”经费）"))
    return out


def build_disbursements(adjusted_total: Decimal):
    # Cumulative 国库支付 at each month end; quarter ends give the report's progress figures.
    shares = {1: "0.0620", 2: "0.1540", 3: "0.2953", 4: "0.3650", 5: "0.4480", 6: "0.5760",
              7: "0.6310", 8: "0.7020", 9: "0.8200", 10: "0.8740", 11: "0.9310"}
    out = [dict(month=m, cumulative=yuan((adjusted_total * D(s)).quantize(D("0.01"), rounding=ROUND_HALF_UP)))
           for m, s in shares.items()]
    out.append(dict(month=12, cumulative=yuan(APPROPRIATION)))
    return out


PROCUREMENTS = [
    # code, name, type, method, project, budget, contract, paid
    ("CG2020-001", "台式计算机及笔记本电脑采购", "goods", "online_mall", None, "520000.00", "438000.00", "438000.00"),
    ("CG2020-002", "服务器及网络交换机采购", "goods", "open_tender", "LH2020-06", "620000.00", "538000.00", "538000.00"),
    ("CG2020-003", "自助服务终端采购", "goods", "competitive_consultation", "LH2020-03", "480000.00", "427200.00", "427200.00"),
    ("CG2020-004", "正版办公及数据库软件采购", "goods", "framework", None, "900000.00", "660160.00", "660160.00"),
    ("CG2020-005", "办公家具及打印设备采购", "goods", "inquiry", None, "100000.00", "88000.00", "88000.00"),
    ("CG2020-006", "行政服务大厅综合窗口服务外包", "services", "open_tender", "LH2020-20", "5200000.00", "5108000.00", "5108000.00"),
    ("CG2020-007", "“12345”公开电话运营服务", "services", "open_tender", "LH2020-22", "2500000.00", "2463500.00", "2463500.00"),
    ("CG2020-008", "电子政务外网运维服务", "services", "open_tender", "LH2020-25", "2600000.00", "2215260.00", "2215260.00"),
    ("CG2020-009", "网络安全监测及渗透测试服务", "services", "competitive_consultation", "LH2020-26", "1300000.00", "1050000.00", "1050000.00"),
    ("CG2020-010", "证照免费邮寄服务", "services", "competitive_consultation", "LH2020-21", "640000.00", "612000.00", "612000.00"),
    ("CG2020-011", "政务服务满意度第三方测评", "services", "inquiry", "LH2020-33", "400000.00", "340000.00", "340000.00"),
    ("CG2020-012", "网上政务服务能力第三方评估", "services", "single_source", "LH2020-31", "300000.00", "300000.00", "300000.00"),
]
PROCUREMENT_BUDGET, GOODS_PAID, SERVICES_PAID = D("15560000.00"), D("2151360.00"), D("12088760.00")


def build_procurements():
    out = [dict(code=c, name=n, type=t, method=m, project=p, budget=b, contract=k, paid=pd,
                supplier="") for c, n, t, m, p, b, k, pd in PROCUREMENTS]
    assert sum(D(o["budget"]) for o in out) == PROCUREMENT_BUDGET
    assert sum(D(o["paid"]) for o in out if o["type"] == "goods") == GOODS_PAID
    assert sum(D(o["paid"]) for o in out if o["type"] == "services") == SERVICES_PAID
    return out


# --- asset register -----------------------------------------------------------------------------
# (name, class, kind, acquisition, date, count, unit value, depreciation per card, status, custodian, location)
ASSET_BATCHES = [
    # 2020 新购 fixed: 151.92 万元
    ("台式计算机", "2", "fixed", "purchase", "2020-04-20", 40, "6500.00", "650.00", "in_use", "综合科", "行政服务大厅"),
    ("笔记本电脑", "2", "fixed", "purchase", "2020-04-20", 20, "8900.00", "890.00", "in_use", "综合科", "局机关"),
    ("激光打印机", "2", "fixed", "purchase", "2020-05-08", 10, "3200.00", "320.00", "in_use", "综合科", "局机关"),
    ("机架式服务器", "2", "fixed", "purchase", "2020-07-16", 2, "185000.00", "9250.00", "in_use", "数据资源科", "区数据中心"),
    ("核心网络交换机", "2", "fixed", "purchase", "2020-07-16", 4, "42000.00", "2100.00", "in_use", "数据资源科", "区数据中心"),
    ("办公桌椅（套）", "6", "fixed", "purchase", "2020-03-12", 30, "2600.00", "0.00", "in_use", "办公室", "局机关"),
    ("政务服务自助终端", "3", "fixed", "purchase", "2020-09-02", 6, "71200.00", "2373.33", "in_use", "政务服务科", "行政服务大厅"),
    ("碎纸机", "2", "fixed", "purchase", "2020-03-12", 3, "2000.00", "200.00", "in_use", "办公室", "局机关"),
    # 2020 调拨 fixed: 4,589.15 万元 (including the vehicle transferred from 科创局 and scrapped)
    ("政务云服务器集群", "2", "fixed", "transfer_in", "2020-05-29", 1, "12850000.00", "1285000.00", "in_use", "数据资源科", "区数据中心"),
    ("存储阵列", "2", "fixed", "transfer_in", "2020-05-29", 2, "3260000.00", "326000.00", "in_use", "数据资源科", "区数据中心"),
    ("视频会议终端", "2", "fixed", "transfer_in", "2020-06-12", 40, "48500.00", "4850.00", "in_use", "办公室", "各街道分会场"),
    ("视频监控前端设备（批）", "3", "fixed", "transfer_in", "2020-08-21", 1, "9876500.00", "493825.00", "in_use", "智慧城市科", "全区路口"),
    ("网络安全防护设备", "2", "fixed", "transfer_in", "2020-08-21", 6, "1245000.00", "124500.00", "in_use", "网络安全科", "区数据中心"),
    ("排队叫号及评价系统", "3", "fixed", "transfer_in", "2020-10-09", 3, "1325000.00", "66250.00", "in_use", "政务服务科", "行政服务大厅"),
    ("大厅服务台及办公家具（批）", "6", "fixed", "transfer_in", "2020-10-09", 1, "3000000.00", "0.00", "in_use", "政务服务科", "行政服务大厅"),
    # 2020 新购 intangible: 187.10 万元; 调拨 intangible: 560.15 万元
    ("正版办公软件（许可）", "9", "intangible", "purchase", "2020-06-05", 1, "1120000.00", "56000.00", "in_use", "综合科", "局机关"),
    ("数据库管理系统软件", "9", "intangible", "purchase", "2020-06-05", 1, "751000.00", "37550.00", "in_use", "数据资源科", "区数据中心"),
    ("政务服务一体化平台软件", "9", "intangible", "transfer_in", "2020-07-31", 1, "3850000.00", "192500.00", "in_use", "政务服务科", "区数据中心"),
    ("数据共享交换平台软件", "9", "intangible", "transfer_in", "2020-07-31", 1, "1751500.00", "87575.00", "in_use", "数据资源科", "区数据中心"),
    # earlier years, still held: 待处置 367.55 万元, 在用 340.82 万元
    ("台式计算机（2013年购）", "2", "fixed", "purchase", "2013-06-18", 150, "4900.00", "4900.00", "pending_disposal", "综合科", "资产仓库"),
    ("旧服务器（2012年购）", "2", "fixed", "purchase", "2012-11-05", 12, "180000.00", "180000.00", "pending_disposal", "数据资源科", "资产仓库"),
    ("打印复印一体机（2013年购）", "2", "fixed", "purchase", "2013-06-18", 20, "39025.00", "39025.00", "pending_disposal", "综合科", "资产仓库"),
    ("视频会议系统（2018年购）", "2", "fixed", "purchase", "2018-03-20", 1, "1280000.00", "640000.00", "in_use", "办公室", "局机关"),
    ("笔记本电脑（2019年购）", "2", "fixed", "purchase", "2019-05-10", 60, "7800.00", "2600.00", "in_use", "综合科", "局机关"),
    ("台式计算机（2019年购）", "2", "fixed", "purchase", "2019-05-10", 100, "5600.00", "1866.67", "in_use", "综合科", "行政服务大厅"),
    ("办公家具（2017年购，批）", "6", "fixed", "purchase", "2017-09-01", 1, "600200.00", "0.00", "in_use", "办公室", "局机关"),
    ("空调机组", "2", "fixed", "purchase", "2018-07-02", 25, "20000.00", "10000.00", "in_use", "办公室", "局机关"),
    ("电子政务网站群软件（2016年建）", "9", "intangible", "self_built", "2016-12-20", 1, "980000.00", "392000.00", "in_use", "办公室", "区数据中心"),
]
VEHICLE = dict(card_no="GD2020-V001", name="公务用车（粤B·科创局划转）", **{"class": "2"}, kind="fixed",
               acquisition="transfer_in", acquired_on="2020-03-06", original_value="260000.00",
               depreciation="122400.00", status="disposed", custodian="办公室", location="已报废",
               disposal=dict(method="scrap", date="2020-05-25", residual_value="3500.00", remitted=True))


def build_cards():
    cards = []
    counters: dict[str, int] = {}
    for name, cls, kind, how, date, n, value, dep, status, custodian, location in ASSET_BATCHES:
        year = date[:4]
        prefix = ("WX" if kind == "intangible" else "GD") + year
        for _ in range(n):
            counters[prefix] = counters.get(prefix, 0) + 1
            cards.append({"card_no": f"{prefix}-{counters[prefix]:04d}", "name": name, "class": cls, "kind": kind,
                          "acquisition": how, "acquired_on": date, "original_value": value,
                          "depreciation": dep, "status": status, "custodian": custodian,
                          "location": location, "disposal": None})
    cards.append(VEHICLE)
    return cards


def check_cards(cards):
    def total(pred):
        return sum(D(c["original_value"]) for c in cards if pred(c))
    in2020 = lambda c: c["acquired_on"].startswith("2020")  # noqa: E731
    assert total(lambda c: c["kind"] == "fixed" and c["acquisition"] == "purchase" and in2020(c)) == D("1519200.00")
    assert total(lambda c: c["kind"] == "fixed" and c["acquisition"] == "transfer_in" and in2020(c)) == D("45891500.00")
    assert total(lambda c: c["kind"] == "intangible" and c["acquisition"] == "purchase" and in2020(c)) == D("1871000.00")
    assert total(lambda c: c["kind"] == "intangible" and c["acquisition"] == "transfer_in" and in2020(c)) == D("5601500.00")
    assert total(lambda c: c["kind"] == "fixed" and c["status"] != "disposed") == D("54234400.00")
    assert total(lambda c: c["kind"] == "fixed" and c["status"] == "in_use") == D("50558900.00")
    assert total(lambda c: c["kind"] == "fixed" and c["status"] == "pending_disposal") == D("3675500.00")


def ledger(cards):
    """Year-end balances of the general ledger (总账), as the accounting system reports them."""
    held = [c for c in cards if c["status"] != "disposed"]

    def total(kind, field):
        return yuan(sum(D(c[field]) for c in held if c["kind"] == kind))
    return [dict(account="fixed_original", amount=total("fixed", "original_value"), note="固定资产科目余额"),
            dict(account="fixed_depreciation", amount=total("fixed", "depreciation"), note="固定资产累计折旧科目余额"),
            dict(account="intangible_original", amount=total("intangible", "original_value"), note="无形资产科目余额"),
            dict(account="intangible_amortization", amount=total("intangible", "depreciation"),
                 note="无形资产累计摊销科目余额")]


# The officer's scores for the qualitative items of the 自评表, with the reasons the report gives.
SELF_EVALUATION = [
    ("target_setting", "3", "所有项目支出均纳入预算绩效目标管理，按产出、效益、满意度设置指标；"
                            "部分项目指标设计及目标值设定还不够精细和量化（见问题与整改）。"),
    ("budget_preparation", "3", "按区财政局要求和预算编制程序合理、规范地编制部门预算，对三公经费、政府采购重点关注。"),
    ("fund_compliance", "4", "所有预算执行均履行报批手续，无超范围、超标准支出，无截留、挤占、挪用资金。"),
    ("internal_control", "3", "已建立预算、收支、资产、采购、建设项目、合同六大领域内部控制制度。"),
    ("disclosure", "2", "预决算信息按规定时间、方式在门户网站公开，并链接至区政府在线信息公开专栏。"),
    ("asset_security", "2", "年末核对固定资产总账、明细账及卡片，账账相符、账实相符；报废车辆残值已上缴。"),
    ("social_benefit", "6", "行政服务大厅全年正常服务，免费打复印及证照邮寄 40748 件；防疫系统支撑疫情防控和复工复产。"),
    ("economic_benefit", "3.5", "通过集约建设云计算、智能运算平台避免重复投资；部分效益尚难量化。"),
    ("ecological_benefit", "3", "线上政务服务和免费邮寄减少群众跑动及车辆排放，推行无纸化申报。"),
    ("sustainability", "3.5", "建立预算管理办法与绩效监控机制；绩效目标精细化仍需提升。"),
]


def narratives():
    text = (HERE / "longhua-2020-narratives.txt").read_text(encoding="utf-8")
    out = []
    for block in text.split("## ")[1:]:
        section, _, body = block.partition("\n")
        out.append(dict(section=section.strip(), body=body.strip()))
    return out


KEY_TASKS = [
    ("key", "打造国家智慧城市标杆市，推进物联感知体系建设"),
    ("key", "深入推进“无感申办”政务服务改革"),
    ("key", "率先开展政务服务“六零行动”"),
    ("key", "上线试运行龙华“政务1厅”"),
    ("key", "完成“智慧龙华”一期建设，56个子项目通过竣工验收"),
    ("key", "开发“防疫大脑”，科技赋能疫情防控和复工复产"),
    ("key", "强化数据管理，推动政务数据共享与开放"),
    ("key", "加强网络安全建设，做好网络安全示范区试点"),
    ("key", "推进基层政务公开标准化规范化"),
    ("livelihood", "开展“百万只口罩助企复工复产”行动"),
    ("livelihood", "“无线龙华”公益性公共场所WLAN建设"),
]

METRICS = [
    ("hall_business_volume", "三级行政服务大厅业务量", "万件", "84", None, None, "59.15", "含网办业务，较上年增长42%"),
    ("on_time_rate", "按时办结率", "%", "100", "100", ">=", None, ""),
    ("hall_satisfaction", "行政服务大厅平均满意率", "%", "98.02", "90", ">=", None, "明察暗访测评"),
    ("public_satisfaction", "群众满意度", "%", "99.2", "90", ">=", None, ""),
    ("online_ratio", "网办比例", "%", "83.81", "70", ">=", None, ""),
    ("mail_volume", "证照免费邮寄量", "件", "40748", None, None, None, ""),
    ("penetration_tests", "渗透测试", "次", "5596", None, None, None, ""),
    ("vulnerabilities_fixed", "修复高、中危漏洞", "个", "18839", None, None, None, ""),
    ("masks_distributed", "助企发放口罩", "万个", "360.4", None, None, None, "惠及企业7654家"),
    ("media_reports", "主流媒体报道", "篇（个）", "274", None, None, None, ""),
]


def year_2020():
    projects = build_projects()
    adjusted_total = PERSONNEL_ADJUSTED + PUBLIC_ADJUSTED + PROJECT_ADJUSTED
    actual_total = PERSONNEL_ACTUAL + PUBLIC_ACTUAL + PROJECT_ACTUAL
    cards = build_cards()
    check_cards(cards)
    budget_lines = [
        dict(category="personnel", project=None, amount=yuan(PERSONNEL_INITIAL), note="工资福利及对个人和家庭的补助"),
        dict(category="public", project=None, amount=yuan(PUBLIC_INITIAL), note="商品和服务支出"),
    ] + [dict(category="project", project=p["code"], amount=yuan(p["initial"]), note="")
         for p in projects if p["initial"]] + [
        dict(category="three_public_abroad", project=None, amount="0.00", note=""),
        dict(category="three_public_reception", project=None, amount=yuan(RECEPTION_BUDGET), note=""),
        dict(category="three_public_vehicle_purchase", project=None, amount="0.00", note=""),
        dict(category="three_public_vehicle_operation", project=None, amount=yuan(VEHICLE_OPERATION_BUDGET), note=""),
    ]
    return {
        "year": 2020, "locked": False, "lock_reason": "",
        "projects": [dict(code=p["code"], name=p["name"], **{"class": p["cls"]}, status="completed", note="",
                          targets=targets_for(p)) for p in projects],
        "budget_lines": budget_lines,
        "adjustments": build_adjustments(projects),
        "expenditures": build_expenditures(projects),
        "disbursements": build_disbursements(adjusted_total),
        "carryover": dict(begin=yuan(CARRY_BEGIN), appropriation=yuan(APPROPRIATION),
                          end=yuan(CARRY_BEGIN + APPROPRIATION - actual_total)),
        "procurements": build_procurements(),
        "key_tasks": [dict(kind=k, name=n, status="done", note="") for k, n in KEY_TASKS],
        "asset_cards": cards,
        "headcount": [dict(category="admin", authorized=12, actual=9),
                      dict(category="civil_service_institution", authorized=0, actual=0),
                      dict(category="institution", authorized=23, actual=19),
                      dict(category="contract", authorized=392, actual=356)],
        "metrics": [dict(code=c, name=n, unit=u, value=v, target=t, direction=d, previous=p, note=note)
                    for c, n, u, v, t, d, p, note in METRICS],
        "narratives": narratives(),
        "ledger": ledger(cards),
        "self_evaluation": [dict(item=i, points=p, reason=r) for i, p, r in SELF_EVALUATION],
    }


def year_2019():
    """The previous year, as far as the 2020 report compares with it (locked: a closed year)."""
    return {
        "year": 2019, "locked": True, "lock_reason": "2019年度决算已批复",
        "projects": [], "budget_lines": [], "adjustments": [],
        "expenditures": [dict(category="three_public_vehicle_operation", project=None,
                              amount=yuan(VEHICLE_OPERATION_2019),
                              note="公务用车运行维护费（含科创局划转车辆）")],
        "disbursements": [], "carryover": None, "procurements": [], "key_tasks": [], "asset_cards": [],
        "headcount": [], "metrics": [], "narratives": [],
    }


def document():
    return {
        "format": "budget-desk", "version": 1,
        "unit": {"code": "LHZSJ", "name": "深圳市龙华区政务服务数据管理局"},
        "years": [year_2019(), year_2020()],
    }


if __name__ == "__main__":
    out = HERE / "longhua-2020.json"
    out.write_text(json.dumps(document(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {out}")
