"""Go's ``net/url`` as the schema validator meets it: ``url.Parse`` (with Go's error messages),
``URL.String``, ``ResolveReference``, ``PathEscape``/``PathUnescape``.

Schema identifiers (``$id``, ``$ref``, ``$schema``) are joined and compared exactly as
santhosh-tekuri/jsonschema v6 does, and the ``uri``/``uri-reference``/``uri-template`` formats
fail with the same words. Go strings are bytes: text is handled here as "byte strings" (one
character per UTF-8 byte, see :func:`to_bytestr`) and decoded back for messages.
"""

from __future__ import annotations

import dataclasses

from shipyard.core.charts import schemagostd

PATH = "path"
PATH_SEGMENT = "segment"
HOST = "host"
ZONE = "zone"
USER_PASSWORD = "userpass"
QUERY_COMPONENT = "query"
FRAGMENT = "fragment"

_ALNUM = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
_HEX = frozenset("0123456789abcdefABCDEF")
_USERINFO = _ALNUM | frozenset("-._:~!$&'()*+,;=%@")


class URLError(ValueError):
    """A Go ``*url.Error`` (or the bare error ``url.Parse`` wraps); ``str()`` is Go's text."""


to_bytestr = schemagostd.to_bytestr
from_bytestr = schemagostd.from_bytestr
go_quote_bytes = schemagostd.go_quote_bytes


def should_escape(c: str, mode: str) -> bool:
    if c in _ALNUM:
        return False
    if mode in (HOST, ZONE) and c in "!$&'()*+,;=:[]<>\"":
        return False
    if c in "-_.~":
        return False
    if c in "$&+,/:;=?@":
        if mode == PATH:
            return c == "?"
        if mode == PATH_SEGMENT:
            return c in "/;,?"
        if mode == USER_PASSWORD:
            return c in "@/?:"
        if mode == QUERY_COMPONENT:
            return True
        if mode == FRAGMENT:
            return False
    return not (mode == FRAGMENT and c in "!()*")


def unescape(s: str, mode: str) -> str:
    """Go's ``unescape`` over a byte string; raises URLError with Go's message."""
    n, i = 0, 0
    has_plus = False
    while i < len(s):
        c = s[i]
        if c == "%":
            n += 1
            if i + 2 >= len(s) or s[i + 1] not in _HEX or s[i + 2] not in _HEX:
                bad = s[i : i + 3]
                raise URLError("invalid URL escape " + go_quote_bytes(bad))
            if mode == HOST and int(s[i + 1], 16) < 8 and s[i : i + 3] != "%25":
                raise URLError("invalid URL escape " + go_quote_bytes(s[i : i + 3]))
            if mode == ZONE:
                v = chr(int(s[i + 1 : i + 3], 16))
                if s[i : i + 3] != "%25" and v != " " and should_escape(v, HOST):
                    raise URLError("invalid URL escape " + go_quote_bytes(s[i : i + 3]))
            i += 3
        elif c == "+":
            has_plus = mode == QUERY_COMPONENT
            i += 1
        else:
            if mode in (HOST, ZONE) and ord(c) < 0x80 and should_escape(c, mode):
                raise URLError("invalid character " + go_quote_bytes(c) + " in host name")
            i += 1
    if n == 0 and not has_plus:
        return s
    out: list[str] = []
    i = 0
    while i < len(s):
        c = s[i]
        if c == "%":
            out.append(chr(int(s[i + 1 : i + 3], 16)))
            i += 3
            continue
        out.append(" " if c == "+" and mode == QUERY_COMPONENT else c)
        i += 1
    return "".join(out)


def escape(s: str, mode: str) -> str:
    out: list[str] = []
    for c in s:
        if c == " " and mode == QUERY_COMPONENT:
            out.append("+")
        elif should_escape(c, mode):
            out.append(f"%{ord(c):02X}")
        else:
            out.append(c)
    return "".join(out)


def path_unescape(text: str) -> str:
    """``url.PathUnescape`` of a str; raises URLError."""
    return from_bytestr(unescape(to_bytestr(text), PATH_SEGMENT))


def path_escape(text: str) -> str:
    return from_bytestr(escape(to_bytestr(text), PATH_SEGMENT))


