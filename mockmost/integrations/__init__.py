"""Outbound integrations: the HTTP pool (`outbound`), outgoing webhooks (`outgoing_webhooks`), slash commands
(`commands`), interactive post actions (`actions`) and dialogs (`dialogs`). Their rows live in the store areas
`store.webhooks` and `store.commands`.

This module imports nothing: `state` imports `integrations.outbound`, and the other modules import `state`.
"""
