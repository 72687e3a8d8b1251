"""Typed SQLAlchemy models for the directory: conversations, groups, organisations, members."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import (
    Boolean,
    Enum,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.base import Base, UTCDateTime, utcnow


class ConversationKind(enum.StrEnum):
    PERSONAL = "personal"
    GROUP_CHAT = "groupChat"
    CHANNEL = "channel"


class Role(enum.StrEnum):
    """Roles in a collaboration group; the Swedish word is what users type and see."""

    CHAIR = "ordförande"
    SECRETARY = "sekreterare"
    PROCESS_LEADER = "processledare"
    MEMBER = "ledamot"
    SUBSTITUTE = "ersättare"


class OrganisationKind(enum.StrEnum):
    MUNICIPALITY = "kommun"
    REGION = "region"
    PRIVATE = "privat"
    OTHER = "övrig"


class Conversation(Base):
    """A stored conversation reference: where the bot can post proactively."""

    __tablename__ = "conversations"
    __table_args__ = (UniqueConstraint("tenant_id", "conversation_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    tenant_id: Mapped[str] = mapped_column(String(64))
    conversation_id: Mapped[str] = mapped_column(String(512))
    kind: Mapped[ConversationKind] = mapped_column(
        Enum(
            ConversationKind,
            native_enum=False,
            length=16,
            values_callable=lambda e: [m.value for m in e],
        )
    )
    service_url: Mapped[str] = mapped_column(String(512))
    channel_id: Mapped[str] = mapped_column(String(32), default="msteams")
    bot_id: Mapped[str] = mapped_column(String(256))
    bot_name: Mapped[str | None] = mapped_column(String(256))
    team_id: Mapped[str | None] = mapped_column(String(512), index=True)
    team_name: Mapped[str | None] = mapped_column(String(256))
    teams_channel_id: Mapped[str | None] = mapped_column(String(512))
    teams_channel_name: Mapped[str | None] = mapped_column(String(256))
    # For personal chats: whose chat this is (AAD object id).
    user_aad_id: Mapped[str | None] = mapped_column(
        String(64), index=True, info={"personal": "aad"}
    )
    locale: Mapped[str | None] = mapped_column(String(16))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    installed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    uninstalled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    welcomed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class Group(Base):
    """A collaboration group, bound to one team channel or group chat."""

    __tablename__ = "groups"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    tenant_id: Mapped[str] = mapped_column(String(64), index=True)
    name: Mapped[str] = mapped_column(String(256))
    conversation_pk: Mapped[int] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), unique=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    conversation: Mapped[Conversation] = relationship(lazy="raise")
    organisations: Mapped[list[Organisation]] = relationship(
        back_populates="group", lazy="raise", order_by="Organisation.name"
    )
    members: Mapped[list[Member]] = relationship(back_populates="group", lazy="raise")


class Organisation(Base):
    """A huvudman: a municipality, the region or a private provider, within one group."""

    __tablename__ = "organisations"
    __table_args__ = (UniqueConstraint("group_id", "name_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(128))
    # Case- and space-folded name: 'gnesta  KOMMUN' and 'Gnesta kommun' are one organisation,
    # and the unique constraint says so even when two turns create it at the same moment.
    name_key: Mapped[str] = mapped_column(String(128))
    kind: Mapped[OrganisationKind] = mapped_column(
        Enum(
            OrganisationKind,
            native_enum=False,
            length=16,
            values_callable=lambda e: [m.value for m in e],
        ),
        default=OrganisationKind.OTHER,
    )

    group: Mapped[Group] = relationship(back_populates="organisations", lazy="raise")


class Member(Base):
    """A Teams user in a group. Identity is tenant + AAD object id, never the display name."""

    __tablename__ = "members"
    __table_args__ = (UniqueConstraint("group_id", "aad_object_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"), index=True)
    aad_object_id: Mapped[str] = mapped_column(String(64), index=True, info={"personal": "aad"})
    teams_user_id: Mapped[str | None] = mapped_column(String(256), info={"personal": "teams_id"})
    name: Mapped[str] = mapped_column(String(256), info={"personal": "name"})
    email: Mapped[str | None] = mapped_column(String(320), info={"personal": "email"})
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="SET NULL"), index=True
    )
    role: Mapped[Role] = mapped_column(
        Enum(Role, native_enum=False, length=16, values_callable=lambda e: [m.value for m in e]),
        default=Role.MEMBER,
    )
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    joined_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # A Teams guest (an external account invited into the team), as Teams' member list
    # says (userRole "guest", an #EXT# UPN or another home tenant). Guests take part but
    # answer for an organisation only where the chair allowed it (GuestPermission).
    guest: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    group: Mapped[Group] = relationship(back_populates="members", lazy="raise")
    organisation: Mapped[Organisation | None] = relationship(lazy="raise")


class GuestPermission(Base):
    """The chair allowed a guest to answer questionnaires and polls for an organisation.
    Revoking deletes the row; the audit log keeps the history of grants and revocations."""

    __tablename__ = "guest_permissions"
    __table_args__ = (UniqueConstraint("member_id", "organisation_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"), index=True)
    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), index=True, info={"personal": "member"}
    )
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    granted_by_aad_id: Mapped[str] = mapped_column(String(64), info={"personal": "aad"})
    granted_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
