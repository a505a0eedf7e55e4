"""Text analysis for the service catalogue: normalisation, word segmentation, character bigrams.

Article 11 asks for a working 供需对接: an enterprise writes ``需要做锂电池正极材料小试到中试的放大`` and
must find the base that wrote ``磷酸铁锂正极材料工艺放大``. Chinese has no spaces, so words come from
jieba's search-mode segmentation with a domain dictionary of pilot-test terms (``dictionary.txt``);
character bigrams are produced as well so that a word jieba cuts differently in the query and in the
service text still meets its counterpart.

jieba's dictionary takes about a second to load, so the tokenizer is built lazily, once per process,
and private to this module (the global ``jieba.dt`` is left to whoever else uses it).
"""

from __future__ import annotations

import logging
import re
import threading
import unicodedata
import warnings
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

with warnings.catch_warnings():
    # jieba 0.42.1 imports pkg_resources, which newer setuptools deprecates loudly
    warnings.simplefilter("ignore", UserWarning)
    import jieba

DICTIONARY_PATH = Path(__file__).with_name("dictionary.txt")

# A query longer than this is cut: an enterprise's need fits in a sentence or two, and an unbounded
# query would let one request cost arbitrary time.
MAX_QUERY_CHARS = 200

# Words that carry no information about what a service does. Everyday request phrasing (需要、我们、
# 想找) is here as well as grammar words, because queries are written the way enterprises talk.
STOP_WORDS: frozenset[str] = frozenset(
    """
    的 了 和 与 及 或 到 做 在 对 为 把 等 个 一 是 有 要 想 从 向 给 用 以 将 其 之 于 并 而 也 就 都 还
    能 会 可 请 我 你 他 她 它 们 这 那 些 下 上 来 去 后 前 吗 呢 吧 啊 着 过 被 让 由 如 又 及其 以及
    需要 需求 我们 我司 本公司 公司 企业 希望 寻找 想要 想找 找个 一下 相关 有关 关于 能够 可以 如何 怎么
    哪里 哪家 哪个 请问 帮助 帮忙 帮 进行 开展 提供 服务 方面 问题 一些 一个 这个 那个 目前 现在 地方
    the a an of for and or to in on with by at from we our us need needs want looking find help
    please some any is are be can could would should do does service services provide provider
    """.split()
)

_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_RUNS = re.compile(rf"([{_CJK}]+)|([a-z0-9]+(?:\.[0-9]+)?)")
_SPACE = re.compile(r"\s+")
_CJK_CHAR = re.compile(rf"[{_CJK}]")
_CJK_WORD = re.compile(rf"[{_CJK}]{{2,}}")

_lock = threading.Lock()
_tokenizer: jieba.Tokenizer | None = None
_added_words: set[str] = set()


def _get_tokenizer() -> jieba.Tokenizer:
    global _tokenizer
    if _tokenizer is None:
        with _lock:
            if _tokenizer is None:
                jieba.setLogLevel(logging.WARNING)
                tokenizer = jieba.Tokenizer()
                tokenizer.initialize()
                tokenizer.load_userdict(str(DICTIONARY_PATH))
                _tokenizer = tokenizer
    return _tokenizer


def add_words(words: Iterable[str]) -> None:
    """Teach the segmenter domain words (the synonym table's terms) so that it keeps them whole."""
    tokenizer = _get_tokenizer()
    new = [w for w in (normalise(word) for word in words) if w not in _added_words and _is_cjk_word(w)]
    if not new:
        return
    with _lock:
        for word in new:
            if tokenizer.FREQ.get(word, 0) == 0:
                tokenizer.add_word(word, 1000)
            _added_words.add(word)
        _segment_run.cache_clear()
        _precise_run.cache_clear()
        analyse.cache_clear()


def _is_cjk_word(word: str) -> bool:
    return _CJK_WORD.fullmatch(word) is not None


def has_chinese(text: str) -> bool:
    return _CJK_CHAR.search(text) is not None


def normalise(text: str) -> str:
    """Full-width to half-width (ＡＢＣ、１２３), lower case, one space between words."""
    return _SPACE.sub(" ", unicodedata.normalize("NFKC", text).lower()).strip()


def prepare_query(query: str) -> str:
    """The normalised query, cut to ``MAX_QUERY_CHARS``; empty when nothing searchable remains."""
    text = normalise(query or "")[:MAX_QUERY_CHARS]
    return text if _RUNS.search(text) else ""


def stem(word: str) -> str:
    """A light English plural folding, applied alike to services and queries (batteries, tests)."""
    if len(word) <= 3 or not word.isalpha():
        return word
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith("sses"):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


@lru_cache(maxsize=100_000)
def _segment_run(run: str) -> tuple[str, ...]:
    # Service texts repeat phrases a great deal, so caching per run of Chinese characters makes
    # building a large index several times faster.
    words = _get_tokenizer().lcut_for_search(run)
    return tuple(w for w in words if w not in STOP_WORDS)


def words(text: str) -> list[str]:
    """Index terms of ``text`` in order: jieba search-mode words and lower-case ASCII tokens.

    Search mode emits both 锂电池 and its parts 锂电、电池, so a query word found inside a longer
    compound of the service text still matches.
    """
    out: list[str] = []
    for cjk, ascii_word in _RUNS.findall(normalise(text)):
        if cjk:
            out.extend(_segment_run(cjk))
        elif ascii_word not in STOP_WORDS:
            out.append(stem(ascii_word))
    return out


@lru_cache(maxsize=10_000)
def _precise_run(run: str) -> tuple[str, ...]:
    return tuple(w for w in _get_tokenizer().lcut(run) if w not in STOP_WORDS)


def phrase_words(text: str) -> list[str]:
    """The words of ``text`` in jieba's precise mode: a dictionary word stays one term (小批量试生产)."""
    out: list[str] = []
    for cjk, ascii_word in _RUNS.findall(normalise(text)):
        if cjk:
            out.extend(_precise_run(cjk))
        elif ascii_word not in STOP_WORDS:
            out.append(stem(ascii_word))
    return out


@lru_cache(maxsize=20_000)
def analyse(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """``words(text)`` and ``bigrams(text)`` in one pass; cached, as catalogue texts repeat a lot."""
    out: list[str] = []
    grams: list[str] = []
    for cjk, ascii_word in _RUNS.findall(normalise(text)):
        if cjk:
            out.extend(_segment_run(cjk))
            grams.extend(cjk[i : i + 2] for i in range(len(cjk) - 1))
        elif ascii_word not in STOP_WORDS:
            out.append(stem(ascii_word))
    return tuple(out), tuple(grams)


def bigrams(text: str) -> list[str]:
    """Overlapping character pairs of each run of Chinese characters (番茄酱 → 番茄、茄酱)."""
    out: list[str] = []
    for cjk, _ascii in _RUNS.findall(normalise(text)):
        if len(cjk) >= 2:
            out.extend(cjk[i : i + 2] for i in range(len(cjk) - 1))
    return out


def ascii_tokens(text: str) -> list[str]:
    """The ASCII words of an already-normalised text, stemmed, stop words kept (for phrase lookup)."""
    return [stem(a) for _c, a in _RUNS.findall(text) if a]
