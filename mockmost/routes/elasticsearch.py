"""elasticsearch: operations a stock unlicensed 11.2 answers with a refusal or a fixed answer, in its order
of checks (session, permission, licence or config, body). Upstream: server/channels/api4/
(elasticsearch.go)."""

from __future__ import annotations

from mockmost.http.checks import answered, fail, permission

ROUTES = [
    answered(
        "POST",
        "/api/v4/elasticsearch/purge_indexes",
        "purge_elasticsearch_indexes",
        permission("purge_elasticsearch_indexes"),
        fail(
            501,
            "ent.elasticsearch.test_config.license.error",
            "Your Mattermost license doesn't support indexed search.",
        ),
    ),  # elasticsearch.go purgeElasticsearchIndexes
    answered(
        "POST",
        "/api/v4/elasticsearch/test",
        "test_elasticsearch",
        fail(
            400,
            "api.elasticsearch.test_elasticsearch_settings_nil.app_error",
            "Elasticsearch settings has unset values.",
        ),
    ),  # elasticsearch.go testElasticsearch
]
