"""Update orchestration: single and batch updates, rollbacks, the queue."""
