"""Splitting template text into tokens, as Go's text/template/parse lexer does.

The whole text is tokenized at once into ``(kind, pos, value, spaced)`` tuples, ``spaced``
telling whether spaces preceded the token inside an action (Go emits them as tokens of their
own; only their presence matters to the parser). A lexical error becomes a final ``ERROR``
token, which the parser reports only if it reads that far (Go's lexer is lazy, so an earlier
parse error wins). Trim markers (``{{- `` and `` -}}``) and comments are handled here, as in Go.

Speed: well-formed tokens are matched by one regular expression; at anything it does not
recognise, a character-by-character port of Go's state machine takes over for the rest of
the action, so malformed input gets Go's exact error. The fast path also keeps a field chain
(``.Values.image.tag``, ``$x.a``) as one token, which Go splits at each dot and the parser
joins again; the parser gives the node Go's position (that of the second segment).
"""

from __future__ import annotations

import re

from shipyard.core.gotemplate import quoting

# Token kinds, in Go's order: everything after KEYWORD is a keyword.
ERROR, BOOL, CHAR, CHAR_CONSTANT, COMMENT, COMPLEX, ASSIGN, DECLARE, EOF = range(9)
FIELD, IDENTIFIER, LEFT_DELIM, LEFT_PAREN, NUMBER, PIPE, RAW_STRING = range(9, 16)
RIGHT_DELIM, RIGHT_PAREN, SPACE, STRING, TEXT, VARIABLE = range(16, 22)
KEYWORD, BLOCK, BREAK, CONTINUE, DOT, DEFINE, ELSE, END, IF, NIL, RANGE, TEMPLATE, WITH = range(
    22, 35
)

KEYWORDS = {
    "block": BLOCK, "break": BREAK, "continue": CONTINUE, "define": DEFINE, "else": ELSE,
    "end": END, "if": IF, "range": RANGE, "nil": NIL, "template": TEMPLATE, "with": WITH,
    "true": BOOL, "false": BOOL,
}  # fmt: skip

Token = tuple[int, int, str, bool]

_SPACES = " \t\r\n"
_TERM = r"(?=[ \t\r\n.,|:()]|\}\}|\Z)"
# One well-formed token of the common kinds; anything else goes to the slow path.
_TOKEN = (
    r"(?:\.[^\W\d]\w*(?:\.[^\W\d]\w*)*" + _TERM
    + r"|\." + _TERM
    + r"|\$\w*(?:\.[^\W\d]\w*)*" + _TERM
    + r"|[^\W\d]\w*" + _TERM
    + r'|"(?:[^"\\\n]|\\[^\n])*"'
    + r"|[0-9]+(?:\.[0-9]+)?(?=[ \t\r\n,|:()]|\}\}|\Z)"
    + r"|[|(),=]|:="
    + r"|`[^`]*`)"
)  # fmt: skip
# A whole action made of such tokens, up to its right delimiter (possibly trim-marked).
_ACTION = re.compile(r"(?:[ \t\r\n]*" + _TOKEN + r")*?[ \t\r\n]*?(?:(?P<trim>[ \t\r\n]-\}\})|\}\})")
_TOKENS = re.compile(r"([ \t\r\n]*)(" + _TOKEN + ")")
_FIRST_CHAR_KINDS = {
    ".": FIELD, "$": VARIABLE, '"': STRING, "`": RAW_STRING, "|": PIPE, "(": LEFT_PAREN,
    ")": RIGHT_PAREN, ",": CHAR, "=": ASSIGN, ":": DECLARE,
    **dict.fromkeys("0123456789", NUMBER),
}  # fmt: skip
_SPACE_RUN = re.compile(r"[ \t\r\n]+")
_WORD = re.compile(r"\w*")
_QUOTE = re.compile(r'"(?:[^"\\\n]|\\[^\n])*"')
_RAW = re.compile(r"`[^`]*`")
_CHAR_CONST = re.compile(r"'(?:[^'\\\n]|\\[^\n])*'")
_NUMBER = re.compile(
    r"""[+-]?(?:
        0[xX][0-9a-fA-F_]*(?:\.[0-9a-fA-F_]*)?(?:[pP][+-]?[0-9_]*)?
      | 0[oO][0-7_]*(?:\.[0-7_]*)?
      | 0[bB][01_]*(?:\.[01_]*)?
      | [0-9_]*(?:\.[0-9_]*)?(?:[eE][+-]?[0-9_]*)?
    )i?""",
    re.VERBOSE,
)
_TERMINATORS = frozenset(" \t\r\n.,|:)(")


def _is_alnum(ch: str) -> bool:
    return ch == "_" or ch.isalpha() or ch.isdigit()


