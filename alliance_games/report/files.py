"""Write files whole: a temporary file in the same folder, then an atomic rename.

A reader never sees half a report, and an existing file is never replaced unless the
caller says so (``overwrite=True``, the CLI's ``--force``). What ``-o PATH`` does,
by what PATH is:

- **missing**: a new regular file with the permissions ``open()`` would give it
  (``0666`` minus the umask, so ``0644`` under the usual umask 022).
- **a regular file**: refused without ``overwrite``; with it, replaced atomically,
  keeping the old file's permission bits (as ``open(..., "w")`` would).
- **a character device or a FIFO** (``/dev/null``, ``/dev/tty``, a named pipe):
  written *into*, never replaced; nothing is overwritten, so no ``--force`` needed.
- **a symbolic link**: never replaced, never written through, even with ``--force``
  (a link in a shared folder may point anywhere: replacing it loses the link, writing
  through it writes somewhere the user did not name). The one exception is a link to a
  character device or FIFO (``/dev/stdout`` when the terminal or a pipe is stdout),
  which is written into like the device itself.
- **a folder, a block device, a socket**, a name ending in ``/``, a missing parent
  folder: refused.

Every failure, including any ``OSError`` while writing (read-only file system,
permission denied, name too long, disk full), is an :class:`OutputError` naming the
path and the reason.
"""

from __future__ import annotations

import errno
import os
import secrets
import stat
from collections.abc import Iterable
from pathlib import Path

from ..errors import OutputError

__all__ = ["write_atomic", "check_output_path"]

_EXISTS = "{} exists; pass --force to overwrite it"


def _show(path: str) -> str:
    """A path as messages quote it: control characters escaped, long names shortened."""
    shown = "".join(c if c.isprintable() else repr(c)[1:-1] for c in path)
    return shown if len(shown) <= 100 else f"{shown[:60]}...{shown[-30:]}"


def _reason(exc: OSError) -> str:
    return exc.strerror or type(exc).__name__


def _is_stream(mode: int) -> bool:
    return stat.S_ISCHR(mode) or stat.S_ISFIFO(mode)


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    return "not a regular file"


def check_output_path(path: str | os.PathLike[str], *, overwrite: bool = False) -> str:
    """Check that ``path`` can be written; return how: ``"new"``, ``"replace"``, ``"stream"``.

    Called before a long computation (so a bad ``-o`` fails at once) and again by
    :func:`write_atomic` just before writing. Raises :class:`OutputError`.
    """
    text = os.fspath(path)
    if not text:
        raise OutputError("empty output file name")
    if text.endswith(("/", os.sep)):
        raise OutputError(f"{_show(text)} ends with '/': give a file name, not a folder")
    try:
        st = os.lstat(text)
    except (FileNotFoundError, NotADirectoryError):  # the folder check below says which
        st = None
    except OSError as exc:
        raise OutputError(f"cannot write {_show(text)}: {_reason(exc)}") from None
    if st is not None:
        if stat.S_ISLNK(st.st_mode):
            try:
                final = os.stat(text)
            except OSError:
                final = None
            if final is not None and _is_stream(final.st_mode):
                return "stream"
            try:
                to = f" (to {_show(os.readlink(text))})"
            except OSError:
                to = ""
            raise OutputError(
                f"{_show(text)} is a symbolic link{to}; it is not replaced nor written through: "
                "give the path of the file itself")
        if _is_stream(st.st_mode):
            return "stream"
        if not stat.S_ISREG(st.st_mode):
            if stat.S_ISDIR(st.st_mode):
                raise OutputError(f"{_show(text)} is a folder; give a file name")
            raise OutputError(f"{_show(text)} is {_kind(st.st_mode)}; it is not written")
        if not overwrite:
            raise OutputError(_EXISTS.format(_show(text)))
        return "replace"
    folder = os.path.dirname(text) or "."
    if not os.path.isdir(folder):
        what = "is not a folder" if os.path.lexists(folder) else "does not exist"
        raise OutputError(f"cannot write {_show(text)}: folder {_show(folder)} {what}")
    return "new"


def _write_fd(fd: int, pieces: Iterable[bytes]) -> None:
    for data in pieces:
        view = memoryview(data)
        while view:
            n = os.write(fd, view)
            view = view[n:]


