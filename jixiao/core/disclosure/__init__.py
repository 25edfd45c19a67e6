"""Disclosure (绩效公开) and open data: what the public may see, in every shape.

`PublishedProject` is one approved project of a published unit and year, with its
self-evaluation result when complete. From a list of them:

- `opendata.rows` / `opendata.csv_files` / `opendata.datapackage`: CSV and JSON with a
  Frictionless Data Package descriptor (field types, units, licence);
- `tables.project_table_html`: the official goal table as HTML (the public pages and the
  static site both use it);
- `site.write_site`: the whole public site as static files (``jixiao publish``).
"""

from jixiao.core.disclosure.model import PublishedEvaluation, PublishedProject

__all__ = ["PublishedEvaluation", "PublishedProject"]
