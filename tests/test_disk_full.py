"""A full disk (issue 13, item 12): the run stops with one clear message and exit 74, the database
stays consistent, no WARC record is left cut in half, and a file that was (a power cut, an older
version) is mended by the next run or by `verify --repair`, its damaged tail kept in quarantine.

The real full disks are small tmpfs file systems mounted in a private mount namespace
(`unshare -rm`, or `unshare -m` as root), grown afterwards with `mount -o remount` as an operator
frees space; the crawls run against the demo mirror on 127.0.0.1.
"""

from __future__ import annotations

import errno
import json
import os
import shlex
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from cli_run import FAST, ROOT, run_cli

from archive import warc as warc_module
from archive.disk_space import SpaceGuard, disk_full_message, is_disk_full
from archive.verify import verify_archive
from archive.warc import WarcFile, encode
from archive.warc_check import check_file
from archive.warc_repair import QUARANTINE_DIR, REPAIRS_LOG, repair_unsealed, unsealed_files
from archive.warc_seals import sealed_sizes
from demo.mirror import Mirror, write_demo_registry
from tests.test_warc import exchange


def _warcs(data_dir: Path) -> list[Path]:
    return sorted((data_dir / "warc").glob("*.warc.gz"))


def _integrity(db_path: Path) -> list[str]:
    conn = sqlite3.connect(db_path)
    try:
        return [row[0] for row in conn.execute("PRAGMA integrity_check")]
    finally:
        conn.close()


def _releases(db_path: Path) -> list[tuple[str, str]]:
    conn = sqlite3.connect(db_path)
    try:
        return sorted(conn.execute("SELECT source, title FROM releases").fetchall())
    finally:
        conn.close()


# --- what a full disk is ---------------------------------------------------------------------------


def test_disk_full_errors_are_told_from_other_errors(tmp_path: Path) -> None:
    assert is_disk_full(OSError(errno.ENOSPC, "No space left on device"))
    assert is_disk_full(OSError(errno.EDQUOT, "Disk quota exceeded"))
    assert is_disk_full(sqlite3.OperationalError("database or disk is full"))
    wrapped = RuntimeError("batch failed")
    wrapped.__cause__ = OSError(errno.ENOSPC, "No space left on device")
    assert is_disk_full(wrapped)
    assert not is_disk_full(OSError(errno.EACCES, "Permission denied"))
    assert not is_disk_full(sqlite3.OperationalError("database is locked"))
    assert not is_disk_full(ValueError("no space here"))
    # A plain I/O error is a full disk only where the disk is in fact (nearly) full.
    io_error = sqlite3.OperationalError("disk I/O error")
    io_error.sqlite_errorcode = 778  # type: ignore[attr-defined]  # SQLITE_IOERR_WRITE
    assert not is_disk_full(io_error, tmp_path)


def test_space_guard_trips_below_its_reserve_and_stays_tripped(tmp_path: Path) -> None:
    roomy = SpaceGuard(tmp_path, reserve_bytes=0)
    assert roomy.check(force=True) is None
    tight = SpaceGuard(tmp_path, reserve_bytes=1 << 60)  # more than any disk
    message = tight.check(force=True)
    assert message is not None and "кончается место" in message and str(tmp_path) in message
    assert "PRESSARCHIVE_MIN_FREE_MB" in message
    tight.reserve_bytes = 0
    assert tight.check(force=True) == message  # a run once stopped does not start again
    assert "нет места" in disk_full_message(tmp_path, 0, None)


# --- one WARC exchange: whole or not at all --------------------------------------------------------


