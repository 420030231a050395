"""agents: operations a stock unlicensed 11.2 answers with a refusal or a fixed answer, in its order of
checks (session, permission, licence or config, body). Upstream: server/channels/api4/ (agents.go)."""

from __future__ import annotations

from mockmost.http.checks import answered, fail

ROUTES = [
    answered(
        "GET",
        "/api/v4/agents",
        "get_agents",
        fail(500, "app.agents.get_agents.app_error", "Failed to get agents."),
    ),  # agents.go getAgents
    answered(
        "GET",
        "/api/v4/llmservices",
        "get_llm_services",
        fail(500, "app.agents.get_services.app_error", "Failed to get LLM services."),
        operation_id="GetLLMServices",
    ),  # agents.go getLLMServices
]
