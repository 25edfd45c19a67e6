"""The JSON API under /api/v1/ (plain Django views, Bearer tokens; docs/web.md)."""
