"""The jixiao web application (Django): storage, roles, workflow, audit log, API and pages.

Business rules live in `jixiao.core`; the Django models here store documents and map to
and from the core model (`jixiao.web.goals.mapping`), nothing more.
"""
