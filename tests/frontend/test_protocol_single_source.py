"""The browser side names websocket message types only through the generated frontend/src/realtime/protocol.js.

realtime/protocol.py declares every message type once; `manage.py protocol_export` writes them into
protocol.js as TYPES (TYPES.CHAT_SEND === "chat.send"). A quoted "chat.send" anywhere else in frontend/src
would be a second declaration that silently drifts when a type is renamed, so this fails naming the file
and line. Comments, regular expressions and template substitutions are told apart from string literals
by a small tokenizer (no Node needed).
"""

import re
from pathlib import Path

import pytest

from realtime import protocol

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "frontend" / "src"
GENERATED = SRC / "realtime" / "protocol.js"

# After one of these a "/" starts a regular expression, not a division.
_REGEX_AFTER_WORDS = {"return", "typeof", "case", "do", "else", "in", "of", "new", "delete", "void", "throw", "yield", "await"}
_ESCAPE = re.compile(r"\\(u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|.)", re.S)
_SIMPLE = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}


def _unescape(raw: str) -> str:
    def one(match):
        code = match.group(1)
        if code.startswith("u{"):
            return chr(int(code[2:-1], 16))
        if code[0] in "ux" and len(code) > 1:
            return chr(int(code[1:], 16))
        return _SIMPLE.get(code, "" if code == "\n" else code)

    return _ESCAPE.sub(one, raw)


def string_literals(source: str) -> list[tuple[int, str]]:
    """(line, value) of every string literal in JavaScript source: '…', "…" and templates without
    substitutions (the text between substitutions of other templates too). Comments and regular
    expression literals are skipped."""
    found = []
    i, line, n = 0, 1, len(source)
    last = ""  # the last significant token: tells a regular expression from a division
    braces = []  # for each open template substitution, the depth of braces inside it

    def read_until_quote(start, quote):
        nonlocal line
        j = start
        while j < n and source[j] != quote:
            if source[j] == "\\":
                j += 1
            elif source[j] == "\n":
                line += 1
            j += 1
        return j

    def read_template(start):
        """From just after a backtick (or a substitution's closing brace) to the next backtick or "${"."""
        nonlocal i, line, last
        begin_line = line
        j = start
        while j < n and source[j] != "`" and source[j:j + 2] != "${":
            if source[j] == "\\":
                j += 1
            if j < n and source[j] == "\n":
                line += 1
            j += 1
        found.append((begin_line, _unescape(source[start:j])))
        if source[j:j + 2] == "${":
            braces.append(0)
            i, last = j + 2, "("
        else:
            i, last = j + 1, "`"

    while i < n:
        c = source[i]
        if c == "\n":
            line += 1
            i += 1
        elif c in " \t\r":
            i += 1
        elif source.startswith("//", i):
            i = source.find("\n", i)
            i = n if i < 0 else i
        elif source.startswith("/*", i):
            end = source.find("*/", i + 2)
            end = n if end < 0 else end + 2
            line += source.count("\n", i, end)
            i = end
        elif c in "'\"":
            end = read_until_quote(i + 1, c)
            found.append((line, _unescape(source[i + 1:end])))
            i, last = end + 1, c
        elif c == "`":
            read_template(i + 1)
        elif c == "/" and (not last or last in "(,=:[!&|?{};+-*%<>~^" or last in _REGEX_AFTER_WORDS):
            j, in_class = i + 1, False
            while j < n and (in_class or source[j] != "/") and source[j] != "\n":
                if source[j] == "\\":
                    j += 1
                elif source[j] == "[":
                    in_class = True
                elif source[j] == "]":
                    in_class = False
                j += 1
            j += 1
            while j < n and (source[j].isalnum() or source[j] == "_"):
                j += 1  # flags
            i, last = j, "/x/"
        elif braces and c == "}" and braces[-1] == 0:
            braces.pop()
            read_template(i + 1)
        elif c.isalnum() or c in "_$":
            j = i
            while j < n and (source[j].isalnum() or source[j] in "_$"):
                j += 1
            i, last = j, source[i:j]
        else:
            if braces and c == "{":
                braces[-1] += 1
            elif braces and c == "}":
                braces[-1] -= 1
            i, last = i + 1, c
    return found


def declared_types() -> dict[str, str]:
    """Every message type of realtime/protocol.py, with the name protocol.js gives it."""
    return {t.name: f"TYPES.{t.name.replace('.', '_').upper()}" for t in protocol.TYPES}


def quoted_types(source: str, types) -> list[tuple[int, str]]:
    return [(line, value) for line, value in string_literals(source) if value in types]


def sources() -> list[Path]:
    return sorted(path for path in SRC.rglob("*.js") if path != GENERATED)


def test_no_message_type_is_quoted_outside_the_generated_protocol_module():
    types = declared_types()
    assert len(sources()) > 20 and GENERATED.exists()
    problems = [f"{path.relative_to(ROOT)}:{line}: {value!r}: use {types[value]} from realtime/protocol.js"
                for path in sources() for line, value in quoted_types(path.read_text(encoding="utf-8"), types)]
    assert not problems, "Message types quoted by hand in frontend/src:\n" + "\n".join(problems)


def test_no_close_code_is_written_as_a_number_outside_the_generated_protocol_module():
    codes = {str(code) for code in protocol.CLOSE_CODES.values()}
    problems = [f"{path.relative_to(ROOT)}:{number}: close code {code}: use CLOSE_CODES / PERMANENT_CLOSE_CODES"
                for path in sources() for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                for code in codes if re.search(rf"\b{code}\b", text)]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("snippet, expected", [
    ('socket.send({ type: "chat.send", text });', [(1, "chat.send")]),
    ("if (message.type === 'presence.update') return;", [(1, "presence.update")]),
    ("case `error`:", [(1, "error")]),
    ('const a = 1;\nconst b = "chat\\x2esend";', [(2, "chat.send")]),
    ("const t = `${TYPES.ERROR}`;\nsend(`x ${a} chat.ack`, 'order.place');", [(2, "order.place")]),
    ("const t = `${ { a: 'chat.read' }.a }`;", [(1, "chat.read")]),
])
def test_the_scanner_finds_quoted_types(snippet, expected):
    assert quoted_types(snippet, declared_types()) == expected


@pytest.mark.parametrize("snippet", [
    '// the server answers "chat.ack"\nconst x = TYPES.CHAT_ACK;',
    '/* "presence.update" once a second */ const y = 1;',
    "const r = /\"chat.send\"/g; const s = 'chat.sendx';",
    "const ratio = a / b / 2; const p = (x) / 2; const q = /error/.test(text);",
    "const label = `${TYPES.CHAT_SEND}: sent`; const u = 'chat.send.later';",
])
def test_the_scanner_ignores_comments_regular_expressions_and_other_text(snippet):
    assert quoted_types(snippet, declared_types()) == []
