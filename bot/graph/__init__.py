"""Microsoft Graph: the msal client and the Outlook calendar transport."""
