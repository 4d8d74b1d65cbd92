"""Tables of the feedback loop (migration 2026_12_01_0008): sellers' ratings of pages and
blocks, edit signals read from page versions, and how far those versions have been read."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column

from infra.db.models import Base

PAGE = -1  # block_index of a rating of the whole page


class TemplateFeedback(Base):
    """One seller's current rating of a page (block_index -1) or of one block; rating again
    replaces it. The template is the one the block was rendered with when rated."""

    __tablename__ = "template_feedback"
    __table_args__ = (Index("uq_template_feedback_rating", "page_id", "user_id", "block_index",
                            unique=True),)

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    page_id: Mapped[int] = mapped_column(ForeignKey("product_details.id", ondelete="CASCADE"))
    user_id: Mapped[str] = mapped_column(String(128))
    block_index: Mapped[int] = mapped_column(Integer)
    template_id: Mapped[int | None] = mapped_column(
        ForeignKey("templates.id", ondelete="CASCADE"), index=True)
    template_version: Mapped[int | None] = mapped_column(Integer)
    rating: Mapped[int] = mapped_column(SmallInteger)  # +1 or -1
    reason: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class TemplateSignal(Base):
    """An edit that judged a template: its block regenerated, hand-edited or deleted.
    Unique per page version and block, so reading the versions twice counts nothing twice."""

    __tablename__ = "template_signals"
    __table_args__ = (Index("uq_template_signals_once", "page_version_id", "block_index", "kind",
                            unique=True),)

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    template_id: Mapped[int] = mapped_column(ForeignKey("templates.id", ondelete="CASCADE"),
                                             index=True)
    template_version: Mapped[int | None] = mapped_column(Integer)
    page_version_id: Mapped[int] = mapped_column(
        ForeignKey("page_versions.id", ondelete="CASCADE"))
    block_index: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16))  # regenerated | hand_edited | deleted
    weight: Mapped[float] = mapped_column(Float)


class SignalCursor(Base):
    """The last page_versions.id read into template_signals (one row)."""

    __tablename__ = "template_signal_cursor"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_version_id: Mapped[int] = mapped_column(BigInteger, default=0)
