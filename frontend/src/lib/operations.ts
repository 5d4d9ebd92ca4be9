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
