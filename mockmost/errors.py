"""The one error type, shaped like Mattermost's AppError. Upstream: server/public/model/utils.go."""

from __future__ import annotations

from dataclasses import dataclass, field

from mockmost.error_texts import TEXTS

MESSAGES: dict[str, str] = {
    "api.context.session_expired.app_error": "Invalid or expired session, please login again.",
    "api.context.permissions.app_error": "You do not have the appropriate permissions.",
    "api.context.invalid_url_param.app_error": "Invalid or missing {name} parameter in request URL.",
    "api.context.invalid_body_param.app_error": "Invalid or missing {name} in request body.",
    "api.context.invalid_param.app_error": "Invalid {name} parameter.",
    "api.context.404.app_error": "Sorry, we could not find the page.",
    "api.context.request_body_too_large.app_error": "Request body too large.",
    "api.context.token_provided.app_error": (
        "Session is not OAuth but token was provided in the query string."
    ),
    "api.payload.parse.error": "An error occurred while parsing the payload.",
    "app.user.missing_account.const": "Unable to find the user.",
    "app.user.get_by_username.app_error": (
        "Unable to find an existing account matching your username for this team."
    ),
    "app.team.get.find.app_error": "Unable to find the existing team.",
    "app.team.get_by_name.missing.app_error": "Unable to find the existing team.",
    "app.channel.get.existing.app_error": "Unable to find the existing channel.",
    "app.channel.get_by_name.missing.app_error": "Channel does not exist.",
    "app.channel.get_member.missing.app_error": "Unable to find the channel member.",
    "app.post.get.app_error": "Unable to get the post.",
    "model.user.is_valid.username.app_error": (
        "Username must begin with a letter, and contain between 3 to 22 lowercase characters made up of "
        'numbers, letters, and the symbols ".", "-", and "_".'
    ),
    "model.user.is_valid.first_name.app_error": "Invalid first name.",
    "api.user.login.blank_pwd.app_error": "Password field must not be blank",
    "api.user.login.invalid_credentials_email_username": "Enter a valid email or username and/or password.",
    "api.user.login.inactive.app_error": "Login failed because your account has been deactivated.",
    "api.user.login.bot_login_forbidden.app_error": "Bot login is forbidden.",
    "api.user.check_user_login_attempts.too_many.app_error": (
        "Your account is locked because of too many failed password attempts. Please reset your password."
    ),
}


@dataclass(slots=True)
class AppError(Exception):
    """An error the real server would send: rendered as {id, message, detailed_error, request_id,
    status_code}."""

    id: str
    status: int
    message: str = ""
    detailed_error: str = ""
    params: dict[str, str] = field(default_factory=dict)
    # Set by the dispatcher when the session check itself refused the request (web/handlers.go clears the
    # MMAUTHTOKEN cookie then, never for a handler's own 401).
    from_authentication: bool = False

    def __post_init__(self) -> None:
        if self.id in TEXTS:  # the server's English text for this id, whatever the raise site wrote
            self.message = TEXTS[self.id]
        elif not self.message:
            template = MESSAGES.get(self.id, self.id)
            try:
                self.message = template.format(**self.params)
            except (KeyError, IndexError):
                self.message = template

    def body(self, request_id: str = "") -> dict[str, object]:
        out: dict[str, object] = {
            "id": self.id,
            "message": self.message,
            "detailed_error": self.detailed_error,
        }
        if request_id:
            out["request_id"] = request_id
        out["status_code"] = self.status
        return out


def invalid_url_param(name: str) -> AppError:
    return AppError("api.context.invalid_url_param.app_error", 400, params={"name": name})


def invalid_body_param(name: str) -> AppError:
    return AppError("api.context.invalid_body_param.app_error", 400, params={"name": name})


def invalid_param(name: str) -> AppError:
    return AppError("api.context.invalid_param.app_error", 400, params={"name": name})


def permission_denied() -> AppError:
    return AppError("api.context.permissions.app_error", 403)


def session_expired() -> AppError:
    return AppError("api.context.session_expired.app_error", 401)


def internal_error() -> AppError:
    """What mockmost answers for its own bug (the crash is logged with its traceback and recorded): the
    generic 500 the real server sends when it hides an error's details (web/handlers.go handleContextError:
    "Internal Server Error", detailed_error wiped), with no Python text in it. Hardened mode also blanks the
    id; every other AppError the server sends has one, and clients branch on it, so this one keeps an id
    that names what happened."""
    return AppError("api.context.unexpected_error", 500, message="Internal Server Error")


def not_found_route(path: str) -> AppError:
    detail = (
        f"There doesn't appear to be an api call for the url='{path}'.  "
        "Typo? are you missing a team_id or user_id as part of the url?"
    )
    return AppError("api.context.404.app_error", 404, detailed_error=detail)
