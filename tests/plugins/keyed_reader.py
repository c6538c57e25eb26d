"""A toy ``.keyed`` reader that says why it cannot read a file with a message key of
its own (``keyed_no_header``), shipped in its own catalogues, and a key no catalogue
knows (``keyed_unknown``) for a file that starts with ``?``.
"""

from nianbao import hookimpl
from nianbao.core.io import ReadError


class KeyedReader:
    name = "keyed"
    suffixes = (".keyed",)

    def read(self, data, path):
        if data.startswith(b"?"):
            raise ReadError("keyed_unknown", columns=1)
        raise ReadError("keyed_no_header", columns=data.count(b",") + 1)


@hookimpl
def nianbao_readers():
    return [KeyedReader()]


@hookimpl
def nianbao_messages():
    return {
        "zh": {
            "E001": {"messages": {"keyed_no_header": "无法读取：表格没有表头（共 {columns} 列）"}}
        },
        "en": {
            "E001": {
                "messages": {
                    "keyed_no_header": "cannot read: the table has no header row ({columns} columns)"
                }
            }
        },
    }
