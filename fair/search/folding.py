"""Vietnamese folding: how typed text and stored text are made comparable.

"Mật Ong", "MẬT ONG", "mat ong" and the decomposed (NFD) form a phone keyboard may send all fold to
"mat ong"; đ/Đ fold to d (Unicode does not decompose them, so no accent-stripping library does).
"""

import re
import unicodedata

WORD = re.compile(r"[^\W_]+")  # letters and digits; "_" and every symbol separate words (as FTS5 does)
MAX_QUERY_CHARS = 200  # a query longer than this is cut: no product name or story phrase needs more
MAX_WORDS = 8  # words kept from a query: each becomes one condition (and up to ~600 typo candidates)


def normalize(text: str) -> str:
    """Lower case, precomposed (NFC): the text as typed, with its marks."""
    return unicodedata.normalize("NFC", text or "").lower()


def fold(text: str) -> str:
    """Lower case without any mark: ậ → a, ư → u, đ → d."""
    decomposed = unicodedata.normalize("NFD", (text or "").lower())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return bare.replace("đ", "d")


def words(text: str) -> list[str]:
    """The words of a query as typed (NFC, lower case), in order; every other character is a separator, so
    operator characters of SQL or FTS (quotes, *, -, :, parentheses) never reach a query as syntax."""
    return WORD.findall(normalize(text[:MAX_QUERY_CHARS]))[:MAX_WORDS]


def has_marks(word: str) -> bool:
    return fold(word) != word


LETTERS = "abcdefghijklmnopqrstuvwxyz0123456789"


def one_edit(word: str) -> set[str]:
    """Every folded word one typo away (a letter missing, extra, changed, or two swapped)."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = {a + b[1:] for a, b in splits if b}
    swaps = {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    changes = {a + c + b[1:] for a, b in splits if b for c in LETTERS}
    inserts = {a + c + b for a, b in splits for c in LETTERS}
    return (deletes | swaps | changes | inserts) - {word, ""}
