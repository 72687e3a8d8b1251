"""One typed settings object, built once from the environment (and an optional `.env`).

Nothing else in the project reads the environment: the composition root passes this
object on. Bot Framework variable names are kept as Azure Bot Service documents them.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///./var/samverkansboten.db"
LOCAL_APP_TYPES = ("SingleTenant", "MultiTenant", "UserAssignedMSI")
_GUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")


class SettingsError(ValueError):
    """The configuration cannot start the bot; the message says which variable to fix."""


def is_guid(value: str) -> bool:
    return bool(_GUID.match(value))


def normalise_database_url(url: str) -> str:
    """Accept the URLs people paste (postgres://, postgresql://) and pick the async drivers."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+asyncpg://" + url[len("postgresql://") :]
    if url.startswith("sqlite://") and not url.startswith("sqlite+aiosqlite://"):
        url = "sqlite+aiosqlite://" + url[len("sqlite://") :]
    return url


def _split_list(raw: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in raw.split(",") if part.strip())


@dataclass(frozen=True)
class Settings:
    app_id: str = ""
    app_password: str = field(default="", repr=False)
    app_type: str = "MultiTenant"
    app_tenant_id: str = ""
    bot_env: str = "development"
    host: str = "0.0.0.0"
    port: int = 3978
    database_url: str = DEFAULT_DATABASE_URL
    allowed_tenants: tuple[str, ...] = ()
    log_level: str = "INFO"
    timezone: str = "Europe/Stockholm"
    # Public web addresses used by the Teams app package.
    public_base_url: str = "https://samverkansboten.example.se"
    privacy_url: str = "https://samverkansboten.example.se/integritet"
    terms_url: str = "https://samverkansboten.example.se/villkor"
    # Microsoft Graph (Outlook calendar sync); empty client id means Graph is off.
    graph_client_id: str = ""
    graph_client_secret: str = field(default="", repr=False)
    graph_tenant_id: str = ""
    # Overridable so tests can point msal and Graph at loopback stand-ins.
    graph_authority_url: str = "https://login.microsoftonline.com"
    graph_base_url: str = "https://graph.microsoft.com/v1.0"
    # Hosts (and their subdomains) minutes files may be downloaded from, https only; the
    # files users send in Teams live in SharePoint/OneDrive for Business. Sovereign
    # clouds add theirs (sharepoint.us, sharepoint.de …). Loopback is allowed in local mode.
    file_hosts: tuple[str, ...] = ("sharepoint.com",)
    # Inbound request limit, well under aiohttp's 1 MiB default: Teams activities are small.
    max_request_bytes: int = 256 * 1024
    # "sv" or "en" answers everyone in that language whatever their Teams locale says
    # (the Agents Playground always sends en-US); empty = follow the locale.
    force_language: str = ""
    # Inbound turn limits (messages and invokes): per user, and per tenant.
    user_turns_per_minute: int = 60
    user_turn_burst: int = 30
    tenant_turns_per_second: int = 200
    tenant_turn_burst: int = 400
    # Bot Connector URL prefixes the bot may call (bot/teams/service_urls.py). Empty:
    # Microsoft's Bot Connector hosts in production, loopback only in local mode.
    allowed_service_urls: tuple[str, ...] = ()

    @property
    def local_mode(self) -> bool:
        """No app id: requests are not authenticated (Agents Playground / Bot Emulator only)."""
        return not self.app_id

    @property
    def production(self) -> bool:
        return self.bot_env.lower() == "production"

    @property
    def download_base_url(self) -> str:
        """Where users fetch exported files; on a laptop in local mode that is this bot."""
        if self.local_mode and self.public_base_url == Settings.public_base_url:
            return f"http://localhost:{self.port}"
        return self.public_base_url

    @property
    def graph_enabled(self) -> bool:
        return bool(self.graph_client_id)

    def tenant_allowed(self, tenant_id: str | None) -> bool:
        """Empty allow-list admits everyone only in local mode; otherwise the list decides."""
        allowed = set(self.allowed_tenants)
        if self.app_tenant_id:
            allowed.add(self.app_tenant_id)
        if not allowed:
            return self.local_mode
        return bool(tenant_id) and tenant_id in allowed

    def validate(self) -> None:
        if self.production and self.local_mode:
            raise SettingsError(
                "BOT_ENV=production kräver MicrosoftAppId (refusing to run unauthenticated)"
            )
        if self.app_id and not is_guid(self.app_id):
            raise SettingsError("MicrosoftAppId must be a GUID")
        if self.app_type not in LOCAL_APP_TYPES:
            raise SettingsError(f"MicrosoftAppType must be one of {', '.join(LOCAL_APP_TYPES)}")
        if self.app_type == "SingleTenant" and self.app_id and not self.app_tenant_id:
            raise SettingsError("MicrosoftAppType=SingleTenant needs MicrosoftAppTenantId")
        if self.force_language not in ("", "sv", "en"):
            raise SettingsError("FORCE_LANGUAGE must be sv, en or empty")
        if not 0 < self.port < 65536:
            raise SettingsError("PORT must be between 1 and 65535")
        for url in self.allowed_service_urls:
            if not url.lower().startswith(("http://", "https://")) or "@" in url:
                raise SettingsError("ALLOWED_SERVICE_URLS entries must be http(s) URLs")

    @classmethod
    def from_env(
        cls, env: Mapping[str, str] | None = None, *, dotenv_path: Path | None = None
    ) -> Settings:
        """Build settings from `env` (default: os.environ overlaid on an optional .env)."""
        if env is None:
            merged: dict[str, str] = {}
            path = dotenv_path or Path(".env")
            if path.is_file():
                from dotenv import dotenv_values

                merged.update({k: v for k, v in dotenv_values(path).items() if v is not None})
            merged.update(os.environ)
            env = merged
        get = env.get
        try:
            port = int(get("PORT", "3978"))
            max_bytes = int(get("MAX_REQUEST_BYTES", str(256 * 1024)))
            user_per_minute = int(get("USER_TURNS_PER_MINUTE", "60"))
            tenant_per_second = int(get("TENANT_TURNS_PER_SECOND", "200"))
        except ValueError as exc:
            raise SettingsError(
                "PORT, MAX_REQUEST_BYTES, USER_TURNS_PER_MINUTE and TENANT_TURNS_PER_SECOND "
                "must be integers"
            ) from exc
        return cls(
            app_id=get("MicrosoftAppId", "").strip(),
            app_password=get("MicrosoftAppPassword", ""),
            app_type=get("MicrosoftAppType", "MultiTenant").strip() or "MultiTenant",
            app_tenant_id=get("MicrosoftAppTenantId", "").strip(),
            bot_env=get("BOT_ENV", "development").strip() or "development",
            host=get("HOST", "0.0.0.0"),
            port=port,
            database_url=normalise_database_url(get("DATABASE_URL", "") or DEFAULT_DATABASE_URL),
            allowed_tenants=_split_list(get("ALLOWED_TENANTS", "")),
            log_level=get("LOG_LEVEL", "INFO").upper(),
            public_base_url=get("PUBLIC_BASE_URL", cls.public_base_url).rstrip("/"),
            privacy_url=get("PRIVACY_URL", cls.privacy_url),
            terms_url=get("TERMS_URL", cls.terms_url),
            graph_client_id=get("GRAPH_CLIENT_ID", "").strip(),
            graph_client_secret=get("GRAPH_CLIENT_SECRET", ""),
            graph_tenant_id=get("GRAPH_TENANT_ID", "").strip(),
            graph_authority_url=get("GRAPH_AUTHORITY_URL", cls.graph_authority_url).rstrip("/"),
            graph_base_url=get("GRAPH_BASE_URL", cls.graph_base_url).rstrip("/"),
            max_request_bytes=max_bytes,
            file_hosts=tuple(
                h.lower().lstrip(".") for h in _split_list(get("FILE_DOWNLOAD_HOSTS", ""))
            )
            or cls.file_hosts,
            force_language=get("FORCE_LANGUAGE", "").strip().lower(),
            user_turns_per_minute=user_per_minute,
            tenant_turns_per_second=tenant_per_second,
            allowed_service_urls=_split_list(get("ALLOWED_SERVICE_URLS", "")),
        )
