"""The real PyPI clients (mattermostdriver, mattermostautodriver, matterapi) driving files, reactions, custom
emoji and preferences on a real socket. Upstream: server/channels/api4/{file,reaction,emoji,preference}.go."""

from __future__ import annotations

import json
import struct

import mattermostautodriver
import mattermostdriver
import pytest
from matterapi import SyncClient
from matterapi.client.base import ApiClientOptions, AuthToken
from matterapi.client.exceptions import InvalidOrMissingParameters, ResourceNotFound
from mattermostdriver import exceptions as driver_errors

upstream = pytest.mark.upstream
PNG = (
    b"\x89PNG\r\n\x1a\n"
    + struct.pack(">I", 13)
    + b"IHDR"
    + struct.pack(">II", 8, 4)
    + b"\x08\x06\0\0\0pixels"
)


@pytest.fixture
def world(mock_mattermost):
    alice = mock_mattermost.make_user("alice")
    team = mock_mattermost.make_team(members=[alice])
    channel = mock_mattermost.make_channel(team, members=[alice])
    return mock_mattermost, alice, channel, mock_mattermost.make_token(alice)


def _options(mm, token):
    return {"url": mm.host, "port": mm.port, "scheme": "http", "token": token, "basepath": "/api/v4"}


@pytest.fixture
def driver(world):
    mm, _, _, token = world
    d = mattermostdriver.Driver(_options(mm, token))
    d.login()
    return d


@pytest.fixture
def autodriver(world):
    mm, _, _, token = world
    d = mattermostautodriver.TypedDriver(_options(mm, token))
    d.login()
    return d


@pytest.fixture
def matter(world):
    mm, _, _, token = world
    return SyncClient(options=ApiClientOptions(url=mm.url, auth=AuthToken(token=token)))


# ---- mattermostdriver ---------------------------------------------------------------------------
@upstream("server/channels/api4/file.go", "uploadFileStream")
def test_mattermostdriver_upload_attach_download(driver, world):
    _, alice, channel, _ = world
    uploaded = driver.files.upload_file(channel.id, {"files": ("pic.png", PNG)})
    info = uploaded["file_infos"][0]
    assert (info["name"], info["width"], info["height"], info["user_id"]) == ("pic.png", 8, 4, alice.id)
    post = driver.posts.create_post({"channel_id": channel.id, "message": "see", "file_ids": [info["id"]]})
    assert post["file_ids"] == [info["id"]] and post["metadata"]["files"][0]["post_id"] == post["id"]
    assert driver.files.get_file(info["id"]).content == PNG
    assert driver.files.get_file_metadata(info["id"])["post_id"] == post["id"]
    with pytest.raises(driver_errors.ResourceNotFound):
        driver.files.get_file("a" * 26)


@upstream("server/channels/api4/reaction.go", "saveReaction")
def test_mattermostdriver_reactions(driver, world):
    mm, alice, channel, _ = world
    post = mm.make_post(alice, channel, "react")
    saved = driver.reactions.create_reaction({"user_id": alice.id, "post_id": post.id, "emoji_name": "tada"})
    assert (saved["emoji_name"], saved["channel_id"]) == ("tada", channel.id)
    assert [r["emoji_name"] for r in driver.reactions.get_reactions_of_post(post.id)] == ["tada"]
    assert driver.reactions.delete_reaction(alice.id, post.id, "tada") == {"status": "OK"}
    assert driver.reactions.get_reactions_of_post(post.id) is None
    with pytest.raises(driver_errors.ResourceNotFound):
        driver.reactions.create_reaction(
            {"user_id": alice.id, "post_id": post.id, "emoji_name": "no_such_emoji_q"}
        )


@upstream("server/channels/api4/emoji.go", "createEmoji")
def test_mattermostdriver_custom_emoji(driver, world):
    emoji = driver.emoji.create_custom_emoji("drv_blob", {"image": ("blob.png", PNG)})
    assert driver.emoji.get_custom_emoji_by_name("drv_blob")["id"] == emoji["id"]
    assert driver.emoji.get_custom_emoji_image(emoji["id"]).content == PNG
    assert driver.emoji.delete_custom_emoji(emoji["id"]) == {"status": "OK"}


