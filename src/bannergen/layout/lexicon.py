"""Vietnamese word knowledge for line breaking: gaps inside words and after binding words."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import Literal

__all__ = ["GapInfo", "analyse", "fold", "lead_in", "segment", "word_source"]

_PACKAGE = "bannergen.layout"
_CURATED_FILE = "compounds.txt"
_BINDING_FILE = "binding.txt"
_NAMES_FILE = "names.txt"
_OPENERS_FILE = "openers.txt"
# Hồ Ngọc Đức's Viet74K word list, multi-syllable entries only (see data/README.md). Optional:
# without it the lexicon falls back to the curated list alone.
_GENERAL_FILE = "viet74k-hongocduc.txt"

# Function words that a general-list entry may not end with (see _general_words).
_NOT_LAST = frozenset({"của", "và", "mọi"})

# A phrase longer than this is a saying, not a word: breaking it at its caesura is acceptable.
_MAX_WORD_SYLLABLES = 6


@dataclass(frozen=True)
class GapInfo:
    """What the gap after syllable i allows."""

    inside_word: bool  # the gap after syllable i is inside a word/kept phrase: never break
    binding: bool  # the word before the gap binds forward: a line should not end here
    inside_phrase: bool = False  # inside a phrase: whole on a wide banner, breakable if narrow
    inside_clause: bool = False  # inside one of parallel clauses: one to a line when they fit


# --- folding -------------------------------------------------------------------------------------

# The five tone marks as Unicode combining characters (huyền, sắc, ngã, hỏi, nặng). The vowel
# quality marks (breve, circumflex, horn) are part of the letter and stay.
_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")
_VOWELS = frozenset("aăâeêioôơuưy")
_QUALITY_VOWELS = "ăâêôơư"
# Initial consonants, longest first; "gi" and "qu" count as consonants only before a vowel
# ("già" = gi+a, "quả" = qu+a, but "gì" = g+i), which is what makes "qủa"/"gìa" fold correctly.
_INITIAL = re.compile(r"(ngh|ng|nh|ch|gh|kh|ph|th|tr|gi(?=[aăâeêioôơuưy])|qu(?=[aăâeêioôơuưy])"
                      r"|[bcdđghklmnpqrstvx])?")
_FINALS = frozenset({"", "c", "ch", "m", "n", "ng", "nh", "p", "t"})
_LETTERS = re.compile(r"[^\W\d_]+")


@lru_cache(maxsize=65536)
def _fold_syllable(syllable: str) -> str:
    """One lower-case NFC syllable with its tone mark put in one canonical place."""
    decomposed = unicodedata.normalize("NFD", syllable)
    tones = [ch for ch in decomposed if ch in _TONES]
    base = unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in _TONES))
    initial = _INITIAL.match(base).group(0)  # type: ignore[union-attr]  # the pattern is optional
    rest = base[len(initial):]
    n = 0
    while n < len(rest) and rest[n] in _VOWELS:
        n += 1
    nucleus, final = rest[:n], rest[n:]
    if not nucleus or final not in _FINALS:
        return syllable  # not a Vietnamese syllable (XIII, ASEAN, H'Drai): leave it alone
    # "kỷ/kỉ", "lý/lí", "quý/quí": a lone y after a consonant is the same vowel as i; both
    # spellings are current (the 1984 and 2018 spelling rules differ on it).
    if nucleus == "y" and initial and not final:
        nucleus = "i"
    if not tones:
        return initial + nucleus + final
    # Tone placement (Vietnamese orthography): on the vowel that carries a quality mark (the last
    # one, as in "ươ" -> "ườ"); else before a final consonant on the last vowel ("toàn"); else on
    # the middle one of three ("ngoài"); else on the first of two. The last rule is the old style
    # "hòa, thúy, khỏe" that the approved slogans use ("Cộng hòa", "khóa XIII"); the new style
    # "hoà, thuý, khoẻ" folds onto it.
    quality = [i for i, ch in enumerate(nucleus) if ch in _QUALITY_VOWELS]
    if quality:
        at = quality[-1]
    elif final:
        at = len(nucleus) - 1
    elif len(nucleus) >= 3:
        at = 1
    else:
        at = 0
    toned = unicodedata.normalize("NFC", nucleus[at] + tones[0])
    return initial + nucleus[:at] + toned + nucleus[at + 1:] + final


def fold(s: str) -> str:
    """NFC, lower-case, tone placement folded ("HOÀ" and "hòa" both give "hòa"); for matching."""
    text = unicodedata.normalize("NFC", s).lower()
    return _LETTERS.sub(lambda m: _fold_syllable(m.group(0)), text)


# --- the lexicon ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Lexicon:
    curated: frozenset[str]  # folded multi-syllable entries of compounds.txt
    general: _SortedWords | frozenset[str]  # folded multi-syllable entries of the general list
    binding: frozenset[str]  # words and phrases that attach to what follows
    whole: frozenset[str]  # phrases of whole words that stay on one line ("của đảng")
    phrases: frozenset[str]  # phrases better not broken, breakable on narrow formats
    numeral_heads: frozenset[str]  # words that take an ordinal numeral ("khóa XIII")
    binds_back: frozenset[str]  # words that attach to the word before them ("hơn")
    measures: frozenset[str]  # what a number counts or measures ("năm", "tỷ", "km", "hộ")
    multipliers: frozenset[str]  # amounts that take a unit after them ("tỷ đồng")
    units: frozenset[str]  # administrative units that take a name ("tỉnh", "thành phố")
    heads: frozenset[str]  # organisations that take a name ("sở", "ban")
    strong_heads: frozenset[str]  # ... even where the text has no capitals ("sở", "ubnd")
    seasons: frozenset[str]  # "xuân", "tết": one name with the lunar year after them
    places: frozenset[str]  # place names
    openers: tuple[str, ...]  # lead-in phrases, longest first
    longest: int  # syllables in the longest curated or general entry


def _read_bytes(name: str) -> bytes:
    return resources.files(_PACKAGE).joinpath("data", name).read_bytes()


def _read_text(name: str) -> str:
    return _read_bytes(name).decode("utf-8")


def _entries(text: str) -> Iterable[str]:
    for line in fold(text).splitlines():  # one pass over the file, not one per line
        entry = " ".join(line.split("#", 1)[0].split())
        if entry:
            yield entry


def _sections(text: str) -> dict[str, set[str]]:
    """binding.txt: entries under [section] headers; entries before any header are [binding]."""
    sections: dict[str, set[str]] = {"binding": set()}
    current = "binding"
    for entry in _entries(text):
        if entry.startswith("[") and entry.endswith("]"):
            current = entry[1:-1].strip()
            sections.setdefault(current, set())
        else:
            sections[current].add(entry)
    return sections


def _general_words() -> _SortedWords | frozenset[str]:
    try:
        data = _read_bytes(_GENERAL_FILE)
    except FileNotFoundError:
        return frozenset()  # the general list is optional: the curated list still works
    return _SortedWords(data)


class _SortedWords:
    """The general word list searched in its file's bytes, by bisection over the sorted lines.

    The file is stored folded, sorted and uncompressed (data/README.md; a test checks it), so
    loading it is reading it: under a millisecond, where building a set of its 61,000 entries
    took 10-20 ms that every render paid, for the few hundred look-ups a banner makes (~20 µs
    each). Entries ending in "của", "và", "mọi" ("có của", "tù và") use them as nouns, as
    banners hardly ever do; as "of", "and", "every" they bind forward and must stay words of
    their own ("thành quả đạt được | của Đảng"), so the list never knows such an entry.
    """

    def __init__(self, data: bytes) -> None:
        self._data = data if data.endswith(b"\n") else data + b"\n"
        self._known: dict[str, bool] = {}  # answers so far: a batch asks the same again

    def __contains__(self, phrase: object) -> bool:
        if not isinstance(phrase, str):
            return False
        known = self._known.get(phrase)
        if known is None:
            if len(self._known) >= 65536:
                self._known.clear()
            known = self._known[phrase] = self._search(phrase)
        return known

    def _search(self, phrase: str) -> bool:
        if phrase.rpartition(" ")[2] in _NOT_LAST:
            return False
        key, data = phrase.encode("utf-8"), self._data  # UTF-8 sorts as code points do
        lo, hi = 0, len(data)  # always whole lines: [lo, hi) starts and ends at a line start
        while lo < hi:
            mid = (lo + hi) // 2
            start = data.rfind(b"\n", lo, mid) + 1 or lo
            end = data.find(b"\n", mid)
            line = data[start:end]
            if line == key:
                return True
            if line < key:
                lo = end + 1
            else:
                hi = start
        return False

    def __iter__(self) -> Iterator[str]:
        lines = self._data.decode("utf-8").splitlines()
        return (e for e in lines if e.rpartition(" ")[2] not in _NOT_LAST)

    def __bool__(self) -> bool:
        return self._data != b"\n"

    def __or__(self, other: Iterable[str]) -> frozenset[str]:
        return frozenset(self) | frozenset(other)


@cache
def _lexicon() -> _Lexicon:
    """Everything, read once from the package data on first use."""
    names = _sections(_read_text(_NAMES_FILE))
    places = frozenset(names.get("places", ()))
    curated = frozenset(e for e in _entries(_read_text(_CURATED_FILE)) if " " in e)
    curated |= {p for p in places if " " in p}  # a place name is a word too
    general = _general_words()
    sections = _sections(_read_text(_BINDING_FILE))
    heads = {h.removesuffix(" *") for h in names.get("heads", ())}
    strong = {h.removesuffix(" *") for h in names.get("heads", ()) if h.endswith(" *")}
    openers = sorted(_entries(_read_text(_OPENERS_FILE)), key=lambda e: (-e.count(" "), e))
    longest = max((e.count(" ") + 1 for e in curated), default=1)
    if longest < _MAX_WORD_SYLLABLES and general:  # the cap below makes the long scan rare
        longest = max(longest, *(e.count(" ") + 1 for e in general))
    return _Lexicon(curated=curated, general=general,
                    binding=frozenset(sections.get("binding", ())),
                    whole=frozenset(sections.get("whole", ())),
                    phrases=frozenset(sections.get("phrases", ())),
                    numeral_heads=frozenset(sections.get("numeral heads", ())),
                    binds_back=frozenset(sections.get("binds back", ())),
                    measures=frozenset(sections.get("measures", ())),
                    multipliers=frozenset(sections.get("multipliers", ())),
                    units=frozenset(names.get("units", ())), heads=frozenset(heads),
                    strong_heads=frozenset(strong), seasons=frozenset(names.get("seasons", ())),
                    places=places, openers=tuple(openers),
                    longest=min(longest, _MAX_WORD_SYLLABLES))


def word_source(phrase: str) -> Literal["curated", "general"] | None:
    """Which list knows `phrase` as one word (curated first), or None."""
    key = " ".join(fold(phrase).split())
    lex = _lexicon()
    if key in lex.curated:
        return "curated"
    if key in lex.general:
        return "general"
    return None


# --- tokens --------------------------------------------------------------------------------------

def _is_punct(ch: str) -> bool:
    return unicodedata.category(ch).startswith("P")


# A standalone opening bracket or quote belongs to the word after it; any other standalone
# punctuation (the dash of "VIỆT NAM -", a spaced "!") belongs to the word before it.
_OPENERS = frozenset("([{«‹“‘„‚")
_DASHES = frozenset({"-", "–", "—", "−"})
_ROMAN = re.compile(r"m{0,3}(cm|cd|d?c{0,3})(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})")
# Roman numerals that are also Vietnamese syllables ("vi phạm", "xi măng", "li", "mi", "di sản")
# or lone letters: numerals only right after a word that takes one ("Đại hội VI", "khóa I").
_AMBIGUOUS_ROMAN = frozenset({"i", "vi", "xi", "li", "mi", "di", "l", "c", "d", "m"})
# Vietnamese number words: after the ordinal "thứ" they are the numeral ("lần thứ tư",
# "thứ mười hai"); a number goes on only after a word that asks for more ("mười", "trăm").
_NUMBER_WORDS = frozenset(map(fold, ["nhất", "hai", "ba", "tư", "bốn", "năm", "sáu", "bảy", "tám",
                                      "chín", "mười", "mươi", "một", "mốt", "lăm", "trăm", "nghìn",
                                      "ngàn", "linh", "lẻ"]))
_NUMBER_GOES_ON = frozenset(map(fold, ["mười", "mươi", "trăm", "nghìn", "ngàn", "linh", "lẻ"]))
_NUMBER = re.compile(r"\d+(?:[.,]\d{3})*(?:,\d+)?%?")  # a quantity: 90, 1.000, 2,5, 100%
_DATE = re.compile(r"\d{1,2}/\d{1,2}(?:/\d{2,4})?")  # 2/9, 15/3/2026
_STRAIGHT_QUOTES = frozenset("\"'")
_DATE_OR_CODE = re.compile(r"\d[\w./\-–]*")  # 30/4, 2020-2025, 19/5/1890, 2808-CV/BTGTU


@dataclass(frozen=True)
class _Token:
    key: str  # folded, surrounding punctuation stripped; "" for punctuation alone
    opens: bool  # leading punctuation: a word starts here
    closes: bool  # trailing punctuation: a word ends here
    attach_forward: bool  # standalone punctuation that belongs to the next token

    @property
    def syllable(self) -> bool:
        return bool(self.key)


@lru_cache(maxsize=4096)
def _token(raw: str) -> _Token:
    text = unicodedata.normalize("NFC", raw.strip())
    start, end = 0, len(text)
    while start < end and _is_punct(text[start]):
        start += 1
    while end > start and _is_punct(text[end - 1]):
        end -= 1
    if end < len(text) and text[end] == "%" and end > start and text[end - 1].isdigit():
        end += 1  # "100%" is a number: the sign is part of it
    core = text[start:end]
    if not core:
        return _Token("", False, False, attach_forward=bool(text) and text[0] in _OPENERS)
    return _Token(fold(core), opens=start > 0, closes=end < len(text), attach_forward=False)


def _numeral_kind(key: str) -> Literal["roman", "ambiguous", "number", "date", None]:
    if key in _AMBIGUOUS_ROMAN:
        return "ambiguous"
    if _ROMAN.fullmatch(key):
        return "roman"
    if _NUMBER.fullmatch(key):
        return "number"
    if _DATE_OR_CODE.fullmatch(key):
        return "date"
    return None


def _keep_phrases(keep: Sequence[str]) -> frozenset[str]:
    phrases = set()
    for phrase in keep:
        syllables = [t.key for t in map(_token, phrase.split()) if t.syllable]
        if len(syllables) >= 2:
            phrases.add(" ".join(syllables))
    return frozenset(phrases)


# --- segmentation --------------------------------------------------------------------------------

def _runs(tokens: Sequence[_Token]) -> list[list[int]]:
    """Maximal stretches of syllables that punctuation does not cut: words never cross them."""
    runs: list[list[int]] = []
    for i, tok in enumerate(tokens):
        if not tok.syllable:
            continue
        prev = tokens[i - 1] if i else None
        if (runs and runs[-1][-1] == i - 1 and prev is not None and not prev.closes
                and not tok.opens):
            runs[-1].append(i)
        else:
            runs.append([i])
    return runs


# A reading's score, compared as a tuple: (syllables in keep phrases, in curated entries, in
# general-list entries, -words, -words that end in a function word).
_Score = tuple[int, int, int, int, int]


def _segment_run(keys: Sequence[str], keep: frozenset[str], lex: _Lexicon) -> list[int]:
    """Word lengths (in syllables) covering `keys`, by dynamic programming.

    Maximal munch with priorities: cover as many syllables as possible with the caller's `keep`
    phrases, then with curated entries, then with general-list entries, then use as few words as
    possible, then leave function words on their own. So a curated word is never cut by a
    general-list word that would cross its boundary ("hệ thống chính trị", not "hệ | thống chính
    | trị"). Remaining ties go to the reading whose words start later (backward maximal matching,
    the more accurate direction for Vietnamese): "toàn | dân tộc", "của | cải cách".
    """
    n = len(keys)
    longest = max([lex.longest] + [p.count(" ") + 1 for p in keep])
    best: list[tuple[_Score, int]] = [((0, 0, 0, 0, 0), 0)] * (n + 1)
    for i in range(n - 1, -1, -1):
        choice: tuple[_Score, int] | None = None
        for length in range(1, min(longest, n - i) + 1):
            if length == 1:
                gain: _Score = (0, 0, 0, -1, 0)
            else:
                phrase = " ".join(keys[i:i + length])
                # A dictionary word ending in a function word ("bên trong", "trị vì") hides that
                # word's binding: on an otherwise equal reading, leave the function word alone.
                dangling = -int(keys[i + length - 1] in lex.binding and phrase not in lex.binding)
                if phrase in keep:
                    gain = (length, 0, 0, -1, 0)
                elif phrase in lex.curated:
                    gain = (0, length, 0, -1, dangling)
                elif phrase in lex.general:
                    gain = (0, 0, length, -1, dangling)
                else:
                    continue
            rest = best[i + length][0]
            score = (gain[0] + rest[0], gain[1] + rest[1], gain[2] + rest[2], gain[3] + rest[3],
                     gain[4] + rest[4])
            if choice is None or score > choice[0]:
                choice = (score, length)
        assert choice is not None
        best[i] = choice
    lengths, i = [], 0
    while i < n:
        lengths.append(best[i][1])
        i += best[i][1]
    return lengths


def _words(tokens: Sequence[_Token], keep: frozenset[str]) -> list[list[int]]:
    """Token indices of each word, run by run."""
    lex = _lexicon()
    words: list[list[int]] = []
    for run in _runs(tokens):
        at = 0
        for length in _segment_run([tokens[i].key for i in run], keep, lex):
            words.append(run[at:at + length])
            at += length
    return words


def segment(tokens: Sequence[str], keep: Sequence[str] = ()) -> list[list[int]]:
    """The words found in `tokens`, as lists of token indices (standalone punctuation omitted)."""
    return _words([_token(t) for t in tokens], _keep_phrases(keep))


# --- gaps ----------------------------------------------------------------------------------------

def analyse(tokens: Sequence[str], keep: Sequence[str] = (), names: Sequence[str] = (),
            cased: Sequence[str] | None = None) -> list[GapInfo]:
    """For each gap between consecutive tokens (len(tokens) - 1), whether it may end a line.

    `keep`: phrases the catalogue says to keep whole. `names`: organisation names the
    catalogue, order or settings give (the office): their parts are names, the whole a phrase.
    `cased`: the same tokens as the catalogue spells them (before capitals for the banner), whose
    capitals show where a name after "tỉnh" or "Sở" ends.
    """
    lex = _lexicon()
    toks = [_token(t) for t in tokens]
    n = len(toks)
    inside = [False] * max(n - 1, 0)
    binding = [False] * max(n - 1, 0)
    phrase = [False] * max(n - 1, 0)
    clause = [False] * max(n - 1, 0)
    capital = _capitals(cased, n)

    # Standalone punctuation sticks to its word: a line never starts with the dash of
    # "VIỆT NAM -" (principle 1: break after the dash) nor ends with an opening quote. A straight
    # quote opens and closes in turn.
    quotes = 0
    for i, tok in enumerate(toks):
        if tok.syllable:
            continue
        raw = tokens[i].strip()
        forward = tok.attach_forward
        if raw and all(ch in _STRAIGHT_QUOTES for ch in raw):
            quotes += 1
            forward = quotes % 2 == 1
        if forward or i == 0:
            if i < n - 1:
                inside[i] = True
        elif i > 0:
            inside[i - 1] = True
            # a range stays whole: "2020 - 2025", "(03/02/1930 - 03/02/2020)"
            if (i < n - 1 and raw in _DASHES and toks[i - 1].syllable
                    and toks[i + 1].syllable and _numeral_kind(toks[i - 1].key)
                    and _numeral_kind(toks[i + 1].key)):
                inside[i] = True

    words = _words(toks, _keep_phrases(keep))
    for word in words:
        for i in word[:-1]:
            inside[i] = True
    _mark_comma_compounds(tokens, toks, words, lex, inside)

    def joinable(i: int) -> bool:
        """Whether tokens i and i+1 are syllables with no punctuation between them."""
        return (0 <= i < n - 1 and toks[i].syllable and toks[i + 1].syllable
                and not toks[i].closes and not toks[i + 1].opens)

    def text(ws: Sequence[list[int]]) -> str:
        return " ".join(toks[i].key for w in ws for i in w)

    def join(first: int, last: int, gaps: list[bool]) -> None:
        """Flag the gaps from token `first` up to token `last` (inclusive ends)."""
        for i in range(first, last):
            gaps[i] = True

    keys = [text([w]) for w in words]

    def mark_phrases(entries: frozenset[str], most_words: int, gaps: list[bool]) -> None:
        """Flag the gaps inside every run of 2..most_words whole words that is an entry.
        Matched on word boundaries only, so "của | đảng bộ" is not "của đảng"."""
        for start in range(len(words)):
            phrase_text = keys[start]
            for stop in range(start + 2, min(start + most_words, len(words)) + 1):
                if not joinable(words[stop - 2][-1]):
                    break
                phrase_text += " " + keys[stop - 1]
                if phrase_text in entries:
                    for w in words[start:stop - 1]:
                        gaps[w[-1]] = True

    # Phrases of whole words that stay on one line ("của Đảng", "không có gì"; principle 3).
    mark_phrases(lex.whole, 5, inside)
    # Phrases ("đại hội đảng bộ", "đại biểu quốc hội"): whole on a wide banner, breakable on a
    # narrow format (principle 5).
    mark_phrases(lex.phrases, 6, phrase)

    # A word binds forward when it, or a phrase of up to three words ending with it, is a
    # binding word ("của", "các", "lần thứ", "cùng với"; principle 3).
    for k, word in enumerate(words):
        end = word[-1]
        if not joinable(end):
            continue
        for back in range(1, min(3, k + 1) + 1):
            group = words[k + 1 - back:k + 1]
            if all(joinable(w[-1]) for w in group[:-1]) and text(group) in lex.binding:
                # "lần thứ mười": after the ordinal, a number word is its numeral, not a count
                if not (back == 1 and word[0] > 0 and toks[word[0] - 1].key == "thứ"
                        and toks[word[0]].key in _NUMBER_WORDS):
                    binding[end] = True
                break
        # ... or binds back to the word before it ("QUÝ HƠN"): never the first of a line.
        if text([word]) in lex.binds_back and joinable(word[0] - 1):
            inside[word[0] - 1] = True

    # Numerals (principle 2: "LẦN THỨ XVI", "KHÓA XVI", "80 NĂM", "NGÀY 15/3/2026" stay whole).
    # An ordinal (Roman, or a number after a word that takes one: "năm 2020", "khóa 13") and a
    # date ("Quốc khánh 2/9") stick to the word before; a quantity binds to what it counts.
    word_of = {i: w for w in words for i in w}
    for i, tok in enumerate(toks):
        kind = _numeral_kind(tok.key) if tok.syllable else None
        if kind is None:
            # "lần thứ tư", "thứ mười hai": number words after the ordinal "thứ" are its numeral
            if tok.key in _NUMBER_WORDS and joinable(i - 1):
                before = toks[i - 1].key
                counting = before in _NUMBER_GOES_ON and i >= 2 and inside[i - 2]
                if before == "thứ" or counting:
                    inside[i - 1] = True
            continue
        head = word_of.get(i - 1) if joinable(i - 1) else None
        takes_numeral = head is not None and text([head]) in lex.numeral_heads
        is_date = bool(_DATE.fullmatch(tok.key))
        if (kind == "roman" and head is not None) or takes_numeral or (is_date and head):
            # "nhiệm kỳ 2025 - 2030": a term with its range is a phrase, not a name: whole on a
            # wide banner, "NHIỆM KỲ / 2025 - 2030" on a narrow one (the range stays whole)
            (phrase if takes_numeral and _starts_range(tokens, toks, i) else inside)[i - 1] = True
            # "Quốc hội khóa XVI": a body with its term is a name (principle 2)
            if head is not None and text([head]) == "khóa" and joinable(head[0] - 1):
                inside[head[0] - 1] = True
        elif kind == "number":
            after = word_of.get(i + 1) if joinable(i) else None
            counted = after is not None and _numeral_kind(toks[i + 1].key) is None
            measure = counted and _is_measure(text([after]), lex)
            if _YEAR.fullmatch(tok.key) and not measure and head is not None:
                # "SEA GAMES 2031", "APEC 2027", "XUÂN BÍNH NGỌ 2026": a year after a name is
                # part of the name (principle 2); it does not bind to the word after it.
                if text([head]) not in lex.binding:
                    inside[i - 1] = True
            elif counted and (measure or text([after]) not in lex.binding):
                # "80 NĂM", "5.000 TỶ ĐỒNG", "100% HỘ DÂN": a quantity binds to what it counts,
                # never to a function word ("2031 | TẠI", "5 | CỦA")
                binding[i] = True
                # a multi-word amount stays whole: "5.000 TỶ ĐỒNG", "3 TRIỆU NGƯỜI"
                k = words.index(after)
                while (k + 1 < len(words) and text([words[k]]) in lex.multipliers
                       and joinable(words[k][-1]) and _is_measure(text([words[k + 1]]), lex)):
                    binding[words[k][-1]] = True
                    k += 1

    _mark_names(toks, words, capital, lex, inside, phrase, joinable, text)
    for name in names:
        _mark_given_name(toks, name, lex, inside, phrase, joinable)
    _mark_parallel_clauses(tokens, toks, clause, binding)
    _mark_short_groups(tokens, toks, phrase, join)

    return [GapInfo(inside_word=a, binding=b, inside_phrase=p, inside_clause=c)
            for a, b, p, c in zip(inside, binding, phrase, clause, strict=True)]


_YEAR = re.compile(r"1[89]\d\d|2[01]\d\d")  # a year: 1945, 2026, 2031


def _is_measure(key: str, lex: _Lexicon) -> bool:
    """Whether a word counts or measures ("năm", "tỷ", "km", "hộ dân"): a number before it is a
    quantity, not a year. A word is a measure when it, or its first syllable, is listed."""
    return (key in lex.measures or key.split(" ", 1)[0] in lex.measures
            or key in _NUMBER_WORDS)


def _starts_range(tokens: Sequence[str], toks: Sequence[_Token], i: int) -> bool:
    """Whether token i is or opens a range of numerals ("2025 - 2030", "2025-2030")."""
    if re.fullmatch(r"\d+\s*[-–—]\s*\d+", toks[i].key):
        return True
    return (i + 2 < len(toks) and not toks[i + 1].syllable
            and tokens[i + 1].strip() in _DASHES and toks[i + 2].syllable
            and _numeral_kind(toks[i + 2].key) is not None)


def _capitals(cased: Sequence[str] | None, n: int) -> list[bool] | None:
    """Whether each token starts with a capital letter in the catalogue's spelling; None when
    that spelling shows nothing (not given, or written all in capitals)."""
    if cased is None or len(cased) != n:
        return None
    letters = "".join(ch for t in cased for ch in t if ch.isalpha())
    if not any(ch.islower() for ch in letters):
        return None
    out = []
    for token in cased:
        first = next((ch for ch in token if ch.isalnum()), "")
        out.append(first.isupper())
    return out


def _mark_names(toks: Sequence[_Token], words: list[list[int]], capital: list[bool] | None,
                lex: _Lexicon, inside: list[bool], phrase: list[bool], joinable, text) -> None:
    """Principle 2: a place with its unit, an office with its name, a lunar year with its season
    are names: no break inside them."""
    def starts_capital(word: list[int]) -> bool:
        return capital is not None and capital[word[0]]

    def glue(a: list[int], b: list[int], gaps: list[bool]) -> bool:
        if not joinable(a[-1]):
            return False
        gaps[a[-1]] = True
        return True

    count = len(words)
    for k, word in enumerate(words):
        key = text([word])
        nxt = words[k + 1] if k + 1 < count else None
        if nxt is None or not joinable(word[-1]):
            continue
        # tỉnh Kon Tum, thành phố Hồ Chí Minh, xã Ia Chim (names: capitals, or a known place)
        if key in lex.units:
            run = _name_run(words, k + 1, capital, lex, joinable, text, most=4)
            if not run and text([nxt]) in lex.places:
                run = [nxt]
            if run:
                glue(word, run[0], inside)
                for a, b in zip(run, run[1:]):
                    glue(a, b, inside)
        # Sở Tài chính, Ban Tuyên giáo Tỉnh ủy, UBND tỉnh
        elif key in lex.heads:
            if key in lex.strong_heads and (capital is None or text([nxt]) in lex.units):
                if text([nxt]) not in lex.heads:
                    glue(word, nxt, inside)
                continue
            if text([nxt]) in lex.units or _is_organisation(text([nxt]), lex):
                # "Đảng bộ | huyện Đắk Hà", "Đảng bộ | Ủy ban nhân dân tỉnh": one body, a
                # phrase; the organisation after the head is a name of its own.
                glue(word, nxt, phrase)
                continue
            run = _name_run(words, k + 1, capital, lex, joinable, text, most=6)
            if run and starts_capital(run[0]):
                glue(word, run[0], inside)  # the head and its first name word: a name
                for a, b in zip(run, run[1:]):
                    glue(a, b, phrase)  # the rest stays with it on a wide banner
        # Xuân Bính Ngọ
        elif key in lex.seasons and _is_lunar_year(text([nxt])):
            glue(word, nxt, inside)


def _name_run(words: list[list[int]], start: int, capital: list[bool] | None, lex: _Lexicon,
              joinable, text, most: int) -> list[list[int]]:
    """The words from `start` that spell a name in capitals ("Kon Tum", "Tài chính"), up to
    `most` syllables, stopping at a unit or an organisation (a name of its own)."""
    if capital is None:
        return []
    run: list[list[int]] = []
    syllables = 0
    for word in words[start:]:
        key = text([word])
        if not capital[word[0]] or key in lex.units or _is_organisation(key, lex):
            break
        if run and not joinable(run[-1][-1]):
            break
        if syllables + len(word) > most:
            break
        run.append(word)
        syllables += len(word)
        if not joinable(word[-1]):
            break
    return run


def _is_organisation(key: str, lex: _Lexicon) -> bool:
    """An organisation's word: a head ("sở", "đảng bộ"), or a word that starts with one ("ủy ban
    nhân dân", "bộ đội"), which the word list holds as one word."""
    return key in lex.heads or any(key.startswith(head + " ") for head in lex.heads)


