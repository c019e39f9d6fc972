"""Go's fmt package for Python values: ``sprint``, ``sprintln``, ``sprintf``.

Covers the verbs %v %+v %#v %T %t %d %b %o %O %x %X %c %q %U %e %E %f %F %g %G %s %%, the flags
``+ - # 0 space``, width and precision (``*`` included), explicit argument indexes ``%[n]d``, and
Go's error forms (``%!d(string=x)``, ``%!d(MISSING)``, ``%!(EXTRA int=1)``, ``%!(NOVERB)``,
``%!(BADWIDTH)``, ``%!(BADPREC)``, ``%!d(BADINDEX)``). Values follow the model of
:mod:`shipyard.core.gotemplate.values`. Not reproducible from Python: pointer addresses (``%p``,
pointers nested in structs).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from shipyard.core.gotemplate import floats, printing, values


def sprint(*args: Any) -> str:
    """fmt.Sprint: spaces between operands when neither side is a string."""
    if len(args) == 1:
        a = args[0]
        t = type(a)
        if t is str:
            return a  # type: ignore[no-any-return]
        if t is int:
            return str(a)
    p = printing.Printer()
    prev_string = False
    for i, arg in enumerate(args):
        is_string = isinstance(arg, str)
        if i > 0 and not is_string and not prev_string:
            p.buf.append(" ")
        p.print_arg(arg, "v")
        prev_string = is_string
    return "".join(p.buf)


def sprintln(*args: Any) -> str:
    """fmt.Sprintln: spaces between all operands and a trailing newline."""
    p = printing.Printer()
    for i, arg in enumerate(args):
        if i > 0:
            p.buf.append(" ")
        p.print_arg(arg, "v")
    p.buf.append("\n")
    return "".join(p.buf)


def sprintf(format: str, *args: Any) -> str:
    """fmt.Sprintf."""
    p = printing.Printer()
    _do_printf(p, format, args)
    return "".join(p.buf)


def format_value(value: Any) -> str:
    """``%v`` of one value (what ``{{ value }}`` prints, apart from nil)."""
    t = type(value)
    if t is str:
        return value  # type: ignore[no-any-return]
    if t is int:
        return str(value)
    if t is bool:
        return "true" if value else "false"
    if t is float:
        return floats.format_float(value, "g", -1)
    return sprint(value)


def _parsenum(s: str, start: int, end: int) -> tuple[int, bool, int]:
    if start >= end:
        return 0, False, end
    num = 0
    isnum = False
    i = start
    while i < end and "0" <= s[i] <= "9":
        if num > 1_000_000 or num < -1_000_000:
            return 0, False, end
        num = num * 10 + ord(s[i]) - 48
        isnum = True
        i += 1
    return num, isnum, i


def _int_from_arg(a: Sequence[Any], arg_num: int) -> tuple[int, bool, int]:
    num, is_int, new_arg_num = 0, False, arg_num
    if arg_num < len(a):
        v = a[arg_num]
        if type(v) is int:
            num, is_int = v, True
        new_arg_num = arg_num + 1
        if num > 1_000_000 or num < -1_000_000:
            num, is_int = 0, False
    return num, is_int, new_arg_num


# -- Printf ----------------------------------------------------------------------------------------


def _arg_number(
    p: printing.Printer, arg_num: int, format: str, i: int, num_args: int
) -> tuple[int, int, bool]:
    if len(format) <= i or format[i] != "[":
        return arg_num, i, False
    p.reordered = True
    index, wid, ok = 0, 1, False
    if len(format) - i >= 3:
        close = format.find("]", i + 1)
        if close >= 0:
            width, isnum, newi = _parsenum(format, i + 1, close)
            wid = close - i + 1
            if isnum and newi == close:
                index, ok = width - 1, True
    if ok and 0 <= index < num_args:
        return index, i + wid, True
    p.good_arg_num = False
    return arg_num, i + wid, ok


def _do_printf(p: printing.Printer, format: str, a: Sequence[Any]) -> None:
    end = len(format)
    arg_num = 0
    after_index = False
    p.reordered = False
    i = 0
    buf = p.buf
    while i < end:
        p.good_arg_num = True
        pct = format.find("%", i)
        if pct < 0:
            buf.append(format[i:])
            break
        if pct > i:
            buf.append(format[i:pct])
        i = pct + 1
        p.clear_flags()
        simple = False
        while i < end:
            c = format[i]
            if c == "#":
                p.sharp = True
            elif c == "0":
                p.zero = True
            elif c == "+":
                p.plus = True
            elif c == "-":
                p.minus = True
            elif c == " ":
                p.space = True
            else:
                if "a" <= c <= "z" and arg_num < len(a):
                    if c == "v":
                        p.sharp_v, p.sharp = p.sharp, False
                        p.plus_v, p.plus = p.plus, False
                    p.print_arg(a[arg_num], c)
                    arg_num += 1
                    i += 1
                    simple = True
                break
            i += 1
        if simple:
            continue
        arg_num, i, after_index = _arg_number(p, arg_num, format, i, len(a))
        if i < end and format[i] == "*":
            i += 1
            p.wid, p.wid_present, arg_num = _int_from_arg(a, arg_num)
            if not p.wid_present:
                buf.append("%!(BADWIDTH)")
            if p.wid < 0:
                p.wid = -p.wid
                p.minus = True
                p.zero = False
            after_index = False
        else:
            p.wid, p.wid_present, i = _parsenum(format, i, end)
            if after_index and p.wid_present:
                p.good_arg_num = False
        if i + 1 < end and format[i] == ".":
            i += 1
            if after_index:
                p.good_arg_num = False
            arg_num, i, after_index = _arg_number(p, arg_num, format, i, len(a))
            if i < end and format[i] == "*":
                i += 1
                p.prec, p.prec_present, arg_num = _int_from_arg(a, arg_num)
                if p.prec < 0:
                    p.prec = 0
                    p.prec_present = False
                if not p.prec_present:
                    buf.append("%!(BADPREC)")
                after_index = False
            else:
                p.prec, p.prec_present, i = _parsenum(format, i, end)
                if not p.prec_present:
                    p.prec = 0
                    p.prec_present = True
        if not after_index:
            arg_num, i, after_index = _arg_number(p, arg_num, format, i, len(a))
        if i >= end:
            buf.append("%!(NOVERB)")
            break
        verb = format[i]
        i += 1
        if verb == "%":
            buf.append("%")
        elif not p.good_arg_num:
            buf.append("%!" + verb + "(BADINDEX)")
        elif arg_num >= len(a):
            buf.append("%!" + verb + "(MISSING)")
        else:
            if verb == "v":
                p.sharp_v, p.sharp = p.sharp, False
                p.plus_v, p.plus = p.plus, False
            p.print_arg(a[arg_num], verb)
            arg_num += 1
    if not p.reordered and arg_num < len(a):
        p.clear_flags()
        buf.append("%!(EXTRA ")
        for j, arg in enumerate(a[arg_num:]):
            if j > 0:
                buf.append(", ")
            if arg is None:
                buf.append("<nil>")
            else:
                buf.append(values.type_name(arg) + "=")
                p.print_arg(arg, "v")
        buf.append(")")
