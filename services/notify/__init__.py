"""Notifications: Apprise channels and the signed webhook, fed by checks,
operations and the engine watch (docs/notifications.md)."""
