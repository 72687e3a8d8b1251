"""`python -m bot manifest`: write the Teams app package a Teams administrator uploads.

Built from the same settings as the running bot (environment and `.env`), so the package
carries the bot's real app id and web addresses. Exit code 2 and a message on stderr
when the package would be unusable, e.g. without MicrosoftAppId.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.cli.manifest_package import ManifestError, package_version, write_app_package
from bot.settings import Settings, SettingsError

DEFAULT_OUT = Path("build/appPackage.zip")


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "manifest",
        help="bygg Teams-appaketet (zip) som en Teams-administratör laddar upp",
        description=(
            "Bygger appaketet (manifest.json, en.json och ikonerna) från samma inställningar "
            "som boten: MicrosoftAppId, PUBLIC_BASE_URL, PRIVACY_URL, TERMS_URL och "
            "GRAPH_CLIENT_ID. Slutkod 2 om paketet inte kan byggas."
        ),
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=DEFAULT_OUT,
        help=f"var zip-filen skrivs (standard: {DEFAULT_OUT})",
    )
    parser.add_argument(
        "--version",
        default=package_version(),
        help="appens version i manifestet, tre heltal (standard: projektets version)",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    try:
        settings = Settings.from_env()
        path = write_app_package(settings, Path(args.out), version=args.version)
    except (ManifestError, SettingsError) as exc:
        print(f"Appaketet byggdes inte: {exc}", file=sys.stderr)
        return 2
    for variable in _defaults_still_in_use(settings):
        # Not an error: a test tenant may be fine with placeholders, a municipality is not.
        print(
            f"Varning: {variable} har kvar exempeladressen; sätt den innan paketet "
            "lämnas till en kommun.",
            file=sys.stderr,
        )
    print(path)
    return 0


def _defaults_still_in_use(settings: Settings) -> list[str]:
    defaults = Settings()
    pairs = (
        ("PUBLIC_BASE_URL", settings.public_base_url, defaults.public_base_url),
        ("PRIVACY_URL", settings.privacy_url, defaults.privacy_url),
        ("TERMS_URL", settings.terms_url, defaults.terms_url),
    )
    return [name for name, value, default in pairs if value == default]
