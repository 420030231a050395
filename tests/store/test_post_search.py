"""The search grammar and date bounds without HTTP. Expected values from upstream
server/public/model/search_params_test.go (TestSplitWords, TestParseSearchParams, TestGetOnDateMillis,
TestGetBeforeDateMillis, TestGetAfterDateMillis)."""

from __future__ import annotations

import datetime as dt

import pytest

from mockmost.store import post_search as ps

upstream = pytest.mark.upstream


@upstream("server/public/model/search_params_test.go", "TestSplitWords")
@pytest.mark.parametrize(
    "text,words",
    [
        ("", []),
        ("     ", []),
        ('wo"rd', ["wo", '"rd']),
        ('wo-"rd"', ["wo", '-"rd"']),
        ('word1 word2 word3"', ["word1", "word2", "word3", '"']),
        ("word1 #word2 ##word3", ["word1", "#word2", "##word3"]),
        (
            'some stuff -"quoted multiple words" more stuff',
            ["some", "stuff", '-"quoted multiple words"', "more", "stuff"],
        ),
    ],
)
def test_split_words(text, words):
    assert ps.split_words(text) == words


@upstream("server/public/model/search_params.go", "ParseSearchParams")
def test_parse_terms_hashtags_and_flags():
    plain, tags = ps.parse_search_params(
        'apple -banana "cherry pie" #fruit -#veg from:alice -in:town on:2020-1-2'
    )
    assert (plain.terms, plain.excluded_terms, plain.is_hashtag) == ('apple "cherry pie"', "banana", False)
    assert (tags.terms, tags.excluded_terms, tags.is_hashtag) == ("#fruit", "#veg", True)
    for group in (plain, tags):
        assert (
            group.from_users == ["alice"]
            and group.excluded_channels == ["town"]
            and group.on_date == "2020-1-2"
        )


@upstream("server/public/model/search_params.go", "parseSearchFlags")
def test_parse_flag_value_as_next_word_and_flags_only():
    (only,) = ps.parse_search_params("FROM: bob in: town")
    assert (only.terms, only.from_users, only.in_channels) == ("", ["bob"], ["town"])
    assert ps.parse_search_params("from:") == [ps.SearchParams(terms="from")]
    assert ps.parse_search_params("   ") == []


@upstream("server/public/model/search_params.go", "parseSearchFlags")
def test_parse_strips_punctuation_and_collapses_hashes():
    (plain, tags) = ps.parse_search_params("...hello!!! ##tagged")
    assert plain.terms == "hello" and tags.terms == "#tagged"


@upstream("server/public/model/search_params_test.go", "TestGetOnDateMillis")
def test_on_date_bounds():
    assert ps._on_millis("2018-08-01", 0) == (1533081600000, 1533167999999)
    assert ps._on_millis("2018-8-1", 0) == (1533081600000, 1533167999999)
    assert ps._on_millis("2018-02-29", 0) == (0, 0)
    assert ps._on_millis("holiday", 0) == (0, 0)


@upstream("server/public/model/search_params_test.go", "TestGetBeforeDateMillis")
def test_before_and_after_bounds():
    assert ps._before_millis("2018-08-01", 0) == 1533081599999
    assert ps._before_millis("holiday", 0) == 0
    assert ps._after_millis("2018-8-1", 0, dt.date(2000, 1, 1)) == 1533168000000
    # an unreadable after: date counts from today (model/search_params.go GetAfterDateMillis)
    assert ps._after_millis("holiday", 0, dt.date(2018, 7, 31)) == 1533081600000


@upstream("server/public/model/utils.go", "GetStartOfDayMillis")
def test_time_zone_offset_moves_the_day():
    start, _ = ps._on_millis("2018-08-01", 3600)
    assert start == 1533081600000 - 3600 * 1000
