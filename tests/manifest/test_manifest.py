"""The Teams app package: official schemas, command table agreement, icons, zip, CLI.

The schemas come from the `@microsoft/app-manifest` npm package (installed by `npm ci`),
never from the network, so the check is the same offline and in CI.
"""

from __future__ import annotations

import argparse
import io
import json
import re
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft4Validator
from PIL import Image
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from bot.cli import manifest as cli_manifest
from bot.cli.manifest_package import (
    MANIFEST_DIR,
    MANIFEST_TEMPLATE,
    MANIFEST_VERSION,
    ManifestError,
    build_manifest,
    command_lists_from_table,
    package_version,
    write_app_package,
)
from bot.routing.commands import COMMANDS, SCOPES_ALL, Command, match_command
from bot.settings import Settings

REPO_ROOT = Path(__file__).resolve().parents[2]
SCHEMA_ROOT = REPO_ROOT / "node_modules" / "@microsoft" / "app-manifest" / "build" / "json-schemas"
SCHEMA_DIR = SCHEMA_ROOT / "teams" / f"v{MANIFEST_VERSION}"
# Where Microsoft hosts the same files; an absolute $ref would point there.
PUBLISHED_BASE = f"https://developer.microsoft.com/json-schemas/teams/v{MANIFEST_VERSION}/"

APP_ID = "3f2504e0-4f89-41d3-9a0c-0305e82c3301"
GRAPH_ID = "9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d"
PACKAGE_FILES = {"manifest.json", "en.json", "color.png", "outline.png"}
# Variables the CLI test must not inherit from whoever runs the suite.
SETTINGS_VARIABLES = (
    "MicrosoftAppId",
    "PUBLIC_BASE_URL",
    "PRIVACY_URL",
    "TERMS_URL",
    "GRAPH_CLIENT_ID",
    "PORT",
    "MAX_REQUEST_BYTES",
)


def settings_for(**env: str) -> Settings:
    base = {"MicrosoftAppId": APP_ID, "PUBLIC_BASE_URL": "https://samverkan.example.org"}
    base.update(env)
    return Settings.from_env(base)


# --- the official schemas ----------------------------------------------------------------


@pytest.fixture(scope="module")
def validators() -> dict[str, Draft4Validator]:
    if not SCHEMA_DIR.is_dir():
        pytest.fail(
            f"The official Teams manifest schemas are missing ({SCHEMA_DIR}). "
            "Run `npm ci` in the repository root (make test does) to install "
            "@microsoft/app-manifest from package.json.",
            pytrace=False,
        )
    resources: list[tuple[str, Resource[Any]]] = []
    schemas: dict[str, dict[str, Any]] = {}
    for path in sorted(SCHEMA_DIR.glob("*.json")):
        contents = json.loads(path.read_text("utf-8"))
        # Draft-04 resolves relative refs against `id`; give each file its own address.
        contents.setdefault("id", path.as_uri())
        schemas[path.name] = contents
        resource = DRAFT4.create_resource(contents)
        resources += [(path.as_uri(), resource), (PUBLISHED_BASE + path.name, resource)]
    # Without a `retrieve` callable the registry never downloads anything: a $ref outside
    # the package fails as unresolvable instead of reaching for the network.
    registry: Registry[Any] = Registry().with_resources(resources)
    return {
        name: Draft4Validator(
            schema, registry=registry, format_checker=Draft4Validator.FORMAT_CHECKER
        )
        for name, schema in schemas.items()
    }


def schema_errors(validator: Draft4Validator, document: dict[str, Any]) -> list[str]:
    return sorted(
        f"{'/'.join(map(str, error.absolute_path)) or '(root)'}: {error.message}"
        for error in validator.iter_errors(document)
    )


@pytest.fixture
def package(tmp_path: Path) -> Iterator[zipfile.ZipFile]:
    path = write_app_package(
        settings_for(GRAPH_CLIENT_ID=GRAPH_ID), tmp_path / "app.zip", version="1.2.3"
    )
    with zipfile.ZipFile(path) as archive:
        yield archive


@pytest.mark.parametrize("graph", [False, True], ids=["without-graph", "with-graph"])
def test_manifest_is_valid_against_the_official_schema(
    validators: dict[str, Draft4Validator], graph: bool
) -> None:
    env = {"GRAPH_CLIENT_ID": GRAPH_ID} if graph else {}
    manifest, _ = build_manifest(settings_for(**env), "1.2.3")
    assert schema_errors(validators["MicrosoftTeams.schema.json"], manifest) == []


