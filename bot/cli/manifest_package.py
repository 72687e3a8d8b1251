"""Build the Teams app package (manifest.json, en.json, two icons) from the bot's settings.

A Teams administrator uploads the zip this writes; everything in it must therefore agree
with the running bot. That is why the package is built from the same `Settings` object,
why the bot commands come from the command table in `bot.routing.commands` rather than being
typed into the template, and why a package with an empty or malformed app id, or with a
template placeholder left in it, is refused instead of written: Teams would either
reject it with an unhelpful error or, worse, install an app that points nowhere.

The data lives in `manifest/` at the repository root (template, English strings, icons);
see manifest/README.md for the chosen schema version and how to change it.
"""

from __future__ import annotations

import importlib.metadata
import json
import os
import re
import tomllib
import zipfile
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from bot.routing.commands import COMMANDS, SCOPES_ALL, Command
from bot.settings import Settings, is_guid

REPO_ROOT = Path(__file__).resolve().parents[2]
MANIFEST_DIR = REPO_ROOT / "manifest"
MANIFEST_TEMPLATE = "manifest.template.json"
# Localisation templates by the file name they get inside the package.
LOCALISATION_TEMPLATES = {"en.json": "en.template.json"}

MANIFEST_VERSION = "1.30"
FALLBACK_VERSION = "0.1.0"
# Teams shows at most 10 commands per scope in the command menu (the v1.30 schema allows
# 12, but the documented limit is what clients render); the length limits are the ones
# the command table documents for its manifest titles and descriptions.
MAX_COMMANDS_PER_LIST = 10
MAX_COMMAND_TITLE = 32
MAX_COMMAND_DESCRIPTION = 128

# A fixed timestamp makes the zip depend only on its content, so rebuilding the same
# version gives the same bytes and a changed package is visible as a changed file.
_ZIP_TIMESTAMP = (2020, 1, 1, 0, 0, 0)
_PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")
# Anything in double braces counts as left over, including `${{VAR}}` (Teams Toolkit style)
# and tokens with characters our own placeholders never use.
_LEFTOVER = re.compile(r"\{\{[^{}]*\}\}")
_SEMVER = re.compile(r"^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$")

Json = dict[str, Any]


class ManifestError(ValueError):
    """The app package cannot be built; the message says what to fix (shown to admins)."""


def package_version() -> str:
    """The project version: pyproject.toml in a checkout, else installed metadata."""
    # pyproject first: in a checkout it is the source of truth, while the metadata of an
    # editable install keeps the version from the last `pip install`.
    try:
        project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text("utf-8"))["project"]
        version = project["version"]
        if isinstance(version, str) and version:
            return version
    except (OSError, tomllib.TOMLDecodeError, KeyError, TypeError):
        pass
    try:
        return importlib.metadata.version("samverkansboten")
    except importlib.metadata.PackageNotFoundError:
        return FALLBACK_VERSION


