"""Persistence: Tortoise models, migrations and the repositories over them."""

from services.holdback import held_back

# Tortoise imports pydantic (~3.7 MB resident) only to store a pydantic model
# given to a JSON field; Docksmith has none, and nothing else loads it.
with held_back("pydantic"):
    from services.store.database import Store
    from services.store.repositories import (
        BackupRepository,
        CacheRepository,
        HistoryRepository,
        OperationRepository,
        PolicyRepository,
        ProcessRepository,
        QueueRepository,
        ScriptAssignmentRepository,
        SettingsRepository,
    )

__all__ = [
    "BackupRepository",
    "CacheRepository",
    "HistoryRepository",
    "OperationRepository",
    "PolicyRepository",
    "ProcessRepository",
    "QueueRepository",
    "ScriptAssignmentRepository",
    "SettingsRepository",
    "Store",
]
