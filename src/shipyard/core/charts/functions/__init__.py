"""The template function library of ``helm template``: Sprig v3.3.0's functions (without env and
expandenv) plus Helm's own, as Python callables with their Go signatures.

``function_map(renderer)`` builds the whole map. Callables take positional arguments in
template order (a pipeline's value last), return plain values of the template value model and
raise ``FunctionError`` with Go's error text. Clock, randomness, the "Local" time zone and the
cluster ``lookup`` are injected, so the library itself reads nothing from the world.
"""

from __future__ import annotations

import datetime
import time
from collections.abc import Callable

from shipyard.core.charts import gotime
from shipyard.core.charts.functions import (
    helm,
    sprig_crypto,
    sprig_dates,
    sprig_defaults,
    sprig_dicts,
    sprig_encoding,
    sprig_lists,
    sprig_math,
    sprig_regex,
    sprig_semver,
    sprig_strings,
)
from shipyard.core.charts.functions.errors import FunctionError
from shipyard.core.charts.functions.helm import Lookup, Renderer
from shipyard.core.charts.functions.signatures import GoSignature, gofunc, signature_of

__all__ = ["FunctionError", "GoSignature", "Lookup", "Renderer", "function_map", "signature_of"]

Function = Callable[..., object]

_START = time.monotonic()


