"""Article extraction: one pure call from a page's HTML to an ``Article`` or ``NotArticle``.

>>> from tasks.extract import extract_article
>>> result = extract_article(html_bytes, "https://example.com/2024/01/02/story")
"""

from tasks.extract.core import EXTRACTOR_VERSION, extract_article
from tasks.extract.options import ExtractOptions

__all__ = ["EXTRACTOR_VERSION", "ExtractOptions", "extract_article"]
