"""Post search as the database search does it: the terms grammar, channel and user filters, dates.

Upstream: model/search_params.go (ParseSearchParams), app/post.go (SearchPostsForUser),
sqlstore/post_store.go (search, SearchPostsForUser, buildCreateDateFilterClause). The full-text match
approximates Postgres' english to_tsvector/to_tsquery: lower-cased word tokens, Snowball's English
stemmer and Postgres' english stop words, `word*` prefixes, "quoted phrases" as adjacent words
(unstemmed when the whole query is one phrase).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from heapq import merge
from typing import TYPE_CHECKING

from mockmost.errors import AppError
from mockmost.store.channels import direct_name, group_name
from mockmost.store.entities import Channel, Post
from mockmost.store.indexes import SortedIndex
from mockmost.store.search_index import Doc, SearchIndex, newest_first, searchable, words_of
from mockmost.store.search_index import stem as stem_word

if TYPE_CHECKING:
    from mockmost.store import Store

SEARCH_LIMIT = 100  # sqlstore search: LIMIT 100 per parameter group
_FLAGS = ("from", "channel", "in", "before", "after", "on", "ext")
_PUNC_START = re.compile(r'^[^\w#"]+|^_+')
_PUNC_END = re.compile(r'[^\w*"]+$|_+$')
_HASHTAG_START = re.compile(r"^#{2,}")
_VALID_HASHTAG = re.compile(r"^#[^\W\d_][\w\-.]*[^\W_]$")
_SPECIAL = "<>+-()~:"
# Postgres' english.stop (the english text search configuration's stop words).
_STOP_WORDS = frozenset(
    (
        "i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she "
        "her hers herself it its itself they them their theirs themselves what which who whom this that "
        "these those am is are was were be been being have has had having do does did doing a an the and "
        "but if or because as until while of at by for with about against between into through during "
        "before after above below to from up down in out on off over under again further then once here "
        "there when where why how all any both each few more most other some such no nor not only own "
        "same so than too very s t can will just don should now"
    ).split()
)


@dataclass(slots=True)
class SearchParams:
    """model.SearchParams for one group of terms (plain or hashtags)."""

    terms: str = ""
    excluded_terms: str = ""
    is_hashtag: bool = False
    in_channels: list[str] = field(default_factory=list)
    excluded_channels: list[str] = field(default_factory=list)
    from_users: list[str] = field(default_factory=list)
    excluded_users: list[str] = field(default_factory=list)
    after_date: str = ""
    excluded_after_date: str = ""
    before_date: str = ""
    excluded_before_date: str = ""
    on_date: str = ""
    excluded_date: str = ""
    extensions: list[str] = field(default_factory=list)
    excluded_extensions: list[str] = field(default_factory=list)
    time_zone_offset: int = 0


def split_words(text: str) -> list[str]:
    """model/search_params.go splitWords: quoted strings (with a leading `-`) stay whole."""
    words: list[str] = []
    in_quote, start = False, 0
    for i, char in enumerate(text):
        if char != '"':
            continue
        if in_quote:
            words.append(text[start : i + 1])
            in_quote, start = False, i + 1
        else:
            nxt = i - 1 if i > 0 and text[i - 1] == "-" else i
            words.extend(text[start:nxt].split())
            in_quote, start = True, nxt
    words.extend(text[start:].split())
    return words


def _parse_flags(words: list[str]) -> tuple[list[tuple[str, bool]], list[tuple[str, str, bool]]]:
    plain: list[tuple[str, bool]] = []
    flags: list[tuple[str, str, bool]] = []
    skip = False
    for i, word in enumerate(words):
        if skip:
            skip = False
            continue
        is_flag = False
        colon = word.find(":")
        if colon != -1:
            exclude = word.startswith("-")
            name = word[1:colon] if exclude else word[:colon]
            value = word[colon + 1 :]
            if name.lower() in _FLAGS:
                if value:
                    flags.append((name.lower(), value, exclude))
                    is_flag = True
                elif i < len(words) - 1:
                    flags.append((name.lower(), words[i + 1], exclude))
                    skip = is_flag = True
        if not is_flag:
            exclude = word.startswith("-")
            word = _PUNC_START.sub("", word)
            word = _PUNC_END.sub("", word)
            word = _HASHTAG_START.sub("#", word)
            if word:
                plain.append((word, exclude))
    return plain, flags


def parse_search_params(text: str, time_zone_offset: int = 0) -> list[SearchParams]:
    """model/search_params.go ParseSearchParams: a plain group, a hashtag group, or a flags-only group."""
    words, flags = _parse_flags(split_words(text))
    tags = [w for w, ex in words if _VALID_HASHTAG.match(w) and not ex]
    ex_tags = [w for w, ex in words if _VALID_HASHTAG.match(w) and ex]
    plain = [w for w, ex in words if not _VALID_HASHTAG.match(w) and not ex]
    ex_plain = [w for w, ex in words if not _VALID_HASHTAG.match(w) and ex]
    base = SearchParams(time_zone_offset=time_zone_offset)
    for name, value, exclude in flags:
        if name in ("in", "channel"):
            (base.excluded_channels if exclude else base.in_channels).append(value)
        elif name == "from":
            (base.excluded_users if exclude else base.from_users).append(value)
        elif name == "ext":
            (base.excluded_extensions if exclude else base.extensions).append(value)
        else:
            attr = {
                "after": ("excluded_after_date", "after_date"),
                "before": ("excluded_before_date", "before_date"),
                "on": ("excluded_date", "on_date"),
            }[name][0 if exclude else 1]
            setattr(base, attr, value)

    def group(terms: list[str], excluded: list[str], hashtag: bool) -> SearchParams:
        out = SearchParams(**{f: getattr(base, f) for f in SearchParams.__dataclass_fields__})
        out.terms, out.excluded_terms, out.is_hashtag = " ".join(terms), " ".join(excluded), hashtag
        return out

    out: list[SearchParams] = []
    if plain or ex_plain:
        out.append(group(plain, ex_plain, False))
    if tags or ex_tags:
        out.append(group(tags, ex_tags, True))
    has_filter = any(
        (
            base.in_channels,
            base.from_users,
            base.excluded_channels,
            base.excluded_users,
            base.extensions,
            base.excluded_extensions,
            base.after_date,
            base.excluded_after_date,
            base.before_date,
            base.excluded_before_date,
            base.on_date,
            base.excluded_date,
        )
    )
    if not out and has_filter:
        out.append(group([], [], False))
    return out


# ---- dates (model/utils.go, model/search_params.go) -----------------------------------------------
def _date(value: str) -> dt.date | None:
    parts = ["0" + p if len(p) == 1 else p for p in value.split("-")]
    try:
        return dt.datetime.strptime("-".join(parts), "%Y-%m-%d").date()
    except ValueError:
        return None


def _day_bounds(day: dt.date, offset: int) -> tuple[int, int]:
    zone = dt.timezone(dt.timedelta(seconds=offset)) if abs(offset) < 86400 else dt.timezone.utc
    start = dt.datetime(day.year, day.month, day.day, tzinfo=zone)
    end = start + dt.timedelta(days=1)
    return int(start.timestamp() * 1000), int(end.timestamp() * 1000) - 1


def _after_millis(value: str, offset: int, today: dt.date) -> int:
    return _day_bounds((_date(value) or today) + dt.timedelta(days=1), offset)[0]


def _before_millis(value: str, offset: int) -> int:
    day = _date(value)
    return 0 if day is None else _day_bounds(day - dt.timedelta(days=1), offset)[1]


def _on_millis(value: str, offset: int) -> tuple[int, int]:
    day = _date(value)
    return (0, 0) if day is None else _day_bounds(day, offset)


# ---- text matching --------------------------------------------------------------------------------
@dataclass(slots=True)
class _Term:
    words: list[str]  # one word, or the words of a quoted phrase
    prefix: bool = False


def _terms(text: str, stem: bool) -> list[_Term]:
    out: list[_Term] = []
    for raw in re.findall(r'"[^"]*"|\S+', text):
        if raw.startswith('"'):
            words = words_of(raw)
            if words:
                out.append(_Term([stem_word(w) for w in words] if stem else words))
            continue
        prefix = raw.endswith("*")
        for word in words_of(raw):
            if word in _STOP_WORDS and not prefix:
                continue
            # to_tsquery normalises prefix terms too ('supernovae:*' is 'supernova':*)
            out.append(_Term([stem_word(word) if stem else word], prefix))
    return out


def _matches(term: _Term, tokens: tuple[str, ...], token_set: frozenset[str]) -> bool:
    if term.prefix:
        first = term.words[0]
        return any(t.startswith(first) for t in token_set)
    if len(term.words) == 1:
        return term.words[0] in token_set
    n = len(term.words)
    words = tuple(term.words)
    return any(tokens[i : i + n] == words for i in range(len(tokens) - n + 1))


@dataclass(slots=True)
class _Query:
    """One group's text or hashtag condition, checked against an indexed post."""

    wanted: list[_Term]
    excluded: list[_Term]
    tags: set[str]
    excluded_tags: set[str]
    simple: bool  # the whole query is one quoted phrase: matched unstemmed
    is_or: bool
    is_hashtag: bool

    def matches(self, doc: Doc) -> bool:
        if self.is_hashtag:
            have = doc.tags
            if self.tags and not (have & self.tags if self.is_or else self.tags <= have):
                return False
            return not (self.excluded_tags & have)
        if self.wanted:
            tokens, token_set = (doc.raw, doc.raw_set) if self.simple else (doc.stemmed, doc.stem_set)
            hits = (_matches(t, tokens, token_set) for t in self.wanted)
            if not (any(hits) if self.is_or else all(hits)):
                return False
        return not any(_matches(t, doc.stemmed, doc.stem_set) for t in self.excluded)

    def candidates(self, index: SearchIndex) -> list[list[SortedIndex]] | None:
        """Postings whose union holds every match, one list per term (None: no term narrows the search)."""
        if self.is_hashtag:
            if not self.tags:
                return None
            per_tag = [index.postings("tags", [t]) for t in self.tags]
        else:
            if not self.wanted:
                return None
            per_tag = [self._term_postings(index, t) for t in self.wanted]
        if self.is_or:
            return [[p for postings in per_tag for p in postings]]
        return per_tag

    def _term_postings(self, index: SearchIndex, term: _Term) -> list[SortedIndex]:
        if term.prefix:
            return index.postings("stems", index.stems_with_prefix(term.words[0]))
        stems = {stem_word(w) for w in term.words} if self.simple else set(term.words)
        found = index.postings("stems", list(stems))
        if len(found) < len(stems):
            return []  # a word of the term is in no post
        return [min(found, key=len)]


