"""Pre-update and post-update scripts confined to SCRIPTS_DIR."""
