import { screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import {
  applyEvent,
  INITIAL_LIVE,
  type LiveState,
  type Member,
  type OperationEventMessage,
  parseMembers,
} from "../lib/progress";
import recorded from "../test/recorded/update-standalone.json";
import { renderUi } from "../test/render";
import { type OperationView, ProgressView } from "./ProgressView";

// Messages recorded from operationProgress during a real update in the lab
// (frontend/src/test/recorded/), with the stored operation read afterwards.
const events = recorded.events as OperationEventMessage[];
const stored = recorded.operation as OperationView & { batchDetails: unknown };

function replay(upTo: number): LiveState {
  return events.slice(0, upTo).reduce(applyEvent, INITIAL_LIVE);
}

const running: OperationView = {
  ...stored,
  status: "QUEUED",
  stage: null,
  completedAt: null,
  log: [],
};

describe("ProgressView fed with recorded subscription messages", () => {
  it("shows the stage and progress of the latest step while running", () => {
    const live = replay(2);
    const { container } = renderUi(<ProgressView operation={running} live={live} members={[]} />);
    expect(container.querySelector("[data-op-status]")).toHaveTextContent("Pulling image");
    const bar = screen.getByRole("progressbar", { name: "Operation progress" });
    expect(bar).toHaveAttribute("aria-valuenow", "60");
    expect(screen.getByTestId("operation-message")).toHaveTextContent(
      "demo-standalone: pulled 127.0.0.1",
    );
  });

  it("ends complete at 100 % with the new version once finished", () => {
    const live = replay(events.length);
    expect(live.finished).toBe(true);
    renderUi(<ProgressView operation={running} live={live} members={[]} />);
    expect(screen.getByRole("progressbar", { name: "Operation progress" })).toHaveAttribute(
      "aria-valuenow",
      "100",
    );
    expect(screen.getByText("The operation completed.")).toBeInTheDocument();
  });

  it("shows the stored record (members, log) after a reload with no live message", () => {
    const members = parseMembers(stored.batchDetails);
    renderUi(<ProgressView operation={stored} live={INITIAL_LIVE} members={members} />);
    const table = screen.getByRole("table", { name: "Containers in this operation" });
    expect(within(table).getByText("demo-standalone")).toBeInTheDocument();
    expect(within(table).getByText("3.1.0 → 3.2.0")).toBeInTheDocument();
    expect(within(table).getByText("complete")).toBeInTheDocument();
    const log = screen.getByRole("region", { name: "Operation log" });
    expect(within(log).getByText("starting")).toBeInTheDocument();
  });

  it("says what failed and that it was rolled back", () => {
    const failure: OperationEventMessage[] = [
      ...events.slice(0, 3),
      {
        __typename: "OperationProgress",
        operationId: stored.operationId,
        stage: "ROLLING_BACK",
        progress: 90,
        message: "demo-standalone: health check failed, rolling back",
        at: "2026-12-06T05:05:40+00:00",
      },
      {
        __typename: "OperationFinished",
        operationId: stored.operationId,
        status: "FAILED",
        error: "health check failed: unhealthy after 30s",
        at: "2026-12-06T05:05:41+00:00",
      },
    ];
    const live = failure.reduce(applyEvent, INITIAL_LIVE);
    const failed: OperationView = {
      ...stored,
      status: "FAILED",
      errorMessage: "health check failed: unhealthy after 30s",
      rollbackOccurred: true,
    };
    renderUi(<ProgressView operation={failed} live={live} members={[]} />);
    const alert = screen.getByRole("alert");
    expect(alert).toHaveTextContent("Failed and rolled back");
    expect(alert).toHaveTextContent("health check failed: unhealthy after 30s");
    expect(alert).toHaveTextContent("The previous version was restored.");
  });

  it("ignores progress arriving after the finish and repeated steps", () => {
    const first = events[0] as OperationEventMessage;
    const finished = replay(events.length);
    expect(applyEvent(finished, first)).toBe(finished);
    const twice = [first, first].reduce(applyEvent, INITIAL_LIVE);
    expect(twice.steps).toHaveLength(1);
  });
});

describe("ProgressView of a label change", () => {
  // As the server stores one (the demo's pinned service given pin-minor).
  const labels: OperationView = {
    ...stored,
    operationType: "LABEL_CHANGE",
    status: "COMPLETE",
    stage: "COMPLETE",
    containerName: "demo-pinned_pinned_1",
    oldVersion: '{"docksmith.version-pin-major": "true"}',
    newVersion: '{"docksmith.version-pin-minor": "true"}',
    log: [
      {
        at: "2026-12-06T17:04:29Z",
        level: "INFO",
        message:
          "edited /s/docker-compose.yml:\n--- a\n+++ b\n@@ -3,2 +3,3 @@\n     labels:\n+      docksmith.version-pin-minor: 'true'\n",
      },
    ],
  };

  it("says which labels changed, never that the container now runs a JSON object", () => {
    const members: Member[] = [
      {
        container: "demo-pinned_pinned_1",
        status: "complete",
        stage: null,
        oldVersion: null,
        newVersion: null,
        message: null,
        rolledBack: false,
      },
    ];
    renderUi(<ProgressView operation={labels} live={INITIAL_LIVE} members={members} />);
    expect(screen.getByText("docksmith.version-pin-minor: unset → true")).toBeInTheDocument();
    expect(screen.queryByText(/now runs/)).toBeNull();
    expect(screen.getByText("The labels of demo-pinned_pinned_1 are changed.")).toBeInTheDocument();
    const table = screen.getByRole("table", { name: "Containers in this operation" });
    expect(within(table).queryByText(/\?/)).toBeNull();
  });

  it("keeps the lines of a multi-line log message (a compose diff) apart", () => {
    renderUi(<ProgressView operation={labels} live={INITIAL_LIVE} members={[]} />);
    const log = screen.getByRole("region", { name: "Operation log" });
    const line = within(log).getByText(/^edited \/s\/docker-compose\.yml:/);
    expect(line).toHaveStyle({ whiteSpace: "pre-wrap" });
  });
});

describe("ProgressView of a rollback", () => {
  // As the server stores the rollback of the recorded update: the operation
  // names the way back, its member is the update's copy (old 3.1.0, new 3.2.0).
  const rollback: OperationView = {
    ...stored,
    operationType: "ROLLBACK",
    status: "COMPLETE",
    stage: "COMPLETE",
    oldVersion: "3.2.0",
    newVersion: "3.1.0",
  };

  it("reads the member's row the same way as the operation: back to the old version", () => {
    const members = parseMembers(stored.batchDetails);
    expect(members[0]).toMatchObject({ oldVersion: "3.1.0", newVersion: "3.2.0" });
    renderUi(<ProgressView operation={rollback} live={INITIAL_LIVE} members={members} />);
    expect(screen.getByText("demo-standalone now runs 3.1.0.")).toBeInTheDocument();
    const table = screen.getByRole("table", { name: "Containers in this operation" });
    expect(within(table).getByText("3.2.0 → 3.1.0")).toBeInTheDocument();
    expect(within(table).queryByText("3.1.0 → 3.2.0")).toBeNull();
  });
});

describe("ProgressView of a batch", () => {
  // As the server stores a batch over one stack: "2 containers" and no version of its own.
  const batch: OperationView = {
    ...stored,
    operationType: "BATCH",
    status: "COMPLETE",
    stage: "COMPLETE",
    containerName: "2 containers",
    oldVersion: null,
    newVersion: null,
  };
  const member = (container: string, oldVersion: string, newVersion: string): Member => ({
    container,
    oldVersion,
    newVersion,
    status: "complete",
    stage: null,
    message: null,
    rolledBack: false,
  });

  it("says where each container now is, not just 'Done.'", () => {
    const members = [
      member("shop_web_1", "1.0.0", "1.1.0"),
      member("shop_worker_1", "2.3.0", "2.4.0"),
    ];
    renderUi(<ProgressView operation={batch} live={INITIAL_LIVE} members={members} />);
    expect(
      screen.getByText("shop_web_1 now runs 1.1.0 and shop_worker_1 now runs 2.4.0."),
    ).toBeInTheDocument();
    expect(screen.queryByText("Done.")).toBeNull();
  });
});
