import type {
  AutoUpdateLevel,
  AutoUpdateSource,
  PolicyEntityType,
  RollbackPolicySource,
} from "../gql/graphql";

/** Where a setting in force came from, in the words the screens use. */
export function decidedBy(source: AutoUpdateSource | RollbackPolicySource): string {
  switch (source) {
    case "LABEL":
      return "its label";
    case "CONTAINER":
      return "container policy";
    case "STACK":
      return "stack policy";
    case "GLOBAL":
      return "global policy";
    case "DEFAULT":
      return "default";
  }
}

export const LEVELS: { value: AutoUpdateLevel; label: string }[] = [
  { value: "OFF", label: "Off: never" },
  { value: "DIGEST", label: "Digest: same version, rebuilt image" },
  { value: "PATCH", label: "Patch: 1.4.2 → 1.4.5" },
  { value: "MINOR", label: "Minor: 1.4.2 → 1.9.0" },
  { value: "MAJOR", label: "Major: any newer version" },
];

/** A stored auto-update policy's fields as the API shows them. */
export interface StoredAutoUpdate {
  level?: AutoUpdateLevel | null;
  minAge?: string | null;
  maintenanceWindow?: string | null;
}

/** The form: "" means not set (the next level decides). */
export interface AutoUpdateForm {
  level: AutoUpdateLevel | "";
  minAge: string;
  maintenanceWindow: string;
}

export function autoUpdateForm(stored: StoredAutoUpdate | null | undefined): AutoUpdateForm {
  return {
    level: stored?.level ?? "",
    minAge: stored?.minAge ?? "",
    maintenanceWindow: stored?.maintenanceWindow ?? "",
  };
}

export interface AutoUpdateChange {
  level?: AutoUpdateLevel;
  minAge?: string;
  maintenanceWindow?: string;
}

/**
 * What setAutoUpdatePolicy needs to turn `stored` into `form`: only what
 * changed; an emptied minimum age or window is sent empty, which clears it
 * (the API's rule). Text goes as typed, so the server judges and words it.
 */
export function autoUpdateChange(
  stored: StoredAutoUpdate | null | undefined,
  form: AutoUpdateForm,
): AutoUpdateChange {
  const before = autoUpdateForm(stored);
  const change: AutoUpdateChange = {};
  if (form.level && form.level !== before.level) change.level = form.level;
  if (form.minAge.trim() !== before.minAge) change.minAge = form.minAge.trim();
  if (form.maintenanceWindow.trim() !== before.maintenanceWindow)
    change.maintenanceWindow = form.maintenanceWindow.trim();
  return change;
}

/** A scope's name as a person reads it. */
export function scopeName(entityType: PolicyEntityType, entityId: string): string {
  switch (entityType) {
    case "GLOBAL":
      return "every container";
    case "STACK":
      return `stack ${entityId}`;
    case "CONTAINER":
      return entityId;
  }
}

/** Docksmith's own container: no policy updates it (a run skips it). */
export const ITSELF = "Docksmith itself: only its own label can include it";
