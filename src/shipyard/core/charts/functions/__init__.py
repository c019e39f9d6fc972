"""The template function library of ``helm template``: Sprig v3.3.0's functions (without env and
expandenv) plus Helm's own, as Python callables with their Go signatures.

``Library(renderer, ...)`` is the whole map, read-only: a function's module is imported when the
function is first looked up, so a render pays only for the functions its templates call (the
library spans a dozen modules, hashes, dates and certificates included). ``function_map`` gives
the same functions as a plain dict. Callables take positional arguments in template order (a
pipeline's value last), return plain values of the template value model and raise
``FunctionError`` with Go's error text. Clock, randomness, the "Local" time zone and the cluster
``lookup`` are injected, so the library itself reads nothing from the world.
"""

from __future__ import annotations

import importlib
import time
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING

from shipyard.core.charts.functions.errors import FunctionError
from shipyard.core.charts.functions.signatures import GoSignature, signature_of

if TYPE_CHECKING:
    import datetime

    from shipyard.core.charts import gotime
    from shipyard.core.charts.functions.helm import Lookup, Renderer

__all__ = [
    "NAMES",
    "FunctionError",
    "GoSignature",
    "Library",
    "Lookup",
    "Renderer",
    "function_map",
    "signature_of",
]

Function = Callable[..., object]

_START = time.monotonic()

# Functions that are plain module attributes: module -> {template name: attribute}.
_STATIC: dict[str, dict[str, str]] = {
    "sprig_strings": {
        "trim": "trim", "trimAll": "trim_all", "trimall": "trim_all",
        "trimSuffix": "trim_suffix", "trimPrefix": "trim_prefix", "upper": "upper",
        "lower": "lower", "title": "title", "untitle": "untitle", "repeat": "repeat",
        "substr": "substr", "nospace": "nospace", "trunc": "trunc", "abbrev": "abbrev",
        "abbrevboth": "abbrevboth", "initials": "initials", "swapcase": "swapcase",
        "snakecase": "snakecase", "camelcase": "camelcase", "kebabcase": "kebabcase",
        "wrap": "wrap", "wrapWith": "wrap_with", "contains": "contains",
        "hasPrefix": "has_prefix", "hasSuffix": "has_suffix", "quote": "quote",
        "squote": "squote", "cat": "cat", "indent": "indent", "nindent": "nindent",
        "replace": "replace", "plural": "plural", "split": "split", "splitList": "split_list",
        "splitn": "splitn", "toStrings": "to_strings", "join": "join", "sortAlpha": "sort_alpha",
        "toString": "to_string", "hello": "hello",
    },
    "sprig_math": {
        "atoi": "atoi", "int": "to_int", "int64": "to_int64", "float64": "to_float64",
        "toDecimal": "to_decimal", "add1": "add1", "add": "add", "sub": "sub", "div": "div",
        "mod": "mod", "mul": "mul", "max": "max_", "biggest": "max_", "min": "min_",
        "maxf": "maxf", "minf": "minf", "floor": "floor", "ceil": "ceil", "round": "round_",
        "add1f": "add1f", "addf": "addf", "subf": "subf", "mulf": "mulf", "divf": "divf",
    },
    "sprig_lists": {
        "seq": "seq", "until": "until", "untilStep": "until_step_", "compact": "compact",
        "mustCompact": "compact", "list": "list_", "tuple": "list_", "append": "push",
        "push": "push", "mustAppend": "push", "mustPush": "push", "prepend": "prepend",
        "mustPrepend": "prepend", "first": "first", "mustFirst": "first", "rest": "rest",
        "mustRest": "rest", "last": "last", "mustLast": "last", "initial": "initial",
        "mustInitial": "initial", "reverse": "reverse", "mustReverse": "reverse", "uniq": "uniq",
        "mustUniq": "uniq", "without": "without", "mustWithout": "without", "has": "has",
        "mustHas": "has", "slice": "slice_", "mustSlice": "slice_", "concat": "concat",
        "chunk": "chunk", "mustChunk": "chunk",
    },
    "sprig_defaults": {
        "default": "default", "empty": "empty", "coalesce": "coalesce", "all": "all_",
        "any": "any_", "ternary": "ternary", "mustFromJson": "must_from_json",
        "toJson": "to_json", "mustToJson": "must_to_json", "toPrettyJson": "to_pretty_json",
        "mustToPrettyJson": "must_to_pretty_json", "toRawJson": "to_raw_json",
        "mustToRawJson": "must_to_raw_json", "typeOf": "type_of", "typeIs": "type_is",
        "typeIsLike": "type_is_like", "kindOf": "kind_of", "kindIs": "kind_is",
        "deepEqual": "deep_equal",
    },
    "sprig_dicts": {
        "deepCopy": "deep_copy", "mustDeepCopy": "deep_copy", "dict": "dict_", "get": "get",
        "set": "set_", "unset": "unset", "hasKey": "has_key", "pluck": "pluck", "keys": "keys",
        "pick": "pick", "omit": "omit", "values": "values", "merge": "merge",
        "mergeOverwrite": "merge_overwrite", "mustMerge": "merge",
        "mustMergeOverwrite": "merge_overwrite", "dig": "dig",
    },
    "sprig_encoding": {
        "b64enc": "b64enc", "b64dec": "b64dec", "b32enc": "b32enc", "b32dec": "b32dec",
        "sha1sum": "sha1sum", "sha256sum": "sha256sum", "sha512sum": "sha512sum",
        "adler32sum": "adler32sum", "base": "base", "dir": "dir_", "clean": "clean_",
        "ext": "ext", "isAbs": "is_abs", "osBase": "base", "osDir": "dir_", "osClean": "clean_",
        "osExt": "ext", "osIsAbs": "is_abs", "urlParse": "url_parse", "urlJoin": "url_join",
    },
    "sprig_regex": {
        "regexMatch": "regex_match", "mustRegexMatch": "must_regex_match",
        "regexFindAll": "regex_find_all", "mustRegexFindAll": "must_regex_find_all",
        "regexFind": "regex_find", "mustRegexFind": "must_regex_find",
        "regexReplaceAll": "regex_replace_all", "mustRegexReplaceAll": "must_regex_replace_all",
        "regexReplaceAllLiteral": "regex_replace_all_literal",
        "mustRegexReplaceAllLiteral": "must_regex_replace_all_literal",
        "regexSplit": "regex_split", "mustRegexSplit": "must_regex_split",
        "regexQuoteMeta": "regex_quote_meta",
    },
    "sprig_semver": {
        "semver": "semver", "semverCompare": "semver_compare",
    },
    "sprig_crypto": {
        "bcrypt": "bcrypt", "htpasswd": "htpasswd", "derivePassword": "derive_password",
        "genPrivateKey": "gen_private_key",
    },
    "helm": {
        "toYaml": "to_yaml", "toYamlPretty": "to_yaml_pretty", "fromYaml": "from_yaml",
        "fromYamlArray": "from_yaml_array", "fromJson": "from_json",
        "fromJsonArray": "from_json_array", "toToml": "to_toml", "fromToml": "from_toml",
        "required": "required", "fail": "fail", "getHostByName": "get_host_by_name",
    },
}  # fmt: skip