@cache
def _lunar_years() -> frozenset[str]:
    stems = ["giáp", "ất", "bính", "đinh", "mậu", "kỷ", "canh", "tân", "nhâm", "quý"]
    branches = ["tý", "sửu", "dần", "mão", "thìn", "tỵ", "ngọ", "mùi", "thân", "dậu", "tuất",
                "hợi"]
    return frozenset(fold(f"{stems[i % 10]} {branches[i % 12]}") for i in range(60))


def _is_lunar_year(key: str) -> bool:
    return key in _lunar_years()


def _mark_given_name(toks: Sequence[_Token], name: str, lex: _Lexicon, inside: list[bool],
                     phrase: list[bool], joinable) -> None:
    """An organisation name given by the catalogue or the order ("Sở Tài chính tỉnh Kon Tum"):
    each of its parts (an office, a unit with its place) is a name; the whole is a phrase."""
    keys = [t.key for t in map(_token, name.split()) if t.syllable]
    if len(keys) < 2:
        return
    # Parts start at each administrative unit or organisation after the first word.
    starts = [0]
    for i in range(1, len(keys)):
        for unit in lex.units | lex.heads:
            parts = unit.split()
            if keys[i:i + len(parts)] == parts and i - starts[-1] >= 2:
                starts.append(i)
                break
    found = [i for i in range(len(toks) - len(keys) + 1)
             if [t.key for t in toks[i:i + len(keys)]] == keys
             and all(joinable(j) for j in range(i, i + len(keys) - 1))]
    for at in found:
        bounds = starts + [len(keys)]
        for a, b in zip(bounds, bounds[1:]):
            for j in range(at + a, at + b - 1):
                inside[j] = True
        for a in starts[1:]:
            phrase[at + a - 1] = True


