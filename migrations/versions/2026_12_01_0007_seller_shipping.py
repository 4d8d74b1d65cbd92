"""seller shipping/returns settings for the 배송/교환/반품 안내 of every page

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01
"""
import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

COLUMNS = (
    ('courier', sa.String(50)), ('shipping_fee', sa.Integer()),
    ('free_shipping_threshold', sa.Integer()), ('return_fee', sa.Integer()),
    ('exchange_fee', sa.Integer()), ('return_address', sa.String(300)),
    ('as_phone', sa.String(30)), ('return_rules', sa.Text()),
)


def upgrade() -> None:
    # All nullable: an unset value is a question to the seller, never a default.
    for name, kind in COLUMNS:
        op.add_column('seller_settings', sa.Column(name, kind, nullable=True))


def downgrade() -> None:
    for name, _ in reversed(COLUMNS):
        op.drop_column('seller_settings', name)