def test_english_localisation_is_valid_against_the_official_schema(
    validators: dict[str, Draft4Validator],
) -> None:
    _, localisations = build_manifest(settings_for(), "1.2.3")
    validator = validators["MicrosoftTeams.Localization.schema.json"]
    assert schema_errors(validator, localisations["en.json"]) == []


def test_the_files_in_the_zip_are_valid_too(
    validators: dict[str, Draft4Validator], package: zipfile.ZipFile
) -> None:
    manifest = json.loads(package.read("manifest.json"))
    english = json.loads(package.read("en.json"))
    assert schema_errors(validators["MicrosoftTeams.schema.json"], manifest) == []
    assert schema_errors(validators["MicrosoftTeams.Localization.schema.json"], english) == []


def test_the_schema_check_can_fail(validators: dict[str, Draft4Validator]) -> None:
    manifest, localisations = build_manifest(settings_for(), "1.2.3")
    manifest["bots"][0]["botId"] = "not-a-guid"
    manifest["bots"][0]["commandLists"][0]["commands"][0]["title"] = "x" * 129
    del manifest["accentColor"]
    errors = schema_errors(validators["MicrosoftTeams.schema.json"], manifest)
    assert any("accentColor" in error for error in errors)
    assert any(error.startswith("bots/0/botId") for error in errors)
    assert any(error.startswith("bots/0/commandLists/0/commands/0/title") for error in errors)
    english = dict(localisations["en.json"], **{"bots[0].commandLists[5].commands[0].title": "x"})
    del english["description.full"]
    errors = schema_errors(validators["MicrosoftTeams.Localization.schema.json"], english)
    assert any("description.full" in error for error in errors)
    assert any("commandLists[5]" in error for error in errors)


def test_template_declares_the_chosen_schema_version() -> None:
    template = json.loads((MANIFEST_DIR / MANIFEST_TEMPLATE).read_text("utf-8"))
    english = json.loads((MANIFEST_DIR / "en.template.json").read_text("utf-8"))
    assert template["manifestVersion"] == MANIFEST_VERSION
    assert template["$schema"] == PUBLISHED_BASE + "MicrosoftTeams.schema.json"
    assert english["$schema"] == PUBLISHED_BASE + "MicrosoftTeams.Localization.schema.json"


# --- content --------------------------------------------------------------------------------


def test_swedish_is_the_default_and_english_is_a_localisation() -> None:
    manifest, localisations = build_manifest(settings_for(), "1.2.3")
    info = manifest["localizationInfo"]
    assert info["defaultLanguageTag"] == "sv-SE"
    assert info["additionalLanguages"] == [{"languageTag": "en", "file": "en.json"}]
    assert set(localisations) == {"en.json"}
    assert manifest["composeExtensions"][0]["commands"][0]["title"] == "Logga som beslut"
    assert localisations["en.json"]["composeExtensions[0].commands[0].title"] == "Log as decision"


def _resolve(document: Any, dotted: str) -> Any:
    """Follow a localisation key such as `bots[0].commandLists[1].commands[0].title`."""
    node = document
    for part in dotted.split("."):
        name, *indexes = re.findall(r"[^\[\]]+", part)
        node = node[name]
        for index in indexes:
            node = node[int(index)]
    return node


def test_every_localisation_key_translates_an_existing_manifest_string() -> None:
    manifest, localisations = build_manifest(settings_for(), "1.2.3")
    for key, english in localisations["en.json"].items():
        if key == "$schema":
            continue
        try:
            swedish = _resolve(manifest, key)
        except (KeyError, IndexError) as exc:
            pytest.fail(f"en.json key {key!r} has no counterpart in manifest.json ({exc!r})")
        assert isinstance(swedish, str) and swedish, key
        assert isinstance(english, str) and english, key


def test_bot_entry() -> None:
    manifest, _ = build_manifest(settings_for(), "1.2.3")
    (bot,) = manifest["bots"]
    assert bot["botId"] == APP_ID == manifest["id"]
    assert sorted(bot["scopes"]) == sorted(SCOPES_ALL)
    assert bot["isNotificationOnly"] is False
    # Minutes files (.docx, .pdf) are sent to the bot in the personal chat (issue #14);
    # exports still go out as download links.
    assert bot["supportsFiles"] is True
    assert manifest["version"] == "1.2.3"


