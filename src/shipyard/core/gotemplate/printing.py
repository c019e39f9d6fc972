"""Go's fmt printer state and its formatting of each kind of value (Go's ``pp`` and ``fmt``).

:class:`Printer` holds the output buffer and the flags of the verb being formatted;
``print_arg`` formats one operand the way Go's ``printArg`` does (nil, ``%T``, the basic types,
Stringers, then maps, slices and structs through ``print_value``). The directive parsing of
Printf is in :mod:`shipyard.core.gotemplate.gofmt`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from shipyard.core.gotemplate import floats, quoting, values

LDIGITS = "0123456789abcdefx"
UDIGITS = "0123456789ABCDEFX"


class Printer:
    """Go's ``pp`` and ``fmt`` state: an output buffer and the flags of the current verb."""

    def __init__(self) -> None:
        self.buf: list[str] = []
        self.erroring = False
        self.reordered = False  # Printf: an explicit argument index was used
        self.good_arg_num = True  # Printf: the current argument index is valid
        self.clear_flags()

    def clear_flags(self) -> None:
        self.wid = self.prec = 0
        self.wid_present = self.prec_present = False
        self.minus = self.plus = self.sharp = self.space = self.zero = False
        self.plus_v = self.sharp_v = False

    # -- padding ---------------------------------------------------------------------------

    def write_padding(self, n: int) -> None:
        if n > 0:
            self.buf.append(("0" if self.zero and not self.minus else " ") * n)

    def pad(self, s: str) -> None:
        if not self.wid_present or self.wid == 0:
            self.buf.append(s)
            return
        width = self.wid - len(s)
        if not self.minus:
            self.write_padding(width)
            self.buf.append(s)
        else:
            self.buf.append(s)
            self.write_padding(width)

    def pad_no_zero(self, s: str) -> None:
        old = self.zero
        self.zero = False
        self.pad(s)
        self.zero = old

    # -- primitive formatters (Go's fmt type) ----------------------------------------------

    def fmt_integer(self, u: int, base: int, verb: str, digits: str) -> None:
        negative = u < 0
        if negative:
            u = -u
        prec = 0
        if self.prec_present:
            prec = self.prec
            if prec == 0 and u == 0:
                old = self.zero
                self.zero = False
                self.write_padding(self.wid)
                self.zero = old
                return
        elif self.zero and not self.minus and self.wid_present:
            prec = self.wid
            if negative or self.plus or self.space:
                prec -= 1
        if base == 10:
            body = str(u)
        elif base == 16:
            body = format(u, "x")
            if digits is UDIGITS:
                body = body.upper()
        elif base == 8:
            body = format(u, "o")
        else:
            body = format(u, "b")
        if len(body) < prec:
            body = "0" * (prec - len(body)) + body
        if self.sharp:
            if base == 2:
                body = "0b" + body
            elif base == 8:
                if body[0] != "0":
                    body = "0" + body
            elif base == 16:
                body = "0" + digits[16] + body
        if verb == "O":
            body = "0o" + body
        if negative:
            body = "-" + body
        elif self.plus:
            body = "+" + body
        elif self.space:
            body = " " + body
        self.pad_no_zero(body)

    def fmt_unicode(self, u: int) -> None:
        u &= 0xFFFF_FFFF_FFFF_FFFF  # Go formats the rune as a uint64
        prec = 4
        if self.prec_present and self.prec > 4:
            prec = self.prec
        body = "U+" + format(u, "X").rjust(prec, "0")
        if self.sharp and 0 <= u <= 0x10FFFF and not 0xD800 <= u <= 0xDFFF:
            ch = chr(u)
            if quoting.is_print(ch):
                body += " '" + ch + "'"
        self.pad_no_zero(body)

    def truncate(self, s: str) -> str:
        if self.prec_present and self.prec < len(s):
            return s[: self.prec]
        return s

    def fmt_s(self, s: str) -> None:
        self.pad(self.truncate(s))

    def fmt_sbx(self, b: bytes, digits: str) -> None:
        length = len(b)
        if self.prec_present and self.prec < length:
            length = self.prec
        width = 2 * length
        if width > 0:
            if self.space:
                if self.sharp:
                    width *= 2
                width += length - 1
            elif self.sharp:
                width += 2
        else:
            if self.wid_present:
                self.write_padding(self.wid)
            return
        if self.wid_present and self.wid > width and not self.minus:
            self.write_padding(self.wid - width)
        out = []
        if self.sharp:
            out.append("0" + digits[16])
        for i in range(length):
            if self.space and i > 0:
                out.append(" ")
                if self.sharp:
                    out.append("0" + digits[16])
            c = b[i]
            out.append(digits[c >> 4] + digits[c & 0xF])
        self.buf.append("".join(out))
        if self.wid_present and self.wid > width and self.minus:
            self.write_padding(self.wid - width)

    def fmt_q(self, s: str) -> None:
        s = self.truncate(s)
        if self.sharp and quoting.can_backquote(s):
            self.pad("`" + s + "`")
            return
        self.pad(quoting.quote_ascii(s) if self.plus else quoting.quote(s))

    def fmt_c(self, c: int) -> None:
        self.pad(quoting.rune(c))

    def fmt_qc(self, c: int) -> None:
        self.pad(quoting.quote_rune(c, ascii_only=self.plus))

    def fmt_float(self, v: float, verb: str, prec: int) -> None:
        if self.prec_present:
            prec = self.prec
        num = floats.format_float(v, verb, prec)
        if num[0] not in "+-":
            num = "+" + num
        if self.space and num[0] == "+" and not self.plus:
            num = " " + num[1:]
        if num[1] in "IN":
            if num[1] == "N" and not self.space and not self.plus:
                num = num[1:]
            self.pad_no_zero(num)
            return
        if self.sharp and verb != "b":
            digits = 0
            if verb in "vgGx":
                digits = prec if prec != -1 else 6
            tail = ""
            head = num
            for i in range(1, len(num)):
                c = num[i]
                if c in "pP" or (c in "eE" and verb not in "xX"):
                    head, tail = num[:i], num[i:]
                    break
            saw_nonzero = False
            for c in head[1:]:
                if c == ".":
                    continue
                if c != "0":
                    saw_nonzero = True
                if saw_nonzero:
                    digits -= 1
            if "." not in head:
                if len(head) == 2 and head[1] == "0":
                    digits -= 1
                head += "."
            if digits > 0:
                head += "0" * digits
            num = head + tail
        if self.plus or num[0] != "+":
            if self.zero and not self.minus and self.wid_present and self.wid > len(num):
                self.buf.append(num[0])
                self.write_padding(self.wid - len(num))
                self.buf.append(num[1:])
                return
            self.pad(num)
            return
        self.pad(num[1:])

    # -- per-type printers (Go's pp methods) -----------------------------------------------

    def bad_verb(self, verb: str, type_str: str | None, value: Any) -> None:
        self.erroring = True
        self.buf.append("%!" + verb + "(")
        if type_str is None:
            self.buf.append("<nil>")
        else:
            self.buf.append(type_str + "=")
            self.print_arg(value, "v")
        self.buf.append(")")
        self.erroring = False

    def fmt_bool(self, v: bool, verb: str) -> None:
        if verb in "tv":
            self.pad("true" if v else "false")
        else:
            self.bad_verb(verb, "bool", v)

    def fmt_int(self, v: int, verb: str, *, type_str: str = "int") -> None:
        unsigned = type_str == "uint8"
        if verb == "v":
            if self.sharp_v and unsigned:
                sharp = self.sharp
                self.sharp = True
                self.fmt_integer(v, 16, "v", LDIGITS)
                self.sharp = sharp
            else:
                self.fmt_integer(v, 10, verb, LDIGITS)
        elif verb == "d":
            self.fmt_integer(v, 10, verb, LDIGITS)
        elif verb == "b":
            self.fmt_integer(v, 2, verb, LDIGITS)
        elif verb in "oO":
            self.fmt_integer(v, 8, verb, LDIGITS)
        elif verb == "x":
            self.fmt_integer(v, 16, verb, LDIGITS)
        elif verb == "X":
            self.fmt_integer(v, 16, verb, UDIGITS)
        elif verb == "c":
            self.fmt_c(v)
        elif verb == "q":
            self.fmt_qc(v)
        elif verb == "U":
            self.fmt_unicode(v)
        else:
            self.bad_verb(verb, type_str, v)

    def fmt_flt(self, v: float, verb: str) -> None:
        if verb == "v":
            self.fmt_float(v, "g", -1)
        elif verb in "bgGxX":
            self.fmt_float(v, verb, -1)
        elif verb in "feE":
            self.fmt_float(v, verb, 6)
        elif verb == "F":
            self.fmt_float(v, "f", 6)
        else:
            self.bad_verb(verb, "float64", v)

    def fmt_complex(self, v: complex, verb: str) -> None:
        if verb not in "vbgGxXfFeE":
            self.bad_verb(verb, "complex128", v)
            return
        old_plus = self.plus
        self.buf.append("(")
        self.fmt_flt(v.real, verb)
        self.plus = True
        self.fmt_flt(v.imag, verb)
        self.buf.append("i)")
        self.plus = old_plus

    def fmt_string(self, v: str, verb: str) -> None:
        if verb == "v":
            if self.sharp_v:
                self.fmt_q(v)
            else:
                self.fmt_s(v)
        elif verb == "s":
            self.fmt_s(v)
        elif verb == "x":
            self.fmt_sbx(v.encode("utf-8", "surrogateescape"), LDIGITS)
        elif verb == "X":
            self.fmt_sbx(v.encode("utf-8", "surrogateescape"), UDIGITS)
        elif verb == "q":
            self.fmt_q(v)
        else:
            self.bad_verb(verb, "string", v)

    def fmt_bytes(self, v: bytes | bytearray, verb: str, type_str: str) -> None:
        if verb in "vd":
            if self.sharp_v:
                self.buf.append(type_str + "{")
                for i, c in enumerate(v):
                    if i > 0:
                        self.buf.append(", ")
                    sharp = self.sharp
                    self.sharp = True
                    self.fmt_integer(c, 16, "v", LDIGITS)
                    self.sharp = sharp
                self.buf.append("}")
            else:
                self.buf.append("[")
                for i, c in enumerate(v):
                    if i > 0:
                        self.buf.append(" ")
                    self.fmt_integer(c, 10, verb, LDIGITS)
                self.buf.append("]")
        elif verb == "s":
            self.pad(self.truncate(bytes(v).decode("utf-8", "surrogateescape")))
        elif verb == "x":
            self.fmt_sbx(bytes(v), LDIGITS)
        elif verb == "X":
            self.fmt_sbx(bytes(v), UDIGITS)
        elif verb == "q":
            self.fmt_q(bytes(v).decode("utf-8", "surrogateescape"))
        else:
            self._print_sequence([int(c) for c in v], verb, 0, "[]uint8", elem_type="uint8")

    def handle_methods(self, arg: Any, verb: str) -> bool:
        if self.erroring or self.sharp_v or verb not in "vsxXq":
            return False
        pointer = getattr(type(arg), "__go_pointer_methods__", ())  # not on a copy
        method = getattr(arg, "Error", None) if "Error" not in pointer else None
        if not callable(method):
            method = getattr(arg, "String", None) if "String" not in pointer else None
            if not callable(method):
                return False
        self.fmt_string(str(method()), verb)
        return True

    def print_arg(self, arg: Any, verb: str) -> None:
        if arg is None:
            if verb in "Tv":
                self.pad("<nil>")
            else:
                self.bad_verb(verb, None, None)
            return
        if verb == "T":
            self.fmt_s(values.type_name(arg))
            return
        if verb == "p":
            self.bad_verb(verb, values.type_name(arg), arg)
            return
        t = type(arg)
        if t is str:
            self.fmt_string(arg, verb)
        elif t is int:
            self.fmt_int(arg, verb)
        elif t is float:
            self.fmt_flt(arg, verb)
        elif t is bool:
            self.fmt_bool(arg, verb)
        elif t is bytes or t is bytearray:
            self.fmt_bytes(arg, verb, "[]byte")
        elif t is complex:
            self.fmt_complex(arg, verb)
        elif t is dict or t is list or t is tuple or not self.handle_methods(arg, verb):
            self.print_value(arg, verb, 0)

    def print_value(self, value: Any, verb: str, depth: int) -> None:
        if value is None:
            self.buf.append("interface {}(nil)" if self.sharp_v else "<nil>")
            return
        t = type(value)
        if t is str:
            self.fmt_string(value, verb)
        elif t is int:
            self.fmt_int(value, verb)
        elif t is float:
            self.fmt_flt(value, verb)
        elif t is bool:
            self.fmt_bool(value, verb)
        elif isinstance(value, dict):
            self._print_map(value, verb, depth)
        elif isinstance(value, list | tuple):
            self._print_sequence(value, verb, depth, values.type_name(value))
        elif isinstance(value, bytes | bytearray):
            if verb in "sqxX":
                self.fmt_bytes(value, verb, "[]uint8")
            else:
                self._print_sequence(list(value), verb, depth, "[]uint8", elem_type="uint8")
        elif isinstance(value, str):
            self.fmt_string(str(value), verb)
        elif isinstance(value, bool):
            self.fmt_bool(bool(value), verb)
        elif isinstance(value, int):
            self.fmt_int(int(value), verb)
        elif isinstance(value, float):
            self.fmt_flt(float(value), verb)
        elif isinstance(value, complex):
            self.fmt_complex(value, verb)
        elif depth > 0 and self.handle_methods(value, verb):
            return
        else:
            self._print_struct(value, verb, depth)

    def _print_map(self, value: dict[Any, Any], verb: str, depth: int) -> None:
        if self.sharp_v:
            self.buf.append(values.type_name(value) + "{")
        else:
            self.buf.append("map[")
        try:
            keys = sorted(value)
        except TypeError:
            keys = sorted(value, key=lambda k: (values.type_name(k), str(k)))
        for i, key in enumerate(keys):
            if i > 0:
                self.buf.append(", " if self.sharp_v else " ")
            self.print_value(key, verb, depth + 1)
            self.buf.append(":")
            self.print_value(value[key], verb, depth + 1)
        self.buf.append("}" if self.sharp_v else "]")

    def _print_sequence(
        self, value: Sequence[Any], verb: str, depth: int, type_str: str, elem_type: str = ""
    ) -> None:
        if self.sharp_v:
            self.buf.append(type_str + "{")
        else:
            self.buf.append("[")
        for i, elem in enumerate(value):
            if i > 0:
                self.buf.append(", " if self.sharp_v else " ")
            if elem_type:
                self.fmt_int(elem, verb, type_str=elem_type)
            else:
                self.print_value(elem, verb, depth + 1)
        self.buf.append("}" if self.sharp_v else "]")

    def _print_struct(self, value: Any, verb: str, depth: int) -> None:
        type_str = values.type_name(value)
        if type_str.startswith("*"):
            if depth == 0:
                self.buf.append("&")
            type_str = type_str[1:]
        if self.sharp_v:
            self.buf.append(type_str)
        self.buf.append("{")
        for i, (name, field) in enumerate(values.struct_fields(value)):
            if i > 0:
                self.buf.append(", " if self.sharp_v else " ")
            if self.plus_v or self.sharp_v:
                self.buf.append(name + ":")
            self.print_value(field, verb, depth + 1)
        self.buf.append("}")
