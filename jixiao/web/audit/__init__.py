"""The audit log (审计日志): who did what, when, with old and new values."""