def test_command_lists_are_one_per_scope_within_teams_limits() -> None:
    manifest, _ = build_manifest(settings_for(), "1.2.3")
    lists = manifest["bots"][0]["commandLists"]
    scopes = [scope for entry in lists for scope in entry["scopes"]]
    assert all(len(entry["scopes"]) == 1 for entry in lists)
    assert sorted(scopes) == sorted(SCOPES_ALL)
    for entry in lists:
        assert 1 <= len(entry["commands"]) <= 10
        for command in entry["commands"]:
            assert len(command["title"]) <= 32
            assert len(command["description"]) <= 128


def _routed_key(scope: str, title: str) -> str:
    match = match_command(title)
    assert match is not None, f"{scope}: {title!r} is not a command the router accepts"
    assert match.argument == "", f"{scope}: {title!r} matched only a shorter command"
    assert scope in match.command.scopes, f"{scope}: {title!r} is not allowed in this scope"
    return match.command.key


def test_every_listed_command_is_understood_by_the_router() -> None:
    """A command picked from Teams' menu arrives as its title; the router must accept it."""
    manifest, localisations = build_manifest(settings_for(), "1.2.3")
    english = localisations["en.json"]
    for i, entry in enumerate(manifest["bots"][0]["commandLists"]):
        (scope,) = entry["scopes"]
        expected = [c.key for c in COMMANDS if c.in_manifest and scope in c.scopes]
        swedish_keys = [_routed_key(scope, c["title"]) for c in entry["commands"]]
        english_keys = [
            _routed_key(scope, english[f"bots[0].commandLists[{i}].commands[{j}].title"])
            for j in range(len(entry["commands"]))
        ]
        assert swedish_keys == expected, scope
        assert english_keys == expected, scope


def test_more_than_ten_commands_in_a_scope_is_refused() -> None:
    many = tuple(
        Command(
            key=f"c{n}",
            words_sv=(f"kommando{n}",),
            words_en=(f"command{n}",),
            title_sv=f"kommando{n}",
            description_sv="Beskrivning",
            title_en=f"command{n}",
            description_en="Description",
            scopes=("personal",),
        )
        for n in range(11)
    )
    with pytest.raises(ManifestError, match="Högst 10 kommandon"):
        command_lists_from_table(many)
    lists, english = command_lists_from_table(many[:10])
    assert len(lists[0]["commands"]) == 10
    assert english["bots[0].commandLists[0].commands[9].title"] == "command9"


def test_message_action_opens_the_decision_dialog() -> None:
    manifest, localisations = build_manifest(settings_for(), "1.2.3")
    (extension,) = manifest["composeExtensions"]
    assert extension["botId"] == APP_ID
    (command,) = extension["commands"]
    assert command["id"] == "logDecision"
    assert command["type"] == "action"
    assert command["context"] == ["message"]
    assert command["fetchTask"] is True
    assert "description" in command
    assert localisations["en.json"]["composeExtensions[0].commands[0].title"] == "Log as decision"


def test_addresses_come_from_the_settings() -> None:
    settings = settings_for(
        PUBLIC_BASE_URL="https://bot.samverkan.example.org:8443/",
        PRIVACY_URL="https://samverkan.example.org/integritet",
        TERMS_URL="https://samverkan.example.org/villkor",
    )
    manifest, _ = build_manifest(settings, "1.2.3")
    assert manifest["validDomains"] == ["bot.samverkan.example.org:8443"]
    assert manifest["developer"]["websiteUrl"] == "https://bot.samverkan.example.org:8443"
    assert manifest["developer"]["privacyUrl"] == "https://samverkan.example.org/integritet"
    assert manifest["developer"]["termsOfUseUrl"] == "https://samverkan.example.org/villkor"


def test_web_application_info_only_when_graph_is_configured() -> None:
    without, _ = build_manifest(settings_for(), "1.2.3")
    assert "webApplicationInfo" not in without
    with_graph, _ = build_manifest(settings_for(GRAPH_CLIENT_ID=GRAPH_ID), "1.2.3")
    assert with_graph["webApplicationInfo"] == {
        "id": GRAPH_ID,
        "resource": f"api://samverkan.example.org/{GRAPH_ID}",
    }
    with pytest.raises(ManifestError, match="GRAPH_CLIENT_ID"):
        build_manifest(settings_for(GRAPH_CLIENT_ID="calendar-app"), "1.2.3")