def _temp_file(folder: str, name: str, mode: int) -> tuple[int, str]:
    """Create a fresh temporary file beside the target; return ``(fd, path)``.

    Written by hand because :func:`tempfile.mkstemp` always creates mode 0600 and takes
    no mode: ``os.open(..., 0o666)`` lets the kernel apply the umask (and a folder's
    default ACL) exactly as for any new file, without reading the process umask (which
    ``os.umask`` can only do by changing it, a race with other threads). The name is cut
    so the temporary name stays within the 255-byte limit even when the target's own
    name is at the limit (the final rename then reports ENAMETOOLONG itself).
    """
    stem = os.fsencode(name)[:180].decode(errors="ignore")
    for _ in range(100):
        tmp = os.path.join(folder, f".{stem}.{secrets.token_hex(6)}.tmp")
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW
                         | getattr(os, "O_CLOEXEC", 0), mode)
        except FileExistsError:
            continue
        return fd, tmp
    raise OutputError(f"cannot create a temporary file in {_show(folder)}")


def write_atomic(
    path: str | os.PathLike[str], data: str | bytes | Iterable[str | bytes], *,
    overwrite: bool = False
) -> Path:
    """Write ``data`` to ``path`` atomically; refuse to replace a file unless ``overwrite``.

    ``data`` may be an iterable of text or byte pieces (a large sweep's CSV): they are
    written one after another into the temporary file, so the whole text is never held
    at once; the target still appears only when every piece is written.
    See the module docstring for what happens to devices, FIFOs and symbolic links.
    """
    text = os.fspath(path)
    payload = _pieces(data)
    how = check_output_path(text, overwrite=overwrite)
    try:
        if how == "stream":
            _write_stream(text, payload)
        else:
            _write_file(text, payload, overwrite=overwrite)
    except OSError as exc:
        raise OutputError(f"cannot write {_show(text)}: {_reason(exc)}") from None
    return Path(text)


def _pieces(data: str | bytes | Iterable[str | bytes]) -> Iterable[bytes]:
    """The bytes to write, as pieces (one piece for plain text or bytes)."""
    if isinstance(data, str):
        return (data.encode("utf-8"),)
    if isinstance(data, (bytes, bytearray, memoryview)):
        return (bytes(data),)
    return (p.encode("utf-8") if isinstance(p, str) else bytes(p) for p in data)


def _write_stream(text: str, payload: Iterable[bytes]) -> None:
    # no O_CREAT, no O_TRUNC: a device or FIFO is written into, never created or replaced
    fd = os.open(text, os.O_WRONLY | os.O_NOCTTY | getattr(os, "O_CLOEXEC", 0))
    try:
        if not _is_stream(os.fstat(fd).st_mode):  # it changed since the check
            raise OutputError(f"{_show(text)} changed while being opened; not written")
        _write_fd(fd, payload)
    finally:
        os.close(fd)


def _write_file(text: str, payload: Iterable[bytes], *, overwrite: bool) -> None:
    folder = os.path.dirname(text) or "."
    name = os.path.basename(text)
    fd, tmp = _temp_file(folder, name, 0o666)
    try:
        try:
            if overwrite:
                try:
                    old = os.lstat(text)
                except FileNotFoundError:
                    old = None
                if old is not None and stat.S_ISREG(old.st_mode):
                    os.fchmod(fd, stat.S_IMODE(old.st_mode) & 0o777)
            _write_fd(fd, payload)
            os.fsync(fd)
        finally:
            os.close(fd)
        if overwrite:
            _recheck_replaceable(text)
            os.replace(tmp, text)
            return
        # link() fails if the target appeared meanwhile: never clobber silently
        try:
            os.link(tmp, text)
        except FileExistsError:
            raise OutputError(_EXISTS.format(_show(text))) from None
        except OSError as exc:
            if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP,
                                 errno.ENOSYS, errno.EMLINK, errno.EXDEV):
                raise
            # a file system without hard links (vfat, some network mounts): a last
            # check, then rename (a tiny window remains where a new file could be lost)
            if os.path.lexists(text):
                raise OutputError(_EXISTS.format(_show(text))) from None
            os.replace(tmp, text)
            return
        os.unlink(tmp)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _recheck_replaceable(text: str) -> None:
    """Right before the rename: the target must still be missing or a regular file."""
    try:
        st = os.lstat(text)
    except FileNotFoundError:
        return
    if not stat.S_ISREG(st.st_mode):
        raise OutputError(f"{_show(text)} changed while being written ({_kind(st.st_mode)} now); "
                          "not replaced")
