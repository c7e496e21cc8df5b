"""Web addresses as the library keeps them: compared for duplicates, and the site they are on."""

from __future__ import annotations

from urllib.parse import unquote_plus, urljoin, urlsplit, urlunsplit

from viewer.core.limits import MAX_URL_CHARS

_TRACKING = frozenset({
    "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid", "igshid", "ttclid",
    "mc_cid", "mc_eid", "ref_src", "ref_url", "_ga", "_gl", "_hsenc", "_hsmi", "mkt_tok",
    "oly_anon_id", "oly_enc_id", "vero_id", "wickedid", "__twitter_impression",
})
_TRACKING_PREFIXES = ("utm_",)
_DEFAULT_PORTS = {"http": 80, "https": 443}


def _is_tracking(piece: str) -> bool:
    key = unquote_plus(piece.split("=", 1)[0]).strip().lower()
    return key in _TRACKING or key.startswith(_TRACKING_PREFIXES)


def normalise_url(url: str) -> str:
    """A URL as compared for duplicates: scheme and host lower-cased, default port, fragment and
    tracking parameters (utm_*, fbclid, gclid, mc_cid, mc_eid, ref_src…) dropped, empty path as '/';
    other query parameters kept in order."""
    url = str(url).strip()
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").rstrip(".") if parts.netloc else ""
    if ":" in host:
        host = f"[{host}]"  # IPv6
    try:
        port = parts.port
    except ValueError:
        port = None
    netloc = host
    if parts.netloc:
        userinfo = parts.netloc.rpartition("@")[0]
        if userinfo:
            netloc = f"{userinfo}@{netloc}"
        if port is not None and port != _DEFAULT_PORTS.get(scheme):
            netloc = f"{netloc}:{port}"
    path = parts.path or ("/" if parts.netloc else "")
    query = "&".join(p for p in parts.query.split("&") if p and not _is_tracking(p))
    return urlunsplit((scheme, netloc, path, query, ""))


def site_of(url: str | None) -> str | None:
    """The site an address is on, as the sidebar lists it: its host lower-cased, without `www.`."""
    if not url:
        return None
    try:
        host = (urlsplit(str(url).strip()).hostname or "").rstrip(".").lower()
    except ValueError:
        return None
    if host.startswith("www."):
        host = host[4:]
    return host or None


def web_address(href: str | None, base: str | None = None) -> str | None:
    """`href` made absolute against `base`, if the result is an http or https address; else None."""
    if not href:
        return None
    href = str(href).strip()
    try:
        url = urljoin(base, href) if base else href
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    if any(c.isspace() or ord(c) < 0x20 for c in url) or len(url) > MAX_URL_CHARS:
        return None
    return url
