"""Highlights stay on their passage when the text around them changes, or are kept as orphans."""

from viewer.core.anchoring import anchor, make_selector
from viewer.core.ingest.pipeline import import_file

TEXT = "서울시는 도서관을 늘린다. 부산시는 도서관을 줄인다. 대구시는 도서관을 그대로 둔다."


def test_unchanged_text_anchors_at_the_same_place():
    start = TEXT.index("도서관을 줄인다")
    sel = make_selector(TEXT, start, start + 3)
    assert anchor(TEXT, sel) == (start, start + 3)


def test_repeated_quote_is_told_apart_by_its_context_after_an_edit():
    start = TEXT.index("도서관을 줄인다")
    sel = make_selector(TEXT, start, start + 3)  # the second of three "도서관"
    changed = "머리말 한 문단이 새로 생겼다.\n\n" + TEXT
    got = anchor(changed, sel)
    assert got is not None and changed[got[0]:got[0] + 8] == "도서관을 줄인다"


def test_quote_gone_means_orphaned():
    sel = make_selector(TEXT, 0, 4)
    assert anchor(TEXT.replace("서울시는", "인천시는"), sel) is None


def test_highlights_persist_with_selector_colour_and_note(library, tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("제목\n" + TEXT + "\n", encoding="utf-8")
    aid = import_file(library, f).article_id
    sel = make_selector(TEXT, 0, 4)
    hid = library.add_highlight(aid, sel, "yellow", "중요")
    library.update_highlight(hid, color="green")
    [h] = library.highlights(aid)
    assert (h.selector, h.color, h.note) == (sel, "green", "중요")
    assert library.articles_with_annotations() == {aid}
    library.delete_highlight(hid)
    assert library.highlights(aid) == []


def test_restored_block_goes_back_in_place_and_stays(library, tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("제목\n첫 문단이다.\n▲ 사진 설명\n둘째 문단이다.\nCopyright © 누리일보.\n", encoding="utf-8")
    aid = import_file(library, f).article_id
    art = library.get(aid)
    assert art.body == "첫 문단이다.\n\n둘째 문단이다."
    idx = [r.text for r in art.removed].index("▲ 사진 설명")
    art = library.restore_removed(aid, idx)
    assert art.body == "첫 문단이다.\n\n▲ 사진 설명\n\n둘째 문단이다."
    assert art.removed[idx].restored
    art = library.restore_removed(aid, idx)  # a second restore changes nothing
    assert art.body.count("▲ 사진 설명") == 1
    art = library.restore_removed(aid, len(art.removed) - 1)
    assert art.body.endswith("둘째 문단이다.\n\nCopyright © 누리일보.")
