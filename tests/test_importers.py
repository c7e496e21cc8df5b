"""Each importer and encoding, and the files that must be refused."""

from pathlib import Path

import pytest

from viewer.core.ingest.importers import clean_document, iter_article_files, read_document
from viewer.core.limits import MAX_FILE_BYTES
from viewer.core.model import ImportFailed

ARTICLE = (
    "서울시, 작은 도서관 열두 곳 새로 연다\n"
    "[누리일보 한서연 기자] 서울시가 올해 작은 도서관 열두 곳을 새로 연다고 밝혔다.\n"
    "도서관마다 음악, 지도, 요리처럼 주제가 다르다는 점이 눈길을 끈다.\n"
    "저작권자 ⓒ 누리일보 무단전재 및 재배포금지\n"
)


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    p = tmp_path / name
    p.write_bytes(data)
    return p


@pytest.mark.parametrize(
    "encoding, expected",
    [("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("utf-16", "utf-16"),
     ("cp949", "cp949"), ("euc-kr", "cp949")],
)
def test_text_encodings(tmp_path, encoding, expected):
    doc = read_document(write(tmp_path, "a.txt", ARTICLE.encode(encoding)))
    assert doc.encoding == expected
    cleaned = clean_document(doc)
    assert cleaned.title == "서울시, 작은 도서관 열두 곳 새로 연다"
    assert cleaned.author == "한서연"
    assert "\ufeff" not in cleaned.title


def test_cp949_only_characters(tmp_path):
    text = "똠방각하의 뷁 이야기\n똠방각하는 뷁이라고 외쳤다. 사람들은 웃었다.\n"
    doc = read_document(write(tmp_path, "a.txt", text.encode("cp949")))
    assert clean_document(doc).title == "똠방각하의 뷁 이야기"


def test_windows_line_endings(tmp_path):
    doc = read_document(write(tmp_path, "a.txt", ARTICLE.replace("\n", "\r\n").encode()))
    assert "\r" not in clean_document(doc).body


def test_markdown_front_matter(tmp_path):
    md = (
        "---\ntitle: 지도 도서관 이야기\nauthor: [한서연, 정다은]\nsource: 누리일보\n"
        "date: 2025-05-02\n---\n\n도서관은 옛 지도를 모아 전시한다.\n\n## 소제목\n\n- 하나\n- 둘\n"
    )
    cleaned = clean_document(read_document(write(tmp_path, "a.md", md.encode())))
    assert cleaned.title == "지도 도서관 이야기"
    assert cleaned.author == "한서연, 정다은"
    assert cleaned.source == "누리일보"
    assert cleaned.published == "2025-05-02"
    assert "## 소제목" in cleaned.body and "- 하나\n- 둘" in cleaned.body
    assert "title:" not in cleaned.body


def test_markdown_first_heading_is_title(tmp_path):
    md = "# 첫 제목\n\n본문 문단이 여기에 있다.\n\n둘째 문단.\n"
    cleaned = clean_document(read_document(write(tmp_path, "a.md", md.encode())))
    assert cleaned.title == "첫 제목"
    assert cleaned.body == "본문 문단이 여기에 있다.\n\n둘째 문단."


HTML = """<html><head><title>작은 도서관 | 누리일보</title>
<meta property="og:site_name" content="누리일보">
<meta property="article:published_time" content="2025-05-02T09:30:00+09:00"></head>
<body><nav><a href="/">홈</a><a href="/news">뉴스</a></nav><article>
<h1>작은 도서관 열두 곳, 주민 발길 이어져</h1>
<p>[누리일보 한서연 기자] 서울시가 올해 문을 연 작은 도서관 열두 곳이 주민들의 발길을 끌고 있다.</p>
<script>alert('x')</script>
<p>마포구의 한 도서관은 음악 책만 모았고, 종로구의 도서관은 옛 지도를 모아 전시한다.</p>
<img src="x.png" onerror="alert(2)">
<p>관장 김민재 씨는 "사람들이 책을 빌리러 오기보다 머물기 위해 온다"고 말했다.</p>
<p>저작권자 ⓒ 누리일보 무단전재 및 재배포금지</p>
</article><footer><a href="/1">다른 기사</a></footer></body></html>"""


def test_html_through_extractor_then_cleaning_rules(tmp_path):
    doc = read_document(write(tmp_path, "a.html", HTML.encode()))
    cleaned = clean_document(doc)
    assert cleaned.title == "작은 도서관 열두 곳, 주민 발길 이어져"
    assert cleaned.source == "누리일보" and cleaned.author == "한서연"
    assert cleaned.published == "2025-05-02T09:30"  # the time the page metadata gives
    assert cleaned.body.startswith("서울시가 올해")
    assert "alert" not in cleaned.body and "저작권자" not in cleaned.body and "홈" not in cleaned.body


def test_html_in_cp949(tmp_path):
    data = HTML.replace("<head>", '<head><meta charset="euc-kr">').encode("cp949")
    cleaned = clean_document(read_document(write(tmp_path, "a.htm", data)))
    assert cleaned.title == "작은 도서관 열두 곳, 주민 발길 이어져"


@pytest.mark.parametrize(
    "name, data, reason",
    [
        ("empty.txt", b"", "empty"),
        ("blank.txt", b"  \n\n \t", "empty"),
        ("zip.txt", b"PK\x03\x04" + bytes(200), "ZIP"),
        ("bin.txt", bytes(range(256)) * 40, "binary"),
        ("png.md", b"\x89PNG\r\n\x1a\n" + bytes(100), "PNG"),
        ("nothing.html", b"<html><body><script>var a=1;</script></body></html>", "no article text"),
    ],
)
def test_bad_files_give_one_line_reason_naming_the_file(tmp_path, name, data, reason):
    path = write(tmp_path, name, data)
    with pytest.raises(ImportFailed) as err:
        read_document(path)
    message = str(err.value)
    assert str(path) in message and reason in message and "\n" not in message


def test_oversize_file_is_refused_without_reading_it(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as f:
        f.truncate(MAX_FILE_BYTES + 1)
    with pytest.raises(ImportFailed, match="too large"):
        read_document(path)


def test_folder_imports_recursively_and_survives_symlink_loops(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    write(tmp_path / "a", "one.txt", ARTICLE.encode())
    write(tmp_path / "a" / "b", "two.md", b"# T\n\nbody.")
    write(tmp_path / "a" / "b", "skip.pdf", b"%PDF")
    (tmp_path / "a" / "b" / "loop").symlink_to(tmp_path / "a", target_is_directory=True)
    found = sorted(p.name for p in iter_article_files([tmp_path / "a"]))
    assert found == ["one.txt", "two.md"]


def test_a_few_damaged_utf8_bytes_are_replaced_not_fatal(tmp_path):
    data = ARTICLE.encode("utf-8") * 3
    data = data[:40] + data[42:]  # cut a three-byte Hangul character in two
    doc = read_document(write(tmp_path, "cut.txt", data))
    assert "damaged" in doc.encoding and "\ufffd" in doc.text


def test_mixed_encodings_are_refused_with_a_reason(tmp_path):
    data = ARTICLE.encode("utf-8") + "한글 텍스트 일부와 조금 더 긴 문장".encode("cp949") * 3
    with pytest.raises(ImportFailed, match="encoding"):
        read_document(write(tmp_path, "mixed.txt", data))


def _saved_page(info: str) -> bytes:
    paragraphs = "".join(
        f"<p>{s}</p>" for s in (
            "정선 북평면의 폐교 교실에서 막걸리가 익는다. 2018년 고향으로 돌아온 대표가 차린 양조장이다.",
            "곤드레 나물을 넣은 막걸리는 지난해 18만 병이 팔렸고, 올해는 수출도 준비하고 있다.",
            "대표는 2023년 첫 제품을 내놓은 뒤 마을 어르신들과 함께 술을 빚어 왔다고 말했다."))
    return (f"<html><head><title>폐교 교실에서 술이 익어요 - 봄나루일보</title></head><body>"
            f"<h1>폐교 교실에서 술이 익어요</h1><div class='info'>{info}</div>"
            f"<article>{paragraphs}</article></body></html>").encode()


def test_a_saved_page_gives_its_own_labelled_date_not_a_year_read_as_1_january(tmp_path):
    info = "<span>입력 2025-06-02 06:00</span> <span>지면 21면</span>"
    dated = write(tmp_path, "dated.html", _saved_page(info))
    assert clean_document(read_document(dated)).published == "2025-06-02T06:00"
    undated = write(tmp_path, "undated.html", _saved_page(""))
    assert clean_document(read_document(undated)).published is None  # not 2023-01-01 from `2023년`


def test_a_clippers_wikilinked_author_that_is_the_site_is_no_author(tmp_path):
    md = ('---\ntitle: "Hands-on: the Marlin Board M4 Pro — Kernel & Kettle"\n'
          'author:\n  - "[[Kernel & Kettle]]"\n---\n\n## Hands-on: the Marlin Board M4 Pro\n\n'
          'by [Oskar Lindqvist](https://k.dev/a/) · March 3, 2026\n\n'
          'The board arrived in a small box with four fast cores and a real NVMe slot for storage.\n\n'
          'The catch is the fan, which is loud under load and hard to replace in its case.\n')
    cleaned = clean_document(read_document(write(tmp_path, "clip.md", md.encode())))
    assert cleaned.author == "Oskar Lindqvist"
    md2 = md.replace('"[[Kernel & Kettle]]"', '"[[Ines Marlow]]"')
    assert clean_document(read_document(write(tmp_path, "clip2.md", md2.encode()))).author == "Ines Marlow"


def test_a_saved_page_without_a_site_name_is_named_by_its_copyright_line_or_its_logo_title(tmp_path):
    body = "".join(f"<p>{s}</p>" for s in (
        "울산 앞바다에 들어설 해상풍력 단지에 국산 터빈이 처음으로 투입된다고 업계가 밝혔다.",
        "터빈 한 기의 설비용량은 15MW로, 국내에서 만든 것 가운데 가장 크다고 회사는 설명했다.",
        "회사는 2028년부터 단지에 터빈을 공급하고 해외 시장에도 내놓을 계획이라고 덧붙였다."))
    page = (f"<html><head><title>볕살에너지신문</title></head><body><h2>국산 터빈 첫 공개</h2>"
            f"<article>{body}</article><footer><p>Copyright © 2025 볕살에너지신문 All rights reserved.</p>"
            f"</footer></body></html>")
    assert clean_document(read_document(write(tmp_path, "a.html", page.encode()))).source == "볕살에너지신문"