@dataclasses.dataclass(kw_only=True)
class URL:
    """A parsed URL; every field is a byte string."""

    scheme: str = ""
    opaque: str = ""
    user: tuple[str, str | None] | None = None
    host: str = ""
    path: str = ""
    raw_path: str = ""
    omit_host: bool = False
    force_query: bool = False
    raw_query: str = ""
    fragment: str = ""
    raw_fragment: str = ""

    def is_abs(self) -> bool:
        return self.scheme != ""

    def hostname(self) -> str:
        host = self.host
        colon = host.rfind(":")
        if colon != -1 and _valid_optional_port(host[colon:]):
            host = host[:colon]
        if host.startswith("[") and host.endswith("]"):
            host = host[1:-1]
        return host

    def set_path(self, p: str) -> None:
        self.path = unescape(p, PATH)
        self.raw_path = "" if escape(self.path, PATH) == p else p

    def escaped_path(self) -> str:
        if self.raw_path and _valid_encoded(self.raw_path, PATH):
            try:
                if unescape(self.raw_path, PATH) == self.path:
                    return self.raw_path
            except URLError:
                pass
        if self.path == "*":
            return "*"
        return escape(self.path, PATH)

    def escaped_fragment(self) -> str:
        if self.raw_fragment and _valid_encoded(self.raw_fragment, FRAGMENT):
            try:
                if unescape(self.raw_fragment, FRAGMENT) == self.fragment:
                    return self.raw_fragment
            except URLError:
                pass
        return escape(self.fragment, FRAGMENT)

    def string(self) -> str:
        """``URL.String()`` as a byte string."""
        out: list[str] = []
        if self.scheme:
            out.append(self.scheme + ":")
        if self.opaque:
            out.append(self.opaque)
        else:
            if (self.scheme or self.host or self.user is not None) and not (
                self.omit_host and not self.host and self.user is None
            ):
                if self.host or self.path or self.user is not None:
                    out.append("//")
                if self.user is not None:
                    name, password = self.user
                    userinfo = escape(name, USER_PASSWORD)
                    if password is not None:
                        userinfo += ":" + escape(password, USER_PASSWORD)
                    out.append(userinfo + "@")
                if self.host:
                    out.append(escape(self.host, HOST))
            path = self.escaped_path()
            if path and path[0] != "/" and self.host:
                out.append("/")
            if not out and ":" in path.partition("/")[0]:
                out.append("./")
            out.append(path)
        if self.force_query or self.raw_query:
            out.append("?" + self.raw_query)
        if self.fragment:
            out.append("#" + self.escaped_fragment())
        return "".join(out)


def _valid_encoded(s: str, mode: str) -> bool:
    return all(c in "!$&'()*+,;=:@[]%" or not should_escape(c, mode) for c in s)


def _valid_optional_port(port: str) -> bool:
    if port == "":
        return True
    return port[0] == ":" and all("0" <= c <= "9" for c in port[1:])


def parse(raw: str) -> URL:
    """``url.Parse`` of a byte string; raises URLError with Go's ``parse "...": ...`` text."""
    u, _, frag = raw.partition("#")
    try:
        url = _parse(u)
    except URLError as exc:
        raise URLError(f"parse {go_quote_bytes(u)}: {exc}") from None
    if frag == "":
        return url
    try:
        url.fragment = unescape(frag, FRAGMENT)
    except URLError as exc:
        raise URLError(f"parse {go_quote_bytes(raw)}: {exc}") from None
    url.raw_fragment = "" if escape(url.fragment, FRAGMENT) == frag else frag
    return url


def _get_scheme(raw: str) -> tuple[str, str]:
    for i, c in enumerate(raw):
        if "a" <= c <= "z" or "A" <= c <= "Z":
            continue
        if "0" <= c <= "9" or c in "+-.":
            if i == 0:
                return "", raw
            continue
        if c == ":":
            if i == 0:
                raise URLError("missing protocol scheme")
            return raw[:i], raw[i + 1 :]
        return "", raw
    return "", raw


