"""The HTTP edge: POST /api/messages and GET /healthz.

`CloudAdapter.process()` in botbuilder-integration-aiohttp 4.17.x serialises invoke
responses twice and answers HTTP 500 for every invoke (task/fetch, adaptiveCard/action,
composeExtension/*). This handler replaces it: it validates the request, hands the
Activity to `process_activity` and writes the invoke response itself.

Every way a client can get a request wrong ends here as a 4xx with a short fixed reason
(bot/teams/activity_json.py), never as a 500; an unexpected failure is logged as its type
and the frames it passed through, never with its message, which may quote what the
client sent (a URL, an id, text).
"""

from __future__ import annotations

import logging
from typing import Any

import jwt
from aiohttp import web
from botbuilder.core import InvokeResponse
from botbuilder.integration.aiohttp import CloudAdapter
from botbuilder.schema import Activity
from msrest.serialization import Model

from bot.log_codes import BAD_REQUEST, REQUEST_FAILED, UNAUTHORIZED, where
from bot.teams.activity_json import BadActivity, parse_activity_json
from bot.teams.activity_model import activity_from_json
from bot.teams.echo_guard import mask_tree
from bot.teams.service_urls import REFUSED_CODE, ServiceUrlNotAllowed
from bot.teams.turn_handler import SamverkansBot

log = logging.getLogger(__name__)


def _bad_request(reason: str) -> web.Response:
    return web.json_response({"error": reason}, status=400)


def _serialise_body(body: Any) -> Any:
    # Only msrest models need serialising; dicts and lists are already JSON-ready. An
    # invoke's answer is shown to the user like any reply, so it is masked like one.
    return mask_tree(body.serialize() if isinstance(body, Model) else body)


def _missing_fields(activity: Activity) -> str | None:
    """Every activity Teams sends names its conversation, sender, recipient and where to
    answer; without them nothing can be stored or sent, so refuse before any work."""
    required = {
        "type": activity.type,
        "conversation.id": activity.conversation.id if activity.conversation else None,
        "from.id": activity.from_property.id if activity.from_property else None,
        "recipient.id": activity.recipient.id if activity.recipient else None,
        "serviceUrl": activity.service_url,
    }
    missing = [name for name, value in required.items() if not isinstance(value, str) or not value]
    return f"Activity needs {', '.join(missing)}" if missing else None


class MessagesEndpoint:
    def __init__(self, adapter: CloudAdapter, bot: SamverkansBot) -> None:
        self._adapter = adapter
        self._bot = bot

    async def handle(self, request: web.Request) -> web.StreamResponse:
        try:
            return await self._handle(request)
        except web.HTTPException:
            raise  # aiohttp's own answers (413 for an oversized body)
        except Exception as error:
            log.error("request failed code=%s error=%s", REQUEST_FAILED, where(error))
            return web.json_response({"error": "internal error"}, status=500)

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        if request.content_type != "application/json":
            return web.json_response({"error": "Content-Type must be application/json"}, status=415)
        try:
            body = parse_activity_json(await request.read())
        except BadActivity as bad:
            log.info("bad request code=%s reason=%s", BAD_REQUEST, bad.reason)
            return _bad_request(bad.reason)
        try:
            activity = activity_from_json(body)
        except Exception:  # msrest raises a zoo of types on malformed fields
            return _bad_request("body is not a valid Activity")
        problem = _missing_fields(activity)
        if problem:
            return _bad_request(problem)
        auth_header = request.headers.get("Authorization", "")
        try:
            invoke_response: InvokeResponse | None = await self._adapter.process_activity(
                auth_header, activity, self._bot.on_turn
            )
        except ServiceUrlNotAllowed:
            # Logged as a WARNING with its code where it was refused (connector_cache).
            return web.json_response(
                {"error": "serviceUrl not allowed", "code": REFUSED_CODE}, status=403
            )
        except (PermissionError, jwt.PyJWTError):
            # botbuilder lets PyJWT's errors for malformed tokens escape; they are 401 too.
            log.info("unauthorized request code=%s", UNAUTHORIZED)
            return web.json_response({"error": "unauthorized"}, status=401)
        if invoke_response is not None:
            return web.json_response(
                _serialise_body(invoke_response.body), status=invoke_response.status or 200
            )
        return web.Response(status=201)
