"""Follow-up questionnaires: one answer per member organisation (issue #5).

A questionnaire is created as a draft, previewed, then sent. Each target is an
organisation (or a named person) with a contact and a deputy who may answer for it; the
answer belongs to the target, not to the person who typed it. Rounds of the same
questionnaire share a `series_id` (the first round's id) so they can be compared.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Enum,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.base import Base, UTCDateTime, utcnow


def _enum(kind: type[enum.Enum]) -> Enum:
    return Enum(kind, native_enum=False, length=16, values_callable=lambda e: [m.value for m in e])


class QuestionnaireStatus(enum.StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"
    CANCELLED = "cancelled"


class QuestionKind(enum.StrEnum):
    TEXT = "text"
    CHOICE = "choice"
    MULTI_CHOICE = "multichoice"
    YES_NO = "yesno"
    NUMBER = "number"
    SCALE = "scale"
    # A line with sub-questions under it and no type of its own: shown, never answered.
    HEADING = "heading"


class ResponseStatus(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"


class Questionnaire(Base):
    __tablename__ = "questionnaires"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    tenant_id: Mapped[str] = mapped_column(String(64))
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"), index=True)
    # The first round's id; every copy ("same questions as last autumn") keeps it.
    series_id: Mapped[int | None] = mapped_column(Integer, index=True)
    copied_from_id: Mapped[int | None] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    intro: Mapped[str | None] = mapped_column(Text)
    status: Mapped[QuestionnaireStatus] = mapped_column(
        _enum(QuestionnaireStatus), default=QuestionnaireStatus.DRAFT
    )
    # The last moment answers count as on time (23:59 Europe/Stockholm, stored in UTC).
    deadline_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_by_aad_id: Mapped[str] = mapped_column(String(64), info={"personal": "aad"})
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The channel message holding the status card, updated in place as answers arrive.
    status_activity_id: Mapped[str | None] = mapped_column(String(256))
    # Bumped on every change the status card shows, so each update has its own outbox key.
    status_revision: Mapped[int] = mapped_column(Integer, default=0)

    questions: Mapped[list[QuestionnaireQuestion]] = relationship(
        lazy="raise", order_by="QuestionnaireQuestion.position", cascade="all, delete-orphan"
    )
    targets: Mapped[list[QuestionnaireTarget]] = relationship(
        lazy="raise", order_by="QuestionnaireTarget.label", cascade="all, delete-orphan"
    )


class QuestionnaireQuestion(Base):
    __tablename__ = "questionnaire_questions"
    __table_args__ = (UniqueConstraint("questionnaire_id", "position"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    questionnaire_id: Mapped[int] = mapped_column(
        ForeignKey("questionnaires.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    # What people see and say: "1", "2", "2a" (sub-questions get letters).
    label: Mapped[str] = mapped_column(String(8))
    text: Mapped[str] = mapped_column(String(500))
    kind: Mapped[QuestionKind] = mapped_column(_enum(QuestionKind), default=QuestionKind.TEXT)
    required: Mapped[bool] = mapped_column(Boolean, default=True)
    help: Mapped[str | None] = mapped_column(String(300))
    options: Mapped[list[str]] = mapped_column(JSON, default=list)


class QuestionnaireTarget(Base):
    """Who answers: an organisation (one answer each), or a named person."""

    __tablename__ = "questionnaire_targets"
    __table_args__ = (UniqueConstraint("questionnaire_id", "target_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    questionnaire_id: Mapped[int] = mapped_column(
        ForeignKey("questionnaires.id", ondelete="CASCADE"), index=True
    )
    # "org:<organisation id>" or "person:<aad id>": one target per organisation or person.
    target_key: Mapped[str] = mapped_column(String(80))
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="SET NULL"), index=True
    )
    # The organisation's name when the questionnaire was made (reports outlive renames),
    # or the named person's name.
    # An organisation's name, or a named person's: free text for pseudonymisation, not
    # an identity column (the contact's identity is contact_aad_id).
    label: Mapped[str] = mapped_column(String(256), info={"free_text": True})
    contact_aad_id: Mapped[str | None] = mapped_column(String(64), info={"personal": "aad"})
    deputy_aad_id: Mapped[str | None] = mapped_column(String(64), info={"personal": "aad"})


class QuestionnaireResponse(Base):
    """The organisation's answer. `answers` is what was submitted; `draft` what is being
    worked on (saved drafts and pages of a long questionnaire), so editing a submitted
    answer never un-submits it."""

    __tablename__ = "questionnaire_responses"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    target_id: Mapped[int] = mapped_column(
        ForeignKey("questionnaire_targets.id", ondelete="CASCADE"), unique=True
    )
    status: Mapped[ResponseStatus] = mapped_column(
        _enum(ResponseStatus), default=ResponseStatus.DRAFT
    )
    # Question id (as a string, JSON keys are strings) -> value.
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    draft: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    answered_by_aad_id: Mapped[str | None] = mapped_column(String(64), info={"personal": "aad"})
    answered_by_name: Mapped[str | None] = mapped_column(String(256), info={"personal": "name"})
    draft_by_name: Mapped[str | None] = mapped_column(String(256), info={"personal": "name"})
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # Bumped when the submitted answers change; a resubmit of the same answers is a no-op.
    revision: Mapped[int] = mapped_column(Integer, default=0)