def build_manifest(
    settings: Settings, version: str, *, manifest_dir: Path = MANIFEST_DIR
) -> tuple[Json, dict[str, Json]]:
    """Return the manifest and the localisation files (by file name) for `settings`.

    Raises ManifestError when the settings or the template cannot give a valid package.
    """
    _check_app_id(settings.app_id)
    if not _SEMVER.match(version):
        raise ManifestError(
            f"Appversionen måste vara tre heltal, t.ex. 1.4.0 (fick {version!r}); "
            "Teams godtar inga för- eller efterled i versionen."
        )
    host = _https_host(settings.public_base_url, "PUBLIC_BASE_URL")
    _https_host(settings.privacy_url, "PRIVACY_URL")
    _https_host(settings.terms_url, "TERMS_URL")
    values = {
        "APP_ID": settings.app_id,
        "VERSION": version,
        "PUBLIC_BASE_URL": settings.public_base_url,
        "PUBLIC_HOST": host,
        "PRIVACY_URL": settings.privacy_url,
        "TERMS_URL": settings.terms_url,
    }
    manifest = _fill(_load_json(manifest_dir / MANIFEST_TEMPLATE), values)
    localisations = {
        name: _fill(_load_json(manifest_dir / template), values)
        for name, template in LOCALISATION_TEMPLATES.items()
    }

    bots = manifest.get("bots")
    if not isinstance(bots, list) or len(bots) != 1 or not isinstance(bots[0], dict):
        raise ManifestError(f"{MANIFEST_TEMPLATE} måste ha exakt en bot under 'bots'.")
    command_lists, english_strings = command_lists_from_table(COMMANDS)
    bots[0]["commandLists"] = command_lists
    localisations["en.json"].update(english_strings)

    if settings.graph_enabled:
        if not is_guid(settings.graph_client_id):
            raise ManifestError("GRAPH_CLIENT_ID måste vara ett GUID (appregistreringens id).")
        manifest["webApplicationInfo"] = {
            "id": settings.graph_client_id,
            "resource": f"api://{host}/{settings.graph_client_id}",
        }

    _check_localisation_files(manifest, localisations)
    _refuse_leftovers("manifest.json", manifest)
    for name, document in localisations.items():
        _refuse_leftovers(name, document)
    return manifest, localisations


def command_lists_from_table(
    commands: tuple[Command, ...],
) -> tuple[list[Json], dict[str, str]]:
    """One commandLists entry per scope (Swedish) plus the English strings for them.

    The English strings are keyed the way the localisation schema wants them, e.g.
    `bots[0].commandLists[1].commands[0].title`.
    """
    lists: list[Json] = []
    english: dict[str, str] = {}
    for scope in SCOPES_ALL:
        listed = [c for c in commands if c.in_manifest and scope in c.scopes]
        if not listed:
            continue
        if len(listed) > MAX_COMMANDS_PER_LIST:
            keys = ", ".join(c.key for c in listed)
            raise ManifestError(
                f"Högst {MAX_COMMANDS_PER_LIST} kommandon per område visas i Teams, men "
                f"'{scope}' har {len(listed)} ({keys}); sätt in_manifest=False på några "
                "i bot/routing/commands.py."
            )
        index = len(lists)
        entries: list[Json] = []
        for position, command in enumerate(listed):
            _check_command_lengths(command)
            entries.append({"title": command.title_sv, "description": command.description_sv})
            prefix = f"bots[0].commandLists[{index}].commands[{position}]"
            english[f"{prefix}.title"] = command.title_en
            english[f"{prefix}.description"] = command.description_en
        lists.append({"scopes": [scope], "commands": entries})
    return lists, english


def write_app_package(
    settings: Settings,
    out: Path,
    *,
    version: str | None = None,
    manifest_dir: Path = MANIFEST_DIR,
) -> Path:
    """Write the zip Teams admins upload: manifest, localisations and icons at its root."""
    manifest, localisations = build_manifest(
        settings, version or package_version(), manifest_dir=manifest_dir
    )
    entries: list[tuple[str, bytes]] = [("manifest.json", _json_bytes(manifest))]
    entries += [(name, _json_bytes(document)) for name, document in localisations.items()]
    for role in ("color", "outline"):
        icon_name = manifest["icons"][role]
        icon_path = manifest_dir / icon_name
        if not icon_path.is_file():
            raise ManifestError(
                f"Ikonen {icon_path} saknas; rita den med `python manifest/make_icons.py`."
            )
        entries.append((icon_name, icon_path.read_bytes()))

    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    # Write beside the target and rename, so an interrupted build never leaves a
    # half-written zip where an admin might pick it up.
    partial = out.with_name(out.name + ".partial")
    try:
        with zipfile.ZipFile(partial, "w") as archive:
            for name, data in entries:
                info = zipfile.ZipInfo(name, date_time=_ZIP_TIMESTAMP)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                archive.writestr(info, data)
        os.replace(partial, out)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return out


