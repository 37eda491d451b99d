"""Extraction: source documents → the output contract's documents."""

from .batch import FileResult, extract_batch
from .emit import document_to_dict, write_outputs
from .errors import ExtractionError, LimitExceeded, NoTableFound, SettingsError, UnreadableDocument
from .pipeline import extract_document
from .settings import ExtractSettings

__all__ = [
           "ExtractSettings",
           "ExtractionError",
           "FileResult",
           "LimitExceeded",
           "NoTableFound",
           "SettingsError",
           "UnreadableDocument",
           "document_to_dict",
           "extract_batch",
           "extract_document",
           "write_outputs",
]
