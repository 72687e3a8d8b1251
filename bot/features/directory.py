"""Directory feature: help, members, organisation, roles, guests' permissions."""

from __future__ import annotations

from bot.features.types import Feature, Route, command_flow, turn_flow
from bot.routing.command_types import SCOPES_GROUP, Command, command
from dialogs.directory import flows as group_directory
from dialogs.turn import Reply

COMMANDS: tuple[Command, ...] = (
    command(
        "help",
        ("hjälp", "meny", "start"),
        ("help", "menu"),
        "Visa vad Samverkansboten kan göra",
        "Show what Samverkansboten can do",
    ),
    command(
        "help_all",
        ("alla kommandon", "kommandon"),
        ("all commands", "commands"),
        "Visa alla kommandon, ordnade efter vad de gör",
        "Show all commands, grouped by what they do",
        in_manifest=False,
    ),
    command(
        "members",
        ("medlemmar", "deltagare"),
        ("members",),
        "Visa gruppens medlemmar, organisationer och roller",
        "Show the group's members, organisations and roles",
        scopes=SCOPES_GROUP,
    ),
    command(
        "organisation",
        ("organisation", "huvudman"),
        ("organisation", "organization"),
        "Ange vilken organisation du företräder, t.ex. organisation Gnesta kommun",
        "Say which organisation you represent, e.g. organisation Gnesta kommun",
        scopes=SCOPES_GROUP,
    ),
    command(
        "role",
        ("roll",),
        ("role",),
        "Ordförande sätter roller: roll @namn processledare",
        "The chair sets roles: role @name process leader",
        scopes=SCOPES_GROUP,
    ),
    command(
        "role_guest",
        ("roll gäst",),
        ("role guest",),
        (
            "Ordförande låter en gäst svara för en organisation: "
            "roll gäst @namn får svara för Trosa kommun (får inte svara … tar tillbaka)"
        ),
        (
            "The chair lets a guest answer for an organisation: "
            "role guest @name may answer for Trosa kommun (may not answer … takes it back)"
        ),
        scopes=SCOPES_GROUP,
        # The command menu holds ten per scope; `hjälp` lists it.
        in_manifest=False,
    ),
)


async def _help(route: Route) -> list[Reply]:
    return group_directory.show_help(route.turn)


async def _all_commands(route: Route) -> list[Reply]:
    from bot.routing.commands import help_sections  # the full table, assembled after this module

    return group_directory.show_all_commands(route.turn, help_sections(route.turn))


FEATURE = Feature(
    name="directory",
    order=0,
    commands=COMMANDS,
    handlers={
        "help": _help,
        "help_all": _all_commands,
        "members": turn_flow(group_directory.show_members),
        "organisation": command_flow(group_directory.set_organisation),
        "role": command_flow(group_directory.change_role),
        "role_guest": command_flow(group_directory.change_guest_permission),
    },
)
