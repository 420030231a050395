"""SortedIndex: posts of a channel ordered by (create_at, id), paged from the newest end without scans."""

from __future__ import annotations

from mockmost.store.indexes import SortedIndex


def _index(*keys: tuple[int, str]) -> SortedIndex:
    index = SortedIndex()
    for create_at, post_id in keys:
        index.add(create_at, post_id)
    return index


def test_add_keeps_order_even_out_of_order():
    index = _index((3, "c"), (1, "a"), (2, "b"), (2, "a2"))
    assert index.ids() == ["a", "a2", "b", "c"]
    assert len(index) == 4


def test_remove_missing_is_noop():
    index = _index((1, "a"), (2, "b"))
    index.remove(5, "zz")
    index.remove(1, "a")
    assert index.ids() == ["b"]


def test_newest_first_pages():
    index = _index(*((i, f"p{i}") for i in range(1, 6)))
    assert index.newest_first(0, 2) == ["p5", "p4"]
    assert index.newest_first(4, 2) == ["p1"]
    assert index.newest_first(5, 2) == []
    assert index.newest_first(0, 0) == []


def test_older_and_newer_than_are_strict():
    index = _index((1, "a"), (2, "b"), (2, "c"), (3, "d"))
    assert index.older_than(2, 0, 10) == ["a"]
    assert index.newer_than(2, 0, 10) == ["d"]
    assert index.newer_than(0, 1, 2) == ["c", "b"]


def test_neighbours():
    index = _index((1, "a"), (2, "b"), (3, "c"))
    assert (index.neighbour_older(2, "b"), index.neighbour_newer(2, "b")) == ("a", "c")
    assert (index.neighbour_older(1, "a"), index.neighbour_newer(3, "c")) == ("", "")
