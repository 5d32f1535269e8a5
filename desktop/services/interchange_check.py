"""Reading and checking an interchange document, at the speed of the parser.

The JSON Schema (resources/schema) stays the published contract. jsonschema checks the
document's shape with the row arrays' `items` left out; each row of those arrays is checked by a
predicate generated once from the same `items` schema (plain Python comparisons, ~50× faster
than jsonschema per row). Only a row that fails goes through jsonschema, so the message is the
same Chinese message, with the `$.years[i]…` path, that the whole-document check gave before.

The parse itself refuses what `json.loads` lets through: a key given twice in one object (the
last would silently win) and nesting deeper than MAX_DEPTH.
"""

from __future__ import annotations

import copy
import functools
import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

from desktop.core.errors import ValidationError
from desktop.core.paths import resource_path

SCHEMA_FILE = "interchange-v1.schema.json"
MAX_DEPTH = 64
MAX_JSON_BYTES = 512 * 2**20  # see README “导入文件的大小上限”: our export of 1,000,000 cards is ~350 MB


@functools.cache
def schema() -> dict[str, Any]:
    return json.loads(resource_path("schema", SCHEMA_FILE).read_text(encoding="utf-8"))


# --- parsing ----------------------------------------------------------------------------------

class _DuplicateKey(Exception):
    pass


def _refuse_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        raise _DuplicateKey()
    return result


class _Marked(dict):
    duplicate = ""


def _mark_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) == len(pairs):
        return result
    seen: set[str] = set()
    marked = _Marked(result)
    marked.duplicate = next(k for k, _ in pairs if k in seen or seen.add(k))
    return marked


def _first_duplicate(document: Any) -> str:
    """The path of the first key given twice (found only after a parse has refused the file)."""
    stack: list[tuple[Any, str]] = [(document, "$")]
    while stack:
        value, path = stack.pop()
        if isinstance(value, _Marked):
            return f"{path}.{value.duplicate}"
        if isinstance(value, dict):
            stack.extend((v, f"{path}.{k}") for k, v in reversed(list(value.items())))
        elif isinstance(value, list):
            stack.extend((v, f"{path}[{n}]") for n, v in reversed(list(enumerate(value))))
    return "$"


def parse(raw: bytes, name: str) -> Any:
    """Bytes → document, numbers with a point as Decimal; every refusal in Chinese."""
    if len(raw) > MAX_JSON_BYTES:
        raise ValidationError(f"文件“{name}”超过 {MAX_JSON_BYTES // 2**20} MB，已拒绝导入")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationError(f"文件“{name}”不是 UTF-8 编码的 JSON 文件") from exc
    try:
        return json.loads(text, parse_float=Decimal, object_pairs_hook=_refuse_duplicates)
    except json.JSONDecodeError as exc:
        raise ValidationError(f"文件“{name}”不是有效的 JSON：第 {exc.lineno} 行第 {exc.colno} 列附近有错误") from exc
    except RecursionError as exc:
        raise _too_deep(name) from exc
    except _DuplicateKey:
        path = _first_duplicate(json.loads(text, parse_float=Decimal, object_pairs_hook=_mark_duplicates))
        raise ValidationError(f"数据文件格式不符：{path}：同一对象中出现了两次，无法确定以哪个为准", path) from None


def _too_deep(name: str = "") -> ValidationError:
    what = f"文件“{name}”" if name else "数据文件"
    return ValidationError(f"{what}的嵌套层数超过 {MAX_DEPTH} 层，不是本软件的数据文件，已拒绝导入")


