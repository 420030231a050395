"""Slack-style message attachments and interactive actions as the real server decodes them.

Upstream: server/public/model/slack_attachment.go (SlackAttachment, StringifySlackFieldValue,
ParseSlackAttachment), model/integration_action.go (PostAction, GenerateActionIds), model/post.go
(Attachments), app/slack.go (ProcessSlackText, ProcessSlackAttachments).

The server stores attachments through Go structs, so what it keeps and sends back is the struct's
shape: every documented key present, unknown keys dropped, and a value of the wrong JSON type makes
the whole attachment undecodable.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from mockmost import gojson

if TYPE_CHECKING:
    from mockmost.store import Store

ATTACHMENT_STRINGS = (
    "fallback",
    "color",
    "pretext",
    "author_name",
    "author_link",
    "author_icon",
    "title",
    "title_link",
    "text",
)
ATTACHMENT_TAIL_STRINGS = ("image_url", "thumb_url", "footer", "footer_icon")
ACTION_STRINGS = ("id", "type", "name", "style", "data_source", "default_option", "cookie")
# model/post.go PostActionRetainPropKeys
RETAIN_PROP_KEYS = ("from_webhook", "override_username", "override_icon_url")
_MODEL_LINK = re.compile(r"<([^<|]+)\|([^>]+)>")  # model/slack_attachment.go linkWithTextRegex
_APP_LINK = re.compile(r"<([^\n<|>]+)\|([^|\n>]+)>")  # app/webhook.go linkWithTextRegex
_USER_ID_MENTION = re.compile(r"<@([a-zA-Z0-9]+)>")


class DecodeError(ValueError):
    """A value Go's encoding/json would refuse for the target struct."""


def go_str(obj: dict[str, Any], name: str) -> str:
    value = gojson.field(obj, name)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise DecodeError(name)
    return value


def go_bool(obj: dict[str, Any], name: str) -> bool:
    value = gojson.field(obj, name)
    if value is None:
        return False
    if not isinstance(value, bool):
        raise DecodeError(name)
    return value


def go_object(obj: dict[str, Any], name: str) -> dict[str, Any] | None:
    value = gojson.field(obj, name)
    if value is not None and not isinstance(value, dict):
        raise DecodeError(name)
    return value


def go_list(obj: dict[str, Any], name: str) -> list[Any] | None:
    value = gojson.field(obj, name)
    if value is not None and not isinstance(value, list):
        raise DecodeError(name)
    return value


