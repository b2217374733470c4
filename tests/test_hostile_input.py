"""Broken raw input through the whole command: clean + build of a content folder that mixes good pages
with CP949, EUC-KR, BOM+CRLF, a Hangul file name with spaces, a 20 MB saved page, binary, empty and
NUL-laced files. Bad files are reported with file and reason, every good article is published,
--strict and check fail, and nothing is written outside the output folders.

(One broken *article* file per failure is tests/test_articles.py; the cleaner's own decoding is
tests/test_clean_fixtures.py. Here the same failures go through `python build.py` end to end.)
"""
from __future__ import annotations

import base64
import contextlib
import hashlib
import io
import json
import os
import random
import shutil
from pathlib import Path

import pytest

from civicnews import cli, config

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = Path(__file__).parent / "fixtures" / "hostile"

# raw file -> the title of the one article it must become
GOOD = {
    "bom_crlf.txt": "광주 서구, 어린이 도서관 새로 열어",
    "cp949.txt": "광주 동구, 똠양꿍 요리 강좌 열어",
    "euckr.txt": "광주 남구, 주민 참여 예산 공모",
    "good_ai_class.txt": "광주시, 시민 참여 인공지능 교실 연다",
    "good_garden.txt": "광주 북구, 골목 정원 가꾸기 주민 모집",
    "광주 송정 장터 기사.txt": "광주 광산구, 송정역 시장 야간 장터",
    "huge_saved_page.html": "광주시, 대형 자료집 공개",
}
ENCODINGS = {"bom_crlf.txt": "utf-8-sig", "cp949.txt": "cp949", "euckr.txt": "cp949",
             "good_ai_class.txt": "utf-8", "광주 송정 장터 기사.txt": "utf-8"}
# raw file -> the exact reason it was skipped
SKIPPED = {
    "binary.bin": "binary file (NUL bytes or control characters), not text",
    "empty.txt": "empty file",
    "nul_bytes.txt": "binary file (NUL bytes or control characters), not text",
}
HUGE_SIZE = 20 * 1024 * 1024