# Functions made by a factory from the injected clock, randomness or renderer: factory -> names
# it makes (a unit test holds these lists to the factories' own).
_MADE: dict[str, tuple[str, ...]] = {
    "dates": (
        "ago", "date", "dateInZone", "dateModify", "date_in_zone", "date_modify", "duration",
        "durationRound", "htmlDate", "htmlDateInZone", "mustDateModify", "mustToDate",
        "must_date_modify", "now", "toDate", "unixEpoch",
    ),
    "random": ("randAlpha", "randAlphaNum", "randAscii", "randBytes", "randNumeric", "uuidv4"),
    "certificates": (
        "buildCustomCert", "genCA", "genCAWithKey", "genSelfSignedCert",
        "genSelfSignedCertWithKey", "genSignedCert", "genSignedCertWithKey",
    ),
    "aes": ("decryptAES", "encryptAES"),
    "shuffle": ("shuffle",),
    "randInt": ("randInt",),
    "include": ("include",),
    "tpl": ("tpl",),
    "lookup": ("lookup",),
}  # fmt: skip

_HOME: dict[str, tuple[str, str]] = {
    name: (module, attribute)
    for module, names in _STATIC.items()
    for name, attribute in names.items()
}
_FACTORY: dict[str, str] = {name: factory for factory, names in _MADE.items() for name in names}

NAMES: frozenset[str] = frozenset(_HOME) | frozenset(_FACTORY)
"""Every function name of the library."""


