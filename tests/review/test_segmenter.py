"""The review cuts words with jieba-rs (`rjieba`) where it cuts exactly as jieba does.

`_library.segment` must stay ``jieba.lcut`` word for word: if a new rjieba or jieba release
cuts differently, these comparisons fail (on a random but fixed sample of dictionary words,
decimals, letters, punctuation), and the texts jieba-rs cuts otherwise go to jieba.
"""

from __future__ import annotations

import random
import re

import jieba
import pytest

from jixiao.core.review.rules import _library

_CJK_WORD = re.compile(r"[\u4e00-\u9fd5]+")


@pytest.fixture(scope="module")
def sample() -> list[str]:
    _library._segmenter()  # jieba with the library's topic words, and jieba-rs beside it
    rng = random.Random(12)
    freq = jieba.dt.FREQ
    words = sorted(w for w, f in freq.items() if f)
    cjk = [w for w in words if _CJK_WORD.fullmatch(w)]
    other = [w for w in words if not _CJK_WORD.fullmatch(w)]  # B超, T恤, IC卡 …
    chars = sorted({c for w in cjk[:20000] for c in w})
    punct = [*"，。、；：“”（）《》…—≥≤＞＜＝％,;:()/ \t\n", "\r\n", "\u3000"]

    def run() -> str:
        r = rng.random()
        if r < 0.3:
            return str(rng.randint(0, 10 ** rng.randint(1, 6)))
        if r < 0.5:
            return f"{rng.randint(0, 9999)}.{rng.randint(0, 99)}" + "%" * (rng.random() < 0.3)
        return "".join(rng.choice("abXY0189%.-_+#&") for _ in range(rng.randint(1, 3)))

    out = []
    for _ in range(1500):
        parts = []
        for _ in range(rng.randint(1, 10)):
            r = rng.random()
            if r < 0.4:
                parts.append(rng.choice(cjk))
            elif r < 0.6:
                parts.append(rng.choice(chars))  # HMM finds words among unknown characters
            elif r < 0.65:
                parts.append(rng.choice(other))
            elif r < 0.8:
                parts.append(rng.choice(punct))
            else:
                parts.append(run())
        out.append("".join(parts))
    return out


def test_segment_is_jiebas_precise_cut_on_random_texts(sample) -> None:
    fast = 0
    for text in sample:
        assert _library.segment(text) == tuple(jieba.lcut(text)), text
        fast += _library._fast_fits_text(text)
    assert 300 < fast < len(sample)  # both paths were taken


def test_search_mode_and_content_words_are_jiebas(sample) -> None:
    for text in sample:
        if _library._fast_fits_text(text):
            assert _library._fast.cut_for_search(text) == jieba.lcut_for_search(text), text
        want = {
            w
            for w in jieba.lcut_for_search(text)
            if _library._CONTENT.fullmatch(w) and w not in _library.COMMON_WORDS
        }
        assert _library.words(text) == want, text


def test_jieba_rs_cuts_the_runs_it_is_given_as_jieba_does(sample) -> None:
    runs = {b for t in sample for b in jieba.re_han_default.split(t) if b}
    fitting = [b for b in runs if _library._fast_fits(b)]
    assert len(fitting) > 1000
    for b in fitting:
        assert _library._fast.cut(b) == jieba.lcut(b), b


@pytest.mark.parametrize(
    "text",
    [
        "as_of",  # jieba-rs keeps these runs whole, jieba cuts at the punctuation
        "0.4X经院",
        "7b-15%以上",
        "1.2.3版本",
        "㐀防汛",  # CJK extension A: jieba-rs takes it into the run, jieba does not
        "防汛物资.",
    ],
)
def test_runs_jieba_rs_cuts_otherwise_go_to_jieba(text) -> None:
    _library._segmenter()
    assert not _library._fast_fits_text(text)
    assert _library.segment(text) == tuple(jieba.lcut(text))


def test_jieba_rs_keeps_jiebas_total_frequency() -> None:
    # jieba's total counts words it already had again (topic words added with add_word):
    # without the same total, paths with more words would score differently.
    _library._segmenter()
    assert _library._fast.has_word(_library._NEVER)
    assert _library.segment("栿全兴队二百余匹撩二羧酸衰二两五羯欺负人") == tuple(
        jieba.lcut("栿全兴队二百余匹撩二羧酸衰二两五羯欺负人")
    )