def snapshot(folder: Path, skip: tuple[Path, ...] = ()) -> dict[str, str]:
    """Every entry under folder (files by content hash, folders and links by kind), minus `skip`."""
    found = {}
    for path in sorted(folder.rglob("*")):
        if any(path == s or s in path.parents for s in skip):
            continue
        rel = path.relative_to(folder).as_posix()
        if path.is_symlink():
            found[rel] = "link:" + os.readlink(path)
        elif path.is_dir():
            found[rel] = "dir"
        else:
            found[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def huge_saved_page(size: int) -> bytes:
    """A saved news page of `size` bytes: a short article and a big inline image, as browsers save them."""
    head = ('<!doctype html><html lang="ko"><head><meta charset="utf-8"><title>광주시, 대형 자료집 공개 - 예시일보</title>'
            '<meta property="article:published_time" content="2023-05-01T10:00:00+09:00"></head><body>'
            '<nav>홈 정치 경제</nav><article><h1>광주시, 대형 자료집 공개</h1><p>입력 2023.05.01 10:00</p>'
            '<p>광주시는 시민이 요청한 행정 자료를 모두 공개한다고 1일 밝혔다.</p>'
            '<p>자료에는 예산과 사업 목록이 담겼다.</p><img alt="자료집" src="data:image/png;base64,').encode()
    tail = '"></article></body></html>'.encode()
    image = base64.b64encode(random.Random(6).randbytes(size))[:size - len(head) - len(tail)]
    return head + image + tail


def run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = cli.main(argv)
    return status, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile-input")
    content = root / "content"
    (content / "raw").mkdir(parents=True)
    for raw in sorted((HOSTILE / "raw").iterdir()):
        if raw.name != "injection_page.txt":          # that one is tests/test_hostile_content.py's
            shutil.copyfile(raw, content / "raw" / raw.name)
    (content / "raw" / "huge_saved_page.html").write_bytes(huge_saved_page(HUGE_SIZE))
    for name in ("site.yaml", "topics.yaml", "storylines.yaml"):
        shutil.copyfile(ROOT / "content" / name, content / name)
    out, cache = root / "public" / "site", root / "cache"
    (root / "public").mkdir()
    (root / "public" / "README.txt").write_text("a neighbour of the output folder", encoding="utf-8")
    parent_before = sorted(p.name for p in root.parent.iterdir())
    before = snapshot(root, skip=(content / "articles", out, cache))

    result = run(["--strict", "--content", str(content), "--out", str(out), "--cache", str(cache)])

    after = snapshot(root, skip=(content / "articles", out, cache))
    parent_after = sorted(p.name for p in root.parent.iterdir())
    return dict(root=root, content=content, out=out, cache=cache, result=result, before=before, after=after,
                parent_before=parent_before, parent_after=parent_after)


def test_strict_fails_and_every_skipped_file_is_named_with_its_reason(built):
    status, out, err = built["result"]
    assert status == 1
    printed = (out + err).splitlines()
    for name, reason in SKIPPED.items():
        assert f"  skipped raw/{name}: {reason}" in printed, printed
    assert sum("skipped raw/" in line for line in printed) == len(SKIPPED), printed
    assert f"clean: {len(GOOD) + len(SKIPPED)} raw files -> {len(GOOD)} articles" in printed[0]


def test_the_report_keeps_every_file_its_encoding_and_why_it_was_skipped(built):
    data = json.loads((built["content"] / "articles" / config.REPORT_FILE).read_text(encoding="utf-8"))
    files = {f["file"]: f for f in data["files"]}
    assert set(files) == {f"raw/{name}" for name in (*GOOD, *SKIPPED)}
    for name, reason in SKIPPED.items():
        assert files[f"raw/{name}"]["skipped"] == reason and files[f"raw/{name}"]["articles"] == []
    for name in GOOD:
        assert files[f"raw/{name}"]["skipped"] == "" and len(files[f"raw/{name}"]["articles"]) == 1, name
    for name, encoding in ENCODINGS.items():
        assert files[f"raw/{name}"]["encoding"] == encoding, name
    assert data["summary"]["skipped"] == len(SKIPPED)


def test_every_good_article_is_published_with_its_text_intact(built):
    out = built["out"]
    pages = {p.read_text(encoding="utf-8") for p in (out / "articles").glob("*.html")}
    assert len(pages) == len(GOOD)
    for name, title in GOOD.items():
        [page] = [p for p in pages if f"<h1>{title}</h1>" in p]
        assert f"<code>raw/{name}</code>" in page, name
    [cp949] = [p for p in pages if f"<h1>{GOOD['cp949.txt']}</h1>" in p]     # 똠: in CP949, not in EUC-KR
    assert "첫 수업에서는 태국 요리 똠양꿍을 만든다." in cp949
    assert not any("\r" in p or "\ufeff" in p or "\ufffd" in p for p in pages)
    about = (out / "about.html").read_text(encoding="utf-8")
    for name, reason in SKIPPED.items():
        assert f"<code>raw/{name}</code>" in about
    assert about.count("이 파일은 건너뛰었습니다: binary file (NUL bytes or control characters), not text") == 2
    assert "이 파일은 건너뛰었습니다: empty file" in about


def test_the_big_saved_page_is_published_without_its_image_data(built):
    out = built["out"]
    [page] = [p for p in (out / "articles").glob("*.html")
              if f"<h1>{GOOD['huge_saved_page.html']}</h1>" in p.read_text(encoding="utf-8")]
    text = page.read_text(encoding="utf-8")
    assert "자료에는 예산과 사업 목록이 담겼다." in text
    assert "base64" not in text and len(page.read_bytes()) < 200_000
    assert max(p.stat().st_size for p in out.rglob("*") if p.is_file() and p.suffix != ".zip") < 2_000_000


def test_nothing_is_written_outside_the_output_folders(built):
    assert built["after"] == built["before"]
    assert built["parent_after"] == built["parent_before"]
    # beside the site: only the site itself and what was there (no temporary folder left behind)
    assert sorted(p.name for p in built["out"].parent.iterdir()) == ["README.txt", "site"]
    assert sorted(p.name for p in built["content"].iterdir()) == ["articles", "raw", "site.yaml", "storylines.yaml",
                                                                  "topics.yaml"]
    assert {p.suffix for p in (built["content"] / "articles").iterdir()} == {".md", ".json"}


def test_check_fails_while_a_skipped_raw_file_is_still_there(built, tmp_path):
    content, out, cache = built["content"], built["out"], built["cache"]
    status, stdout, err = run(["check", "--content", str(content), "--out", str(out), "--cache", str(cache)])
    assert status == 1
    for name, reason in SKIPPED.items():
        assert (f"{(content / 'raw' / name).as_posix()}: error: skipped by clean: {reason}; "
                f"fix or remove the file, then run `python build.py clean`") in err.splitlines(), err
    assert f"check: {len(SKIPPED)} errors, " in stdout
    # the curator removes the bad files and cleans again: check passes
    copy = tmp_path / "content"
    shutil.copytree(content, copy)
    for name in SKIPPED:
        (copy / "raw" / name).unlink()
    assert run(["clean", "--strict", "--content", str(copy)])[0] == 0
    status, stdout, err = run(["check", "--content", str(copy), "--out", str(out), "--cache", str(cache)])
    assert (status, err) == (0, ""), err


def test_a_raw_file_over_the_size_limit_is_skipped_unread(tmp_path):
    content = tmp_path / "content"
    (content / "raw").mkdir(parents=True)
    shutil.copyfile(HOSTILE / "raw" / "good_garden.txt", content / "raw" / "good_garden.txt")
    big = content / "raw" / "too_big.txt"
    with big.open("wb") as handle:            # sparse: no disk used; the size alone must refuse it
        handle.truncate(config.RAW_SIZE_LIMIT + 1)
    status, out, err = run(["clean", "--strict", "--content", str(content)])
    assert status == 1
    assert (f"  skipped raw/too_big.txt: too large ({config.RAW_SIZE_LIMIT + 1:,} bytes; "
            f"the limit is {config.RAW_SIZE_LIMIT:,}): split the file") in (out + err).splitlines()
    assert len(list((content / "articles").glob("*.md"))) == 1
