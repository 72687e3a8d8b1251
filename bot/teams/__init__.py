"""The Teams edge: activities in, replies and proactive messages out, through botbuilder."""
