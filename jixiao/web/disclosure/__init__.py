"""Disclosure (绩效公开): publications per unit and year, the public site (no login,
read-only, published data only) and the open data API under /open/v1/."""