def _clauses(tokens: Sequence[str]) -> list[tuple[int, int]]:
    """Token spans [a, b) between clause punctuation (a token ending in , ; : . ! ? or a dash)."""
    spans = []
    start = 0
    for i, token in enumerate(tokens):
        if token.endswith((",", ";", ":", ".", "!", "?", "-", "–", "—")) or i == len(tokens) - 1:
            spans.append((start, i + 1))
            start = i + 1
    return spans


def _mark_parallel_clauses(tokens: Sequence[str], toks: Sequence[_Token],
                           clause: list[bool], binding: list[bool]) -> None:
    """Parallel clauses read one to a line when they fit ("VÌ LỢI ÍCH MƯỜI NĂM THÌ PHẢI TRỒNG
    CÂY, / VÌ LỢI ÍCH TRĂM NĂM THÌ PHẢI TRỒNG NGƯỜI!"): two neighbouring clauses of four or more
    syllables that open alike and match in at least half their places. The gaps inside them
    cost like a phrase's."""
    spans = _clauses(tokens)
    keys = [[toks[i].key for i in range(a, b) if toks[i].syllable] for a, b in spans]
    parallel = [False] * len(spans)
    series = [False] * len(spans)
    for c in range(len(spans) - 1):
        x, y = keys[c], keys[c + 1]
        if not x or not y or x[0] != y[0]:
            continue
        # A series that repeats its opening word ("MỪNG ĐẢNG, MỪNG XUÂN, MỪNG ĐẤT NƯỚC"): the
        # word stays with what follows it in each item, not "MỪNG XUÂN, MỪNG / ĐẤT NƯỚC".
        series[c] = series[c + 1] = True
        same = sum(1 for p, q in zip(x, y) if p == q)
        if min(len(x), len(y)) >= 4 and same * 2 >= max(len(x), len(y)):
            parallel[c] = parallel[c + 1] = True
    for (a, b), whole, opening in zip(spans, parallel, series):
        if whole:
            for i in range(a, b - 1):
                clause[i] = True
        elif opening and b - a > 1:
            # "MỪNG | XUÂN": the repeated word binds to its item like a binding word, on every
            # format (as a clause's cost it let "MỪNG ĐẢNG, MỪNG / XUÂN BÍNH NGỌ 2026" win)
            binding[a] = True


