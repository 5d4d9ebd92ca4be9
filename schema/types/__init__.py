"""Strawberry types: thin projections of domain objects (`from_domain`)."""