def _system_clock() -> gotime.GoTime:
    stamp = time.time_ns()
    moment = datetime.datetime.fromtimestamp(stamp // 1_000_000_000, tz=datetime.UTC)
    nanos = stamp % 1_000_000_000
    return gotime.GoTime(
        moment=moment.replace(microsecond=nanos // 1000),
        nanosecond=nanos,
        monotonic=time.monotonic() - _START,
    )


@gofunc(returns="string")
def _hello() -> str:
    return "Hello!"


def _static_functions() -> dict[str, Function]:
    s, li, d, m = sprig_strings, sprig_lists, sprig_dicts, sprig_math
    df, rx, enc = sprig_defaults, sprig_regex, sprig_encoding
    return {
        # strings
        "trim": s.trim, "trimAll": s.trim_all, "trimall": s.trim_all,
        "trimSuffix": s.trim_suffix, "trimPrefix": s.trim_prefix,
        "upper": s.upper, "lower": s.lower, "title": s.title, "untitle": s.untitle,
        "repeat": s.repeat, "substr": s.substr, "nospace": s.nospace, "trunc": s.trunc,
        "abbrev": s.abbrev, "abbrevboth": s.abbrevboth, "initials": s.initials,
        "swapcase": s.swapcase, "snakecase": s.snakecase, "camelcase": s.camelcase,
        "kebabcase": s.kebabcase, "wrap": s.wrap, "wrapWith": s.wrap_with,
        "contains": s.contains, "hasPrefix": s.has_prefix, "hasSuffix": s.has_suffix,
        "quote": s.quote, "squote": s.squote, "cat": s.cat, "indent": s.indent,
        "nindent": s.nindent, "replace": s.replace, "plural": s.plural,
        "split": s.split, "splitList": s.split_list, "splitn": s.splitn,
        "toStrings": s.to_strings, "join": s.join, "sortAlpha": s.sort_alpha,
        "toString": s.to_string,
        # numbers
        "atoi": m.atoi, "int": m.to_int, "int64": m.to_int64, "float64": m.to_float64,
        "toDecimal": m.to_decimal, "add1": m.add1, "add": m.add, "sub": m.sub, "div": m.div,
        "mod": m.mod, "mul": m.mul, "max": m.max_, "biggest": m.max_, "min": m.min_,
        "maxf": m.maxf, "minf": m.minf, "floor": m.floor, "ceil": m.ceil, "round": m.round_,
        "add1f": m.add1f, "addf": m.addf, "subf": m.subf, "mulf": m.mulf, "divf": m.divf,
        "seq": li.seq, "until": li.until, "untilStep": li.until_step_,
        # defaults, flow, JSON, reflection
        "default": df.default, "empty": df.empty, "coalesce": df.coalesce, "all": df.all_,
        "any": df.any_, "compact": li.compact, "mustCompact": li.compact,
        "ternary": df.ternary, "mustFromJson": df.must_from_json,
        "toJson": df.to_json, "mustToJson": df.must_to_json,
        "toPrettyJson": df.to_pretty_json, "mustToPrettyJson": df.must_to_pretty_json,
        "toRawJson": df.to_raw_json, "mustToRawJson": df.must_to_raw_json,
        "deepCopy": d.deep_copy, "mustDeepCopy": d.deep_copy,
        "typeOf": df.type_of, "typeIs": df.type_is, "typeIsLike": df.type_is_like,
        "kindOf": df.kind_of, "kindIs": df.kind_is, "deepEqual": df.deep_equal,
        # lists
        "list": li.list_, "tuple": li.list_, "append": li.push, "push": li.push,
        "mustAppend": li.push, "mustPush": li.push, "prepend": li.prepend,
        "mustPrepend": li.prepend, "first": li.first, "mustFirst": li.first,
        "rest": li.rest, "mustRest": li.rest, "last": li.last, "mustLast": li.last,
        "initial": li.initial, "mustInitial": li.initial, "reverse": li.reverse,
        "mustReverse": li.reverse, "uniq": li.uniq, "mustUniq": li.uniq,
        "without": li.without, "mustWithout": li.without, "has": li.has, "mustHas": li.has,
        "slice": li.slice_, "mustSlice": li.slice_, "concat": li.concat,
        "chunk": li.chunk, "mustChunk": li.chunk,
        # dicts
        "dict": d.dict_, "get": d.get, "set": d.set_, "unset": d.unset, "hasKey": d.has_key,
        "pluck": d.pluck, "keys": d.keys, "pick": d.pick, "omit": d.omit, "values": d.values,
        "merge": d.merge, "mergeOverwrite": d.merge_overwrite, "mustMerge": d.merge,
        "mustMergeOverwrite": d.merge_overwrite, "dig": d.dig,
        # encoding, hashes, paths, URLs
        "b64enc": enc.b64enc, "b64dec": enc.b64dec, "b32enc": enc.b32enc,
        "b32dec": enc.b32dec, "sha1sum": enc.sha1sum, "sha256sum": enc.sha256sum,
        "sha512sum": enc.sha512sum, "adler32sum": enc.adler32sum,
        "base": enc.base, "dir": enc.dir_, "clean": enc.clean_, "ext": enc.ext,
        "isAbs": enc.is_abs, "osBase": enc.base, "osDir": enc.dir_, "osClean": enc.clean_,
        "osExt": enc.ext, "osIsAbs": enc.is_abs, "urlParse": enc.url_parse,
        "urlJoin": enc.url_join,
        # regex
        "regexMatch": rx.regex_match, "mustRegexMatch": rx.must_regex_match,
        "regexFindAll": rx.regex_find_all, "mustRegexFindAll": rx.must_regex_find_all,
        "regexFind": rx.regex_find, "mustRegexFind": rx.must_regex_find,
        "regexReplaceAll": rx.regex_replace_all,
        "mustRegexReplaceAll": rx.must_regex_replace_all,
        "regexReplaceAllLiteral": rx.regex_replace_all_literal,
        "mustRegexReplaceAllLiteral": rx.must_regex_replace_all_literal,
        "regexSplit": rx.regex_split, "mustRegexSplit": rx.must_regex_split,
        "regexQuoteMeta": rx.regex_quote_meta,
        # semver, crypto
        "semver": sprig_semver.semver, "semverCompare": sprig_semver.semver_compare,
        "bcrypt": sprig_crypto.bcrypt, "htpasswd": sprig_crypto.htpasswd,
        "derivePassword": sprig_crypto.derive_password,
        "genPrivateKey": sprig_crypto.gen_private_key,
        "hello": _hello,
        # Helm
        "toYaml": helm.to_yaml, "toYamlPretty": helm.to_yaml_pretty,
        "fromYaml": helm.from_yaml, "fromYamlArray": helm.from_yaml_array,
        "fromJson": helm.from_json, "fromJsonArray": helm.from_json_array,
        "toToml": helm.to_toml, "fromToml": helm.from_toml,
        "required": helm.required, "fail": helm.fail, "getHostByName": helm.get_host_by_name,
    }  # fmt: skip


def function_map(
    renderer: Renderer,
    *,
    lookup: Lookup | None = None,
    clock: Callable[[], gotime.GoTime] | None = None,
    local_zone: datetime.tzinfo = datetime.UTC,
    randbelow: Callable[[int], int] | None = None,
    token_bytes: Callable[[int], bytes] | None = None,
) -> dict[str, Function]:
    """Every function ``helm template`` offers, bound to ``renderer`` for include and tpl.

    ``lookup`` answers Helm's ``lookup`` (default: always an empty map, as without a cluster);
    ``clock``, ``local_zone`` and the random sources serve now/date/rand*/uuidv4/genCA.
    """
    if randbelow is None or token_bytes is None:
        import secrets

        randbelow = randbelow or secrets.randbelow
        token_bytes = token_bytes or secrets.token_bytes
    now = clock or _system_clock
    includer = helm.Includer(renderer)
    functions = _static_functions()
    functions.update(sprig_dates.make_date_functions(now, local_zone))
    functions.update(sprig_encoding.make_random_functions(randbelow, token_bytes))
    functions.update(sprig_crypto.make_certificate_functions(lambda: now().moment))
    functions.update(sprig_crypto.make_aes_functions(token_bytes))
    functions["shuffle"] = sprig_strings.make_shuffle(randbelow)
    functions["randInt"] = sprig_math.make_rand_int(randbelow)
    functions["include"] = helm.make_include(includer)
    functions["tpl"] = helm.make_tpl(includer)
    functions["lookup"] = helm.make_lookup(lookup)
    return functions
