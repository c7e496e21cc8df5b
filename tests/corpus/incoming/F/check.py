#!/usr/bin/env python3
"""Checks gold.json of folder F against the captures lying beside it."""
import json, os, re, sys, html as htmlmod

HERE = os.path.dirname(os.path.abspath(__file__))
KINDS = {"whole-page", "selection", "brief", "interview", "broadcast", "opinion", "explainer", "nav20",
         "press-release", "wire", "tech-blog", "english-edition", "long-read", "saved-html", "clipper-md", "no-date"}
TYPES = {"PERSON", "ORG", "PLACE", "PRODUCT", "EVENT"}

# Body region per file: first and last body paragraph markers, in-body furniture line prefixes,
# and whether paragraphs are hard-wrapped (blank-line separated blocks).
BODY = {
 "F01_ieum_sejong-ebike-fare.txt": ("세종시가 운영하는 공유", "인상 안내 공지가 올라간다.", ["▲ "], False),
 "F02_garam_mart-paper-receipt.txt": ("국내 대형마트 3사가", "최종 방침을 정할 것", [], False),
 "F03_hanteo_battery-recycling-plant.txt": ("배터리 재활용 중견기업 리셀텍이", "기업 가치를 가를 것", ["[사진 설명]"], False),
 "F04_geumgang_gongju-chestnut-frost.txt": ("이틀 연속 이어진", "건의할 계획입니다.", [], False),
 "F05_dodam_schoolhouse-woodshop-interview.txt": ("홍천읍에서 차로", "지난여름 그가 만든 의자다.", [], False),
 "F06_slowledger_credit-union-mergers.txt": ("When the letter arrived", "She hasn't decided how.",
     ["Subscribe", "Type your email...", "Share"], False),
 "F07_kestrel_bikeshare-forecast.txt": ("For three years, our team", "Nobody misses it.", ["Photo by "], False),
 "F08_ashford_farmers-market-depot.txt": ("ASHFORD -- For four decades", "scheduled for May 31.", [], True),
 "F09_bramble_drought-grain-barges.txt": ("MEMPHIS, Tenn. (AP)", "I planned to have gone.", ["ADVERTISEMENT"], False),
 "F10_fenwick_warehouse-fire-route9.html": ("A fire at a cold storage warehouse on the north", "did not appear suspicious.",
     ["<amp-ad"], False),
 "F11_mulgyeol_yeongdo-haenyeo-center.md": ("부산 영도구 중리 해안에 해녀 문화를", "구 홈페이지에서 받는다.", [], False),
 "F12_chorokddeul_campus-oneroom-fees.txt": ("대전 유성구 대학가 원룸에", "다툴 근거가 생긴다", [], False),
}

def fold(s):
    return re.sub(r"\s+", " ", s).strip().casefold()

def strip_tags(s):
    return htmlmod.unescape(re.sub(r"<[^>]+>", " ", s))

def units(text, hardwrap):
    if hardwrap:
        return [b for b in re.split(r"\n\s*\n", text) if b.strip()]
    return [l for l in text.split("\n") if l.strip()]

def main():
    errors = []
    gold = json.load(open(os.path.join(HERE, "gold.json"), encoding="utf-8"))
    files = sorted(f for f in os.listdir(HERE) if f not in ("gold.json", "check.py"))
    if sorted(gold) != files:
        errors.append(f"gold keys {sorted(gold)} != files {files}")
    for name, g in gold.items():
        def err(m): errors.append(f"{name}: {m}")
        for k in ("title", "source", "author", "published", "deck", "outlet", "kinds", "must_include", "must_exclude", "entities"):
            if k not in g: err(f"missing key {k}")
        path = os.path.join(HERE, name)
        if not os.path.exists(path):
            err("file missing"); continue
        raw = open(path, encoding="utf-8").read()
        is_html = name.endswith(".html")
        fraw = fold(raw)
        if not name.split("_")[1] == g["outlet"]: err("outlet id not in file name")
        if g["published"] is not None and not re.fullmatch(r"\d{4}-\d\d-\d\d(T\d\d:\d\d)?", g["published"]):
            err("bad published format")
        if g["published"] and not ("2023" <= g["published"][:4] <= "2026"): err("date out of range")
        if ("no-date" in g["kinds"]) != (g["published"] is None): err("no-date kind / published mismatch")
        if set(g["kinds"]) - KINDS: err(f"unknown kinds {set(g['kinds']) - KINDS}")
        if not (5 <= len(g["must_include"]) <= 10): err("must_include count")
        if not (8 <= len(g["must_exclude"]) <= 25): err("must_exclude count")
        if not g["entities"]: err("no entities")
        for e in g["entities"]:
            if e["type"] not in TYPES: err(f"bad entity type {e}")
            for s in e["surfaces"]:
                if fold(s) not in fraw: err(f"entity surface not in file: {s}")
        if g["title"] and fold(g["title"]) not in fold(strip_tags(raw) if is_html else raw): err("title not in file")
        for d in g["deck"]:
            if fold(d) not in fraw: err(f"deck line not in file: {d}")
        for s in g["must_include"] + g["must_exclude"]:
            if fold(s) not in fraw: err(f"snippet not in raw: {s}")
            if is_html and (re.search(r"&\w+;|&#", s) or "<" in s and ">" in s): err(f"tag/entity in snippet {s}")
        # body region
        start, end, furn, hard = BODY[name]
        i = raw.find(start); j = raw.find(end, i)
        if i < 0 or j < 0: err("body markers not found"); continue
        j += len(end)
        # extend j to end of line
        nl = raw.find("\n", j); j = len(raw) if nl < 0 else nl
        ls = raw.rfind("\n", 0, i) + 1
        region, before, after = raw[ls:j], raw[:ls], raw[j:]
        body_units, furn_units = [], []
        for u in units(region, hard):
            if any(u.strip().startswith(p) for p in furn):
                furn_units.append(u)
            else:
                body_units.append(u)
        furn_units += units(before, hard) + units(after, hard)
        if is_html:
            body_units = [strip_tags(u) for u in body_units]
        fb = [fold(u) for u in body_units]
        ff = [fold(u) for u in furn_units]
        protected = fb + [fold(g["title"] or "")] + [fold(d) for d in g["deck"]]
        for s in g["must_exclude"]:
            fs = fold(s)
            for p in protected:
                if p and fs in p: err(f"must_exclude inside title/deck/body: {s!r} in {p[:60]!r}")
        for s in g["must_include"]:
            fs = fold(s)
            if not any(fs in b for b in fb): err(f"must_include not in a body paragraph: {s}")
            for f in ff:
                if fs in f: err(f"must_include inside furniture: {s!r} in {f[:60]!r}")
            if g["title"] and fs in fold(g["title"]): err(f"must_include in title: {s}")
            for d in g["deck"]:
                if fs in fold(d): err(f"must_include in deck: {s}")
        # first / last body paragraph covered
        if not any(fold(s) in fb[0] for s in g["must_include"]): err("no must_include from first paragraph")
        if not any(fold(s) in fb[-1] for s in g["must_include"]): err("no must_include from last paragraph")
    for e in errors: print("FAIL", e)
    print(f"{len(gold)} files, {len(errors)} errors")
    return 1 if errors else 0

if __name__ == "__main__":
    sys.exit(main())
