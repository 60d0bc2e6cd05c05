"""pressroom: content ingestion for news and article pages."""

__version__ = "0.1.0"
