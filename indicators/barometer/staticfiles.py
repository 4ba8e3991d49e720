"""Serve plotly.js from the plotly package as the static file plotly/plotly.min.js."""

from pathlib import Path

import plotly
from django.contrib.staticfiles.finders import BaseFinder
from django.core.files.storage import FileSystemStorage

PLOTLY_DIR = Path(plotly.__file__).resolve().parent / "package_data"
NAME = "plotly.min.js"
PREFIX = "plotly"


class PlotlyJsFinder(BaseFinder):
    """Finds only plotly.min.js, not the rest of plotly's package data."""

    def find(self, path, find_all=False):
        if path == f"{PREFIX}/{NAME}" and (PLOTLY_DIR / NAME).exists():
            found = str(PLOTLY_DIR / NAME)
            return [found] if find_all else found
        return [] if find_all else None

    def list(self, ignore_patterns):
        storage = FileSystemStorage(location=PLOTLY_DIR)
        storage.prefix = PREFIX
        yield NAME, storage