def _deeper_than(value: Any, limit: int) -> bool:
    stack = [(value, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, (dict, list)):
            if depth > limit:
                return True
            stack.extend((v, depth + 1) for v in (value.values() if isinstance(value, dict) else value))
    return False


# --- validation -------------------------------------------------------------------------------

def _pointer(path) -> str:
    out = "$"
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out


@functools.cache
def _compiled() -> tuple[Any, dict[str, Any], dict[str, tuple[Any, Any]]]:
    """(shape validator, the row arrays' item schemas, row key → (fast predicate, jsonschema validator))."""
    from jsonschema import Draft202012Validator

    full = schema()
    shape = copy.deepcopy(full)
    year = shape["$defs"]["year"]["properties"]
    rows = {}
    for key, prop in year.items():
        if prop.get("type") == "array" and isinstance(prop.get("items"), dict):
            item = prop.pop("items")
            standalone = {"$defs": full["$defs"], **item}
            rows[key] = (_predicate(item, full["$defs"]), Draft202012Validator(standalone))
    return Draft202012Validator(shape), full["$defs"], rows


def validate_document(document: Any) -> None:
    """The shape by jsonschema, every row by its predicate; the first problem with its path."""
    from jsonschema.exceptions import best_match

    shape, _, rows = _compiled()
    errors = list(shape.iter_errors(document))
    if errors:
        _raise(best_match(errors), [], len(errors))
    for i, year in enumerate(document["years"]):
        for key, (ok, validator) in rows.items():
            items = year.get(key) or []
            bad = [n for n, item in enumerate(items) if not ok(item)]
            if bad:
                n = bad[0]
                row_errors = list(validator.iter_errors(items[n]))
                if not row_errors:  # the predicate is stricter than the schema: a bug, said plainly
                    raise ValidationError(f"数据文件格式不符：$.years[{i}].{key}[{n}]", f"$.years[{i}].{key}[{n}]")
                _raise(best_match(row_errors), ["years", i, key, n], len(bad) - 1 + len(row_errors))


def _raise(err, prefix: list, count: int) -> None:
    from jsonschema.exceptions import best_match

    while err.context:  # anyOf (a value or null): report the branch that almost matched
        err = best_match(err.context)
    if _deeper_than(err.instance, MAX_DEPTH):
        raise _too_deep()
    where = _pointer([*prefix, *err.absolute_path])
    more = f"（另有 {count - 1} 处问题）" if count > 1 else ""
    raise ValidationError(f"数据文件格式不符：{where}：{_explain(err)}{more}", where)


def _explain(err) -> str:
    if err.validator == "pattern":
        return f"“{err.instance}”格式不对（金额须为元、两位小数，如 1234.50；日期如 2020-03-31）"
    if err.validator == "required":
        return f"缺少必填项（{err.message.split(' is a required')[0]}）"
    if err.validator == "enum":
        return f"“{err.instance}”不是可选值（可选：{'、'.join(map(str, err.validator_value))}）"
    if err.validator == "additionalProperties" and isinstance(err.instance, dict):
        extra = sorted(set(err.instance) - set(err.schema.get("properties", {})))
        return f"有不认识的项目：{'、'.join(extra)}"
    if err.validator == "type":
        kinds = {"string": "文本", "integer": "整数", "boolean": "是/否", "array": "列表", "object": "对象",
                 "null": "空"}
        expected = err.validator_value if isinstance(err.validator_value, list) else [err.validator_value]
        return f"类型不对，应为{'或'.join(kinds.get(k, k) for k in expected)}"
    if err.validator == "const":
        return f"应为 {err.validator_value!r}"
    if err.validator in ("minimum", "maximum"):
        return f"{err.instance} 超出允许的范围"
    if err.validator == "minItems":
        return "至少要有一项"
    if err.validator in ("minLength", "maxLength"):
        return "长度不符合要求" if err.validator == "maxLength" else "不能为空"
    return f"格式不符（{err.validator}）"


# --- row predicates generated from the schema ---------------------------------------------------

_TYPES = {"string": "type({v}) is str", "integer": "type({v}) is int", "boolean": "type({v}) is bool",
          "object": "type({v}) is dict", "array": "type({v}) is list", "null": "{v} is None"}
_HANDLED = {"type", "enum", "const", "pattern", "minLength", "maxLength", "minimum", "maximum", "anyOf", "$ref",
            "properties", "required", "additionalProperties", "items", "minItems", "description", "title"}


def _predicate(item_schema: dict, defs: dict):
    """Compile a schema into one Python function `ok(value) -> bool`, the same answer as
    jsonschema for the keywords our schema uses (anything else makes the build fail loudly)."""
    constants: dict[str, Any] = {}
    counter = iter(range(10**6))

    def const(value: Any) -> str:
        name = f"C{next(counter)}"
        constants[name] = value
        return name

    def expr(s: Any, v: str, depth: int) -> str:
        if s is True or s == {}:
            return "True"
        if "$ref" in s:
            s = {**defs[s["$ref"].rsplit("/", 1)[-1]], **{k: x for k, x in s.items() if k != "$ref"}}
        unknown = set(s) - _HANDLED
        if unknown:
            raise RuntimeError(f"schema keyword not compiled: {unknown}")
        parts = []
        kind = s.get("type")
        if kind is not None:
            kinds = kind if isinstance(kind, list) else [kind]
            parts.append("(" + " or ".join(_TYPES[k].format(v=v) for k in kinds) + ")")
        if "enum" in s:
            values = s["enum"]
            if all(isinstance(x, str) for x in values):
                parts.append(f"(type({v}) is str and {v} in {const(frozenset(values))})")
            else:
                parts.append(f"any(_same({v}, x) for x in {const(tuple(values))})")
        if "const" in s:
            parts.append(f"_same({v}, {const(s['const'])})")
        if "pattern" in s:
            parts.append(f"(type({v}) is not str or {const(re.compile(s['pattern']))}.search({v}) is not None)")
        if "minLength" in s:
            parts.append(f"(type({v}) is not str or len({v}) >= {int(s['minLength'])})")
        if "maxLength" in s:
            parts.append(f"(type({v}) is not str or len({v}) <= {int(s['maxLength'])})")
        number = f"(type({v}) is int or type({v}) is float or isinstance({v}, _Decimal))"
        if "minimum" in s:
            parts.append(f"(not {number} or {v} >= {s['minimum']!r})")
        if "maximum" in s:
            parts.append(f"(not {number} or {v} <= {s['maximum']!r})")
        if "anyOf" in s:
            parts.append("(" + " or ".join(expr(b, v, depth) for b in s["anyOf"]) + ")")
        if "minItems" in s:
            parts.append(f"(type({v}) is not list or len({v}) >= {int(s['minItems'])})")
        if "items" in s:
            x = f"x{depth}"
            parts.append(f"(type({v}) is not list or all({expr(s['items'], x, depth + 1)} for {x} in {v}))")
        if "properties" in s or "required" in s or "additionalProperties" in s:
            props = s.get("properties", {})
            obj = []
            if s.get("additionalProperties") is False:
                obj.append(f"{v}.keys() <= {const(frozenset(props))}")
            if s.get("required"):
                obj.append(f"{v}.keys() >= {const(frozenset(s['required']))}")
            for key, sub in props.items():
                inner = expr(sub, f"{v}[{key!r}]", depth + 1)
                if key in s.get("required", ()):
                    obj.append(inner)
                else:
                    obj.append(f"({key!r} not in {v} or {inner})")
            parts.append(f"(type({v}) is not dict or ({' and '.join(obj) or 'True'}))")
        return "(" + (" and ".join(parts) or "True") + ")"

    source = f"def ok(v):\n    return {expr(item_schema, 'v', 0)}\n"
    namespace = {"_same": _same, "_Decimal": Decimal, **constants}
    exec(compile(source, "<interchange row check>", "exec"), namespace)  # noqa: S102 - code built above from our own schema
    return namespace["ok"]


def _same(a: Any, b: Any) -> bool:
    """JSON equality as jsonschema sees it: true is not 1."""
    return type(a) is type(b) and a == b if isinstance(a, bool) or isinstance(b, bool) else a == b


def read_file(path: Path) -> tuple[bytes, str]:
    path = Path(path)
    try:
        if path.stat().st_size > MAX_JSON_BYTES:  # before reading: the cap is also a memory cap
            raise ValidationError(f"文件“{path.name}”超过 {MAX_JSON_BYTES // 2**20} MB，已拒绝导入")
        return path.read_bytes(), path.name
    except OSError as exc:
        raise ValidationError(f"无法读取文件“{path}”：{exc.strerror or exc}") from exc
