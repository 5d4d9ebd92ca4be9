"""Authentication and authorisation (docs/security.md)."""