def describe_rune(ch: str) -> str:
    """Go's ``%#U``: ``U+0041 'A'`` (the quoted character only when printable)."""
    text = f"U+{ord(ch):04X}"
    if ch.isprintable():
        text += f" '{ch}'"
    return text


class _Lexer:
    def __init__(self, text: str, *, break_ok: bool, continue_ok: bool) -> None:
        self.text = text
        self.n = len(text)
        self.tokens: list[Token] = []
        self.keywords = dict(KEYWORDS)
        if not break_ok:
            del self.keywords["break"]
        if not continue_ok:
            del self.keywords["continue"]

    def error(self, pos: int, message: str) -> int:
        self.tokens.append((ERROR, pos, message, False))
        return -1

    def run(self) -> list[Token]:
        text, n, tokens = self.text, self.n, self.tokens
        pos = 0
        while True:
            x = text.find("{{", pos)
            if x < 0:
                if pos < n:
                    tokens.append((TEXT, pos, text[pos:], False))
                tokens.append((EOF, n, "EOF", False))
                return tokens
            after = x + 2
            trim = after + 1 < n and text[after] == "-" and text[after + 1] in _SPACES
            if x > pos:
                segment = text[pos:x].rstrip(_SPACES) if trim else text[pos:x]
                if segment:
                    tokens.append((TEXT, pos, segment, False))
            if trim:
                after += 2
            if text.startswith("/*", after):
                pos = self.comment(after)
            else:
                tokens.append((LEFT_DELIM, x, "{{", False))
                pos = self.action(after)
            if pos < 0:
                return tokens

    def comment(self, start: int) -> int:
        end = self.text.find("*/", start + 2)
        if end < 0:
            return self.error(start, "unclosed comment")
        pos = end + 2
        if self.text.startswith("}}", pos):
            return pos + 2
        if pos + 1 < self.n and self.text[pos] in _SPACES and self.text.startswith("-}}", pos + 1):
            return self.skip_spaces(pos + 4)
        return self.error(start, "comment ends before closing delimiter")

    def skip_spaces(self, pos: int) -> int:
        m = _SPACE_RUN.match(self.text, pos)
        return m.end() if m else pos

    def action(self, pos: int) -> int:
        """Tokens of one action, from after ``{{`` to after ``}}``: the fast path."""
        start = pos
        m = _ACTION.match(self.text, pos)
        if m is None:
            return self.slow_action(pos, 0)
        tokens, keywords = self.tokens, self.keywords
        mark = len(tokens)
        trim = m.start("trim")
        body_end = trim if trim >= 0 else m.end() - 2
        depth = 0
        first_kinds = _FIRST_CHAR_KINDS
        for spaces, word in _TOKENS.findall(self.text, pos, body_end):
            pos += len(spaces)
            kind = first_kinds.get(word[0])
            if kind is None:
                kind = keywords.get(word, IDENTIFIER)
            elif kind == FIELD:
                if len(word) == 1:
                    kind = DOT
            elif kind == LEFT_PAREN:
                depth += 1
            elif kind == RIGHT_PAREN:
                depth -= 1
                if depth < 0:
                    break
            tokens.append((kind, pos, word, bool(spaces)))
            pos += len(word)
        if depth:  # unbalanced parentheses: let the slow path word the error
            del tokens[mark:]
            return self.slow_action(start, 0)
        if trim >= 0:
            tokens.append((RIGHT_DELIM, trim + 2, "}}", True))
            return self.skip_spaces(m.end())
        end = m.end()
        tokens.append((RIGHT_DELIM, end - 2, "}}", pos < end - 2))
        return end

    # -- the slow path: Go's state machine, for everything the fast path does not know --------

    def slow_action(self, pos: int, depth: int) -> int:
        text, n, tokens = self.text, self.n, self.tokens
        spaced = False
        while True:
            if text.startswith("}}", pos) or (
                pos + 1 < n and text[pos] in _SPACES and text.startswith("-}}", pos + 1)
            ):
                if depth:
                    return self.error(pos, "unclosed left paren")
                if text.startswith("}}", pos):
                    tokens.append((RIGHT_DELIM, pos, "}}", spaced))
                    return pos + 2
                tokens.append((RIGHT_DELIM, pos + 2, "}}", True))
                return self.skip_spaces(pos + 4)
            if pos >= n:
                return self.error(pos, "unclosed action")
            r = text[pos]
            start = pos
            if r in _SPACES:
                end = self.skip_spaces(pos)
                if text.startswith("-}}", end):  # leave the space of " -}}" to the delimiter
                    end -= 1
                spaced = spaced or end > pos
                pos = end
                continue
            if r == "=":
                tokens.append((ASSIGN, pos, "=", spaced))
                pos += 1
            elif r == ":":
                if pos + 1 >= n or text[pos + 1] != "=":
                    return self.error(pos, "expected :=")
                tokens.append((DECLARE, pos, ":=", spaced))
                pos += 2
            elif r == "|":
                tokens.append((PIPE, pos, "|", spaced))
                pos += 1
            elif r == '"':
                m = _QUOTE.match(text, pos)
                if m is None:
                    return self.error(pos, "unterminated quoted string")
                tokens.append((STRING, pos, m.group(), spaced))
                pos = m.end()
            elif r == "`":
                m = _RAW.match(text, pos)
                if m is None:
                    return self.error(pos, "unterminated raw quoted string")
                tokens.append((RAW_STRING, pos, m.group(), spaced))
                pos = m.end()
            elif r == "$":
                pos = self.field_or_variable(pos, VARIABLE, spaced)
            elif r == "'":
                m = _CHAR_CONST.match(text, pos)
                if m is None:
                    return self.error(pos, "unterminated character constant")
                tokens.append((CHAR_CONSTANT, pos, m.group(), spaced))
                pos = m.end()
            elif r == "." and pos + 1 < n and not "0" <= text[pos + 1] <= "9":
                pos = self.field_or_variable(pos, FIELD, spaced)
            elif r in "+-." or "0" <= r <= "9":
                pos = self.number(pos, spaced)
            elif _is_alnum(r):
                pos = self.identifier(pos, spaced)
            elif r == "(":
                depth += 1
                tokens.append((LEFT_PAREN, pos, "(", spaced))
                pos += 1
            elif r == ")":
                depth -= 1
                if depth < 0:
                    return self.error(pos, "unexpected right paren")
                tokens.append((RIGHT_PAREN, pos, ")", spaced))
                pos += 1
            elif r.isascii() and r.isprintable():
                tokens.append((CHAR, pos, r, spaced))
                pos += 1
            else:
                return self.error(pos, f"unrecognized character in action: {describe_rune(r)}")
            if pos < 0:
                return -1
            if start != pos:
                spaced = False

    def at_terminator(self, pos: int) -> bool:
        if pos >= self.n:
            return True
        return self.text[pos] in _TERMINATORS or self.text.startswith("}}", pos)

    def word_end(self, pos: int) -> int:
        m = _WORD.match(self.text, pos)
        end = m.end() if m else pos
        for i in range(pos, end):  # \w also takes numeric characters that are not Go digits
            if not _is_alnum(self.text[i]):
                return i
        return end

    def field_or_variable(self, pos: int, kind: int, spaced: bool) -> int:
        start = pos
        pos += 1
        if self.at_terminator(pos):
            if kind == VARIABLE:
                self.tokens.append((VARIABLE, start, "$", spaced))
            else:
                self.tokens.append((DOT, start, ".", spaced))
            return pos
        pos = self.word_end(pos)
        if not self.at_terminator(pos):
            return self.error(start, f"bad character {describe_rune(self.text[pos])}")
        self.tokens.append((kind, start, self.text[start:pos], spaced))
        return pos

    def identifier(self, pos: int, spaced: bool) -> int:
        start = pos
        pos = self.word_end(pos)
        if not self.at_terminator(pos):
            return self.error(start, f"bad character {describe_rune(self.text[pos])}")
        word = self.text[start:pos]
        self.tokens.append((self.keywords.get(word, IDENTIFIER), start, word, spaced))
        return pos

    def scan_number(self, pos: int) -> tuple[int, bool]:
        m = _NUMBER.match(self.text, pos)
        end = m.end() if m else pos
        if end < self.n and _is_alnum(self.text[end]):
            return end + 1, False
        return end, True

    def number(self, start: int, spaced: bool) -> int:
        end, ok = self.scan_number(start)
        if not ok:
            return self.error(start, f"bad number syntax: {quoting.quote(self.text[start:end])}")
        if end < self.n and self.text[end] in "+-":
            end2, ok = self.scan_number(end)
            if not ok or self.text[end2 - 1] != "i":
                return self.error(
                    start, f"bad number syntax: {quoting.quote(self.text[start:end2])}"
                )
            self.tokens.append((COMPLEX, start, self.text[start:end2], spaced))
            return end2
        self.tokens.append((NUMBER, start, self.text[start:end], spaced))
        return end


def tokenize(text: str, *, break_ok: bool = True, continue_ok: bool = True) -> list[Token]:
    """All tokens of ``text``, ending with EOF or with an ERROR token."""
    return _Lexer(text, break_ok=break_ok, continue_ok=continue_ok).run()
