"""预算绩效工作台 (Budget Desk)."""

__version__ = "0.1.0"
