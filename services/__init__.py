"""Docksmith's domain logic and adapters; knows nothing of GraphQL or HTTP."""
