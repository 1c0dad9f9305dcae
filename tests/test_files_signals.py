"""Output files, signals and worker processes (issue 8, "Files").

What ``-o`` does with each kind of path (new, existing, device, FIFO, symlink, folder,
unwritable), the format an ``-o`` suffix implies, the exit codes of Ctrl-C (130) and
SIGTERM (143), and that no sweep worker outlives its parent.

Tests run as root, so ``chmod`` cannot make a folder unwritable: unwritable places are
``/proc`` and ``/sys`` (no regular files can be created there), ``/dev/full`` (every
write fails with ENOSPC) and a 300-character name (ENAMETOOLONG).
"""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from gamegen import random_game

from alliance_games.cli import _run, cli
from alliance_games.errors import AllianceGamesError, OutputError
from alliance_games.interop.convert import convert_game
from alliance_games.report.files import write_atomic

ROOT = Path(__file__).resolve().parents[1]
MODEL = "security_dilemma/stag_hunt"


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = _run(cli, args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def umask() -> Iterator[None]:
    old = os.umask(0o022)
    os.umask(old)
    yield
    os.umask(old)


# --- permissions -------------------------------------------------------------------


@pytest.mark.parametrize(("mask", "mode"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_new_file_mode_is_0666_minus_umask(tmp_path: Path, umask: None, mask: int,
                                           mode: int) -> None:
    """Like open(): 0666 & ~umask (mkstemp gave 0600 whatever the umask)."""
    os.umask(mask)
    target = tmp_path / "report.txt"
    write_atomic(target, "x\n")
    assert stat.S_IMODE(target.stat().st_mode) == mode
    assert target.read_text() == "x\n"
    assert [p.name for p in tmp_path.iterdir()] == ["report.txt"]  # no temporary left


def test_cli_output_mode_under_umask_022(tmp_path: Path, umask: None,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    os.umask(0o022)
    code, _, _ = run(["solve", MODEL, "-o", str(tmp_path / "r.txt")], capsys)
    assert code == 0
    assert stat.S_IMODE((tmp_path / "r.txt").stat().st_mode) == 0o644


def test_replacing_keeps_the_old_permissions(tmp_path: Path) -> None:
    """--force on an existing file keeps its mode, as open(..., 'w') would."""
    target = tmp_path / "r.txt"
    target.write_text("old")
    target.chmod(0o640)
    with pytest.raises(OutputError, match="exists; pass --force"):
        write_atomic(target, "new")
    write_atomic(target, "new", overwrite=True)
    assert target.read_text() == "new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


# --- format from the suffix ---------------------------------------------------------


def test_json_suffix_writes_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The stag hunt has three equilibria: (Restrain, Restrain), (Arm, Arm), one mixed."""
    code, _, _ = run(["solve", MODEL, "-o", str(tmp_path / "x.json")], capsys)
    assert code == 0
    data = json.loads((tmp_path / "x.json").read_text())
    assert len(data["equilibria"]) == 3


def test_markdown_and_text_suffixes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for name in ("x.md", "x.markdown"):
        assert run(["solve", MODEL, "-o", str(tmp_path / name)], capsys)[0] == 0
        assert (tmp_path / name).read_text().startswith("# Stag hunt")
    for name in ("x.txt", "x.out"):  # .txt and an unknown suffix: text
        assert run(["solve", MODEL, "-o", str(tmp_path / name)], capsys)[0] == 0
        assert (tmp_path / name).read_text().startswith("Game: Stag hunt")


def test_format_conflicting_with_suffix_is_an_error(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["solve", MODEL, "-o", str(tmp_path / "x.md"), "--format", "json"],
                       capsys)
    assert code == 2
    assert "--format json conflicts with" in err and "markdown" in err
    assert len(err.strip().splitlines()) == 1
    assert not (tmp_path / "x.md").exists()
    # agreeing is fine
    assert run(["solve", MODEL, "-o", str(tmp_path / "y.json"), "-f", "json"], capsys)[0] == 0


def test_convert_target_from_suffix(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["convert", MODEL, "-o", str(tmp_path / "g.nfg")], capsys)[0] == 0
    assert (tmp_path / "g.nfg").read_text().startswith("NFG 1 R")
    code, _, err = run(["convert", MODEL, "-o", str(tmp_path / "g.efg"), "--to", "nfg"],
                       capsys)
    assert code == 2 and "--to nfg conflicts with" in err
    code, _, err = run(["convert", MODEL, "-o", str(tmp_path / "g.out")], capsys)
    assert code == 2 and "Missing option '--to'" in err
    assert not (tmp_path / "g.efg").exists() and not (tmp_path / "g.out").exists()


# --- paths that are not a new or regular file ---------------------------------------


def test_trailing_slash_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["solve", MODEL, "-o", f"{tmp_path}/newdir/"], capsys)
    assert code == 2 and "ends with '/'" in err
    assert list(tmp_path.iterdir()) == []  # no file named newdir


def test_missing_folder_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["solve", MODEL, "-o", str(tmp_path / "nope" / "x.txt")], capsys)
    assert code == 2 and "does not exist" in err
    (tmp_path / "file").write_text("")
    code, _, err = run(["solve", MODEL, "-o", str(tmp_path / "file" / "x.txt")], capsys)
    assert code == 2 and "is not a folder" in err


@pytest.mark.parametrize("force", [[], ["--force"]])
def test_dev_null_is_written_into_not_replaced(
        force: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    before = os.stat("/dev/null")
    code, out, _ = run(["solve", MODEL, "-o", "/dev/null", *force], capsys)
    after = os.stat("/dev/null")
    assert code == 0 and out == ""
    assert stat.S_ISCHR(after.st_mode) and after.st_rdev == before.st_rdev
    assert after.st_ino == before.st_ino


def test_dev_full_is_enospc_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    before = os.stat("/dev/full")
    code, _, err = run(["solve", MODEL, "-o", "/dev/full"], capsys)
    assert code == 2
    assert err.strip() == "error: cannot write /dev/full: No space left on device"
    assert os.stat("/dev/full").st_rdev == before.st_rdev


def test_symlink_is_never_replaced(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    real = tmp_path / "real.txt"
    real.write_text("keep")
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    for force in ([], ["--force"]):
        code, _, err = run(["solve", MODEL, "-o", str(link), *force], capsys)
        assert code == 2 and "is a symbolic link" in err
        assert os.path.islink(link) and real.read_text() == "keep"
    dangling = tmp_path / "dangling.txt"
    dangling.symlink_to(tmp_path / "nowhere.txt")
    code, _, err = run(["solve", MODEL, "-o", str(dangling), "--force"], capsys)
    assert code == 2 and os.path.islink(dangling)
    assert not (tmp_path / "nowhere.txt").exists()


def test_symlink_to_a_device_is_written_into(tmp_path: Path) -> None:
    """/dev/stdout is a link to a stream: the link stays, the device receives the data."""
    link = tmp_path / "out"
    link.symlink_to("/dev/null")
    write_atomic(link, "x", overwrite=True)
    assert os.path.islink(link) and os.readlink(link) == "/dev/null"


def test_fifo_is_written_into(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    write_atomic(fifo, "through the pipe\n")
    reader.join(timeout=30)
    assert got == [b"through the pipe\n"]
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_folder_and_block_device_refused(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="is a folder"):
        write_atomic(tmp_path, "x", overwrite=True)
    blocks = [f"/dev/{n}" for n in os.listdir("/dev")
              if stat.S_ISBLK(os.lstat(f"/dev/{n}").st_mode)]
    for dev in blocks[:1]:
        with pytest.raises(OutputError, match="block device"):
            write_atomic(dev, "x", overwrite=True)


@pytest.mark.parametrize("where", ["/proc/alliance_games_test.txt",
                                   "/sys/alliance_games_test.txt"])
def test_unwritable_folder_is_exit_2(where: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["solve", MODEL, "-o", where], capsys)
    assert code == 2
    assert err.startswith(f"error: cannot write {where}: ")
    assert len(err.strip().splitlines()) == 1 and "internal error" not in err


def test_name_too_long_is_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["solve", MODEL, "-o", str(tmp_path / ("a" * 300 + ".txt"))], capsys)
    assert code == 2
    assert err.strip().endswith(": File name too long") and "..." in err  # name shortened
    assert list(tmp_path.iterdir()) == []  # the temporary file was removed


def test_sweep_checks_outputs_before_running(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["sweep", MODEL, "--grid", "temptation=0:1:2", "-o",
                        f"{tmp_path}/d/"], capsys)
    assert code == 2 and "ends with '/'" in err


# --- signals -------------------------------------------------------------------------


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _wait_busy(proc: subprocess.Popen[str], cpu: float = 1.0) -> None:
    """Until the process has used ``cpu`` seconds (well past start-up: it is solving)."""
    for _ in range(1200):
        assert proc.poll() is None, proc.communicate()
        if _cpu_seconds(proc.pid) >= cpu:
            return
        time.sleep(0.05)
    pytest.fail("the process never got busy")


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"  # a zombie has exited (nobody reaped it yet)


def _children(pid: int) -> list[int]:
    out = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            except (FileNotFoundError, ProcessLookupError):
                continue
            if int(fields[1]) == pid:
                out.append(int(entry))
    return out


def _wait_gone(pids: list[int], seconds: float = 10.0) -> list[int]:
    """Poll (bounded) until none of ``pids`` runs; return those still running."""
    for _ in range(int(seconds / 0.05)):
        if not any(_alive(p) for p in pids):
            break
        time.sleep(0.05)
    return [p for p in pids if _alive(p)]


@pytest.fixture
def slow_game(tmp_path: Path) -> str:
    """A random 13x13 game: support enumeration needs minutes on it."""
    path = tmp_path / "slow.nfg"
    path.write_text(convert_game(random_game(np.random.default_rng(1), (13, 13), 0, 100),
                                 "nfg"))
    return str(path)


def _start(args: list[str]) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, str(ROOT / "cli.py"), *args], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)


@pytest.mark.parametrize(("sig", "code", "line"), [
    (signal.SIGINT, 130, "interrupted (SIGINT): stopped"),
    (signal.SIGTERM, 143, "terminated (SIGTERM): stopped"),
])
def test_signal_during_solve(slow_game: str, tmp_path: Path, sig: int, code: int,
                             line: str) -> None:
    out = tmp_path / "r.json"
    proc = _start(["solve", slow_game, "-m", "support-enumeration", "-q", "-o", str(out)])
    try:
        _wait_busy(proc)
        os.killpg(proc.pid, sig)  # as a terminal does: the whole process group
        stdout, stderr = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == code, stderr
    assert stdout == "" and stderr.splitlines() == [line], stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["slow.nfg"]  # nothing written


SWEEP = ["sweep", MODEL, "--grid", "temptation=0:10:100", "--grid", "reward=0:10:100",
         "--workers", "2", "-q"]


def _start_sweep() -> tuple[subprocess.Popen[str], list[int]]:
    proc = _start(SWEEP)
    for _ in range(1200):
        workers = _children(proc.pid)
        if len(workers) >= 2:
            break
        assert proc.poll() is None, proc.communicate()
        time.sleep(0.05)
    else:
        pytest.fail("no workers started")
    # the workers solve, the parent mostly waits (its own start-up is well under 0.5 s
    # of CPU since spec values no longer import sympy): wait for the workers' CPU
    for _ in range(1200):
        assert proc.poll() is None, proc.communicate()
        if sum(_cpu_seconds(pid) for pid in workers) >= 0.5:
            break
        time.sleep(0.05)
    else:
        pytest.fail("the workers never got busy")
    return proc, workers


def test_killed_sweep_leaves_no_workers() -> None:
    """SIGKILL gives the parent no chance to clean up: the kernel stops the workers."""
    proc, workers = _start_sweep()
    try:
        proc.kill()
        proc.wait(timeout=30)
        left = _wait_gone(workers)
    finally:
        for pid in workers:
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)
    assert left == []


def test_interrupted_sweep_stops_workers_and_exits_130() -> None:
    proc, workers = _start_sweep()
    try:
        os.killpg(proc.pid, signal.SIGINT)
        stdout, stderr = proc.communicate(timeout=60)
        left = _wait_gone(workers)
    finally:
        for pid in [proc.pid, *workers]:
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)
    assert proc.returncode == 130, stderr
    assert stderr.splitlines() == ["interrupted (SIGINT): stopped"], stderr  # no traceback
    assert stdout == "" and left == []


# --- Dask ----------------------------------------------------------------------------


def test_missing_dask_names_the_extra(monkeypatch: pytest.MonkeyPatch,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setitem(sys.modules, "dask.distributed", None)  # import now fails
    code, _, err = run(["sweep", MODEL, "--grid", "temptation=0:1:2", "--scheduler",
                        "tcp://127.0.0.1:1"], capsys)
    assert code == 2
    assert err.strip() == 'error: --scheduler needs Dask: pip install "alliance_games[dask]"'


def test_unreachable_scheduler_is_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    """Port 1 on localhost refuses connections: a clear error after the connect timeout.

    Needs ``distributed`` (the test extra): a missing install fails here, not skips.
    """
    import distributed  # noqa: F401

    code, _, err = run(["sweep", MODEL, "--grid", "temptation=0:1:2", "--scheduler",
                        "tcp://127.0.0.1:1"], capsys)
    assert code == 2
    assert err.startswith("error: cannot connect to the Dask scheduler at 'tcp://127.0.0.1:1'")
    assert len(err.strip().splitlines()) == 1


def test_write_failure_is_an_alliance_games_error() -> None:
    """Library callers catch one hierarchy: a write failure is an OutputError."""
    with pytest.raises(AllianceGamesError, match="cannot write /proc/x: "):
        write_atomic("/proc/x", "data")


def test_pieces_are_written_whole_or_not_at_all(tmp_path: Path) -> None:
    """A large sweep's CSV is written piece by piece (never held whole): the target
    holds every piece in order once the last is written, and a failure half-way (here
    an exception raised by the third piece) leaves neither the target nor a temporary
    file behind."""
    target = tmp_path / "rows.csv"
    write_atomic(target, iter(["a,b\r\n", b"1,2\r\n", "3,4\r\n"]))
    assert target.read_bytes() == b"a,b\r\n1,2\r\n3,4\r\n"

    def failing() -> Iterator[str]:
        yield "a,b\r\n"
        yield "1,2\r\n"
        raise RuntimeError("disk gone")

    other = tmp_path / "half.csv"
    with pytest.raises(RuntimeError):
        write_atomic(other, failing())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rows.csv"]


def test_sweep_csv_streamed_equals_the_whole_text(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    """``sweep -o`` writes the result's CSV in pieces (column path: header, then blocks
    of rows); the file equals :meth:`SweepResult.to_csv`, and so does ``-o -``."""
    from alliance_games.analysis.sweep import parse_grid, sweep

    grid = "cost_of_war=0.5:4.5:9"
    out = tmp_path / "s.csv"
    code, _, _ = run(["sweep", "security_dilemma/chicken", "--grid", grid, "-q",
                      "-o", str(out)], capsys)
    assert code == 0
    whole = sweep("security_dilemma/chicken", [parse_grid(grid)]).to_csv()
    assert out.read_bytes().decode() == whole
    assert len(whole.splitlines()) == 10
    code, stdout, _ = run(["sweep", "security_dilemma/chicken", "--grid", grid, "-q",
                           "-o", "-"], capsys)
    assert code == 0 and stdout == whole