def _module(name: str) -> object:
    return importlib.import_module(f"shipyard.core.charts.functions.{name}")


def _system_clock() -> gotime.GoTime:
    import datetime

    from shipyard.core.charts import gotime

    stamp = time.time_ns()
    moment = datetime.datetime.fromtimestamp(stamp // 1_000_000_000, tz=datetime.UTC)
    nanos = stamp % 1_000_000_000
    return gotime.GoTime(
        moment=moment.replace(microsecond=nanos // 1000),
        nanosecond=nanos,
        monotonic=time.monotonic() - _START,
    )


class Library(Mapping[str, Function]):
    """Every function ``helm template`` offers, bound to ``renderer`` for include and tpl.

    ``lookup`` answers Helm's ``lookup`` (default: always an empty map, as without a cluster);
    ``clock``, ``local_zone`` (default UTC) and the random sources serve now/date/rand*/uuidv4/
    genCA. Functions are made on first lookup and kept.
    """

    def __init__(
        self,
        renderer: Renderer,
        *,
        lookup: Lookup | None = None,
        clock: Callable[[], gotime.GoTime] | None = None,
        local_zone: datetime.tzinfo | None = None,
        randbelow: Callable[[int], int] | None = None,
        token_bytes: Callable[[int], bytes] | None = None,
    ) -> None:
        self._renderer = renderer
        self._lookup = lookup
        self._clock = clock or _system_clock
        self._zone = local_zone
        self._randbelow = randbelow
        self._token_bytes = token_bytes
        self._made: dict[str, Function] = {}

    def __getitem__(self, name: str) -> Function:
        made = self._made.get(name)
        if made is not None:
            return made
        home = _HOME.get(name)
        if home is not None:
            found: Function = getattr(_module(home[0]), home[1])
            self._made[name] = found
            return found
        factory = _FACTORY.get(name)
        if factory is None:
            raise KeyError(name)
        self._made.update(self._make(factory))
        return self._made[name]

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(NAMES))

    def __len__(self) -> int:
        return len(NAMES)

    def __contains__(self, name: object) -> bool:
        return name in NAMES

    def _random(self) -> tuple[Callable[[int], int], Callable[[int], bytes]]:
        if self._randbelow is None or self._token_bytes is None:
            import secrets

            self._randbelow = self._randbelow or secrets.randbelow
            self._token_bytes = self._token_bytes or secrets.token_bytes
        return self._randbelow, self._token_bytes

    def _make(self, factory: str) -> dict[str, Function]:
        from shipyard.core.charts.functions import (
            helm,
            sprig_crypto,
            sprig_dates,
            sprig_encoding,
            sprig_math,
            sprig_strings,
        )

        clock = self._clock
        if factory == "dates":
            import datetime

            return sprig_dates.make_date_functions(clock, self._zone or datetime.UTC)
        if factory == "random":
            return sprig_encoding.make_random_functions(*self._random())
        if factory == "certificates":
            return sprig_crypto.make_certificate_functions(lambda: clock().moment)
        if factory == "aes":
            return sprig_crypto.make_aes_functions(self._random()[1])
        if factory == "shuffle":
            return {"shuffle": sprig_strings.make_shuffle(self._random()[0])}
        if factory == "randInt":
            return {"randInt": sprig_math.make_rand_int(self._random()[0])}
        if factory == "lookup":
            return {"lookup": helm.make_lookup(self._lookup)}
        includer = helm.Includer(self._renderer)
        return {"include": helm.make_include(includer), "tpl": helm.make_tpl(includer)}


def function_map(
    renderer: Renderer,
    *,
    lookup: Lookup | None = None,
    clock: Callable[[], gotime.GoTime] | None = None,
    local_zone: datetime.tzinfo | None = None,
    randbelow: Callable[[int], int] | None = None,
    token_bytes: Callable[[int], bytes] | None = None,
) -> dict[str, Function]:
    """The whole :class:`Library` as a dict (every module imported)."""
    library = Library(
        renderer,
        lookup=lookup,
        clock=clock,
        local_zone=local_zone,
        randbelow=randbelow,
        token_bytes=token_bytes,
    )
    return {name: library[name] for name in library}


def __getattr__(name: str) -> object:
    if name in ("Lookup", "Renderer"):
        from shipyard.core.charts.functions import helm

        return getattr(helm, name)
    raise AttributeError(name)
