"""The HTML pages (log in, home, project list and page…)."""
