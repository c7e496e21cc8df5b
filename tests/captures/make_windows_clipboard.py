"""Write ko_clipboard_windows.txt: an invented Korean article in the Windows CF_HTML clipboard format.

The header's offsets count UTF-8 bytes from the start of the data, as Windows programs expect:
StartHTML/EndHTML bracket the HTML document, StartFragment/EndFragment the selected markup
between the <!--StartFragment--> and <!--EndFragment--> comments. Lines end in CRLF.

Run from any folder: python make_windows_clipboard.py
"""

from pathlib import Path

SOURCE_URL = "https://www.nuritimes.example/news/articleView.html?idxno=48377"

P_STYLE = ("margin: 0px 0px 24px; padding: 0px; font-size: 17px; line-height: 1.8; "
           "color: rgb(34, 34, 34); font-family: &quot;Malgun Gothic&quot;, sans-serif;")
H1_STYLE = ("margin: 0px 0px 18px; padding: 0px; font-size: 28px; font-weight: 700; "
            "color: rgb(17, 17, 17); font-family: &quot;Malgun Gothic&quot;, sans-serif;")

FRAGMENT = "\r\n".join([
    f'<h1 class="heading" style="{H1_STYLE}">누리항 스마트 컨테이너 터미널 개장…하역 시간 30% 줄어</h1>',
    f'<p style="{P_STYLE}">누리항만공사는 누리항 신항에 자동화 설비를 갖춘 스마트 컨테이너 터미널을 20일 개장했다고 밝혔다. '  # noqa: E501 - one paragraph per line
    '새 터미널은 선석 3개를 갖췄으며 한 해 컨테이너 180만 개를 처리할 수 있다. '
    '공사 측은 기존 부두보다 선박 한 척의 하역 시간이 30%가량 줄어들 것으로 내다봤다.</p>',
    f'<p style="{P_STYLE}">터미널에는 원격으로 움직이는 안벽 크레인 9대와 무인 운반차 40대가 배치됐다. '
    '크레인 운전원은 부두 위 조종석 대신 사무동 관제실에서 화면을 보며 작업한다. '
    '무인 운반차는 네덜란드 기업 Vandermolen Systems가 공급했다.</p>',
    f'<p style="{P_STYLE}">개장식에 참석한 Vandermolen Systems의 Helena Brandt 부사장은 "아시아에서 가장 빠른 터미널 가운데 하나가 될 것"이라고 말했다. '  # noqa: E501 - one paragraph per line
    '첫 입항 선박인 1만3000TEU급 컨테이너선은 이날 오전 6시 접안해 하역을 시작했다.</p>',
    f'<p style="{P_STYLE}">다만 항만 노동자 단체는 자동화로 일자리가 줄어들 수 있다며 재교육 계획을 요구하고 있다. '  # noqa: E501 - one paragraph per line
    '누리항만공사는 내년까지 기존 인력 120명을 관제와 정비 업무로 전환 배치하겠다고 밝혔다.</p>',
])

PREFIX = "<html><body>\r\n<!--StartFragment-->"
SUFFIX = "<!--EndFragment-->\r\n</body></html>"

HEADER = ("Version:0.9\r\n"
          "StartHTML:{:010d}\r\n"
          "EndHTML:{:010d}\r\n"
          "StartFragment:{:010d}\r\n"
          "EndFragment:{:010d}\r\n"
          "SourceURL:" + SOURCE_URL + "\r\n")


def build() -> bytes:
    header_len = len(HEADER.format(0, 0, 0, 0).encode("utf-8"))
    prefix = PREFIX.encode("utf-8")
    fragment = FRAGMENT.encode("utf-8")
    suffix = SUFFIX.encode("utf-8")
    start_html = header_len
    start_fragment = start_html + len(prefix)
    end_fragment = start_fragment + len(fragment)
    end_html = end_fragment + len(suffix)
    header = HEADER.format(start_html, end_html, start_fragment, end_fragment).encode("utf-8")
    assert len(header) == header_len
    data = header + prefix + fragment + suffix
    assert data[start_fragment:end_fragment] == fragment
    assert data[start_html:end_html] == prefix + fragment + suffix
    return data


if __name__ == "__main__":
    Path(__file__).with_name("ko_clipboard_windows.txt").write_bytes(build())
