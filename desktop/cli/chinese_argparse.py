"""argparse in Chinese: its usage line, section titles and error messages.

argparse looks every message up through the module's gettext function `_` at the moment it
prints it; no Chinese catalogue ships with Python, so the command line would answer a finance
officer in English (`usage:`, `error: the following arguments are required`). We give argparse
a lookup of our own for the messages a person can meet. A message not listed stays as it is.
"""

from __future__ import annotations

import argparse

_MESSAGES = {
    "usage: ": "用法：",
    "positional arguments": "位置参数",
    "options": "选项",
    "optional arguments": "选项",
    "show this help message and exit": "显示本帮助并退出",
    "show program's version number and exit": "显示版本号并退出",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "one of the arguments %s is required": "参数 %s 必须有一个",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "ignored explicit argument %r": "多余的参数值 %r",
    "expected one argument": "需要一个值",
    "expected at most one argument": "最多一个值",
    "expected at least one argument": "至少需要一个值",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 不明确，可能是 %(matches)s",
    "unexpected option string: %s": "意外的选项：%s",
    "invalid %(type)s value: %(value)r": "“%(value)s”不是有效的%(type)s",
    "invalid choice: %(value)r (choose from %(choices)s)": "“%(value)s”不是可选值（可选：%(choices)s）",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
    "can't open '%(filename)s': %(error)s": "无法打开“%(filename)s”：%(error)s",
}
_PLURALS = {
    "expected %s argument": "需要 %s 个值",
}
_TYPES = {"int": "整数", "float": "数字"}


def _gettext(message: str) -> str:
    return _MESSAGES.get(message, message)


def _ngettext(singular: str, plural: str, n: int) -> str:
    return _PLURALS.get(singular, singular if n == 1 else plural)


class ChineseArgumentParser(argparse.ArgumentParser):
    """An ArgumentParser whose messages are Chinese (installed for every parser it makes)."""

    def _get_value(self, action, arg_string):
        try:
            return super()._get_value(action, arg_string)
        except argparse.ArgumentError as exc:
            name = getattr(action.type, "__name__", "")
            if name in _TYPES:
                raise argparse.ArgumentError(action, f"“{arg_string}”不是有效的{_TYPES[name]}") from exc
            raise


def install() -> None:
    """Route argparse's messages through the Chinese lookup (idempotent)."""
    argparse._ = _gettext  # type: ignore[attr-defined]
    argparse.ngettext = _ngettext  # type: ignore[attr-defined]
