"""The loopback Entra ID + Graph stand-in with a client on it (tests/bot/conftest.py
makes fixtures of these: `graph`, and `graph_bot` whose scheduler runs the Outlook sync —
and with it the Teams meetings and attendance reports — as a live service, as the app
would)."""

from __future__ import annotations

from dataclasses import dataclass

from bot.graph.client import GraphClient, GraphConfig
from tests.support.graph_standin import GraphStandIn


@dataclass
class Graph:
    standin: GraphStandIn
    client: GraphClient
    sleeps: list[float]
    config: GraphConfig
