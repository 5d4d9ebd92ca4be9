import { cleanup, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Route } from "react-router";
import { describe, expect, it } from "vitest";
import { answeringClient } from "../test/client";
import { renderAt } from "../test/render";
import { OperationPage } from "./OperationPage";

// A finished update as the Operation query answers it.
const UPDATE = {
  operationId: "op_20261207010203_ab12cd34",
  operationType: "UPDATE",
  status: "COMPLETE",
  stage: "COMPLETE",
  containerName: "shop-web-1",
  host: "local",
  stackName: "shop",
  oldVersion: "1.0.0",
  newVersion: "1.1.0",
  errorMessage: null,
  batchGroupId: null,
  batchDetails: [],
  rollbackOccurred: false,
  rollbackOf: null,
  startedAt: "2026-12-07T01:02:03Z",
  completedAt: "2026-12-07T01:02:33Z",
  log: [],
};

/** The operation screen over a client that answers the Operation query with
 * `operation` (null: not found) or, without one, never answers. */
function open(operation?: Record<string, unknown> | null, rollbackable = false) {
  // The policies say the operation is its container's last, as they do when
  // a rollback is offered.
  const containers = rollbackable
    ? [{ container: UPDATE.containerName, canRollback: true, lastOperationId: UPDATE.operationId }]
    : [];
  const client = answeringClient(
    operation === undefined ? {} : { Operation: { operation, policies: { containers } } },
  );
  renderAt(
    `/operations/${UPDATE.operationId}`,
    client,
    <Route path="/operations/:id" element={<OperationPage />} />,
  );
  return screen.getByRole("navigation", { name: "Breadcrumb" });
}

describe("the operation screen's breadcrumb", () => {
  it("names the operation and its container, not 'History / Operation'", async () => {
    const nav = open(UPDATE);
    expect(within(nav).getByRole("link", { name: "History" })).toHaveAttribute("href", "/history");
    expect(within(nav).getByText("Update of shop-web-1")).toHaveAttribute("aria-current", "page");
    expect(within(nav).queryByText("Operation")).toBeNull();
  });

  it("names the host of another host's operation", () => {
    const nav = open({ ...UPDATE, operationType: "ROLLBACK", host: "nas" });
    expect(within(nav).getByText("Rollback of shop-web-1 (nas)")).toHaveAttribute(
      "aria-current",
      "page",
    );
  });

  it("shows the operation id while it loads and when there is none", () => {
    let nav = open();
    expect(within(nav).getByText(UPDATE.operationId)).toHaveAttribute("aria-current", "page");
    cleanup();
    nav = open(null);
    expect(within(nav).getByText(UPDATE.operationId)).toHaveAttribute("aria-current", "page");
    expect(screen.getByRole("alert")).toHaveTextContent(
      `No operation has the id ${UPDATE.operationId}.`,
    );
  });
});

describe("the operation screen's rollback confirmation", () => {
  async function confirmation(operation: Record<string, unknown>) {
    open(operation, true);
    await userEvent.setup().click(screen.getByRole("button", { name: "Roll back" }));
    return within(await screen.findByRole("dialog", { name: "Roll back shop-web-1?" }));
  }

  it("names the one container of an update and its version, not 'the containers'", async () => {
    const dialog = await confirmation(UPDATE);
    expect(
      dialog.getByText("shop-web-1 returns to the version it ran before this operation (1.0.0)."),
    ).toBeVisible();
  });

  it("names each container of a batch with the version it goes back to", async () => {
    const member = (name: string, old: string, next: string) => ({
      container_name: name,
      old_version: old,
      new_version: next,
      status: "complete",
    });
    const dialog = await confirmation({
      ...UPDATE,
      operationType: "BATCH",
      batchDetails: [
        member("shop-web-1", "1.0.0", "1.1.0"),
        member("shop-worker-1", "2.3.0", "2.4.0"),
      ],
    });
    expect(
      dialog.getByText(
        "shop-web-1 (1.0.0) and shop-worker-1 (2.3.0) return to the versions they ran before this operation.",
      ),
    ).toBeVisible();
  });
});

describe("the operation screen's title", () => {
  it("links the container of an update", async () => {
    open(UPDATE);
    const title = await screen.findByRole("heading", { level: 2 });
    expect(within(title).getByRole("link", { name: "shop-web-1" })).toHaveAttribute(
      "href",
      "/containers/shop-web-1",
    );
  });

  it("links no container for a batch's '2 containers' (it opened an empty screen)", async () => {
    const member = (name: string) => ({ container_name: name, status: "complete" });
    open({
      ...UPDATE,
      operationType: "BATCH",
      containerName: "2 containers",
      batchDetails: [member("shop-web-1"), member("shop-worker-1")],
    });
    const title = await screen.findByRole("heading", { level: 2 });
    expect(title).toHaveTextContent("Batch update of 2 containers");
    expect(within(title).queryByRole("link")).toBeNull();
  });
});
