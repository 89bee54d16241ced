import errno
import hashlib
from pathlib import Path

import pytest

from soildesk.db.database import open_database
from soildesk.errors import KnownError, ValidationError
from soildesk.evidence import EvidenceStore


@pytest.fixture
def store(db) -> EvidenceStore:
    return EvidenceStore(db)


@pytest.fixture
def sub_id(plans, demo) -> int:
    return plans.load_tree(demo.id)[0].children[0].children[0].children[0].id


def _file(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / "src" / name
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(data)
    return path


def _stored(root: Path) -> list[Path]:
    """The stored files (the owner file and folders aside)."""
    return [p for p in root.rglob("*") if p.is_file() and p.name != "owner.json"]


def test_add_dedupes_by_hash_and_keeps_original_names(store, sub_id, tmp_path: Path) -> None:
    data = b"%PDF-1.4 scan of the report" * 100
    a = store.add(sub_id, _file(tmp_path, "监测报告（2024）.pdf", data), note="上半年")
    b = store.add(sub_id, _file(tmp_path, "副本.pdf", data))
    assert a.sha256 == b.sha256 == hashlib.sha256(data).hexdigest()
    assert a.file_id == b.file_id and a.id != b.id
    stored = _stored(store.root)
    assert stored == [store.path_for(a.sha256)]
    assert stored[0].read_bytes() == data
    assert [x.original_name for x in store.list_for_node(sub_id)] == [
        "监测报告（2024）.pdf",
        "副本.pdf",
    ]
    assert store.list_for_node(sub_id)[0].note == "上半年"


def test_bad_sources_are_refused_and_nothing_is_stored(
    store, sub_id, tmp_path: Path, monkeypatch
) -> None:
    folder = tmp_path / "一个文件夹"
    folder.mkdir()
    with pytest.raises(ValidationError, match="是一个文件夹"):
        store.add(sub_id, folder)
    with pytest.raises(ValidationError, match="找不到文件"):
        store.add(sub_id, tmp_path / "没有.pdf")
    big = _file(tmp_path, "video.mp4", b"x")
    monkeypatch.setattr("soildesk.evidence.MAX_FILE_BYTES", 0)
    with pytest.raises(ValidationError, match="超过单个佐证材料"):
        store.add(sub_id, big)
    assert store.list_for_node(sub_id) == []


def test_disk_full_halfway_leaves_nothing_behind(
    store, sub_id, tmp_path: Path, monkeypatch
) -> None:
    src = _file(tmp_path, "scan.jpg", b"\xff\xd8" + b"x" * (3 * 1024 * 1024))
    real_fdopen = __import__("os").fdopen

    class FullDisk:
        def __init__(self, f) -> None:
            self.f, self.written = f, 0

        def write(self, chunk: bytes) -> int:
            if self.written:
                raise OSError(errno.ENOSPC, "No space left on device")
            self.written += len(chunk)
            return self.f.write(chunk)

        def __getattr__(self, name):
            return getattr(self.f, name)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.f.close()

    monkeypatch.setattr(
        "soildesk.evidence.os.fdopen", lambda fd, mode: FullDisk(real_fdopen(fd, mode))
    )
    with pytest.raises(KnownError, match="磁盘空间不足"):
        store.add(sub_id, src)
    assert store.list_for_node(sub_id) == []
    assert _stored(store.root) == []


def test_remove_is_restorable_until_garbage_collection(store, sub_id, tmp_path: Path) -> None:
    att = store.add(sub_id, _file(tmp_path, "a.png", b"\x89PNG..."))
    change = store.remove(att.id)
    assert change.label == "移除佐证材料“a.png”" and change.node_id == sub_id
    assert store.list_for_node(sub_id) == []
    assert store.path_for(att.sha256).exists()  # undo can still bring it back
    store.db.undo(change)
    assert [a.id for a in store.list_for_node(sub_id)] == [att.id]
    store.remove(att.id)
    assert store.collect_garbage() == 1
    assert not store.path_for(att.sha256).exists()


def test_a_file_still_attached_elsewhere_is_kept(store, plans, demo, tmp_path: Path) -> None:
    subs = plans.load_tree(demo.id)[0].children[0].children[0].children
    data = b"shared"
    one = store.add(subs[0].id, _file(tmp_path, "x.pdf", data))
    store.add(subs[1].id, _file(tmp_path, "y.pdf", data))
    store.remove(one.id)
    assert store.collect_garbage() == 0
    assert store.path_for(one.sha256).exists()


def test_verify_finds_deleted_and_altered_files(store, plans, demo, tmp_path: Path) -> None:
    subs = plans.load_tree(demo.id)[0].children[0].children[0].children
    ok = store.add(subs[0].id, _file(tmp_path, "ok.pdf", b"fine"))
    gone = store.add(subs[1].id, _file(tmp_path, "gone.pdf", b"will vanish"))
    changed = store.add(subs[2].id, _file(tmp_path, "changed.docx", b"original"))
    store.path_for(gone.sha256).unlink()
    store.path_for(changed.sha256).write_bytes(b"tampered")
    problems = {(p.attachment.original_name, p.kind) for p in store.verify()}
    assert problems == {("gone.pdf", "missing"), ("changed.docx", "altered")}
    assert ok.original_name not in {name for name, _ in problems}


def test_viewable_copy_uses_a_windows_safe_original_name(store, sub_id, tmp_path: Path) -> None:
    att = store.add(sub_id, _file(tmp_path, "报告:第1期?.pdf", b"pdf"))
    copy = store.viewable_copy(att, tmp_path)
    assert copy.name == "报告_第1期_.pdf" and copy.read_bytes() == b"pdf"
    assert copy.parent.name == att.sha256[:16]  # keyed by content, not by a row id


def test_only_subitems_take_evidence(store, plans, demo, tmp_path: Path) -> None:
    article = plans.load_tree(demo.id)[0]
    with pytest.raises(ValidationError, match="只能添加到小项"):
        store.add(article.id, _file(tmp_path, "x.pdf", b"x"))


def test_deleting_a_subitem_and_undo_keeps_its_attachments(
    store, plans, sub_id, tmp_path: Path
) -> None:
    att = store.add(sub_id, _file(tmp_path, "x.pdf", b"x"))
    change = plans.delete_subtree(sub_id)
    assert store.list_for_node(sub_id) == []
    plans.db.undo(change)
    assert store.list_for_node(sub_id) == [att]


def _craft(db, sub_id: int, name: str) -> None:
    """A row as a crafted database file could hold it: a file name that is a path."""
    import sqlite3

    with sqlite3.connect(db.path) as con:
        cur = con.execute("INSERT INTO evidence_file (sha256, size) VALUES (?, 1)", (name,))
        if sub_id:
            con.execute(
                "INSERT INTO attachment (node_id, file_id, period_id, original_name, note, added_at)"
                " VALUES (?, ?, NULL, 'x.pdf', '', '2024-01-01 00:00:00')",
                (sub_id, cur.lastrowid),
            )


@pytest.mark.parametrize("name", ["../../victim.txt", "/tmp/victim.txt", "aa/../../victim.txt"])
def test_a_crafted_database_cannot_make_the_store_delete_files(
    db, store, tmp_path: Path, name: str
) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    crafted = name.replace("/tmp/victim.txt", str(victim))
    _craft(db, 0, crafted)  # unreferenced: the start-up clean-up looks at it
    store.collect_garbage()
    assert victim.read_text() == "keep me"


def test_a_crafted_attachment_is_neither_opened_nor_copied(
    db, store, sub_id, tmp_path: Path
) -> None:
    victim = tmp_path / "secret.txt"
    victim.write_text("secret")
    _craft(db, sub_id, str(victim))
    [att] = store.list_for_node(sub_id)
    view = tmp_path / "view"
    with pytest.raises(ValidationError, match="文件标识无效"):
        store.viewable_copy(att, view)
    assert not view.exists()
    assert [(p.kind, p.label) for p in store.verify()] == [("invalid", "记录无效")]


def test_a_damaged_store_file_is_not_shown_as_the_evidence(store, sub_id, tmp_path: Path) -> None:
    att = store.add(sub_id, _file(tmp_path, "报告.pdf", b"original"))
    view = tmp_path / "view"
    assert store.viewable_copy(att, view).read_bytes() == b"original"
    store.path_for(att.sha256).write_bytes(b"tampered")
    (view / att.sha256[:16] / "报告.pdf").write_bytes(b"stale")  # a cached copy gone bad
    with pytest.raises(ValidationError, match="已被改动或损坏"):
        store.viewable_copy(att, view)


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_a_device_is_refused_before_anything_is_read(store, sub_id) -> None:
    with pytest.raises(ValidationError, match="不是普通文件"):
        store.add(sub_id, Path("/dev/zero"))
    assert not list(store.root.rglob("*")) or all(p.is_dir() for p in store.root.rglob("*"))


def test_a_named_pipe_is_refused_without_waiting(store, sub_id, tmp_path: Path) -> None:
    import os

    if not hasattr(os, "mkfifo"):
        pytest.skip("no named pipes here")
    pipe = tmp_path / "pipe.pdf"
    os.mkfifo(pipe)
    with pytest.raises(ValidationError, match="不是普通文件"):
        store.add(sub_id, pipe)


def test_re_adding_the_original_repairs_a_damaged_copy(store, sub_id, tmp_path: Path) -> None:
    original = _file(tmp_path, "报告.pdf", b"the original bytes")
    att = store.add(sub_id, original)
    store.path_for(att.sha256).write_bytes(b"damaged same size!")  # 18 bytes, like the original
    assert [p.kind for p in store.verify()] == ["altered"]
    store.add(sub_id, original)
    assert store.path_for(att.sha256).read_bytes() == b"the original bytes"
    assert store.verify() == []


def test_a_copy_of_the_database_never_deletes_the_originals_files(
    db, store, plans, demo, tmp_path: Path
) -> None:
    import zipfile

    from soildesk.backup import write_backup

    sub = plans.load_tree(demo.id)[0].children[0].children[0].children[0]
    att = store.add(sub.id, _file(tmp_path, "报告.pdf", b"the real database uses this"))
    # 土十条.old: a copy beside the original, finding the same evidence folder by stem.
    copy_path = db.path.with_suffix(".old")
    write_backup(db.path, tmp_path / "b.zip")
    with zipfile.ZipFile(tmp_path / "b.zip") as zf:
        copy_path.write_bytes(zf.read("database.sqlite"))
    old = open_database(copy_path)
    try:
        old_store = EvidenceStore(old)
        assert old_store.root != store.root  # it stores in a folder of its own
        [seen] = old_store.list_for_node(sub.id)
        assert old_store.viewable_copy(seen, tmp_path / "view").read_bytes().startswith(b"the real")
        old_store.remove(seen.id)
        old_store.collect_garbage()
        new = old_store.add(sub.id, _file(tmp_path, "新.pdf", b"added in the copy"))
        assert old_store.path_for(new.sha256).parent.parent == old_store.root
    finally:
        old.close()
    assert store.path_for(att.sha256).read_bytes() == b"the real database uses this"
    assert store.verify() == []
    store.collect_garbage()  # the original's clean-up leaves the copy's folder alone
    assert (old_store.root / new.sha256[:2] / new.sha256).exists()


def test_crash_leftovers_are_swept_by_the_clean_up(db, store, sub_id, tmp_path: Path) -> None:
    kept = store.add(sub_id, _file(tmp_path, "留.pdf", b"attached"))
    orphan = store.ingest(_file(tmp_path, "孤.pdf", b"stored, never recorded"))  # killed here
    half = store.root / ".incoming" / "tmpabc"
    half.parent.mkdir(exist_ok=True)
    half.write_bytes(b"half a copy")
    restoring = store.root / kept.sha256[:2] / f".{kept.sha256}.restoring"
    restoring.write_bytes(b"half a restore")
    unrelated = store.root / kept.sha256[:2] / "clerk-notes.txt"  # not ours: never touched
    unrelated.write_text("x")
    assert store.collect_garbage() == 2
    assert store.path_for(kept.sha256).exists() and unrelated.exists()
    assert not store.path_for(orphan.sha256).exists() and not half.exists()
    assert not restoring.exists()
