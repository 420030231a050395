"""wire.posts keeps each post's rendered columns while nothing they read has changed. Every change must show
on the next read, even within one millisecond (update_at alone cannot tell)."""

from __future__ import annotations

from mockmost import wire


def test_changes_show_on_the_next_read(mock_mattermost_inprocess):
    mm = mock_mattermost_inprocess
    store = mm.store
    team = mm.make_team("render")
    channel = mm.make_channel(team, "render")
    post = mm.make_post(mm.admin, channel, "first")
    assert wire.post(post, store, read=True)["message"] == "first"
    store.posts.update(post, {"message": "second"}, patch=True)
    assert wire.post(post, store, read=True)["message"] == "second"
    store.posts.update(post, {"is_pinned": True}, patch=True)
    assert wire.post(post, store, read=True)["is_pinned"] is True
    store.reactions.save(mm.admin.id, post.id, "smile")
    rendered = wire.post(post, store, read=True)
    assert rendered["has_reactions"] is True and rendered["metadata"]["reactions"][0]["emoji_name"] == "smile"
    reply = mm.make_post(mm.admin, channel, "reply", root=post)
    assert wire.post(post, store, read=True)["reply_count"] == 1
    assert wire.post(reply, store, read=True)["reply_count"] == 1
    store.posts.delete(post, mm.admin.id)
    deleted = wire.post(post, store, read=True)
    assert (
        deleted["delete_at"] > 0 and deleted["message"] == "" and deleted["props"]["deleteBy"] == mm.admin.id
    )


def test_a_rendered_post_is_not_shared_between_reads(mock_mattermost_inprocess):
    mm = mock_mattermost_inprocess
    channel = mm.make_channel(mm.make_team("shared"), "shared")
    post = mm.make_post(mm.admin, channel, "mine")
    first = wire.post(post, mm.store, read=True)
    first["message"] = "changed by a caller"
    assert wire.post(post, mm.store, read=True)["message"] == "mine"
    # pending_post_id is echoed only where the server echoes it (not on reads).
    assert wire.post(post, mm.store, read=False)["pending_post_id"] == post.pending_post_id


def test_a_page_as_joined_json_is_the_page_encoded(mock_mattermost_inprocess):
    """The channel page is joined from kept per-post JSON; after every kind of change it must be, byte for
    byte, what encoding the page's dict gives."""
    from mockmost.http.replies import encode

    mm = mock_mattermost_inprocess
    store = mm.store
    channel = mm.make_channel(mm.make_team("joined"), "joined")
    posts = [mm.make_post(mm.admin, channel, f"post {i} :smile:") for i in range(5)]

    def check() -> None:
        page = store.posts.page(channel.id, 0, 60)
        extra = store.posts.thread_extras(page.order)
        for counts in (False, True):
            expected = encode(
                wire.post_list(
                    store, page.order, extra, page.next_post_id, page.prev_post_id, reply_counts=counts
                )
            )
            joined = wire.post_list_json(
                encode, store, page.order, extra, page.next_post_id, page.prev_post_id, reply_counts=counts
            )
            assert joined == expected

    check()
    check()  # from the kept JSON
    store.posts.update(posts[0], {"message": "edited"}, patch=True)
    check()
    mm.make_post(mm.admin, channel, "a reply", root=posts[1])
    check()
    store.reactions.save(mm.admin.id, posts[2].id, "smile")
    check()
    store.posts.delete(posts[3], mm.admin.id)
    check()
    gif = bytes.fromhex(
        "4749463839610100010080000000000000ffffff21f90401000000002c00000000010001000002024401003b"
    )
    store.emoji.create(mm.admin.id, mm.admin.id, "smile2", gif)
    mm.make_post(mm.admin, channel, "with :smile2:")
    check()
