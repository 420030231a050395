"""English texts of the real server's errors for users, sessions, tokens, preferences, statuses and teams.

The server always sends an error's text from its English catalogue (server/i18n/en.json), whatever the
code that raised it wrote; an id listed here therefore always renders with this text (AppError). Only
texts without parameters are listed; ids whose text takes parameters are formatted where they are raised.
"""

from __future__ import annotations

TEXTS: dict[str, str] = {
    "api.context.404.app_error": "Sorry, we could not find the page.",
    "api.context.permissions.app_error": "You do not have the appropriate permissions.",
    "api.context.session_expired.app_error": "Invalid or expired session, please login again.",
    "api.context.token_provided.app_error": (
        "Session is not OAuth but token was provided in the query string."
    ),
    "api.custom_status.disabled": (
        "Custom status feature has been disabled. Please contact your system administrator for details."
    ),
    "api.custom_status.recent_custom_statuses.delete.app_error": (
        "Failed to delete the recent status. Please try adding the status first or contact your system "
        "administrator for details."
    ),
    "api.custom_status.set_custom_statuses.emoji_not_found": (
        "Failed to update the custom status. An emoji with the given name does not exist."
    ),
    "api.custom_status.set_custom_statuses.update.app_error": (
        "Failed to update the custom status. Please add either emoji or custom text status or both."
    ),
    "api.payload.parse.error": "An error occurred while parsing the payload.",
    "api.preference.delete_preferences.delete.app_error": "Unable to delete user preferences.",
    "api.preference.preferences_category.get.app_error": "Unable to get user preferences.",
    "api.preference.update_preferences.set.app_error": "Unable to set user preferences.",
    "api.status.user_not_found.app_error": "User not found.",
    "api.team.add_team_member.invalid_body.app_error": "Unable to parse the request body.",
    "api.team.get_invite_info.not_open_team": "Invite is invalid because this is not an open team.",
    "api.team.get_team_icon.read_file.app_error": "Unable to read the team icon file.",
    "api.team.is_team_creation_allowed.disabled.app_error": (
        "Team creation has been disabled. Please ask your System Administrator for details."
    ),
    "api.team.is_team_creation_allowed.domain.app_error": (
        "The user cannot be added as the domain associated with the account is not permitted. Contact "
        "your System Administrator for additional details."
    ),
    "api.team.remove_team_icon.get_team.app_error": "An error occurred getting the team.",
    "api.team.remove_user_from_team.missing.app_error": "The user does not appear to be part of this team.",
    "api.team.set_team_icon.check_image_limits.app_error": (
        "Image limits check failed. Resolution is too high."
    ),
    "api.team.set_team_icon.parse.app_error": "Could not parse multipart form.",
    "api.team.set_team_icon.too_large.app_error": "Unable to upload team icon. File is too large.",
    "api.team.update_team_member_roles.user_and_guest.app_error": (
        "Invalid team member update: A guest cannot be set for a single team, a System Admin must promote "
        "or demote users to/from guests."
    ),
    "api.team.user.missing_account": "Unable to find the user.",
    "api.unmarshal_error": "Failed to unmarshal.",
    "api.user.autocomplete_users.missing_team_id.app_error": (
        "Team id parameter is required to autocomplete by channel."
    ),
    "api.user.check_user_login_attempts.too_many.app_error": (
        "Your account is locked because of too many failed password attempts. Please reset your password."
    ),
    "api.user.check_user_password.invalid.app_error": "Login failed because of invalid password.",
    "api.user.create_user.no_open_server": (
        "This server does not allow open signups.  Please speak with your Administrator to receive an "
        "invitation."
    ),
    "api.user.create_user.signup_email_disabled.app_error": "User sign-up with email is disabled.",
    "api.user.create_user.signup_link_invalid.app_error": "The signup link does not appear to be valid.",
    "api.user.create_user.user_limits.exceeded": (
        "Can't create user. Server exceeds safe user limit. Contact your administrator with: "
        "ERROR_SAFETY_LIMITS_EXCEEDED."
    ),
    "api.user.delete_team.not_enabled.app_error": (
        "Permanent team deletion feature is not enabled. Please contact your System Administrator."
    ),
    "api.user.delete_team.not_enabled.for_admin.app_error": (
        "Permanent team deletion feature is not enabled. ServiceSettings.EnableAPITeamDeletion must be "
        "set to true to use this command. See "
        "https://mattermost.com/pl/environment-configuration-settings for more information."
    ),
    "api.user.delete_user.not_enabled.app_error": (
        "Permanent user deletion feature is not enabled. Please contact your System Administrator."
    ),
    "api.user.delete_user.not_enabled.for_admin.app_error": (
        "Permanent user deletion feature is not enabled. ServiceSettings.EnableAPIUserDeletion must be "
        "set to true to use this command. See "
        "https://mattermost.com/pl/environment-configuration-settings for more information."
    ),
    "api.user.get_uploads_for_user.forbidden.app_error": "Failed to get uploads.",
    "api.user.get_user_by_email.permissions.app_error": "Unable to get user by email.",
    "api.user.login.blank_pwd.app_error": "Password field must not be blank",
    "api.user.login.bot_login_forbidden.app_error": "Bot login is forbidden.",
    "api.user.login.inactive.app_error": (
        "Login failed because your account has been deactivated.  Please contact an administrator."
    ),
    "api.user.login.invalid_credentials_email_username": "Enter a valid email or username and/or password.",
    "api.user.login.not_verified.app_error": "Login failed because email address has not been verified.",
    "api.user.reset_password.invalid_link.app_error": "The reset password link does not appear to be valid.",
    "api.user.reset_password_failed_attempts.ldap_and_email_only.app_error": (
        "User auth service must be LDAP or Email."
    ),
    "api.user.reset_password_failed_attempts.permissions.app_error": (
        "You do not have permission to update this resource."
    ),
    "api.user.update_active.not_enable.app_error": (
        "You cannot deactivate yourself because this feature is not enabled. Please contact your System "
        "Administrator."
    ),
    "api.user.update_active.permissions.app_error": "You do not have the appropriate permissions.",
    "api.user.update_password.context.app_error": (
        "Update password failed because context user_id did not match props user_id."
    ),
    "api.user.update_password.incorrect.app_error": (
        'The "Current Password" you entered is incorrect. Please check that Caps Lock is off and try again.'
    ),
    "api.user.update_user_roles.license.app_error": (
        "Custom Permission Schemes not supported by current license"
    ),
    "api.user.upload_profile_user.check_image_limits.app_error": (
        "Image limits check failed. Resolution is too high."
    ),
    "api.user.upload_profile_user.no_file.app_error": "No file under 'image' in request.",
    "api.user.upload_profile_user.parse.app_error": "Could not parse multipart form.",
    "api.user.upload_profile_user.too_large.app_error": "Unable to upload profile image. File is too large.",
    "app.channel.add_member.deleted_user.app_error": "Unable to add the user as a member of the channel.",
    "app.channel.get_member.missing.app_error": "No channel member found for that user ID and channel ID.",
    "app.post.get.app_error": "Unable to get the post.",
    "app.preference.get.app_error": "We encountered an error while finding preferences.",
    "app.role.check_roles_exist.role_not_found": "The provided role does not exist",
    "app.role.get_by_name.app_error": "Unable to get role.",
    "app.session.get.app_error": "We encountered an error finding the session.",
    "app.team.get.find.app_error": "Unable to find the existing team.",
    "app.team.get_by_invite_id.finding.app_error": "Unable to find the existing team.",
    "app.team.get_by_name.missing.app_error": "Unable to find the existing team.",
    "app.team.get_member.missing.app_error": "No team member found for that user ID and team ID.",
    "app.team.join_user_to_team.max_accounts.app_error": (
        "This team has reached the maximum number of allowed accounts. Contact your System Administrator "
        "to set a higher limit."
    ),
    "app.user.get_by_username.app_error": (
        "Unable to find an existing account matching your username for this team. This team may require "
        "an invite from the team owner to join."
    ),
    "app.user.missing_account.const": "Unable to find the user.",
    "app.user.save.email_exists.app_error": "An account with that email already exists.",
    "app.user.save.username_exists.app_error": "An account with that username already exists.",
    "app.user.update_active.user_limit.exceeded": (
        "Can't activate user. Server exceeds safe user limit. ERROR_SAFETY_LIMITS_EXCEEDED."
    ),
    "app.user_access_token.disabled": (
        "Personal access tokens are disabled on this server. Please contact your system administrator for "
        "details."
    ),
    "app.user_access_token.get_by_user.app_error": "Unable to get the personal access tokens by user.",
    "model.preference.is_valid.category.app_error": "Invalid category.",
    "model.preference.is_valid.id.app_error": "Invalid user id.",
    "model.preference.is_valid.limit_visible_dms_gms.app_error": "Invalid value for limit_visible_dms_gms.",
    "model.preference.is_valid.name.app_error": "Invalid name.",
    "model.preference.is_valid.theme.app_error": "Invalid theme.",
    "model.preference.is_valid.value.app_error": "Value is too long.",
    "model.team.is_valid.characters.app_error": "Name must be 2 or more lowercase alphanumeric characters.",
    "model.team.is_valid.company.app_error": "Invalid company name.",
    "model.team.is_valid.create_at.app_error": "Create at must be a valid time.",
    "model.team.is_valid.description.app_error": "Invalid description.",
    "model.team.is_valid.domains.app_error": "Invalid allowed domains.",
    "model.team.is_valid.email.app_error": "Invalid email.",
    "model.team.is_valid.id.app_error": "Invalid Id.",
    "model.team.is_valid.invite_id.app_error": "Invalid invite id.",
    "model.team.is_valid.name.app_error": "Invalid name.",
    "model.team.is_valid.reserved.app_error": "This URL is unavailable. Please try another.",
    "model.team.is_valid.type.app_error": "Invalid type.",
    "model.team.is_valid.update_at.app_error": "Update at must be a valid time.",
    "model.team.is_valid.url.app_error": "Invalid URL Identifier.",
    "model.team_member.is_valid.team_id.app_error": "Invalid team ID.",
    "model.team_member.is_valid.user_id.app_error": "Invalid user id.",
    "model.user.is_valid.auth_data.app_error": "Invalid auth data.",
    "model.user.is_valid.auth_data_pwd.app_error": "Invalid user, password and auth data cannot both be set.",
    "model.user.is_valid.auth_data_type.app_error": (
        "Invalid user: Auth data can only be set if the user uses an external auth service, not "
        "email/password, for authentication."
    ),
    "model.user.is_valid.create_at.app_error": "Create at must be a valid time.",
    "model.user.is_valid.email.app_error": "Invalid email.",
    "model.user.is_valid.first_name.app_error": "Invalid first name.",
    "model.user.is_valid.id.app_error": "Invalid user id.",
    "model.user.is_valid.invalidProperty.app_error": "Invalid props (custom status)",
    "model.user.is_valid.last_name.app_error": "Invalid last name.",
    "model.user.is_valid.locale.app_error": "Invalid locale.",
    "model.user.is_valid.marshal.app_error": "Failed to encode field to JSON",
    "model.user.is_valid.nickname.app_error": "Invalid nickname.",
    "model.user.is_valid.password_limit.app_error": (
        "Unable to set a password over 72 characters due to the limitations of bcrypt."
    ),
    "model.user.is_valid.position.app_error": "Invalid position: must not be longer than 128 characters.",
    "model.user.is_valid.pwd_max_length.app_error": "Your password must contain no more than 72 characters.",
    "model.user.is_valid.update_at.app_error": "Update at must be a valid time.",
    "model.user.is_valid.username.app_error": (
        "Username must begin with a letter, and contain between 3 to 22 lowercase characters made up of "
        'numbers, letters, and the symbols ".", "-", and "_".'
    ),
    "model.user_access_token.is_valid.description.app_error": (
        "Invalid description, must be 255 or less characters."
    ),
    "model.user_access_token.is_valid.id.app_error": "Invalid value for id.",
    "model.user_access_token.is_valid.token.app_error": "Invalid access token.",
    "model.user_access_token.is_valid.user_id.app_error": "Invalid user id.",
    "store.sql_team.save_team.existing.app_error": "A team with this URL already exists.",
    "api.team.search_teams.pagination_not_implemented.public_team_search": (
        "Pagination not implemented for public-only team search."
    ),
    "api.team.search_teams.pagination_not_implemented.private_team_search": (
        "Pagination not implemented for private-only team search."
    ),
    # OAuth 2.0 service provider (app/oauth.go, web/oauth.go, model/oauth.go, authorize.go, oauth_dcr.go)
    "api.command.admin_only.app_error": "Integrations have been limited to admins only.",
    "api.oauth.allow_oauth.pkce_required_public.app_error": (
        "PKCE (Proof Key for Code Exchange) is required for public OAuth clients using authorization code "
        "flow."
    ),
    "api.oauth.allow_oauth.redirect_callback.app_error": (
        "invalid_request: Supplied redirect_uri did not match registered callback_url."
    ),
    "api.oauth.allow_oauth.turn_off.app_error": "The system admin has turned off OAuth2 Service Provider.",
    "api.oauth.authorization_server_metadata.disabled.app_error": "OAuth service provider is disabled.",
    "api.oauth.authorize_oauth.disabled.app_error": (
        "The system admin has turned off OAuth2 Service Provider."
    ),
    "api.oauth.get_access_token.bad_client_id.app_error": "invalid_request: Bad client_id.",
    "api.oauth.get_access_token.bad_grant.app_error": "invalid_request: Bad grant_type.",
    "api.oauth.get_access_token.bad_request.app_error": "invalid_request: Bad request.",
    "api.oauth.get_access_token.credentials.app_error": "invalid_client: Invalid client credentials.",
    "api.oauth.get_access_token.disabled.app_error": (
        "The system admin has turned off OAuth2 Service Provider."
    ),
    "api.oauth.get_access_token.expired_code.app_error": (
        "invalid_grant: Invalid or expired authorization code."
    ),
    "api.oauth.get_access_token.internal_user.app_error": (
        "server_error: Encountered internal server error while pulling user from database."
    ),
    "api.oauth.get_access_token.missing_code.app_error": "invalid_request: Missing code.",
    "api.oauth.get_access_token.missing_refresh_token.app_error": "invalid_request: Missing refresh_token.",
    "api.oauth.get_access_token.redirect_uri.app_error": (
        "invalid_request: Supplied redirect_uri does not match authorization code redirect_uri."
    ),
    "api.oauth.get_access_token.refresh_token.app_error": "invalid_grant: Invalid refresh token.",
    "api.oauth.get_access_token.resource_mismatch.app_error": (
        "Resource parameter mismatch between authorization and token requests."
    ),
    "api.oauth.regenerate_secret.public_client.app_error": (
        "invalid_request: Cannot regenerate secret for public OAuth clients."
    ),
    "api.oauth.register_oauth_app.turn_off.app_error": (
        "The system admin has turned off OAuth2 Service Provider."
    ),
    "app.oauth.get_app.find.app_error": "Unable to find the requested app.",
    "app.oauth.get_apps.find.app_error": "An error occurred while finding the OAuth2 Apps.",
    "model.authorize.is_valid.client_id.app_error": "Invalid client id.",
    "model.authorize.is_valid.code_challenge.app_error": "Code challenge is required when using PKCE.",
    "model.authorize.is_valid.code_challenge.format.app_error": (
        "Code challenge must be base64url-encoded (using characters A-Z, a-z, 0-9, -, _)."
    ),
    "model.authorize.is_valid.code_challenge.length.app_error": (
        "Code challenge must be between 43 and 128 characters long."
    ),
    "model.authorize.is_valid.code_challenge_method.app_error": (
        "Code challenge method is required when using PKCE."
    ),
    "model.authorize.is_valid.code_challenge_method.unsupported.app_error": (
        "Only 'S256' code challenge method is supported."
    ),
    "model.authorize.is_valid.redirect_uri.app_error": "Invalid redirect uri.",
    "model.authorize.is_valid.resource.has_fragment.app_error": (
        "Resource parameter cannot contain a fragment component."
    ),
    "model.authorize.is_valid.resource.length.app_error": "Resource parameter cannot exceed 512 characters.",
    "model.authorize.is_valid.resource.not_absolute.app_error": "Resource parameter must be an absolute URI.",
    "model.authorize.is_valid.response_type.app_error": "Invalid response type.",
    "model.authorize.is_valid.scope.app_error": "Invalid scope.",
    "model.authorize.is_valid.state.app_error": "Invalid state.",
    "model.authorize.validate_pkce.not_used_in_auth.app_error": (
        "PKCE code verifier provided but PKCE was not used during authorization."
    ),
    "model.authorize.validate_pkce.public_client_required.app_error": (
        "PKCE (Proof Key for Code Exchange) is required for public clients."
    ),
    "model.authorize.validate_pkce.verification_failed.app_error": (
        "PKCE code verifier does not match the code challenge."
    ),
    "model.authorize.validate_pkce.verifier_required.app_error": (
        "PKCE code verifier is required when PKCE is used."
    ),
    "model.dcr.is_valid.client_name.app_error": "Client name must be 64 characters or less.",
    "model.dcr.is_valid.client_uri_format.app_error": "Invalid client URI format.",
    "model.dcr.is_valid.client_uri_length.app_error": "Client URI must be less than 256 characters.",
    "model.dcr.is_valid.redirect_uri_format.app_error": "Invalid redirect URI format.",
    "model.dcr.is_valid.redirect_uris.app_error": "At least one redirect URI is required.",
    "model.dcr.is_valid.unsupported_auth_method.app_error": (
        "Unsupported token_endpoint_auth_method supplied."
    ),
    "model.oauth.is_valid.app_id.app_error": "Invalid app id.",
    "model.oauth.is_valid.callback.app_error": (
        "Callback URL must be a valid URL and start with http:// or https://."
    ),
    "model.oauth.is_valid.client_secret.app_error": "Invalid client secret.",
    "model.oauth.is_valid.create_at.app_error": "Create at must be a valid time.",
    "model.oauth.is_valid.creator_id.app_error": "Invalid creator id.",
    "model.oauth.is_valid.description.app_error": "Invalid description.",
    "model.oauth.is_valid.homepage.app_error": (
        "Homepage must be a valid URL and start with http:// or https://."
    ),
    "model.oauth.is_valid.icon_url.app_error": (
        "Icon URL must be a valid URL and start with http:// or https://."
    ),
    "model.oauth.is_valid.mattermost_app_id.app_error": (
        "The maximum length of MattermostAppID is 32 characters."
    ),
    "model.oauth.is_valid.name.app_error": "Invalid name.",
    "model.oauth.is_valid.update_at.app_error": "Update at must be a valid time.",
    "model.oauth.validate_grant.credentials.app_error": "Invalid client credentials.",
    "model.oauth.validate_grant.pkce_required.app_error": (
        "PKCE (Proof Key for Code Exchange) is required for public clients."
    ),
    "model.oauth.validate_grant.public_client_refresh_token.app_error": (
        "Public clients cannot use refresh token grant type."
    ),
    "model.oauth.validate_grant.public_client_secret.app_error": (
        "Public clients must not provide a client secret."
    ),
}
