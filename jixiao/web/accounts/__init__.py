"""Users' roles and scopes (Profile) and API tokens."""
