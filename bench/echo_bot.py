"""The baseline for `bench.card_submit`: a minimal STOCK botbuilder echo bot.

Shaped like Microsoft's Python echo sample and deliberately free of project code and
of the project's connector-client cache: `CloudAdapter` with
`ConfigurationBotFrameworkAuthentication` (empty app id: no authentication), an
`ActivityHandler` that echoes, and `adapter.process(request, bot)` in the aiohttp
route. A card submit (a message with `value` and no text) is echoed as its JSON.

`python -m bench.echo_bot --port P`
"""

from __future__ import annotations

import argparse
import json
from types import SimpleNamespace

from aiohttp import web
from botbuilder.core import ActivityHandler, MessageFactory, TurnContext
from botbuilder.integration.aiohttp import CloudAdapter, ConfigurationBotFrameworkAuthentication

# The attribute names ConfigurationBotFrameworkAuthentication reads (the samples' config.py).
CONFIG = SimpleNamespace(APP_ID="", APP_PASSWORD="", APP_TYPE="MultiTenant", APP_TENANTID="")


class EchoBot(ActivityHandler):
    async def on_message_activity(self, turn_context: TurnContext) -> None:
        activity = turn_context.activity
        said = activity.text if activity.text else json.dumps(activity.value)
        await turn_context.send_activity(MessageFactory.text(f"Echo: {said}"))


def create_app() -> web.Application:
    adapter = CloudAdapter(ConfigurationBotFrameworkAuthentication(CONFIG))
    bot = EchoBot()

    async def messages(request: web.Request) -> web.StreamResponse:
        response = await adapter.process(request, bot)
        return response if response is not None else web.Response(status=201)

    app = web.Application()
    app.router.add_post("/api/messages", messages)
    return app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    web.run_app(create_app(), host="127.0.0.1", port=args.port, print=None)


if __name__ == "__main__":
    main()
