"""The indicator library (指标库) in the web app: suggestions for the editor (API), the
library page, and the admin's curation (retiring entries)."""
