"""A reader an outside package could ship: ``.csv`` tables (one table per blank-line block).

It only makes a Document; the built-in interpreter does the rest.
"""

from __future__ import annotations

import csv
import io

from nianbao import Block, Cell, Document, hookimpl


class CsvReader:
    name = "csv"
    suffixes = (".csv",)

    def read(self, data: bytes, path: str) -> Document:
        text = data.decode("utf-8-sig")
        blocks = []
        rows: list[list[Cell]] = []
        for number, row in enumerate(csv.reader(io.StringIO(text)), start=1):
            if not any(c.strip() for c in row):
                if rows:
                    blocks.append(Block("table", rows=rows))
                    rows = []
                continue
            if len(row) == 1:
                blocks.append(Block("paragraph", row[0], where={"line": number}))
                continue
            rows.append([Cell(c, {"line": number, "column": i + 1}) for i, c in enumerate(row)])
        if rows:
            blocks.append(Block("table", rows=rows))
        return Document(path, blocks)


@hookimpl
def nianbao_readers():
    return [CsvReader()]
