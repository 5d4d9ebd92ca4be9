"""Update checks: every container's true status, decided once per run."""
