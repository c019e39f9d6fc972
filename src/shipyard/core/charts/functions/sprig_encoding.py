"""Sprig's encoding, hashing, path, URL and identifier functions: b64/b32 enc/dec,
sha1/sha256/sha512/adler32 sums, path and filepath (Linux) helpers, urlParse/urlJoin (Go
net/url rules), uuidv4 and the random-string family (randomness is injected)."""

from __future__ import annotations

import base64
import binascii
import hashlib
from collections.abc import Callable

from shipyard.core.charts import gostrings
from shipyard.core.charts.functions.errors import FunctionError
from shipyard.core.charts.functions.signatures import MAP, gofunc

_STD64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
_STD32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"


@gofunc("string", returns="string")
def b64enc(text: str) -> str:
    return base64.b64encode(gostrings.to_bytes(text)).decode("ascii")


def _illegal_at(text: str, alphabet: str, quantum: int) -> int:
    """The offset Go's decoder reports for malformed input (best effort)."""
    stripped = [(i, ch) for i, ch in enumerate(text) if ch not in "\r\n"]
    for position, (index, ch) in enumerate(stripped):
        if ch == "=":
            if position % quantum < 2:
                return index
            return index if any(c != "=" for _, c in stripped[position:]) else len(text)
        if ch not in alphabet:
            return index
    return len(text) - (len(text) % quantum if len(stripped) % quantum else 0)


@gofunc("string", returns="string")
def b64dec(text: str) -> str:
    try:
        data = base64.b64decode(text.replace("\r", "").replace("\n", ""), validate=True)
    except (binascii.Error, ValueError):
        return f"illegal base64 data at input byte {_illegal_at(text, _STD64, 4)}"
    return gostrings.from_bytes(data)


@gofunc("string", returns="string")
def b32enc(text: str) -> str:
    return base64.b32encode(gostrings.to_bytes(text)).decode("ascii")


@gofunc("string", returns="string")
def b32dec(text: str) -> str:
    try:
        data = base64.b32decode(text.replace("\r", "").replace("\n", ""))
    except (binascii.Error, ValueError):
        return f"illegal base32 data at input byte {_illegal_at(text, _STD32, 8)}"
    return gostrings.from_bytes(data)


@gofunc("string", returns="string")
def sha1sum(text: str) -> str:
    return hashlib.sha1(gostrings.to_bytes(text)).hexdigest()


@gofunc("string", returns="string")
def sha256sum(text: str) -> str:
    return hashlib.sha256(gostrings.to_bytes(text)).hexdigest()


@gofunc("string", returns="string")
def sha512sum(text: str) -> str:
    return hashlib.sha512(gostrings.to_bytes(text)).hexdigest()


@gofunc("string", returns="string")
def adler32sum(text: str) -> str:
    import zlib

    return str(zlib.adler32(gostrings.to_bytes(text)))


# -- paths (Go's path; filepath on Linux is the same) --------------------------------------


@gofunc("string", returns="string")
def base(path: str) -> str:
    if path == "":
        return "."
    path = path.rstrip("/")
    if path == "":
        return "/"
    return path.rsplit("/", 1)[-1]


@gofunc("string", returns="string")
def dir_(path: str) -> str:
    return gostrings.clean_path(path[: path.rfind("/") + 1])


@gofunc("string", returns="string")
def ext(path: str) -> str:
    for i in range(len(path) - 1, -1, -1):
        if path[i] == "/":
            break
        if path[i] == ".":
            return path[i:]
    return ""


@gofunc("string", returns="string")
def clean_(path: str) -> str:
    return gostrings.clean_path(path)


@gofunc("string", returns="bool")
def is_abs(path: str) -> bool:
    return path.startswith("/")


# -- URLs ----------------------------------------------------------------------------------

_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~")
_PATH_SAFE = _UNRESERVED | frozenset("$&+,/:;=@")
_FRAGMENT_SAFE = _UNRESERVED | frozenset("$&+,/:;=?@!()*")
_USER_SAFE = _UNRESERVED | frozenset("$&+,;=!()*'")


def _escape(text: str, safe: frozenset[str]) -> str:
    return "".join(
        ch if ch in safe else "".join(f"%{b:02X}" for b in gostrings.to_bytes(ch)) for ch in text
    )


def _unescape(text: str) -> str:
    data = gostrings.to_bytes(text)
    out = bytearray()
    i = 0
    while i < len(data):
        if data[i] == ord("%"):
            pair = data[i + 1 : i + 3]
            if len(pair) < 2 or not all(chr(c) in "0123456789abcdefABCDEF" for c in pair):
                bad = gostrings.from_bytes(data[i : i + 3])
                raise FunctionError(
                    f'unable to parse url: parse "{text}": invalid URL escape "{bad}"'
                )
            out.append(int(pair, 16))
            i += 3
        else:
            out.append(data[i])
            i += 1
    return gostrings.from_bytes(bytes(out))


