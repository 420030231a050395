"""WebSocket: endpoint, hub, actions."""