@upstream("server/channels/api4/preference.go", "updatePreferences")
def test_mattermostdriver_preferences(driver, world):
    _, alice, _, _ = world
    pref = {"user_id": alice.id, "category": "display_settings", "name": "name_format", "value": "full_name"}
    assert driver.preferences.save_user_preferences(alice.id, [pref]) == {"status": "OK"}
    assert (
        driver.preferences.get_specific_user_preference(alice.id, "display_settings", "name_format") == pref
    )
    assert driver.preferences.delete_user_preferences(alice.id, [pref]) == {"status": "OK"}
    with pytest.raises(driver_errors.ResourceNotFound):
        driver.preferences.list_user_preferences_by_category(alice.id, "display_settings")


# ---- mattermostautodriver -----------------------------------------------------------------------
@upstream("server/channels/api4/file.go", "uploadFileStream")
def test_autodriver_upload_and_reactions(autodriver, world):
    mm, alice, channel, _ = world
    uploaded = autodriver.files.upload_file(files=("notes.txt", b"meeting notes"), channel_id=channel.id)
    info = uploaded["file_infos"][0]
    assert (info["name"], info["mime_type"]) == ("notes.txt", "text/plain; charset=utf-8")
    assert autodriver.files.get_file(info["id"]).content == b"meeting notes"
    post = autodriver.posts.create_post(channel_id=channel.id, message="m", file_ids=[info["id"]])
    autodriver.reactions.save_reaction(
        options={"user_id": alice.id, "post_id": post["id"], "emoji_name": "eyes"}
    )
    assert autodriver.reactions.get_reactions(post["id"])[0]["emoji_name"] == "eyes"
    assert autodriver.reactions.delete_reaction(alice.id, post["id"], "eyes") == {"status": "OK"}


@upstream("server/channels/api4/emoji.go", "createEmoji")
def test_autodriver_emoji_and_preferences(autodriver, world):
    _, alice, _, _ = world
    emoji = autodriver.emoji.create_emoji(
        image=("a.png", PNG), emoji=json.dumps({"name": "auto_blob", "creator_id": alice.id})
    )
    assert autodriver.emoji.get_emoji(emoji["id"])["name"] == "auto_blob"
    assert [e["name"] for e in autodriver.emoji.autocomplete_emoji(name="auto")] == ["auto_blob"]
    pref = {"user_id": alice.id, "category": "favorite_channel", "name": "x" * 26, "value": "true"}
    assert autodriver.preferences.update_preferences(alice.id, [pref]) == {"status": "OK"}
    assert autodriver.preferences.get_preferences_by_category(alice.id, "favorite_channel") == [pref]


# ---- matterapi ----------------------------------------------------------------------------------
@upstream("server/channels/api4/file.go", "uploadFileStream")
def test_matterapi_upload_and_file_info(matter, world):
    _, alice, channel, _ = world
    uploaded = matter.files.upload_file(
        multipart_data={"files": ("pic.png", PNG, "image/png"), "channel_id": channel.id}
    )
    info = uploaded.file_infos[0]
    assert (info.name, info.width, info.height, info.user_id) == ("pic.png", 8, 4, alice.id)
    assert matter.files.get_file_info(info.id).mime_type == "image/png"


@upstream("server/channels/api4/reaction.go", "saveReaction")
def test_matterapi_reactions_emoji_preferences(matter, world):
    mm, alice, channel, _ = world
    post = mm.make_post(alice, channel, "react")
    saved = matter.reactions.save_reaction(
        json_body={"user_id": alice.id, "post_id": post.id, "emoji_name": "+1"}
    )
    # The server answers 200, not the document's 201, so matterapi hands back the raw response.
    assert saved.status_code == 200 and (saved.json()["emoji_name"], saved.json()["post_id"]) == (
        "+1",
        post.id,
    )
    assert [r.emoji_name for r in matter.reactions.get_reactions(post.id)] == ["+1"]
    matter.reactions.delete_reaction(alice.id, post.id, "+1")
    form = {
        "image": ("m.png", PNG, "image/png"),
        "emoji": json.dumps({"name": "api_blob", "creator_id": alice.id}),
    }
    emoji = matter.emoji.create_emoji(multipart_data=form)
    assert emoji.status_code == 200
    assert matter.emoji.get_emoji_by_name("api_blob").id == emoji.json()["id"]
    prefs = matter.preferences.get_preferences(alice.id)
    assert {(p.category, p.name) for p in prefs} >= {("tutorial_step", alice.id), ("system_notice", "GMasDM")}
    with pytest.raises(ResourceNotFound):
        matter.emoji.get_emoji("q" * 26)
    with pytest.raises(InvalidOrMissingParameters):
        matter.reactions.save_reaction(json_body={"user_id": alice.id, "post_id": post.id, "emoji_name": ""})
