"""Reading files that are hard to read right: mixed encodings, stray NULs, titles, links out of a folder.

Each test checks what a user would see: the stored title or metadata, or the one-line reason a
file is refused.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

from viewer.core.ingest.importers import clean_document, iter_article_files, read_document
from viewer.core.model import ImportFailed

ROOT = Path(__file__).resolve().parents[1]

KO_ARTICLE = (
    "강변 마을 책방, 겨울에도 문을 연다\n"
    "[물결일보 서하린 기자] 강변 마을의 작은 책방이 올겨울에도 저녁 아홉 시까지 문을 연다.\n"
    "책방 주인 문도윤 씨는 \"눈 오는 밤에 들르는 손님이 의외로 많다\"고 말했다.\n"
    "마을 주민들은 다음 달 책방에서 낭독회를 열 계획이다.\n"
)
EN_BODY = (
    "The riverside bookshop in Millbrook will stay open until nine through the winter.\n\n"
    "Its owner, Tobin Ashgrove, said snowy evenings bring in more readers than anyone expected.\n"
)


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path


def title_of(path: Path) -> str:
    return clean_document(read_document(path)).title


def refusal(path: Path) -> str:
    with pytest.raises(ImportFailed) as err:
        read_document(path)
    message = str(err.value)
    assert message.startswith(f"{path}: ") and "\n" not in message
    return message[len(str(path)) + 2 :]


# --- 12. encodings -----------------------------------------------------------------------------


def test_utf8_followed_by_latin1_is_refused_as_mixed(tmp_path):
    data = "서울 시민 café 소식\n".encode() * 50 + ("café naïve résumé " * 200).encode("latin-1")
    assert refusal(write(tmp_path, "mixed.txt", data)).startswith(
        "the text mixes UTF-8 with another encoding"
    )


@pytest.mark.parametrize(
    "first, second",
    [("utf-8", "cp949"), ("cp949", "utf-8"), ("utf-8", "shift_jis")],
)
def test_utf8_beside_an_east_asian_encoding_is_refused_as_mixed(tmp_path, first, second):
    other = "東京の図書館は夜も開いている。\n" * 10 if second == "shift_jis" else KO_ARTICLE
    data = KO_ARTICLE.encode(first) + other.encode(second)
    assert "mixes UTF-8 with another encoding" in refusal(write(tmp_path, "mixed.txt", data))


FRENCH = "Les élèves de l'école à Genève ont préparé un goûter : crêpes, pâté et thé glacé.\n"


@pytest.mark.parametrize(
    "text, encoding",
    [
        ("café naïve résumé " * 200, "latin-1"),
        (FRENCH, "cp1252"),
        (FRENCH * 30, "latin-1"),
        ("Il caffè è già pronto, disse Niccolò; perché la città è così tranquilla?\n", "cp1252"),
        ("As eleições em São Paulo começam amanhã, disse a coordenação; não há informações.\n", "latin-1"),
        ("Köpmännen på Åland säger att biblioteket är öppet till sent på kvällen.\n" * 10, "cp1252"),
        ("Die Bürger in München äußern Zweifel an der Größe des Straßenfests, sagte Jörg.\n", "latin-1"),
        ("\u201cPeople see the lit windows,\u201d he said \u2014 again. " * 30, "cp1252"),
        ("De bibliotheek in Gent blijft \u2019s avonds open, zei Griët.\n", "cp1252"),
    ],
)
def test_western_european_text_in_a_legacy_code_page_reads_as_written(tmp_path, text, encoding):
    doc = read_document(write(tmp_path, "western.txt", text.encode(encoding)))
    assert doc.text == text
    assert doc.encoding == "cp1252"


@pytest.mark.parametrize(
    "text, encoding",
    [
        (KO_ARTICLE, "cp949"),
        (KO_ARTICLE, "euc-kr"),
        (KO_ARTICLE, "utf-16"),
        (KO_ARTICLE, "utf-16-le"),
        (KO_ARTICLE, "utf-32-be"),
        ("Příliš žluťoučký kůň úpěl ďábelské ódy, řekl pan Dvořák v Brně.\n" * 5, "cp1250"),
        ("Mieszkańcy Łodzi mówią, że biblioteka jest otwarta do późna.\n" * 5, "cp1250"),
        ("İstanbul'da kütüphane gece geç saate kadar açık kalıyor, dedi Ayşe Öztürk.\n" * 5, "cp1254"),
        ("Жители города говорят, что библиотека открыта допоздна.\n" * 5, "cp1251"),
        ("Η βιβλιοθήκη της πόλης μένει ανοιχτή ως αργά το βράδυ.\n" * 5, "cp1253"),
    ],
)
def test_other_encodings_still_read_as_written(tmp_path, text, encoding):
    doc = read_document(write(tmp_path, "other.txt", text.encode(encoding)))
    assert doc.text.lstrip("\ufeff") == text


def test_one_nul_in_utf8_is_dropped_like_a_damaged_byte(tmp_path):
    data = KO_ARTICLE.encode()
    doc = read_document(write(tmp_path, "nul.txt", data[:30] + b"\x00" + data[30:] + b"\x00"))
    assert doc.encoding == "utf-8 (damaged bytes replaced)"
    assert "\x00" not in doc.text
    assert clean_document(doc).title == "강변 마을 책방, 겨울에도 문을 연다"


def test_a_nul_in_a_cp949_file_is_dropped_too(tmp_path):
    doc = read_document(write(tmp_path, "nul.txt", KO_ARTICLE.encode("cp949") + b"\x00"))
    assert doc.encoding == "cp949 (damaged bytes replaced)" and doc.text == KO_ARTICLE


def test_nuls_and_damaged_bytes_share_one_allowance(tmp_path):
    data = KO_ARTICLE.encode()
    cut = data[:23] + data[24:]  # a byte out of the middle of 겨
    # Three broken bytes are few in a short text; a fourth is not.
    assert "damaged" in read_document(write(tmp_path, "ok.txt", cut + b"\x00\x00")).encoding
    assert "binary" in refusal(write(tmp_path, "bad.txt", cut + b"\x00\x00\x00"))


def test_many_nuls_are_binary(tmp_path):
    data = b"\x00".join(KO_ARTICLE.encode()[k : k + 40] for k in range(0, 400, 40))
    assert "binary" in refusal(write(tmp_path, "nuls.txt", data))


def test_random_bytes_with_a_nul_or_two_are_still_called_binary(tmp_path):
    rng = random.Random(3101)
    data = bytes(rng.getrandbits(8) for _ in range(100))
    assert data.count(0) == 2
    assert "binary" in refusal(write(tmp_path, "noise.txt", data))


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_utf16_and_utf32_without_bom_are_still_told_by_their_nuls(tmp_path, encoding):
    doc = read_document(write(tmp_path, "wide.txt", KO_ARTICLE.encode(encoding)))
    assert doc.encoding == encoding and doc.text == KO_ARTICLE


# --- 13. titles and metadata -------------------------------------------------------------------


def test_unclosed_front_matter_is_not_the_title(tmp_path):
    path = write(tmp_path, "a.md", "---\ntitle: never closed\n\n# Heading\n\n" + EN_BODY)
    cleaned = clean_document(read_document(path))
    assert cleaned.title == "Heading"
    assert "never closed" not in cleaned.body and "---" not in cleaned.body


def test_unclosed_front_matter_and_a_rule_further_down_keep_the_article(tmp_path):
    text = "---\ntitle: never closed\n\n# Heading\n\n" + EN_BODY + "\n---\n\nThe last paragraph stays.\n"
    cleaned = clean_document(read_document(write(tmp_path, "a.md", text)))
    assert cleaned.title == "Heading"
    assert "Tobin Ashgrove" in cleaned.body and "The last paragraph stays." in cleaned.body


def test_a_rule_at_the_top_of_markdown_is_not_front_matter(tmp_path):
    cleaned = clean_document(read_document(write(tmp_path, "a.md", "---\n\n# Heading\n\n" + EN_BODY)))
    assert cleaned.title == "Heading" and "Tobin Ashgrove" in cleaned.body
    text = "---\n\nAn opening paragraph.\n\n---\n\n" + EN_BODY
    cleaned = clean_document(read_document(write(tmp_path, "b.md", text)))
    assert cleaned.title == "An opening paragraph." and "Tobin Ashgrove" in cleaned.body


def test_empty_front_matter_is_not_the_title(tmp_path):
    cleaned = clean_document(read_document(write(tmp_path, "a.md", "---\n---\n\n# Heading\n\n" + EN_BODY)))
    assert cleaned.title == "Heading" and not cleaned.body.startswith("---")


@pytest.mark.parametrize("name", ["a.md", "a.txt"])
@pytest.mark.parametrize("underline", ["==========", "----------"])
def test_a_setext_heading_is_the_title_without_its_underline(tmp_path, name, underline):
    cleaned = clean_document(read_document(write(tmp_path, name, f"Title line\n{underline}\n\n{EN_BODY}")))
    assert cleaned.title == "Title line"
    assert cleaned.deck == [] and underline not in cleaned.body
    assert cleaned.body.startswith("The riverside bookshop")
    assert [b.text for b in cleaned.removed] == [underline]  # kept with the removed markup


def test_a_setext_heading_under_a_front_matter_title_stays_in_the_body(tmp_path):
    text = f"---\ntitle: Winter hours\n---\n\nA section\n=========\n\n{EN_BODY}"
    cleaned = clean_document(read_document(write(tmp_path, "a.md", text)))
    assert cleaned.title == "Winter hours"
    assert cleaned.body.startswith("A section\n=========")


INVISIBLE = "\u202e\u200e\u200f\u2062\u180e\u00ad\u2066\u061c\x00"


def test_controls_and_invisible_characters_leave_a_text_title(tmp_path):
    title = "".join(ch + INVISIBLE[k % len(INVISIBLE)] for k, ch in enumerate("Bookshop stays open"))
    assert title_of(write(tmp_path, "a.txt", title + "\n\n" + EN_BODY)) == "Bookshop stays open"


def test_invisible_characters_in_the_body_go_as_zero_width_spaces_do(tmp_path):
    body = "The riverside book\u00adshop\u200e in Mill\u2062brook stays open until nine this winter.\n"
    cleaned = clean_document(read_document(write(tmp_path, "a.txt", "Bookshop hours\n\n" + body * 2)))
    assert cleaned.body.startswith("The riverside bookshop in Millbrook stays open")


def test_an_emoji_in_a_title_keeps_its_joiners(tmp_path):
    title = "Bookshop cat \U0001f431\u200d\U0001f464 and flag \U0001f3f3\ufe0f\u200d\U0001f308"
    assert title_of(write(tmp_path, "a.txt", title + "\u200e\n\n" + EN_BODY)) == title


def test_front_matter_fields_become_one_line_of_visible_text(tmp_path):
    text = (
        '---\ntitle: "Bookshop\\u202e stays\\u200e\\nopen\\x00"\nauthor: "Tobin\\u00ad Ash\\u2062grove"\n'
        'source: "Millbrook\\u180e\\tCourier\\r\\n"\n---\n\n' + EN_BODY
    )
    cleaned = clean_document(read_document(write(tmp_path, "a.md", text)))
    assert (cleaned.title, cleaned.author, cleaned.source) == (
        "Bookshop stays open", "Tobin Ashgrove", "Millbrook Courier")


def test_html_metadata_becomes_one_line_of_visible_text(tmp_path):
    page = (
        "<html><head><title>Book\u202eshop\u200f stays open</title>"
        "<meta name='author' content='Tobin\u2066 Ash\u00adgrove'></head><body><article>"
        "<h1>Book\u202eshop\u200f stays open</h1>"
        "<p>The riverside bookshop in Millbrook will stay open until nine through the winter.</p>"
        "<p>Its owner said snowy evenings bring in more readers than anyone expected.</p>"
        "</article></body></html>"
    )
    cleaned = clean_document(read_document(write(tmp_path, "a.html", page)))
    assert cleaned.title == "Bookshop stays open" and cleaned.author == "Tobin Ashgrove"


def test_a_deck_line_loses_its_invisible_characters(tmp_path):
    text = (
        "Bookshop stays open through winter\n"
        "Snowy evenings\u200e bring\u00ad readers in\n"
        "The riverside bookshop in Millbrook will stay open until nine through the winter, its owner said.\n"
        "Tobin Ashgrove said snowy evenings bring in more readers than anyone had expected this year.\n"
    )
    cleaned = clean_document(read_document(write(tmp_path, "a.txt", text)))
    assert cleaned.deck == ["Snowy evenings bring readers in"]


def test_metadata_is_capped_at_the_limits(tmp_path):
    from viewer.core.limits import MAX_TITLE_CHARS
    from viewer.core.text.cleaning import clean_paste

    words = "word " * 300
    cleaned = clean_paste(f"{words}\n\n{EN_BODY}", hints={"title": words})
    assert len(cleaned.title) <= MAX_TITLE_CHARS and "\n" not in cleaned.title


def test_markup_in_front_matter_metadata_is_stored_as_written(tmp_path):
    text = "---\ntitle: Winter hours\nsource: <script>x</script>\nauthor: <b>Tobin</b>\n---\n\n" + EN_BODY
    cleaned = clean_document(read_document(write(tmp_path, "a.md", text)))
    assert cleaned.source == "<script>x</script>"
    assert cleaned.author == "<b>Tobin</b>"


def test_inspect_shows_the_cleaned_title(tmp_path):
    path = write(tmp_path, "a.md", "Title line\n==========\n\n" + EN_BODY)
    out = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "inspect", "--json", str(path)],
        capture_output=True, text=True, timeout=120, check=True,
    ).stdout
    assert json.loads(out.splitlines()[0])["title"] == "Title line"


# --- 14. links out of a chosen folder ------------------------------------------------------------


@pytest.mark.skipif(os.name != "posix", reason="symbolic links")
def test_a_folder_import_does_not_follow_links_out_of_the_folder(tmp_path):
    chosen = tmp_path / "chosen"
    write(chosen, "a.txt", KO_ARTICLE)
    write(chosen / "sub", "b.md", "# B\n\n" + EN_BODY)
    write(tmp_path / "elsewhere", "c.txt", KO_ARTICLE)
    (chosen / "passwd.txt").symlink_to("/etc/passwd")
    (chosen / "elsewhere").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    (chosen / "sub" / "up.txt").symlink_to("../../elsewhere/c.txt")
    (chosen / "sub" / "up").symlink_to("../..", target_is_directory=True)
    # Links that stay in the folder still work; loops stay safe.
    (chosen / "same.txt").symlink_to("a.txt")
    (chosen / "sub-again").symlink_to("sub", target_is_directory=True)
    (chosen / "sub" / "loop").symlink_to("..", target_is_directory=True)
    found = [p.relative_to(chosen).as_posix() for p in iter_article_files([chosen])]
    assert found == ["a.txt", "same.txt", "sub/b.md"]


@pytest.mark.skipif(os.name != "posix", reason="symbolic links")
def test_a_link_chosen_itself_is_read_wherever_it_points(tmp_path):
    write(tmp_path / "elsewhere", "c.txt", KO_ARTICLE)
    link = tmp_path / "link.txt"
    link.symlink_to(tmp_path / "elsewhere" / "c.txt")
    folder_link = tmp_path / "folder-link"
    folder_link.symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    assert list(iter_article_files([link])) == [link]
    assert list(iter_article_files([folder_link])) == [folder_link / "c.txt"]