def _split_scheme(raw: str) -> tuple[str, str]:
    for i, ch in enumerate(raw):
        if ch.isascii() and ch.isalpha():
            continue
        if ch.isascii() and (ch.isdigit() or ch in "+-.") and i > 0:
            continue
        if ch == ":" and i > 0:
            return raw[:i].lower(), raw[i + 1 :]
        return "", raw
    return "", raw


@gofunc("string", returns=MAP)
def url_parse(raw: str) -> dict[str, object]:
    rest, _, fragment = raw.partition("#")
    scheme, rest = _split_scheme(rest)
    rest, has_query, query = rest.partition("?")
    userinfo = host = opaque = path = ""
    if scheme and not rest.startswith("/"):
        opaque = rest
    elif rest.startswith("//"):
        authority, slash, path_rest = rest[2:].partition("/")
        path = slash + path_rest
        if "@" in authority:
            userinfo, _, host = authority.rpartition("@")
        else:
            host = authority
    else:
        path = rest
    hostname = host
    if hostname.startswith("["):
        hostname = hostname[1 : hostname.find("]")] if "]" in hostname else hostname[1:]
    elif ":" in hostname:
        hostname = hostname.rsplit(":", 1)[0]
    user_text = ""
    if userinfo:
        name, colon, password = userinfo.partition(":")
        user_text = _escape(_unescape(name), _USER_SAFE)
        if colon:
            user_text += ":" + _escape(_unescape(password), _USER_SAFE)
    del has_query
    return {
        "scheme": scheme,
        "host": host,
        "hostname": hostname,
        "path": _unescape(path),
        "query": query,
        "opaque": opaque,
        "fragment": _unescape(fragment),
        "userinfo": user_text,
    }


def _dict_string(d: dict[str, object], key: str) -> str:
    if key not in d:
        return ""
    value = d[key]
    if not isinstance(value, str):
        from shipyard.core.charts.functions import govalues

        raise FunctionError(
            f"unable to parse {key} key, must be of type string, but "
            f"{govalues.kind_of(value)} found"
        )
    return value


@gofunc(MAP, returns="string")
def url_join(d: dict[str, object]) -> str:
    scheme = _dict_string(d, "scheme")
    host = _dict_string(d, "host")
    path = _dict_string(d, "path")
    query = _dict_string(d, "query")
    opaque = _dict_string(d, "opaque")
    fragment = _dict_string(d, "fragment")
    userinfo = _dict_string(d, "userinfo")
    out = ""
    if scheme:
        out += scheme + ":"
    if opaque:
        out += opaque
    else:
        if scheme or host or userinfo:
            if host or path or userinfo:
                out += "//"
            if userinfo:
                out += userinfo + "@"
            out += host
        escaped = _escape(path, _PATH_SAFE)
        if escaped and not escaped.startswith("/") and host:
            out += "/"
        if not out and ":" in escaped.split("/", 1)[0]:
            out += "./"
        out += escaped
    if query:
        out += "?" + query
    if fragment:
        out += "#" + _escape(fragment, _FRAGMENT_SAFE)
    return out


# -- identifiers and randomness ------------------------------------------------------------

_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"


def make_random_functions(
    randbelow: Callable[[int], int], token_bytes: Callable[[int], bytes]
) -> dict[str, Callable[..., object]]:
    def pick(alphabet: str, count: int) -> str:
        return "".join(alphabet[randbelow(len(alphabet))] for _ in range(max(count, 0)))

    @gofunc("int", returns="string")
    def rand_alpha_num(count: int) -> str:
        return pick(_ALNUM, count)

    @gofunc("int", returns="string")
    def rand_alpha(count: int) -> str:
        return pick(_ALNUM[:52], count)

    @gofunc("int", returns="string")
    def rand_numeric(count: int) -> str:
        return pick(_ALNUM[52:], count)

    @gofunc("int", returns="string")
    def rand_ascii(count: int) -> str:
        return pick("".join(chr(c) for c in range(32, 127)), count)

    @gofunc("int", returns="string", errors=True)
    def rand_bytes(count: int) -> str:
        if count < 0:
            raise FunctionError("runtime error: makeslice: len out of range")
        return base64.b64encode(token_bytes(count)).decode("ascii")

    @gofunc(returns="string")
    def uuidv4() -> str:
        import uuid

        return str(uuid.UUID(bytes=token_bytes(16), version=4))

    return {
        "randAlphaNum": rand_alpha_num,
        "randAlpha": rand_alpha,
        "randNumeric": rand_numeric,
        "randAscii": rand_ascii,
        "randBytes": rand_bytes,
        "uuidv4": uuidv4,
    }