# --- refusals -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("app_id", "message"),
    [
        ("", "MicrosoftAppId saknas"),
        ("samverkansboten", "måste vara ett GUID"),
        ("3f2504e0-4f89-41d3-9a0c-0305e82c330", "måste vara ett GUID"),
        ("{{APP_ID}}", "måste vara ett GUID"),
    ],
)
def test_package_without_a_valid_app_id_is_refused(
    tmp_path: Path, app_id: str, message: str
) -> None:
    out = tmp_path / "app.zip"
    with pytest.raises(ManifestError, match=message):
        write_app_package(settings_for(MicrosoftAppId=app_id), out, version="1.2.3")
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []


def test_placeholder_left_in_the_settings_is_refused(tmp_path: Path) -> None:
    settings = settings_for(PRIVACY_URL="https://{{KOMMUN}}.example.org/integritet")
    out = tmp_path / "app.zip"
    with pytest.raises(ManifestError, match=r"developer\.privacyUrl = \{\{KOMMUN\}\}"):
        write_app_package(settings, out, version="1.2.3")
    assert not out.exists()


def test_placeholder_left_in_the_template_is_refused(tmp_path: Path) -> None:
    template_dir = tmp_path / "manifest"
    template_dir.mkdir()
    for path in MANIFEST_DIR.iterdir():
        if path.is_file():
            (template_dir / path.name).write_bytes(path.read_bytes())
    english = json.loads((template_dir / "en.template.json").read_text("utf-8"))
    english["description.short"] = "Decisions for ${{GROUP_NAME}}"
    (template_dir / "en.template.json").write_text(json.dumps(english), "utf-8")
    out = tmp_path / "app.zip"
    with pytest.raises(ManifestError, match=r"en\.json .*\$?\{\{GROUP_NAME\}\}"):
        write_app_package(settings_for(), out, version="1.2.3", manifest_dir=template_dir)
    assert not out.exists()


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"PUBLIC_BASE_URL": "http://samverkan.example.org"}, "PUBLIC_BASE_URL måste"),
        ({"PUBLIC_BASE_URL": "samverkan.example.org"}, "PUBLIC_BASE_URL måste"),
        ({"TERMS_URL": "ftp://samverkan.example.org/villkor"}, "TERMS_URL måste"),
    ],
)
def test_addresses_must_be_https(env: dict[str, str], message: str) -> None:
    with pytest.raises(ManifestError, match=message):
        build_manifest(settings_for(**env), "1.2.3")


@pytest.mark.parametrize("version", ["1.2", "1.2.3.4", "0.2.0.dev1", "01.2.3", ""])
def test_version_must_be_plain_semver(version: str) -> None:
    with pytest.raises(ManifestError, match="tre heltal"):
        build_manifest(settings_for(), version)


# --- the zip and the icons ------------------------------------------------------------------


def test_zip_holds_exactly_the_package_files_at_its_root(package: zipfile.ZipFile) -> None:
    names = package.namelist()
    assert set(names) == PACKAGE_FILES
    assert len(names) == len(PACKAGE_FILES)
    manifest = json.loads(package.read("manifest.json"))
    assert manifest["icons"] == {"color": "color.png", "outline": "outline.png"}
    assert package.read("color.png") == (MANIFEST_DIR / "color.png").read_bytes()
    assert package.read("outline.png") == (MANIFEST_DIR / "outline.png").read_bytes()
    assert package.testzip() is None


def test_zip_matches_the_built_manifest(package: zipfile.ZipFile) -> None:
    manifest, localisations = build_manifest(settings_for(GRAPH_CLIENT_ID=GRAPH_ID), "1.2.3")
    assert json.loads(package.read("manifest.json")) == manifest
    assert json.loads(package.read("en.json")) == localisations["en.json"]
    # Teams reads the files as UTF-8 without a byte order mark.
    raw = package.read("manifest.json")
    assert not raw.startswith(b"\xef\xbb\xbf")
    assert "Logga som beslut" in raw.decode("utf-8")


