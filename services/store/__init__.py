"""Persistence: Tortoise models, migrations and the repositories over them."""

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