def test_a_write_cut_short_is_undone_and_the_file_stays_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "warc" / "x.warc.gz"
    warc = WarcFile(path)
    warc.append(exchange(url="http://127.0.0.1:8000/news/1"))
    size = path.stat().st_size

    def half_then_full(fd: int, data: bytes) -> None:
        os.write(fd, data[: len(data) // 2])
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(warc_module, "_write_all", half_then_full)
    with pytest.raises(OSError) as raised:
        warc.append(exchange(url="http://127.0.0.1:8000/news/2", body="<p>" + "длинный текст " * 500))
    assert raised.value.errno == errno.ENOSPC
    assert path.stat().st_size == size  # the half written was cut back
    monkeypatch.undo()
    warc.append(exchange(url="http://127.0.0.1:8000/news/3"))  # and the file goes on
    warc.close()
    check = check_file(path)
    assert check.ok, check.problems
    assert [m.url for m in check.members if m.warc_type == "response"] == [
        "http://127.0.0.1:8000/news/1",
        "http://127.0.0.1:8000/news/3",
    ]
    assert sealed_sizes(path.parent) == {path.name: path.stat().st_size}


def test_a_new_file_whose_warcinfo_does_not_fit_is_not_left_empty(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_room(fd: int, data: bytes) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(warc_module, "_write_all", no_room)
    with pytest.raises(OSError):
        WarcFile(tmp_path / "warc" / "y.warc.gz")
    assert list((tmp_path / "warc").iterdir()) == []


# --- mending files cut short -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path, list[tuple[str, str]]]]:
    """A finished crawl of the demo mirror: (data dir to copy, registry, releases expected)."""
    base = tmp_path_factory.mktemp("crawled")
    with Mirror() as mirror:
        registry = write_demo_registry(mirror, base / "sources.toml")
        data = base / "data"
        data.mkdir()
        result = run_cli("crawl", "--sources", registry, "--db", data / "archive.db", *FAST)
        assert result.returncode == 0, result.stderr[-2000:]
        expected = sorted((f"demo_{site}", r.title) for site in mirror.sites for r in mirror.releases(site))
        yield data, registry, expected


def _copy(crawled: tuple[Path, Path, list[tuple[str, str]]], tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(crawled[0], data)
    return data


def _cut_exchange() -> bytes:
    """An exchange as a full disk (or a power cut) leaves it: the response whole, the request cut."""
    encoded = encode(exchange(url="http://127.0.0.1:8000/news/cut"))
    return encoded.data[: encoded.main_length + 20]


def test_a_crawl_never_leaves_an_unsealed_file(crawled: tuple[Path, Path, list[tuple[str, str]]]) -> None:
    data = crawled[0]
    assert _warcs(data) and unsealed_files(data) == []


def test_verify_names_the_cut_file_and_verify_repair_mends_it(
    crawled: tuple[Path, Path, list[tuple[str, str]]], tmp_path: Path
) -> None:
    data = _copy(crawled, tmp_path)
    db_path = data / "archive.db"
    target = _warcs(data)[0]
    whole = target.read_bytes()
    cut = _cut_exchange()
    target.write_bytes(whole + cut)

    checked = run_cli("verify", "--db", db_path)
    assert checked.returncode == 1
    assert "pressarchive verify --repair" in checked.stderr

    repaired = run_cli("verify", "--repair", "--db", db_path)
    assert repaired.returncode == 0, repaired.stderr
    assert "починено" in repaired.stderr and target.name in repaired.stderr
    assert "Traceback" not in repaired.stderr + repaired.stdout
    # The whole exchanges stay byte for byte; the cut one (response and its half request) is kept aside.
    assert target.read_bytes() == whole
    quarantine = data / "warc" / QUARANTINE_DIR
    (kept,) = quarantine.glob(f"{target.name}.*.tail")
    assert kept.read_bytes() == cut and kept.name == f"{target.name}.{len(whole)}.tail"
    (entry,) = [json.loads(line) for line in (quarantine / REPAIRS_LOG).read_text().splitlines()]
    assert entry["action"] == "truncated" and entry["offset"] == len(whole)
    assert entry["removed_bytes"] == len(cut) and entry["file"] == f"warc/{target.name}"
    assert entry["problems"] and entry["at"]
    report = verify_archive(db_path)
    assert report.ok, report.problems
    assert any("1 repair(s)" in warning for warning in report.warnings)
    again = run_cli("verify", "--repair", "--db", db_path)
    assert again.returncode == 0 and "починено" not in again.stderr  # nothing left to mend


def test_the_next_crawl_mends_a_file_left_unsealed_and_goes_on(
    crawled: tuple[Path, Path, list[tuple[str, str]]], tmp_path: Path
) -> None:
    data = _copy(crawled, tmp_path)
    db_path = data / "archive.db"
    target = _warcs(data)[-1]
    whole = target.read_bytes()
    target.write_bytes(whole + _cut_exchange())  # unsealed now: its size changed
    assert unsealed_files(data) == [target]
    with Mirror() as mirror:
        registry = write_demo_registry(mirror, tmp_path / "sources.toml")
        result = run_cli("crawl", "--sources", registry, "--db", db_path, *FAST)
    assert result.returncode == 0, result.stderr[-2000:]
    assert f"WARC починен: warc/{target.name}" in result.stderr
    assert target.read_bytes() == whole
    assert unsealed_files(data) == []
    assert verify_archive(db_path).ok


def test_the_run_leaves_old_unsealed_files_to_verify_repair(
    crawled: tuple[Path, Path, list[tuple[str, str]]], tmp_path: Path
) -> None:
    """An archive older than the seals: its files are not all read again at the next run's start."""
    data = _copy(crawled, tmp_path)
    (data / "warc" / "sealed.tsv").unlink()
    old = _warcs(data)[0]
    month_ago = old.stat().st_mtime - 40 * 86400
    os.utime(old, (month_ago, month_ago))
    assert old in unsealed_files(data) and old not in unsealed_files(data, within_days=30)
    repaired = repair_unsealed(data / "archive.db")
    assert repaired == [] and old in unsealed_files(data)  # whole, and still to be read by verify --repair
    assert unsealed_files(data, within_days=30) == []  # the recent ones were read and sealed


def test_damage_before_indexed_records_is_reported_not_cut(
    crawled: tuple[Path, Path, list[tuple[str, str]]], tmp_path: Path
) -> None:
    data = _copy(crawled, tmp_path)
    db_path = data / "archive.db"
    target = max(_warcs(data), key=lambda p: p.stat().st_size)
    damaged = bytearray(target.read_bytes())
    damaged[len(damaged) // 2] ^= 0xFF  # bit rot in the middle, under records the database points at
    target.write_bytes(bytes(damaged))
    result = run_cli("verify", "--repair", "--db", db_path)
    assert result.returncode == 1
    assert "НЕ ПОЧИНИТЬ" in result.stderr and "PROBLEM" in result.stderr
    assert target.read_bytes() == bytes(damaged)  # nothing cut, nothing moved
    assert not (data / "warc" / QUARANTINE_DIR / REPAIRS_LOG).exists()


def test_a_file_without_one_whole_record_moves_to_quarantine_whole(tmp_path: Path) -> None:
    data = tmp_path / "data"
    path = data / "warc" / "lost-20261203T000000Z-1-00001.warc.gz"
    warc = WarcFile(path)
    warc.close()
    head = path.read_bytes()[:40]  # a warcinfo cut early: nothing in it can be read
    path.write_bytes(head)
    db_path = data / "archive.db"
    (repair,) = repair_unsealed(db_path)  # no database yet: nothing can point into the file
    assert repair.action == "quarantined" and not path.exists()
    assert (data / "warc" / QUARANTINE_DIR / path.name).read_bytes() == head


# --- real full disks -------------------------------------------------------------------------------


def _namespace() -> list[str] | None:
    """How to mount a tmpfs here without touching the machine: a private mount namespace."""
    if shutil.which("unshare") is None:
        return None
    for prefix in (["unshare", "-rm"], ["unshare", "-m"]):
        probe = subprocess.run([*prefix, "true"], capture_output=True, check=False)
        if probe.returncode == 0:
            return prefix
    return None


NAMESPACE = _namespace()
needs_mount = pytest.mark.skipif(
    NAMESPACE is None, reason="no private mount namespace (unshare) to mount a small tmpfs in"
)


def _on_small_disk(
    tmp_path: Path, size_kib: int, steps: list[tuple[str, list[str | Path]]]
) -> dict[str, dict]:
    """Run `pressarchive` commands on an archive in a tmpfs of `size_kib`; a step named `grow:N`
    remounts it with N KiB (space freed). After each command the archive is copied out to
    tmp_path/<step> (the tmpfs is gone with the namespace); returns each step's rc/stdout/stderr."""
    mount = tmp_path / "disk"
    mount.mkdir()
    lines = [
        "set -u",
        f"mount -t tmpfs -o size={size_kib}k tmpfs {shlex.quote(str(mount))}",
        f"cd {shlex.quote(str(ROOT))}",
    ]
    for name, args in steps:
        if name.startswith("grow:"):
            lines.append(f"mount -o remount,size={name.split(':')[1]}k {shlex.quote(str(mount))}")
            continue
        if name.startswith("leave:"):  # another program takes all but N KiB
            quoted = shlex.quote(str(mount))
            lines.append(f"avail=$(df -k --output=avail {quoted} | tail -1)")
            keep = name.split(":")[1]
            lines.append(f"dd if=/dev/zero of={quoted}/filler bs=1k count=$((avail - {keep})) 2>/dev/null")
            continue
        if name == "fill":  # another program takes every byte left
            lines.append(f"dd if=/dev/zero of={shlex.quote(str(mount))}/filler bs=64k 2>/dev/null || true")
            continue
        if name == "unfill":
            lines.append(f"rm -f {shlex.quote(str(mount))}/filler")
            continue
        out = tmp_path / name
        out.mkdir()
        command = shlex.join(
            [sys.executable, "-m", "crawler.cli", *map(str, args), "--db", str(mount / "archive.db")]
        )
        lines.append(f"{command} >{out}/stdout 2>{out}/stderr; echo $? >{out}/rc")
        lines.append(f"mkdir -p {out}/data && cp -a {mount}/. {out}/data/")
    subprocess.run([*NAMESPACE, "sh", "-c", "\n".join(lines)], check=True, timeout=600)  # type: ignore[misc]
    results = {}
    for name, _ in steps:
        if not name.startswith(("grow:", "leave:")) and name not in ("fill", "unfill"):
            out = tmp_path / name
            results[name] = {
                "rc": int((out / "rc").read_text()),
                "stdout": (out / "stdout").read_text(),
                "stderr": (out / "stderr").read_text(),
                "db": out / "data" / "archive.db",
            }
    return results


@needs_mount
def test_a_crawl_on_a_disk_that_fills_stops_cleanly_and_the_next_one_completes(tmp_path: Path) -> None:
    with Mirror() as mirror:
        registry = write_demo_registry(mirror, tmp_path / "sources.toml")
        expected = sorted((f"demo_{site}", r.title) for site in mirror.sites for r in mirror.releases(site))
        crawl = ["crawl", "--sources", registry, *FAST, "--set", "PRESSARCHIVE_MIN_FREE_MB=0"]
        runs = _on_small_disk(tmp_path, 1500, [("full", crawl), ("grow:65536", []), ("freed", crawl)])
    full = runs["full"]
    output = full["stdout"] + full["stderr"]
    assert full["rc"] == 74, output[-3000:]
    assert "Traceback" not in output
    errors = [line for line in full["stderr"].splitlines() if line.strip()]
    assert len(errors) == 1 and errors[0].startswith("ОШИБКА: на диске архива нет места"), errors
    assert _integrity(full["db"]) == ["ok"]
    report = verify_archive(full["db"])
    assert report.ok, report.problems  # no WARC record cut in half
    assert len(_releases(full["db"])) < len(expected)  # the disk did fill before the end

    freed = runs["freed"]
    assert freed["rc"] == 0, (freed["stdout"] + freed["stderr"])[-3000:]
    assert "Traceback" not in freed["stdout"] + freed["stderr"]
    assert _releases(freed["db"]) == expected  # every release, each once
    assert verify_archive(freed["db"]).ok


@needs_mount
def test_nightly_stops_while_room_is_left_records_its_runs_and_alerts(tmp_path: Path) -> None:
    with Mirror() as mirror:
        registry = write_demo_registry(mirror, tmp_path / "sources.toml")
        expected = sorted((f"demo_{site}", r.title) for site in mirror.sites for r in mirror.releases(site))
        alerts = tmp_path / "alerts.txt"
        night = [
            "nightly",
            "--sources",
            registry,
            *FAST,
            "--set",
            "PRESSARCHIVE_MIN_FREE_MB=8",
            "--set",
            "PRESSARCHIVE_DISK_CHECK_SECONDS=0.05",
            "--alert-command",
            f"sh -c 'cat >> {alerts}'",
        ]
        # The archive made first (a crawl of a site that is not there), then another program leaves
        # 8 MiB + 64 KiB free: the night starts above the reserve and its first WARC records (some
        # 300 KiB in all) take it below while the spiders run, with 8 MiB left to stop in.
        nowhere = tmp_path / "nowhere.toml"
        nowhere.write_text(
            registry.read_text(encoding="utf-8").split("[[source]]")[0]
            + '[[source]]\nname = "nowhere"\ntitle = "Нет сайта"\nregion = "Тверская область"\n'
            'publisher_kind = "ministry"\ntimezone = "Europe/Moscow"\nplatform = "generic"\n'
            'start_urls = ["http://127.0.0.1:9/news/"]\n',
            encoding="utf-8",
        )
        create = ["crawl", "--sources", nowhere, "--set", "PRESSARCHIVE_MIN_FREE_MB=0"]
        steps = [("create", create), ("leave:8256", []), ("night", night), ("unfill", []), ("next", night)]
        runs = _on_small_disk(tmp_path, 16384, steps)
    night_run = runs["night"]
    output = night_run["stdout"] + night_run["stderr"]
    assert night_run["rc"] == 74, output[-3000:]
    assert "Traceback" not in output
    assert "ОБХОД НЕ УДАЛСЯ: на диске архива кончается место" in night_run["stdout"]
    assert "кончается место" in alerts.read_text()
    assert "ОШИБКА" not in night_run["stderr"]  # said once on stdout, not once per source
    assert "сломан" not in night_run["stdout"].lower()  # the disk is full, not the sites
    conn = sqlite3.connect(night_run["db"])
    reasons = [row[0] for row in conn.execute("SELECT finish_reason FROM crawl_runs")]
    conn.close()
    assert "disk_full" in reasons, reasons  # the runs were recorded: the reserve left room for it
    assert _integrity(night_run["db"]) == ["ok"] and verify_archive(night_run["db"]).ok
    # how much was crawled before the reserve was reached depends on when SQLite grows its files;
    # the reactive case (test_a_crawl_on_a_disk_that_fills...) shows a run cut short

    following = runs["next"]
    assert following["rc"] in (0, 1), (following["stdout"] + following["stderr"])[-3000:]
    assert "ОБХОД НЕ УДАЛСЯ" not in following["stdout"]
    assert _releases(following["db"]) == expected
    assert verify_archive(following["db"]).ok


@needs_mount
def test_every_writing_command_on_a_full_disk_says_so_once(tmp_path: Path) -> None:
    """Another program fills the disk after a crawl: reextract, migrate, nightly, crawl and
    verify --repair each give one «нет места» line and exit 74; the archive stays sound and
    the next reextract, once space is freed, works."""
    with Mirror() as mirror:
        registry = write_demo_registry(mirror, tmp_path / "sources.toml")
        roomy = ["--set", "PRESSARCHIVE_MIN_FREE_MB=0"]
        commands = {
            "reextract": ["reextract"],
            "migrate": ["migrate"],
            "nightly": ["nightly", "--sources", registry, *FAST, *roomy],
            "crawl_again": ["crawl", "--sources", registry, *FAST, *roomy],
            "repair": ["verify", "--repair"],
        }
        steps: list[tuple[str, list[str | Path]]] = [
            ("first", ["crawl", "--sources", registry, *FAST, *roomy])
        ]
        steps += [("fill", []), *commands.items(), ("unfill", []), ("freed", ["reextract"])]
        runs = _on_small_disk(tmp_path, 16384, steps)
    assert runs["first"]["rc"] == 0, runs["first"]["stderr"][-2000:]
    for name in commands:
        run = runs[name]
        output = run["stdout"] + run["stderr"]
        assert run["rc"] == 74, (name, output[-2000:])
        assert "Traceback" not in output, name
        errors = [line for line in run["stderr"].splitlines() if line.strip()]
        assert len(errors) == 1 and "на диске архива нет места" in errors[0], (name, errors)
        assert _integrity(run["db"]) == ["ok"], name
    assert runs["freed"]["rc"] == 0, runs["freed"]["stderr"][-2000:]
    assert verify_archive(runs["freed"]["db"]).ok


def test_a_new_warc_file_appears_with_its_first_record_and_leftovers_are_cleared(tmp_path: Path) -> None:
    """bench_reliability: a crawl killed just after creating a WARC file left it empty, and verify
    failed until a later run mended it. The file now takes its name with its warcinfo in it; a
    writer killed before that leaves a hidden temporary file, which the next run removes."""
    data = tmp_path / "data"
    path = data / "warc" / "src-20261203T000000Z-1-00001.warc.gz"
    warc = WarcFile(path)
    assert check_file(path).ok and path.stat().st_size > 0  # whole from its first moment
    warc.close()
    leftover = path.with_name(f".{path.name}.4242.tmp")
    leftover.write_bytes(b"\x1f\x8b\x08")  # a writer killed while it wrote the warcinfo
    assert repair_unsealed(data / "archive.db") == []
    assert not leftover.exists() and path.exists()
