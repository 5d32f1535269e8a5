"""Errors a person sees. Every message is Chinese and names what is wrong (field, row, file)."""

from __future__ import annotations


class BudgetDeskError(Exception):
    """Base of every error that is shown to the user as it is."""


class ValidationError(BudgetDeskError, ValueError):
    """Input that cannot be saved; `field` names the form field or the document path (as the
    person reads it), `key` the service parameter it came in (the form shows the message there)."""

    def __init__(self, message: str, field: str = "", key: str = ""):
        super().__init__(message)
        self.field = field
        self.key = key


class YearLockedError(BudgetDeskError):
    def __init__(self, year: int, reason: str = ""):
        why = f"（锁定原因：{reason}）" if reason else ""
        super().__init__(f"{year}年度已锁定，不能修改{why}。如确需修改，请先解锁该年度。")
        self.year = year


class NotFoundError(BudgetDeskError):
    pass


class ConflictError(BudgetDeskError):
    """What is typed clashes with what is stored (a code already used, a card already disposed);
    `key`, as for ValidationError, is the service parameter it is about."""

    def __init__(self, message: str, key: str = ""):
        super().__init__(message)
        self.key = key


class DataFileError(BudgetDeskError):
    """The data file cannot be opened as it is (foreign, newer, damaged); it was not changed."""
