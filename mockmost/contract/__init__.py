"""The contract suite: Mattermost's OpenAPI document (with errata) checked against mockmost or any server.

`mockmost contract --base-url URL` runs it against a real Mattermost; `contracts/` runs it in CI.
"""
