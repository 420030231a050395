"""The inverted index post search reads: each searchable post's words (as written and stemmed) and hashtags,
kept up to date on every write, as the database keeps its full-text index.

Upstream: sqlstore/post_store.go search (to_tsvector('english', Message) @@ to_tsquery(...), Hashtags
LIKE). Postgres' english configuration: lower-cased word tokens, Snowball's English stemmer and its stop
words. Postings are kept newest first-readable, (create_at, id) ascending, so a search can stop after the
100 newest matches instead of reading every post.
"""

from __future__ import annotations

import re
from bisect import bisect_left, insort
from collections.abc import Iterator
from dataclasses import dataclass
from heapq import merge
from typing import TYPE_CHECKING

import snowballstemmer

from mockmost.store.indexes import SortedIndex

if TYPE_CHECKING:
    from mockmost.store.entities import Post

_STEMMER = snowballstemmer.stemmer("english")
_TOKEN = re.compile(r"[^\W_]+")
_STEMS: dict[str, str] = {}
_STEM_CACHE_LIMIT = 200_000


def stem(word: str) -> str:
    """The english_stem dictionary: Snowball's English (Porter2) stemmer, as Postgres uses it."""
    found = _STEMS.get(word)
    if found is None:
        found = str(_STEMMER.stemWord(word))
        if len(_STEMS) >= _STEM_CACHE_LIMIT:
            _STEMS.clear()
        _STEMS[word] = found
    return found


def words_of(text: str) -> list[str]:
    """Lower-cased word tokens, as the english parser splits them (letters and digits, no underscores)."""
    return _TOKEN.findall(text.lower())


def searchable(post: Post) -> bool:
    """Rows the search reads: no edit history, no system messages (deleted ones are checked on read)."""
    return not post.original_id and not post.type.startswith("system_")


@dataclass(slots=True)
class Doc:
    """One post as indexed: its words in order (for phrases) and as sets (for single words)."""

    key: tuple[int, str]
    raw: tuple[str, ...]
    stemmed: tuple[str, ...]
    raw_set: frozenset[str]
    stem_set: frozenset[str]
    tags: frozenset[str]
    user_id: str


class SearchIndex:
    """stem → posts, HASHTAG → posts, author → posts; each posting a SortedIndex on (create_at, id). A
    word as written is looked up through its stem's posting (every post holding the word holds its stem)."""

    def __init__(self) -> None:
        self.docs: dict[str, Doc] = {}
        self.stems: dict[str, SortedIndex] = {}
        self.tags: dict[str, SortedIndex] = {}
        self.authors: dict[str, SortedIndex] = {}
        self._stem_vocab: list[str] = []  # sorted, for prefix terms

    def __len__(self) -> int:
        return len(self.docs)

    # ---- writes ------------------------------------------------------------------------------
    def put(self, post: Post) -> None:
        """Index a new or edited post (or drop it when it is no longer searchable)."""
        if not searchable(post) or post.delete_at:
            self.drop(post.id)
            return
        raw = tuple(words_of(post.message))
        stemmed = tuple(stem(w) for w in raw)
        tags = frozenset(t.upper() for t in post.hashtags.split())
        key = (post.create_at, post.id)
        old = self.docs.get(post.id)
        if (
            old is not None
            and old.key == key
            and old.raw == raw
            and old.tags == tags
            and old.user_id == post.user_id
        ):
            return
        if old is not None:
            self.drop(post.id)
        doc = Doc(key, raw, stemmed, frozenset(raw), frozenset(stemmed), tags, post.user_id)
        self.docs[post.id] = doc
        self._add(self.stems, doc.stem_set, key, self._stem_vocab)
        self._add(self.tags, tags, key, None)
        self._add(self.authors, frozenset((post.user_id,)), key, None)

    def drop(self, post_id: str) -> None:
        doc = self.docs.pop(post_id, None)
        if doc is None:
            return
        self._remove(self.stems, doc.stem_set, doc.key, self._stem_vocab)
        self._remove(self.tags, doc.tags, doc.key, None)
        self._remove(self.authors, frozenset((doc.user_id,)), doc.key, None)

    @staticmethod
    def _add(
        table: dict[str, SortedIndex], words: frozenset[str], key: tuple[int, str], vocab: list[str] | None
    ) -> None:
        for word in words:
            posting = table.get(word)
            if posting is None:
                posting = table[word] = SortedIndex()
                if vocab is not None:
                    insort(vocab, word)
            posting.add(*key)

    @staticmethod
    def _remove(
        table: dict[str, SortedIndex], words: frozenset[str], key: tuple[int, str], vocab: list[str] | None
    ) -> None:
        for word in words:
            posting = table.get(word)
            if posting is None:
                continue
            posting.remove(*key)
            if not len(posting):
                del table[word]
                if vocab is not None:
                    i = bisect_left(vocab, word)
                    if i < len(vocab) and vocab[i] == word:
                        del vocab[i]

    # ---- reads -------------------------------------------------------------------------------
    def stems_with_prefix(self, prefix: str) -> list[str]:
        vocab = self._stem_vocab
        start = bisect_left(vocab, prefix)
        end = bisect_left(vocab, prefix + "\U0010ffff", start)
        return vocab[start:end]

    def postings(self, table: str, words: list[str]) -> list[SortedIndex]:
        source = {"stems": self.stems, "tags": self.tags, "authors": self.authors}[table]
        return [p for p in (source.get(w) for w in words) if p is not None]


def newest_first(postings: list[SortedIndex]) -> Iterator[tuple[int, str]]:
    """The keys of several postings merged, newest first, each once."""
    if len(postings) == 1:
        yield from postings[0].newest_keys()
        return
    last = None
    for key in merge(*(p.newest_keys() for p in postings), reverse=True):
        if key != last:
            yield key
            last = key