def _check_app_id(app_id: str) -> None:
    if not app_id:
        raise ManifestError(
            "MicrosoftAppId saknas: appaketet behöver botens app-id (ett GUID från "
            "Azure Bot-registreringen). Sätt MicrosoftAppId i miljön eller i .env."
        )
    if not is_guid(app_id):
        raise ManifestError(
            f"MicrosoftAppId måste vara ett GUID, t.ex. 00000000-0000-0000-0000-000000000000 "
            f"(fick {app_id!r})."
        )


def _https_host(url: str, variable: str) -> str:
    """The host (with any explicit port) of an https URL; Teams refuses plain http."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise ManifestError(f"{variable} är ingen giltig adress: {url!r}.") from exc
    if parts.scheme != "https" or not parts.hostname:
        raise ManifestError(f"{variable} måste vara en https-adress (fick {url!r}).")
    return parts.hostname if port is None else f"{parts.hostname}:{port}"


def _check_command_lengths(command: Command) -> None:
    for title in (command.title_sv, command.title_en):
        if not title or len(title) > MAX_COMMAND_TITLE:
            raise ManifestError(
                f"Kommandot '{command.key}': titeln {title!r} måste vara 1–"
                f"{MAX_COMMAND_TITLE} tecken."
            )
    for description in (command.description_sv, command.description_en):
        if len(description) > MAX_COMMAND_DESCRIPTION:
            raise ManifestError(
                f"Kommandot '{command.key}': beskrivningen är längre än "
                f"{MAX_COMMAND_DESCRIPTION} tecken."
            )


def _check_localisation_files(manifest: Json, localisations: dict[str, Json]) -> None:
    """Every file the manifest names is built, and nothing is built that it does not name."""
    info = manifest.get("localizationInfo", {})
    named = {entry.get("file") for entry in info.get("additionalLanguages", [])}
    if named != set(localisations):
        raise ManifestError(
            f"localizationInfo i {MANIFEST_TEMPLATE} nämner {sorted(map(str, named))}, "
            f"men paketet bygger {sorted(localisations)}."
        )


def _load_json(path: Path) -> Json:
    try:
        document = json.loads(path.read_text("utf-8"))
    except OSError as exc:
        raise ManifestError(f"Kan inte läsa {path}: {exc.strerror}.") from exc
    except json.JSONDecodeError as exc:
        raise ManifestError(f"{path} är inte giltig JSON (rad {exc.lineno}).") from exc
    if not isinstance(document, dict):
        raise ManifestError(f"{path} måste innehålla ett JSON-objekt.")
    return document


def _fill(document: Json, values: dict[str, str]) -> Json:
    """A copy with known `{{NAME}}` tokens replaced; unknown ones stay, to be refused later."""

    def substitute(match: re.Match[str]) -> str:
        return values.get(match.group(1), match.group(0))

    def walk(node: Any) -> Any:
        if isinstance(node, str):
            return _PLACEHOLDER.sub(substitute, node)
        if isinstance(node, list):
            return [walk(item) for item in node]
        if isinstance(node, dict):
            return {key: walk(value) for key, value in node.items()}
        return node

    filled: Json = walk(document)
    return filled


def _refuse_leftovers(file_name: str, document: Json) -> None:
    found: list[str] = []

    def walk(node: Any, path: str) -> None:
        if isinstance(node, str):
            found.extend(f"{path} = {token}" for token in _LEFTOVER.findall(node))
        elif isinstance(node, list):
            for index, item in enumerate(node):
                walk(item, f"{path}[{index}]")
        elif isinstance(node, dict):
            for key, value in node.items():
                found.extend(f"{path}: nyckeln {key!r}" for _ in _LEFTOVER.findall(key))
                walk(value, f"{path}.{key}" if path else key)

    walk(document, "")
    if found:
        raise ManifestError(
            f"{file_name} innehåller platshållare som inte fyllts i: {'; '.join(found)}. "
            "Kontrollera mallen i manifest/ och inställningarna (PUBLIC_BASE_URL, "
            "PRIVACY_URL, TERMS_URL)."
        )


def _json_bytes(document: Json) -> bytes:
    # UTF-8 without BOM and real characters (å, ä, ö), which Teams reads as is.
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
