import type { OperationStatus } from "../gql/graphql";

/** One container of a batch as the operation's batchDetails records it. */
export interface Member {
  container: string;
  oldVersion: string | null;
  newVersion: string | null;
  status: string;
  stage: string | null;
  message: string | null;
  rolledBack: boolean;
}

function str(v: unknown): string | null {
  return typeof v === "string" && v !== "" ? v : null;
}

/** The per-container rows of an operation (batchDetails is free JSON: read it defensively). */
export function parseMembers(details: unknown): Member[] {
  if (!Array.isArray(details)) return [];
  const members: Member[] = [];
  for (const raw of details) {
    if (typeof raw !== "object" || raw === null) continue;
    const d = raw as Record<string, unknown>;
    const container = str(d.container_name);
    if (!container) continue;
    members.push({
      container,
      oldVersion: str(d.old_version),
      newVersion: str(d.new_version),
      status: str(d.status) ?? "pending",
      stage: str(d.stage),
      message: str(d.message),
      rolledBack: d.rollback_occurred === true,
    });
  }
  return members;
}

/** What the operation page shows live, before a refetch brings the stored record. */
export interface LiveState {
  stage: OperationStatus | null;
  progress: number;
  message: string | null;
  finished: boolean;
  error: string | null;
  /** Steps seen, oldest first, for the timeline. */
  steps: { at: string; stage: OperationStatus; message: string; progress: number }[];
}

export const INITIAL_LIVE: LiveState = {
  stage: null,
  progress: 0,
  message: null,
  finished: false,
  error: null,
  steps: [],
};

/** A message of the operationProgress subscription, as recorded from the wire. */
export type OperationEventMessage =
  | {
      __typename: "OperationProgress";
      operationId: string;
      stage: OperationStatus;
      progress: number;
      message: string;
      at: string;
      containerName?: string | null;
    }
  | {
      __typename: "OperationFinished";
      operationId: string;
      status: OperationStatus;
      error?: string | null;
      at: string;
      containerName?: string | null;
    };

/** Fold one subscription message into the live state (pure, so recorded runs can replay it). */
export function applyEvent(state: LiveState, event: OperationEventMessage): LiveState {
  if (event.__typename === "OperationProgress") {
    if (state.finished) return state;
    const last = state.steps[state.steps.length - 1];
    const repeated =
      last !== undefined && last.stage === event.stage && last.message === event.message;
    return {
      ...state,
      stage: event.stage,
      progress: Math.max(0, Math.min(100, event.progress)),
      message: event.message,
      steps: repeated
        ? state.steps
        : [
            ...state.steps,
            { at: event.at, stage: event.stage, message: event.message, progress: event.progress },
          ],
    };
  }
  return {
    ...state,
    stage: event.status,
    progress: event.status === "COMPLETE" ? 100 : state.progress,
    finished: true,
    error: event.error ?? null,
  };
}