def _parse(raw: str) -> URL:
    if any(c < " " or c == "\x7f" for c in raw):
        raise URLError("net/url: invalid control character in URL")
    url = URL()
    if raw == "*":
        url.path = "*"
        return url
    scheme, rest = _get_scheme(raw)
    url.scheme = scheme.lower()
    if rest.endswith("?") and rest.count("?") == 1:
        url.force_query = True
        rest = rest[:-1]
    else:
        rest, _, url.raw_query = rest.partition("?")
    if not rest.startswith("/"):
        if url.scheme:
            url.opaque = rest
            return url
        if ":" in rest.partition("/")[0]:
            raise URLError("first path segment in URL cannot contain colon")
    if (url.scheme or not rest.startswith("///")) and rest.startswith("//"):
        authority, slash, tail = rest[2:].partition("/")
        rest = slash + tail
        url.user, url.host = _parse_authority(url.scheme, authority)
    elif url.scheme and rest.startswith("/"):
        url.omit_host = True
    url.set_path(rest)
    return url


def _parse_authority(scheme: str, authority: str) -> tuple[tuple[str, str | None] | None, str]:
    at = authority.rfind("@")
    host = _parse_host(scheme, authority[at + 1 :] if at >= 0 else authority)
    if at < 0:
        return None, host
    userinfo = authority[:at]
    if not all(c in _USERINFO for c in userinfo):
        raise URLError("net/url: invalid userinfo")
    if ":" not in userinfo:
        return (unescape(userinfo, USER_PASSWORD), None), host
    name, _, password = userinfo.partition(":")
    return (unescape(name, USER_PASSWORD), unescape(password, USER_PASSWORD)), host


def _parse_host(scheme: str, host: str) -> str:
    open_bracket = host.rfind("[")
    if open_bracket > 0:
        raise URLError("invalid IP-literal")
    if open_bracket == 0:
        close = host.rfind("]")
        if close < 0:
            raise URLError("missing ']' in host")
        colon_port = host[close + 1 :]
        if not _valid_optional_port(colon_port):
            raise URLError(f"invalid port {go_quote_bytes(colon_port)} after host")
        unescaped_port = unescape(colon_port, HOST)
        hostname = host[1:close]
        zone = hostname.find("%25")
        if zone >= 0:
            unescaped = unescape(hostname[:zone], HOST) + unescape(hostname[zone:], ZONE)
        else:
            unescaped = unescape(hostname, HOST)
        try:
            is4, _ = schemagostd.parse_addr(unescaped)
        except schemagostd.GoError as exc:
            raise URLError(f"invalid host: {exc}") from None
        if is4:
            raise URLError("invalid IP-literal")
        return "[" + unescaped + "]" + unescaped_port
    first = host.find(":")
    if first != -1:
        last = host.rfind(":")
        if last != first and scheme not in ("http", "https"):
            first = last  # Go 1.26 enforces single colons for http(s) only (go.dev/issue/75223)
        colon_port = host[first:]
        if not _valid_optional_port(colon_port):
            raise URLError(f"invalid port {go_quote_bytes(colon_port)} after host")
    return unescape(host, HOST)


def _resolve_path(base: str, ref: str) -> str:
    if ref == "":
        full = base
    elif ref[0] != "/":
        full = base[: base.rfind("/") + 1] + ref
    else:
        full = ref
    if full == "":
        return ""
    dst = "/"
    elem = ""
    remaining = full
    found = True
    first = True
    while found:
        elem, sep, remaining = remaining.partition("/")
        found = sep != ""
        if elem == ".":
            first = False
            continue
        if elem == "..":
            i = dst[1:].rfind("/")
            dst = dst[: i + 1] if i >= 0 else dst[:1]
            first = len(dst) == 1
            continue
        if not first:
            dst += "/"
        dst += elem
        first = False
    if elem in (".", ".."):
        dst += "/"
    if len(dst) > 1 and dst[1] == "/":
        return dst[1:]
    return dst


def resolve_reference(base: URL, ref: URL) -> URL:
    url = dataclasses.replace(ref)
    if ref.scheme == "":
        url.scheme = base.scheme
    if ref.scheme or ref.host or ref.user is not None:
        url.set_path(_resolve_path(ref.escaped_path(), ""))
        return url
    if ref.opaque:
        url.user, url.host, url.path = None, "", ""
        return url
    if ref.path == "" and not ref.force_query and ref.raw_query == "":
        url.raw_query = base.raw_query
        if ref.fragment == "":
            url.fragment, url.raw_fragment = base.fragment, base.raw_fragment
    if ref.path == "" and base.opaque:
        url.opaque = base.opaque
        url.user, url.host, url.path = None, "", ""
        return url
    url.host, url.user = base.host, base.user
    url.set_path(_resolve_path(base.escaped_path(), ref.escaped_path()))
    return url
