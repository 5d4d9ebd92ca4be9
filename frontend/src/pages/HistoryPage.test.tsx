import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Provider } from "urql";
import { describe, expect, it } from "vitest";
import { answeringClient } from "../test/client";
import { renderUi } from "../test/render";
import { HistoryPage } from "./HistoryPage";

function operation(
  operationId: string,
  containerName: string,
  startedBy: string,
  changed: { operationType: string; oldVersion: string; newVersion: string } | null = null,
) {
  return {
    operationId,
    operationType: "RESTART",
    status: "COMPLETE",
    containerName,
    host: "local",
    stackName: null,
    oldVersion: null,
    newVersion: null,
    errorMessage: null,
    rollbackOccurred: false,
    batchGroupId: null,
    startedBy,
    startedAt: "2026-12-06T23:00:00Z",
    completedAt: "2026-12-06T23:00:05Z",
    ...changed,
  };
}

const HISTORY = {
  operations: {
    edges: [
      { cursor: "1", node: operation("op-1", "web", "anonymous") },
      { cursor: "2", node: operation("op-2", "db", "auto") },
      {
        cursor: "3",
        node: operation("op-3", "app", "auto", {
          operationType: "FIX_MISMATCH",
          oldVersion: "reg.example/Team/app:1.0-Alpine",
          newVersion: "reg.example/Team/app:1.1-Alpine",
        }),
      },
    ],
    pageInfo: { hasNextPage: false, endCursor: "2" },
  },
  hosts: [{ name: "local" }],
  policies: { containers: [] },
};

// History answers; each operation's log never does (not what is tested).
const client = answeringClient({ History: HISTORY });

describe("History: who started an operation", () => {
  it("says it came from the API or web UI with sign-in off, not 'Started by anonymous'", async () => {
    const user = userEvent.setup({ delay: null });
    renderUi(
      <Provider value={client}>
        <HistoryPage />
      </Provider>,
    );
    await user.click(await screen.findByRole("button", { name: /Restart · web/ }));
    expect(await screen.findByText("Started from the API or web UI (sign-in off)")).toBeVisible();
    await user.click(screen.getByRole("button", { name: /Restart · db/ }));
    expect(await screen.findByText("Started automatically by Docksmith")).toBeVisible();
    expect(screen.queryByText(/anonymous|by auto/)).toBeNull();
  });
});

describe("History: what an operation changed", () => {
  it("shows image references and tags in their own case (they are case-sensitive)", async () => {
    renderUi(
      <Provider value={client}>
        <HistoryPage />
      </Provider>,
    );
    const change = await screen.findByText(
      "reg.example/Team/app:1.0-Alpine → reg.example/Team/app:1.1-Alpine",
    );
    // A badge writes its text in capitals (its stylesheet) unless its own
    // style says otherwise.
    const badge = change.closest<HTMLElement>(".mantine-Badge-root");
    expect(badge?.style.textTransform).toBe("none");
  });
});
