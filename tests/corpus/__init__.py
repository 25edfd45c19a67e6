"""The real-layout corpus: goal and self-evaluation tables rebuilt from published documents.

`build` turns a case's blocks into a .docx (python-docx, real merged cells) or an .xlsx
(openpyxl, typed numbers and merged ranges); `cases` holds the layouts with their
hand-written expected models; `accuracy` scores a read against them. SOURCES.md says
where each layout was published.
"""
