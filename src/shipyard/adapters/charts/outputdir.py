"""Writing ``helm template --output-dir`` files: below the output directory and nowhere else.

The output directory is created as Go's ``MkdirAll`` creates it (following symbolic links in
the path the user gave). Below it, each write walks the file's path elements by directory
descriptors, creating missing directories (0755 before the umask) and refusing to pass through
a symbolic link, then creates (0666 before the umask) or appends to the file without following
a link either: a link left in the directory cannot redirect a write elsewhere. Helm follows
such links; that is the one difference. Errors are worded as Go's in Helm's steps
(``stat DIR: not a directory``, ``mkdir DIR: permission denied``, ``open FILE: ...``).
"""

from __future__ import annotations

import errno
import os
import posixpath
import stat
from pathlib import Path

from shipyard import errors
from shipyard.core.charts import gostrings, outputdirs

_DIRECTORY = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
_FILE = os.O_WRONLY | os.O_NOFOLLOW | os.O_CLOEXEC


class OutputDirError(errors.UserError):
    """A file of the output directory cannot be written; ``str()`` is the message."""


def _go_error(op: str, path: str, exc: OSError) -> OutputDirError:
    """Go's ``*PathError`` text: ``op path: message`` (syscall messages are lower-case)."""
    message = os.strerror(exc.errno) if exc.errno else str(exc)
    return OutputDirError(f"{op} {path}: {message[:1].lower()}{message[1:]}")


def _refuse_link(path: str) -> OutputDirError:
    return OutputDirError(
        f"refusing to write through the symbolic link {path} inside the output directory"
    )


def write(output_dir: str, item: outputdirs.FileWrite) -> None:
    """Create or append ``item`` below ``output_dir``; raises OutputDirError."""
    base = gostrings.clean_path(posixpath.dirname(item.shown))
    try:
        Path(base).stat()
    except FileNotFoundError:
        pass
    except OSError as exc:
        raise _go_error("stat", base, exc) from None
    root = output_dir or "."
    try:
        Path(root).mkdir(mode=0o755, parents=True, exist_ok=True)
    except OSError as exc:
        raise _go_error("mkdir", exc.filename or root, exc) from None
    try:
        fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except OSError as exc:
        raise _go_error("stat", root, exc) from None
    try:
        for depth, part in enumerate(item.parts[:-1], start=1):
            parent, fd = fd, -1  # _enter closes the parent, whatever happens
            fd = _enter(parent, part, outputdirs.go_join(root, *item.parts[:depth]))
        _write_file(fd, item)
    finally:
        if fd >= 0:
            os.close(fd)


def _enter(parent: int, name: str, shown: str) -> int:
    """The descriptor of directory ``name`` in ``parent`` (made if missing); closes ``parent``."""
    try:
        return _open_directory(parent, name, shown)
    finally:
        os.close(parent)


def _open_directory(parent: int, name: str, shown: str) -> int:
    try:
        return os.open(name, _DIRECTORY, dir_fd=parent)
    except FileNotFoundError:
        pass
    except OSError as exc:
        raise _directory_error(parent, name, shown, exc) from None
    try:
        os.mkdir(name, 0o755, dir_fd=parent)
    except FileExistsError:
        pass  # made meanwhile: opened below like any other
    except OSError as exc:
        raise _go_error("mkdir", shown, exc) from None
    try:
        return os.open(name, _DIRECTORY, dir_fd=parent)
    except OSError as exc:
        raise _directory_error(parent, name, shown, exc) from None


def _directory_error(parent: int, name: str, shown: str, exc: OSError) -> OutputDirError:
    try:
        info = os.stat(name, dir_fd=parent, follow_symlinks=False)
    except OSError:
        return _go_error("mkdir", shown, exc)
    if stat.S_ISLNK(info.st_mode):
        return _refuse_link(shown)
    return _go_error("mkdir", shown, exc)


def _write_file(parent: int, item: outputdirs.FileWrite) -> None:
    name = item.parts[-1]
    flags = _FILE | (os.O_APPEND if item.append else os.O_CREAT | os.O_TRUNC)
    try:
        fd = os.open(name, flags, 0o666, dir_fd=parent)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise _refuse_link(item.shown) from None
        raise _go_error("open", item.shown, exc) from None
    try:
        data = memoryview(item.text.encode("utf-8", "surrogateescape"))
        while data:
            data = data[os.write(fd, data) :]
    except OSError as exc:
        raise _go_error("write", item.shown, exc) from None
    finally:
        os.close(fd)
