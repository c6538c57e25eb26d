"""Two toy readers that declare signatures, to test what the core does before a reader runs.

``.zipdoc`` unzips every member into memory, as a naive Word reader would — so a zip
bomb must be stopped before it gets here. ``.fakepdf`` crashes on anything it gets.
"""

import io
import zipfile

from nianbao import hookimpl
from nianbao.core.io import ReadError


class UnzipReader:
    name = "unzip"
    suffixes = (".zipdoc",)
    signatures = (b"PK\x03\x04",)

    def read(self, data, path):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            sizes = [len(archive.read(info)) for info in archive.infolist()]
        raise ReadError(f"unzip reader: {len(sizes)} member(s), {sum(sizes)} bytes")


class CrashingPdfReader:
    name = "fakepdf"
    suffixes = (".fakepdf",)
    signatures = (b"%PDF-",)

    def read(self, data, path):
        raise RuntimeError("cannot parse the page tree")


@hookimpl
def nianbao_readers():
    return [UnzipReader(), CrashingPdfReader()]
