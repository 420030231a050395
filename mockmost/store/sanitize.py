"""model.SanitizeUnicode: the code points the server drops from names before saving them (users' username,
first and last name and nickname; channels' name and display name; teams' name, display name and
description). Upstream: server/public/model/utils.go filterBlocklist; observed on 11.2 (control characters,
LRM and isolates are kept, U+2028, BIDI embeddings, U+FEFF, language tags and U+0340 go)."""

from __future__ import annotations

import re

_BLOCKED = re.compile(
    "[\u0340\u0341\u17a3\u17d3\u2028\u2029\u202a-\u202e\u206a-\u206f\ufff9-\ufffc\ufeff"
    "\U0001d173-\U0001d17a\U000e0000-\U000e007f]"
)


def sanitize_unicode(text: str) -> str:
    return _BLOCKED.sub("", text)
