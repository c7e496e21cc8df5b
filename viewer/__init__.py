"""Article Viewer: a desktop reader for Korean and English news articles."""

__version__ = "0.1.0"
