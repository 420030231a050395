"""Secondary indexes: posts of a channel kept sorted by (create_at, id) for paging without scans."""

from __future__ import annotations

from bisect import bisect_left, bisect_right, insort
from collections.abc import Iterator


class SortedIndex:
    """Ascending (create_at, id) keys; pages are read from the newest end in O(log n + page)."""

    __slots__ = ("_keys",)

    def __init__(self) -> None:
        self._keys: list[tuple[int, str]] = []

    def __len__(self) -> int:
        return len(self._keys)

    def add(self, create_at: int, post_id: str) -> None:
        key = (create_at, post_id)
        if not self._keys or self._keys[-1] < key:
            self._keys.append(key)
        else:
            insort(self._keys, key)

    def remove(self, create_at: int, post_id: str) -> None:
        key = (create_at, post_id)
        i = bisect_left(self._keys, key)
        if i < len(self._keys) and self._keys[i] == key:
            del self._keys[i]

    def newest_first(self, offset: int, limit: int) -> list[str]:
        """Ids of a page counted from the newest post."""
        end = len(self._keys) - offset
        if end <= 0 or limit <= 0:
            return []
        start = max(0, end - limit)
        return [k[1] for k in reversed(self._keys[start:end])]

    def position(self, create_at: int, post_id: str) -> int:
        return bisect_left(self._keys, (create_at, post_id))

    def older_than(self, create_at: int, offset: int, limit: int) -> list[str]:
        """Posts strictly older than create_at, newest first, skipping `offset`."""
        end = bisect_left(self._keys, (create_at, "")) - offset
        if end <= 0 or limit <= 0:
            return []
        start = max(0, end - limit)
        return [k[1] for k in reversed(self._keys[start:end])]

    def newer_than(self, create_at: int, offset: int, limit: int) -> list[str]:
        """Posts strictly newer than create_at: the `limit` oldest of them after `offset`, newest first."""
        begin = bisect_right(self._keys, (create_at, "\U0010ffff")) + offset
        if limit <= 0:
            return []
        return [k[1] for k in reversed(self._keys[begin : begin + limit])]

    def neighbour_older(self, create_at: int, post_id: str) -> str:
        i = bisect_left(self._keys, (create_at, post_id))
        return self._keys[i - 1][1] if i > 0 else ""

    def neighbour_newer(self, create_at: int, post_id: str) -> str:
        i = bisect_right(self._keys, (create_at, post_id))
        return self._keys[i][1] if i < len(self._keys) else ""

    def newest_keys(self) -> Iterator[tuple[int, str]]:
        """(create_at, id) keys from the newest."""
        return reversed(self._keys)

    def ids(self) -> list[str]:
        return [k[1] for k in self._keys]
