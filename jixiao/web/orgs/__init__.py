"""Regions (财政区划), departments (主管部门) and budget units (预算单位)."""