def test_same_input_gives_the_same_zip(tmp_path: Path) -> None:
    first = write_app_package(settings_for(), tmp_path / "a.zip", version="1.2.3")
    second = write_app_package(settings_for(), tmp_path / "b.zip", version="1.2.3")
    assert first.read_bytes() == second.read_bytes()


def _assert_color_icon(image: Image.Image) -> None:
    assert image.size == (192, 192)
    colours = image.convert("RGB").getcolors(maxcolors=192 * 192)
    assert colours is not None and len(colours) > 3, "the colour icon looks blank"


def _assert_outline_icon(image: Image.Image) -> None:
    assert image.size == (32, 32)
    assert image.mode == "RGBA"
    raw = image.tobytes()
    pixels = [tuple(raw[i : i + 4]) for i in range(0, len(raw), 4)]
    offending = [p for p in pixels if p[3] != 0 and p[:3] != (255, 255, 255)]
    assert offending == [], "outline icon must be white on transparent"
    opaque = sum(1 for p in pixels if p[3] == 255)
    transparent = sum(1 for p in pixels if p[3] == 0)
    assert opaque > 50, "outline icon has almost nothing drawn"
    assert transparent > 200, "outline icon background is not transparent"


def test_icons_in_the_package(package: zipfile.ZipFile) -> None:
    _assert_color_icon(Image.open(io.BytesIO(package.read("color.png"))))
    _assert_outline_icon(Image.open(io.BytesIO(package.read("outline.png"))))


def test_icon_generator_draws_the_committed_icons(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, str(MANIFEST_DIR / "make_icons.py"), "--out", str(tmp_path)],
        check=True,
        capture_output=True,
    )
    for name, check in (("color.png", _assert_color_icon), ("outline.png", _assert_outline_icon)):
        drawn = Image.open(tmp_path / name).convert("RGBA")
        committed = Image.open(MANIFEST_DIR / name).convert("RGBA")
        check(Image.open(tmp_path / name))
        # Small tolerance: resampling may differ by a unit between Pillow releases.
        worst = max(
            abs(new - old) for new, old in zip(drawn.tobytes(), committed.tobytes(), strict=True)
        )
        assert worst <= 2, f"{name} differs from make_icons.py output; re-run it and commit"


# --- the CLI --------------------------------------------------------------------------------


def _parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="bot")
    subparsers = parser.add_subparsers(dest="command", required=True)
    cli_manifest.add_parser(subparsers)
    return parser.parse_args(argv)


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    # An empty working directory means no stray .env is read by Settings.from_env().
    monkeypatch.chdir(tmp_path)
    for variable in SETTINGS_VARIABLES:
        monkeypatch.delenv(variable, raising=False)
    return tmp_path


def test_cli_writes_the_package(
    clean_env: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("MicrosoftAppId", APP_ID)
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://samverkan.example.org")
    out = clean_env / "out" / "appPackage.zip"
    args = _parse(["manifest", "--out", str(out), "--version", "2.0.1"])
    assert args.func(args) == 0
    captured = capsys.readouterr()
    assert captured.out.strip() == str(out)
    assert "PUBLIC_BASE_URL" not in captured.err
    assert "PRIVACY_URL" in captured.err  # still the example address: warned, not refused
    with zipfile.ZipFile(out) as archive:
        assert set(archive.namelist()) == PACKAGE_FILES
        manifest = json.loads(archive.read("manifest.json"))
    assert manifest["id"] == APP_ID
    assert manifest["version"] == "2.0.1"
    assert manifest["validDomains"] == ["samverkan.example.org"]


def test_cli_defaults(
    clean_env: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("MicrosoftAppId", APP_ID)
    args = _parse(["manifest"])
    assert args.version == package_version()
    assert cli_manifest.run(args) == 0
    out = clean_env / "build" / "appPackage.zip"
    assert capsys.readouterr().out.strip() == str(Path("build/appPackage.zip"))
    with zipfile.ZipFile(out) as archive:
        assert json.loads(archive.read("manifest.json"))["version"] == package_version()


def test_cli_refuses_without_an_app_id(clean_env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = clean_env / "appPackage.zip"
    args = _parse(["manifest", "--out", str(out)])
    assert cli_manifest.run(args) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "MicrosoftAppId saknas" in captured.err
    assert not out.exists()


def test_package_version_follows_pyproject() -> None:
    import tomllib

    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    assert package_version() == project["version"]