def _mark_comma_compounds(tokens: Sequence[str], toks: Sequence[_Token], words: list[list[int]],
                          lex: _Lexicon, inside: list[bool]) -> None:
    """A word of the dictionary written as two one-syllable items with a comma between them
    ("PHÒNG, CHỐNG DỊCH BỆNH", "KHÔNG UỐNG RƯỢU, BIA KHI ...": phòng chống, rượu bia) is one
    item, not two clauses: the comma is no place to break."""
    alone = {w[0] for w in words if len(w) == 1}
    for i in range(len(toks) - 1):
        raw, pair = tokens[i].strip(), f"{toks[i].key} {toks[i + 1].key}"
        if (i in alone and i + 1 in alone and raw.endswith(",") and raw[-2:-1].isalpha()
                and not toks[i + 1].opens and (pair in lex.curated or pair in lex.general)):
            inside[i] = True


def _mark_short_groups(tokens: Sequence[str], toks: Sequence[_Token], phrase: list[bool],
                       join) -> None:
    """A short group in brackets or quotes (up to four syllables) reads as one item: a phrase."""
    pairs = {"(": ")", "[": "]", "“": "”", "«": "»", "‘": "’", '"': '"'}
    i = 0
    while i < len(tokens):
        raw = tokens[i]
        opener = raw[0] if raw else ""
        if opener in pairs:
            closer = pairs[opener]
            for j in range(i, min(i + 4, len(tokens))):
                if tokens[j].rstrip(",;:.!?").endswith(closer) and (j > i or len(raw) > 1
                                                                     and raw.endswith(closer)):
                    if j > i:
                        join(i, j, phrase)
                    i = j
                    break
        i += 1


def lead_in(tokens: Sequence[str]) -> int:
    """How many tokens of `tokens` make up its opening phrase ("NHIỆT LIỆT CHÀO MỪNG", from
    data/openers.txt, longest first), or 0. The opener must end at a word boundary and leave
    some text after it."""
    toks = [_token(t) for t in tokens]
    words = _words(toks, frozenset())
    ends = {w[-1] + 1 for w in words}
    keys = [t.key for t in toks]
    for opener in _lexicon().openers:
        parts = opener.split()
        size = len(parts)
        if (size < len(toks) and keys[:size] == parts and size in ends
                and all(not toks[i].closes for i in range(size - 1))):
            return size
    return 0
