"""Transport glue: dispatch, request context, replies. No Mattermost rules live here."""
