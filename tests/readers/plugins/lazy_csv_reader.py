"""The ``.csv`` reader of ``csv_reader`` returned as a LazyReader, and one whose module is missing."""

from __future__ import annotations

from nianbao import hookimpl
from nianbao.core.io import LazyReader


@hookimpl
def nianbao_readers() -> list:
    return [
        LazyReader("csv", (".csv",), "tests.readers.plugins.csv_reader:CsvReader"),
        LazyReader("gone", (".gone",), "tests.readers.plugins.no_such_module:GoneReader"),
    ]
