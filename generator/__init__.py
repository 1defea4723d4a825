"""partners: turns a library of peer-learning session plans into a website, printables and school packs."""

__version__ = "0.1.0"
