"""Directory feature: help, members, organisation, roles, guests' permissions."""

from __future__ import annotations

from bot.features.types import Feature, Route, command_flow, turn_flow
from bot.routing.command_types import Command
from dialogs.directory import flows as group_directory
from dialogs.turn import Reply

COMMANDS: tuple[Command, ...] = (
    Command(
        key="help",
        words_sv=("hjälp", "meny", "start"),
        words_en=("help", "menu"),
        title_sv="hjälp",
        description_sv="Visa vad Samverkansboten kan göra",
        title_en="help",
        description_en="Show what Samverkansboten can do",
    ),
    Command(
        key="members",
        words_sv=("medlemmar", "deltagare"),
        words_en=("members",),
        title_sv="medlemmar",
        description_sv="Visa gruppens medlemmar, organisationer och roller",
        title_en="members",
        description_en="Show the group's members, organisations and roles",
        scopes=("team", "groupChat"),
    ),
    Command(
        key="organisation",
        words_sv=("organisation", "huvudman"),
        words_en=("organisation", "organization"),
        title_sv="organisation",
        description_sv="Ange vilken organisation du företräder, t.ex. organisation Gnesta kommun",
        title_en="organisation",
        description_en="Say which organisation you represent, e.g. organisation Gnesta kommun",
        scopes=("team", "groupChat"),
    ),
    Command(
        key="role",
        words_sv=("roll",),
        words_en=("role",),
        title_sv="roll",
        description_sv="Ordförande sätter roller: roll @namn processledare",
        title_en="role",
        description_en="The chair sets roles: role @name process leader",
        scopes=("team", "groupChat"),
    ),
    Command(
        key="role_guest",
        words_sv=("roll gäst",),
        words_en=("role guest",),
        title_sv="roll gäst",
        description_sv="Ordförande låter en gäst svara för en organisation: "
        "roll gäst @namn får svara för Trosa kommun (får inte svara … tar tillbaka)",
        title_en="role guest",
        description_en="The chair lets a guest answer for an organisation: "
        "role guest @name may answer for Trosa kommun (may not answer … takes it back)",
        scopes=("team", "groupChat"),
        # The command menu holds ten per scope; `hjälp` lists it.
        in_manifest=False,
    ),
)


async def _help(route: Route) -> list[Reply]:
    from bot.routing.commands import help_entries  # the full table, assembled after this module

    return group_directory.show_help(route.turn, help_entries(route.turn))


FEATURE = Feature(
    name="directory",
    order=0,
    commands=COMMANDS,
    handlers={
        "help": _help,
        "members": turn_flow(group_directory.show_members),
        "organisation": command_flow(group_directory.set_organisation),
        "role": command_flow(group_directory.change_role),
        "role_guest": command_flow(group_directory.change_guest_permission),
    },
)
