import type { OperationStatus, OperationType } from "../gql/graphql";

export const OPERATION_TYPE_LABEL: Record<OperationType, string> = {
  UPDATE: "Update",
  BATCH: "Batch update",
  ROLLBACK: "Rollback",
  FIX_MISMATCH: "Compose mismatch fix",
  LABEL_CHANGE: "Label change",
  RESTART: "Restart",
  STOP: "Stop",
  START: "Start",
  REMOVE: "Removal",
  AUTO_UPDATE: "Automatic update",
};

export const OPERATION_TYPES = Object.keys(OPERATION_TYPE_LABEL) as OperationType[];

/** The statuses worth filtering on (live stages are short-lived). */
export const FILTER_STATUSES: OperationStatus[] = ["QUEUED", "COMPLETE", "FAILED", "ROLLING_BACK"];

/** A `yyyy-mm-dd` from a date input, as the start of that day in the browser's zone (ISO). */
export function dayStart(day: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return null;
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  const date = new Date(y, m - 1, d);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** The start of the day after `day`: an inclusive "until" date as an exclusive bound. */
export function dayAfter(day: string): string | null {
  const start = dayStart(day);
  if (!start) return null;
  const date = new Date(start);
  date.setDate(date.getDate() + 1);
  return date.toISOString();
}

type Versioned = {
  operationType: OperationType;
  oldVersion?: string | null;
  newVersion?: string | null;
};

/**
 * A label change stores the managed labels it found (old) and the ones it
 * changed, removals as "" (new), as JSON objects, the original's wire form:
 * shown raw, `{pin-major} → {pin-minor}` reads as a swap when it was an
 * addition. Null when they are not such objects.
 */
function labelChanges(op: Versioned): { key: string; before: string; after: string }[] | null {
  const parse = (text: string | null | undefined): Record<string, unknown> | null => {
    try {
      const value: unknown = JSON.parse(text ?? "");
      return value && typeof value === "object" && !Array.isArray(value)
        ? (value as Record<string, unknown>)
        : null;
    } catch {
      return null;
    }
  };
  const before = parse(op.oldVersion);
  const changed = parse(op.newVersion);
  if (!before || !changed) return null;
  const shown = (v: unknown) => (typeof v === "string" && v !== "" ? v : "unset");
  return Object.keys(changed)
    .sort()
    .map((key) => ({ key, before: shown(before[key]), after: shown(changed[key]) }));
}

/** What an operation changed, in one line: its versions, or the labels a label change set and removed. */
export function changeText(op: Versioned): string | null {
  if (op.operationType === "LABEL_CHANGE") {
    const changes = labelChanges(op);
    if (changes) return changes.map((c) => `${c.key}: ${c.before} → ${c.after}`).join(", ");
  }
  if (!op.oldVersion && !op.newVersion) return null;
  return `${op.oldVersion ?? "?"} → ${op.newVersion ?? "?"}`;
}

/** The version an operation left its container on, for "now runs …" (a label change leaves none). */
export function versionAfter(op: Versioned): string | null {
  return op.operationType === "LABEL_CHANGE" ? null : (op.newVersion ?? null);
}

/** The version an operation replaced, for "returns to … (1.2.0)" (a label change replaced none). */
export function versionBefore(op: Versioned): string | null {
  return op.operationType === "LABEL_CHANGE" ? null : (op.oldVersion ?? null);
}

/**
 * A member's move, as its row should read it. A rollback's members are copies
 * of the update's (the server keeps its old and new images to go back by),
 * so the container moves from their new version back to their old one.
 */
export function memberChangeText(
  operationType: OperationType,
  m: { oldVersion?: string | null; newVersion?: string | null },
): string | null {
  if (!m.oldVersion && !m.newVersion) return null;
  const [from, to] =
    operationType === "ROLLBACK" ? [m.newVersion, m.oldVersion] : [m.oldVersion, m.newVersion];
  return `${from ?? "?"} → ${to ?? "?"}`;
}

/** `a`, `a and b`, `a, b and c`. */
function listText(items: string[]): string {
  return items.length < 2
    ? (items[0] ?? "")
    : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

/**
 * What a rollback of `op` will do, for its confirmation: the container (or
 * each container of a batch) by name, with the version it goes back to. "The
 * containers of this operation" read wrong for the usual single update.
 */
export function rollbackText(
  op: Versioned & { containerName: string },
  members: { container: string; oldVersion?: string | null }[],
): string {
  if (op.operationType === "LABEL_CHANGE") {
    return "The labels this operation set or removed get back the values they had before it.";
  }
  if (members.length > 1) {
    const each = members.map((m) =>
      m.oldVersion ? `${m.container} (${m.oldVersion})` : m.container,
    );
    return `${listText(each)} return to the versions they ran before this operation.`;
  }
  const name = members[0]?.container ?? op.containerName;
  const before = members[0]?.oldVersion ?? versionBefore(op);
  return `${name} returns to the version it ran before this operation${before ? ` (${before})` : ""}.`;
}

/**
 * What a completed operation's notice says: where each container now is. A
 * batch's record names no version of its own, so it said only "Done.".
 */
export function completeText(
  op: Versioned & { containerName: string },
  members: {
    container: string;
    status: string;
    oldVersion?: string | null;
    newVersion?: string | null;
  }[],
): string {
  if (op.operationType === "LABEL_CHANGE") return `The labels of ${op.containerName} are changed.`;
  if (members.length > 1) {
    // A rollback's members are the update's copies: they go back to their old version.
    const now = (m: (typeof members)[number]) =>
      op.operationType === "ROLLBACK" ? m.oldVersion : m.newVersion;
    const moved = members
      .filter((m) => m.status === "complete" && now(m))
      .map((m) => `${m.container} now runs ${now(m)}`);
    return moved.length > 0 ? `${listText(moved)}.` : "Done.";
  }
  const after = versionAfter(op);
  return after ? `${op.containerName} now runs ${after}.` : "Done.";
}
