"""Write files whole: a temporary file in the same folder, then an atomic rename.

A reader never sees half a report, and an existing file is never replaced unless the
caller says so (``overwrite=True``, the CLI's ``--force``).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from ..errors import OutputError

__all__ = ["write_atomic"]


def write_atomic(
    path: str | os.PathLike[str], data: str | bytes, *, overwrite: bool = False
) -> Path:
    """Write ``data`` to ``path`` atomically; refuse to replace a file unless ``overwrite``."""
    target = Path(path)
    if target.is_dir():
        raise OutputError(f"{target} is a directory; give a file name")
    if target.exists() and not overwrite:
        raise OutputError(f"{target} exists; pass --force to overwrite it")
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(f"folder {folder} does not exist")
    mode = "wb" if isinstance(data, bytes) else "w"
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, mode, **({} if mode == "wb" else {"encoding": "utf-8"})) as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if not overwrite:
            # link() fails if the target appeared meanwhile: never clobber silently
            try:
                os.link(tmp, target)
            except FileExistsError:
                raise OutputError(f"{target} exists; pass --force to overwrite it") from None
            except OSError:
                os.replace(tmp, target)
                return target
            os.unlink(tmp)
        else:
            os.replace(tmp, target)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return target
