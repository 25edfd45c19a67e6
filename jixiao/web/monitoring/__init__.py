"""In-year monitoring and year-end self-evaluation pages (issue 6), on the core's
`jixiao.core.monitoring` and `jixiao.core.evaluation` (never re-implemented here)."""
