import type { ScriptsFolderState } from "../gql/graphql";

/**
 * What a list says when it shows nothing. An empty list must not suggest
 * "nothing here" when the truth is "could not look" (Docker unreachable), nor
 * blame filters nobody set.
 */

/** The Updates list with no visible row. */
export function updatesEmptyText(total: number, dockerDown: boolean): string {
  if (total > 0) return "No container matches these filters.";
  if (dockerDown) {
    return "No containers to show: Docker is unreachable, so none can be listed (the banner above says why it matters).";
  }
  return "No containers yet: run a check, or start some containers.";
}

/** A History page with no operation. */
export function historyEmptyText(filtered: boolean): string {
  return filtered
    ? "No operation matches these filters."
    : "No operations yet: updates, rollbacks, restarts and label changes appear here once started.";
}

/**
 * Whether the Container screen may say the container does not exist: only
 * when the lookup answered, not when it failed (Docker down, no permission).
 */
export function containerMissing(answered: boolean, found: boolean, failed: boolean): boolean {
  return answered && !found && !failed;
}

/**
 * Why the Explorer's Prune buttons are disabled, or null when they may be
 * used: a prune acts on what the engine holds, so it waits until the
 * engine's resources have loaded (Docker unreachable: nothing to act on).
 */
export function pruneBlockedReason(loaded: boolean, failed: boolean): string | null {
  if (loaded) return null;
  return failed
    ? "Prune is unavailable: this host's Docker resources could not be loaded (the error above says why)."
    : "Prune is available once the Docker resources have loaded.";
}

/**
 * Why the script picker offers nothing, or null when it has scripts. "No
 * scripts" misled when the folder did not exist: the fix is then to create
 * (or mount) it, not to look for scripts in it.
 */
export function scriptsEmptyText(
  folder: { path: string; state: ScriptsFolderState },
  scripts: number,
): string | null {
  switch (folder.state) {
    case "MISSING":
      return `SCRIPTS_DIR (${folder.path}) does not exist: create or mount it and put executable scripts in it.`;
    case "NOT_A_FOLDER":
      return `SCRIPTS_DIR (${folder.path}) is not a folder: point SCRIPTS_DIR at the folder of your scripts.`;
    case "UNREADABLE":
      return `Docksmith may not read SCRIPTS_DIR (${folder.path}): let its user list the folder.`;
    case "READY":
      return scripts > 0
        ? null
        : `SCRIPTS_DIR (${folder.path}) holds no scripts yet: put an executable script in it.`;
  }
}
