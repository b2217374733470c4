"""civicnews: a static site generator for Korean civic-news archives."""
__version__ = "0.1.0"