class PostSearch:
    def __init__(self, store: Store) -> None:
        self.s = store
        self.index = SearchIndex()

    def indexed(self, post: Post) -> None:
        """Called by the posts area on every write of a post (create, edit, delete, permanent delete)."""
        if post.id in self.s.post_by_id and not post.delete_at:
            self.index.put(post)
        else:
            self.index.drop(post.id)

    def search(
        self,
        user_id: str,
        team_id: str,
        terms: str,
        *,
        is_or: bool = False,
        include_deleted_channels: bool = False,
        time_zone_offset: int = 0,
        page: int = 0,
    ) -> list[str]:
        """app/post.go SearchPostsForUser + sqlstore SearchPostsForUser: ids newest first."""
        groups = parse_search_params(terms.strip(), time_zone_offset)
        if not self.s.settings.get("ServiceSettings.EnablePostSearch"):
            raise AppError(
                "store.sql_post.search.disabled",
                501,
                message="Searching has been disabled on this "
                "server. Please contact your System Administrator.",
                detailed_error="",
            )
        groups = [g for g in groups if g.terms != "*"]
        if not groups or page > 0:  # the database search does not page: later pages are empty
            return []
        found: dict[str, Post] = {}
        with self.s.lock:
            for params in groups:
                self._resolve(params, user_id, team_id, include_deleted_channels)
                for post in self._search_group(params, user_id, team_id, is_or, include_deleted_channels):
                    found.setdefault(post.id, post)
        return [p.id for p in sorted(found.values(), key=lambda p: (p.create_at, p.id), reverse=True)]

    def _resolve(self, params: SearchParams, user_id: str, team_id: str, include_deleted: bool) -> None:
        """convertChannelNamesToChannelIds / convertUserNameToUserIds: unknown names stay as they are."""
        for names in (params.in_channels, params.excluded_channels):
            for i, name in enumerate(names):
                channel = self._channel_from_filter(name, user_id, team_id, include_deleted)
                if channel is not None:
                    names[i] = channel.id
        for names in (params.from_users, params.excluded_users):
            for i, name in enumerate(names):
                user = self.s.users.find_by_username(name.lstrip("@").lower())
                if user is not None:
                    names[i] = user.id

    def _channel_from_filter(
        self, name: str, user_id: str, team_id: str, include_deleted: bool
    ) -> Channel | None:
        clean = name.lstrip("~")
        if clean.startswith("@"):
            names = clean[1:].split(",")
            users = [u for u in (self.s.users.find_by_username(n.lower()) for n in names) if u is not None]
            if len(names) == 1:
                # upstream creates the DM when missing; without one there is nothing to find anyway
                return self.s.channels.find_by_name("", direct_name(user_id, users[0].id)) if users else None
            return self.s.channels.find_by_name("", group_name(sorted({u.id for u in users})))
        channel = self.s.channels.find_by_name(team_id, clean)
        if channel is None or (channel.delete_at and not include_deleted):
            return None
        return channel

    def _channels(self, params: SearchParams, user_id: str, team_id: str, include_deleted: bool) -> set[str]:
        channels = self.s.channels.searchable(user_id, team_id, include_deleted)
        if params.in_channels:
            channels &= set(params.in_channels)
        return channels - set(params.excluded_channels)

    def _authors_ok(self, params: SearchParams, team_id: str, author_id: str) -> bool:
        if not params.from_users and not params.excluded_users:
            return True
        if team_id and self.s.teams.member(team_id, author_id) is None:
            return False
        if params.from_users and author_id not in params.from_users:
            return False
        return author_id not in params.excluded_users

    def _dates_ok(self, params: SearchParams, create_at: int, today: dt.date) -> bool:
        tz = params.time_zone_offset
        if params.on_date:
            start, end = _on_millis(params.on_date, tz)
            return start <= create_at <= end
        if params.excluded_date:
            start, end = _on_millis(params.excluded_date, tz)
            if start <= create_at <= end:
                return False
        if params.after_date and create_at < _after_millis(params.after_date, tz, today):
            return False
        if params.before_date and create_at > _before_millis(params.before_date, tz):
            return False
        if params.excluded_after_date and create_at >= _after_millis(params.excluded_after_date, tz, today):
            return False
        return not (
            params.excluded_before_date and create_at <= _before_millis(params.excluded_before_date, tz)
        )

    def _search_group(
        self, params: SearchParams, user_id: str, team_id: str, is_or: bool, include_deleted: bool
    ) -> list[Post]:
        if not any(
            (
                params.terms,
                params.excluded_terms,
                params.in_channels,
                params.excluded_channels,
                params.from_users,
                params.excluded_users,
                params.on_date,
                params.after_date,
                params.before_date,
            )
        ):
            return []
        stripped = params.terms.strip()
        simple = bool(re.fullmatch(r'"[^"]*"', stripped))
        terms_text, excluded_text = params.terms, params.excluded_terms
        if not params.is_hashtag:
            for char in _SPECIAL:
                terms_text = terms_text.replace(char, " ")
        for char in _SPECIAL:
            excluded_text = excluded_text.replace(char, " ")
        wanted = [] if params.is_hashtag else _terms(terms_text, stem=not simple)
        excluded = _terms(excluded_text, stem=True)
        tags = {t.upper() for t in params.terms.split()} if params.is_hashtag else set()
        excluded_tags = {t.upper() for t in params.excluded_terms.split()} if params.is_hashtag else set()
        if not params.is_hashtag and params.terms and not wanted and not excluded:
            return []  # only stop words: an empty text query matches nothing
        query = _Query(wanted, excluded, tags, excluded_tags, simple, is_or, params.is_hashtag)
        channels = self._channels(params, user_id, team_id, include_deleted)
        today = dt.datetime.fromtimestamp(self.s.now() / 1000, dt.timezone.utc).date()
        out: list[Post] = []
        for _, pid in self._candidates(query, channels, params.from_users):
            post = self.s.post_by_id.get(pid)
            if post is None or post.channel_id not in channels or post.delete_at or not searchable(post):
                continue
            if not self._authors_ok(params, team_id, post.user_id) or not self._dates_ok(
                params, post.create_at, today
            ):
                continue
            doc = self.index.docs.get(pid)
            if doc is None or not query.matches(doc):
                continue
            out.append(post)
            if len(out) >= SEARCH_LIMIT:
                break
        return out

    def _candidates(
        self, query: _Query, channels: set[str], from_users: list[str]
    ) -> Iterator[tuple[int, str]]:
        """Keys newest first of a superset of the matches, from the cheapest source: one term's postings
        (the union of all terms' for an OR search), the authors' posts for from:, or the channels' posts."""
        in_channels = [p for p in (self.s.channel_posts.get(c) for c in channels) if p is not None]
        options: list[list[SortedIndex]] = [in_channels]
        per_term = query.candidates(self.index)
        if per_term is not None:
            options.extend(per_term)
        if from_users:
            options.append(self.index.postings("authors", from_users))
        cheapest = min(options, key=lambda postings: sum(len(p) for p in postings))
        if cheapest is in_channels:
            if len(in_channels) == 1:
                return in_channels[0].newest_keys()
            return merge(*(p.newest_keys() for p in in_channels), reverse=True)
        return newest_first(cheapest)
