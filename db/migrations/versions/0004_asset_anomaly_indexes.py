"""Indexes that let the asset-card checks skip the sound cards.

The 资产卡片数据有效 check counts cards with impossible values. Without these it reads every card
of the year (about 0.5 s at 1,000,000 cards, on each load of the year's figures); with them it
reads only the cards that have a problem:
- `ix_asset_cards_anomalies`: a partial index of the cards whose values contradict each other
  (the predicate is copied verbatim by `desktop/services/facts.py::ANOMALY`, as SQLite uses a
  partial index only for a query that repeats its WHERE term);
- `ix_asset_cards_year_disposed_on`: disposal dates, for "disposed after the year end" (acquisition
  dates already have an index).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28
"""

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

ANOMALY = ("depreciation_fen > original_fen"
           " OR (status = 'disposed' AND (disposed_on IS NULL OR disposal_method IS NULL))"
           " OR (status <> 'disposed' AND disposed_on IS NOT NULL)"
           " OR ((kind = 'intangible') <> (asset_class = '9'))")


def upgrade() -> None:
    op.execute(f"CREATE INDEX ix_asset_cards_anomalies ON asset_cards (year_id, card_no) WHERE {ANOMALY}")
    op.execute("CREATE INDEX ix_asset_cards_year_disposed_on ON asset_cards (year_id, disposed_on)"
               " WHERE disposed_on IS NOT NULL")


def downgrade() -> None:
    op.execute("DROP INDEX ix_asset_cards_year_disposed_on")
    op.execute("DROP INDEX ix_asset_cards_anomalies")
