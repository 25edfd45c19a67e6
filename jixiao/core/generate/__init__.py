"""Realistic generated goal documents for scale tests and benchmarks (``jixiao generate``).

Not the seed cycled: units of many kinds across regions, projects from many sectors with
their own purposes, goals and 3–12 indicators in either taxonomy, spending plans with blank
cells, skewed amounts, a share of documents kept in 元, and a realistic rate of copied and
defective rows. Everything is drawn from one `random.Random(seed)`, so the same arguments
give the same documents, and `document_bytes` the same bytes.
"""

from jixiao.core.generate.documents import GeneratorOptions, generate_documents
from jixiao.core.generate.output import FORMATS, document_bytes, file_name

__all__ = ["FORMATS", "GeneratorOptions", "document_bytes", "file_name", "generate_documents"]