def go_format(value: Any) -> str:
    """fmt.Sprintf("%v") of a decoded JSON value (numbers decode to float64)."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return _go_float(float(value))
    if isinstance(value, list):
        return "[" + " ".join(go_format(v) for v in value) + "]"
    if isinstance(value, dict):
        return "map[" + " ".join(f"{k}:{go_format(value[k])}" for k in sorted(value)) + "]"
    return "<nil>"


def _go_float(f: float) -> str:
    """strconv.FormatFloat(f, 'g', -1, 64), which %v uses: shortest digits, %e from exponent 6 or below -4."""
    if f != f:
        return "NaN"
    if f in (float("inf"), float("-inf")):
        return "+Inf" if f > 0 else "-Inf"
    if f == 0:
        return "0"
    sign, digits, exponent = Decimal(repr(f)).normalize().as_tuple()
    text = "".join(map(str, digits))
    exp = len(text) + int(exponent) - 1
    minus = "-" if sign else ""
    if exp < -4 or exp >= 6:
        mantissa = text[0] + ("." + text[1:] if len(text) > 1 else "")
        return f"{minus}{mantissa}e{'+' if exp >= 0 else '-'}{abs(exp):02d}"
    return minus + format(Decimal(repr(abs(f))).normalize(), "f")


def _decode_field(raw: Any) -> dict[str, Any] | None:
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise DecodeError("fields")
    short = gojson.field(raw, "short")
    if isinstance(short, str):  # model.SlackCompatibleBool accepts "true"/"false" strings
        short = short == "true"
    elif short is not None and not isinstance(short, bool):
        raise DecodeError("short")
    return {"title": go_str(raw, "title"), "value": gojson.field(raw, "value"), "short": bool(short)}


def _decode_action(raw: Any) -> dict[str, Any] | None:
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise DecodeError("actions")
    values = {name: go_str(raw, name) for name in ACTION_STRINGS}
    out: dict[str, Any] = {}
    for name in ("id", "type", "name"):
        if values[name]:
            out[name] = values[name]
    if go_bool(raw, "disabled"):
        out["disabled"] = True
    for name in ("style", "data_source"):
        if values[name]:
            out[name] = values[name]
    options = go_list(raw, "options")
    if options:
        out["options"] = [_decode_option(o) for o in options]
    if values["default_option"]:
        out["default_option"] = values["default_option"]
    integration = go_object(raw, "integration")
    if integration is not None:
        decoded: dict[str, Any] = {}
        if go_str(integration, "url"):
            decoded["url"] = go_str(integration, "url")
        context = go_object(integration, "context")
        if context:
            decoded["context"] = context
        out["integration"] = decoded
    if values["cookie"]:
        out["cookie"] = values["cookie"]
    return out


def _decode_option(raw: Any) -> dict[str, Any] | None:
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise DecodeError("options")
    return {"text": go_str(raw, "text"), "value": go_str(raw, "value")}


def decode_attachment(raw: Any) -> dict[str, Any] | None:
    """One model.SlackAttachment (None for JSON null); DecodeError when Go would refuse it."""
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise DecodeError("attachment")
    ident = gojson.field(raw, "id")
    if ident is not None and type(ident) is not int:
        raise DecodeError("id")
    out: dict[str, Any] = {"id": ident or 0}
    out.update({name: go_str(raw, name) for name in ATTACHMENT_STRINGS})
    fields = go_list(raw, "fields")
    out["fields"] = (
        None if fields is None else [f for f in (_decode_field(f) for f in fields) if f is not None]
    )
    out.update({name: go_str(raw, name) for name in ATTACHMENT_TAIL_STRINGS})
    out["ts"] = gojson.field(raw, "ts")
    actions = go_list(raw, "actions")
    decoded_actions = [a for a in (_decode_action(a) for a in actions or []) if a is not None]
    if decoded_actions:
        out["actions"] = decoded_actions
    return out


def decode_attachments(value: Any) -> list[dict[str, Any]]:
    """A strict decode (webhook payloads, command responses): any bad attachment fails the whole body."""
    if value is None:
        return []
    if not isinstance(value, list):
        raise DecodeError("attachments")
    return [a for a in (decode_attachment(item) for item in value) if a is not None]


def post_attachments(value: Any) -> list[dict[str, Any]] | None:
    """model.Post.Attachments: undecodable items are skipped; a non-list value gives nil."""
    if not isinstance(value, list):
        return None
    out = []
    for item in value:
        try:
            decoded = decode_attachment(item)
        except DecodeError:
            continue
        if decoded is not None:
            out.append(decoded)
    return out


def generate_action_ids(props: dict[str, Any], new_id: Callable[[], str]) -> dict[str, Any]:
    """model.Post.GenerateActionIds (run by PreSave on every post): normalise attachments, mint action ids."""
    if props.get("attachments") is None:
        return props
    attachments = post_attachments(props["attachments"])
    for attachment in attachments or []:
        for action in attachment.get("actions", []):
            if not action.get("id"):
                rest = dict(action)
                action.clear()
                action["id"] = new_id()  # first, where the Go struct puts it
                action.update(rest)
    return {**props, "attachments": attachments}


def find_action(props: dict[str, Any], action_id: str) -> dict[str, Any] | None:
    for attachment in post_attachments(props.get("attachments")) or []:
        for action in attachment.get("actions", []):
            if isinstance(action, dict) and action.get("id") == action_id:
                return action
    return None


def stringify_field_values(attachments: list[dict[str, Any]]) -> list[dict[str, Any]]:
    for attachment in attachments:
        for field in attachment.get("fields") or []:
            if field["value"] is not None:
                field["value"] = go_format(field["value"])
    return attachments


def parse_slack_links(text: str) -> str:
    """model.ParseSlackLinksToMarkdown: <url|label> → [label](url)."""
    return _MODEL_LINK.sub(r"[\2](\1)", text)


def webhook_links(text: str) -> str:
    """app/webhook.go CreateWebhookPost's own <url|label> conversion."""
    return _APP_LINK.sub(r"[\2](\1)", text)


def process_slack_text(store: Store, text: str) -> str:
    """app/slack.go ProcessSlackText: <!channel>/<!here>/<!all> and <@userid> become mentions."""
    for slack, mention in (("<!channel>", "@channel"), ("<!here>", "@here"), ("<!all>", "@all")):
        text = text.replace(slack, mention)
    for user_id in dict.fromkeys(_USER_ID_MENTION.findall(text)):
        user = store.users.find(user_id)
        if user is not None:
            text = text.replace(f"<@{user_id}>", "@" + user.username)
    return text


def process_attachments(store: Store, attachments: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """app/slack.go ProcessSlackAttachments."""
    for attachment in stringify_field_values(attachments):
        for name in ("pretext", "text", "title"):
            attachment[name] = process_slack_text(store, attachment[name])
        for field in attachment.get("fields") or []:
            if field["value"] is not None:
                field["value"] = process_slack_text(store, go_format(field["value"]))
    return attachments


def parse_slack_attachment(props: dict[str, Any], post_type: str, attachments: list[dict[str, Any]]) -> str:
    """model.ParseSlackAttachment: links become Markdown; an untyped post becomes slack_attachment."""
    for attachment in attachments:
        attachment["text"] = parse_slack_links(attachment["text"])
        attachment["pretext"] = parse_slack_links(attachment["pretext"])
        for field in attachment.get("fields") or []:
            if isinstance(field["value"], str):
                field["value"] = parse_slack_links(field["value"])
    props["attachments"] = attachments
    return post_type or "slack_attachment"
