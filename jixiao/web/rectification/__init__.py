"""Rectification (问题整改) and re-checks of self-evaluations (自评抽查/复核)."""
