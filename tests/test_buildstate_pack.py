"""buildstate.Pack: values kept beside the state, read one by one; damage reads as missing. And
the state's files put in place."""
from __future__ import annotations

import pytest

from civicnews import buildstate


def test_values_come_back_after_a_save_and_only_those_asked_for_are_read(tmp_path):
    pack = buildstate.Pack(tmp_path, "own")
    for k in range(50):
        pack[f"k{k}"] = {"n": k, "text": "낱말 " * k}
    index = pack.save()
    again = buildstate.Pack(tmp_path, "own", index)
    assert len(again) == 50 and "k7" in again and "k99" not in again
    assert again["k7"] == {"n": 7, "text": "낱말 " * 7}
    again["k50"] = "새 값"
    del again["k0"]
    index = again.save()
    third = buildstate.Pack(tmp_path, "own", index)
    assert sorted(third) == sorted(f"k{k}" for k in range(1, 51))
    assert third["k50"] == "새 값" and third["k49"]["n"] == 49


def test_a_pack_mostly_dead_is_rewritten_smaller(tmp_path):
    pack = buildstate.Pack(tmp_path, "own")
    for k in range(200):
        pack[k] = "값" * 20_000
    index = pack.save()
    size = (tmp_path / "build-state-own.pack").stat().st_size
    pack = buildstate.Pack(tmp_path, "own", index)
    for k in range(190):
        del pack[k]
    index = pack.save()
    assert (tmp_path / "build-state-own.pack").stat().st_size < size / 5
    pack = buildstate.Pack(tmp_path, "own", index)
    assert sorted(pack) == list(range(190, 200)) and pack[195] == "값" * 20_000


def test_a_damaged_record_or_another_generation_reads_as_missing(tmp_path):
    pack = buildstate.Pack(tmp_path, "own")
    pack["a"], pack["b"] = "첫째", "둘째"
    index = pack.save()
    path = tmp_path / "build-state-own.pack"
    data = bytearray(path.read_bytes())
    offset, length, _ = index["entries"]["b"]
    data[offset + length - 2] ^= 0xFF
    path.write_bytes(bytes(data))
    damaged = buildstate.Pack(tmp_path, "own", index)
    assert damaged["a"] == "첫째"
    assert "b" in damaged
    try:
        damaged["b"]
    except KeyError:
        pass
    else:
        raise AssertionError("a damaged value was read")
    assert "b" not in damaged                                    # now known missing
    other = dict(index, generation=b"x" * 16)
    assert len(buildstate.Pack(tmp_path, "own", other)) == 0
    path.unlink()
    assert len(buildstate.Pack(tmp_path, "own", index)) == 0


def test_a_state_file_is_put_in_place_by_renames_and_nothing_is_left_aside(tmp_path):
    """The new file takes the name (renamed, not copied), the last one is gone, and when the new
    one cannot be put there the last one stays where it was."""
    path, temporary = tmp_path / "build-state.pickle", tmp_path / "new.tmp"
    for content in (b"first", b"second"):
        temporary.write_bytes(content)
        inode = temporary.stat().st_ino
        buildstate._put_in_place(temporary, path)
        assert path.read_bytes() == content and path.stat().st_ino == inode
        assert sorted(p.name for p in tmp_path.iterdir()) == ["build-state.pickle"]
    with pytest.raises(OSError):
        buildstate._put_in_place(tmp_path / "missing.tmp", path)
    assert path.read_bytes() == b"second"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["build-state.pickle"]
