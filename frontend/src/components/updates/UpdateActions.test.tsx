import { cleanup, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Route, useParams } from "react-router";
import type { Client } from "urql";
import { describe, expect, it, vi } from "vitest";
import { fromValue } from "wonka";
import type { ContainerFieldsFragment } from "../../gql/graphql";
import { renderAt } from "../../test/render";
import { ContainerUpdateActions } from "./UpdateActions";

// A container of another host with an update, as the Container screen's query
// answers it.
const WEB: ContainerFieldsFragment = {
  name: "shop-web-1",
  host: "nas",
  readOnlyReason: null,
  id: "abc123",
  image: "127.0.0.1:5000/ui/web:1.0.0",
  status: "UPDATE_AVAILABLE",
  updateAvailable: true,
  stack: "shop",
  service: "web",
  state: "running",
  health: null,
  currentTag: "1.0.0",
  currentVersion: "1.0.0",
  latestVersion: "1.1.0",
  latestTag: "1.1.0",
  changeType: "MINOR",
  recommendedTag: null,
  reason: null,
  error: null,
  composeImage: null,
  composeFile: null,
  labelsOutOfSync: false,
  labels: [],
  preUpdateCheck: null,
  checkedAt: "2026-12-06T12:00:00Z",
  lastOperation: {
    operationId: "op-before",
    operationType: "UPDATE",
    status: "COMPLETE",
    rollbackOccurred: false,
    newVersion: "1.0.0",
    oldVersion: "0.9.0",
  },
};

const TAGS = {
  containerTagOptions: {
    __typename: "ContainerTagOptions",
    currentTag: "1.0.0",
    constraints: [],
    tags: [
      { tag: "1.1.0", allowed: true, excludedBy: null, current: false },
      { tag: "1.0.0", allowed: true, excludedBy: null, current: true },
    ],
  },
};

// The container's auto-rollback setting in force, as policyScope answers it.
function inForce(
  rollback: { autoRollback: boolean; source: string } | null,
  problems: string[] = [],
) {
  return { policyScope: { __typename: "PolicyScope", problems, rollback } };
}

const ROLLBACK_OFF = inForce({ autoRollback: false, source: "GLOBAL" });

/**
 * A client that answers every mutation with `answer`, the tag options and
 * the rollback setting queries with `queries`, and records what it was asked.
 */
function fakeClient(
  answer: Record<string, unknown>,
  queries: Record<string, unknown> = { TagOptions: TAGS, AutoRollback: ROLLBACK_OFF },
) {
  const calls: { query: string; variables: unknown }[] = [];
  const record = (kind: "query" | "mutation") =>
    vi.fn((op: { query: { definitions: { name?: { value: string } }[] }; variables: unknown }) => {
      const name = op.query.definitions[0]?.name?.value ?? "";
      calls.push({ query: name, variables: op.variables });
      return fromValue({ operation: op, data: kind === "query" ? queries[name] : answer });
    });
  const client = {
    executeQuery: record("query"),
    executeMutation: record("mutation"),
    executeSubscription: vi.fn(),
  } as unknown as Client;
  return { client, calls };
}

function OperationScreen() {
  const { id } = useParams();
  return <p>Operation {id}</p>;
}

function show(client: Client, rollbackOperationId: string | null = null, c = WEB) {
  renderAt(
    "/containers/shop-web-1?host=nas",
    client,
    <>
      <Route
        path="/containers/:name"
        element={<ContainerUpdateActions container={c} rollbackOperationId={rollbackOperationId} />}
      />
      <Route path="/operations/:id" element={<OperationScreen />} />
    </>,
    { notifications: true },
  );
}

const started = {
  __typename: "OperationStarted",
  operationId: "op-new",
  queued: false,
};

describe("ContainerUpdateActions", () => {
  it("updates the container of its host to the latest allowed version and opens the progress", async () => {
    const user = userEvent.setup({ delay: null });
    const { client, calls } = fakeClient({ updateContainer: started });
    show(client);
    await user.click(screen.getByRole("button", { name: "Update shop-web-1" }));
    const dialog = await screen.findByRole("dialog", { name: "Update shop-web-1?" });
    expect(dialog).toHaveTextContent("moves from 1.0.0 to 1.1.0");
    await user.click(within(dialog).getByRole("button", { name: "Update" }));
    expect(await screen.findByText("Operation op-new")).toBeInTheDocument();
    expect(calls).toEqual([
      { query: "AutoRollback", variables: { name: "shop-web-1", host: "nas" } },
      {
        query: "UpdateContainer",
        variables: { input: { container: "shop-web-1", version: null, host: "nas" } },
      },
    ]);
  });

  it("says whether a failed update of this container rolls back by itself, and who decided", async () => {
    const user = userEvent.setup({ delay: null });
    const open = async () => {
      await user.click(screen.getByRole("button", { name: "Update shop-web-1" }));
      return screen.findByRole("dialog", { name: "Update shop-web-1?" });
    };
    show(fakeClient({}).client);
    let dialog = await open();
    expect(dialog).toHaveTextContent(
      "Automatic rollback is off for shop-web-1 (global policy): if it is not healthy, the compose file is restored but shop-web-1 keeps running the new version until you roll it back.",
    );
    cleanup();
    show(fakeClient({}, { AutoRollback: inForce({ autoRollback: true, source: "STACK" }) }).client);
    dialog = await open();
    expect(dialog).toHaveTextContent(
      "Automatic rollback is on for shop-web-1 (stack policy): if it is not healthy, Docksmith brings the old version back by itself.",
    );
    cleanup();
    // A wrong label leaves no setting in force: the update refuses it first.
    show(
      fakeClient(
        {},
        {
          AutoRollback: inForce(null, [
            "docksmith.auto-rollback must be true or false, not 'maybe'",
          ]),
        },
      ).client,
    );
    dialog = await open();
    expect(dialog).toHaveTextContent(
      "Automatic rollback cannot be decided (docksmith.auto-rollback must be true or false, not 'maybe'): the update stops before it changes anything",
    );
  });

  it("speaks of a compose file only when the container has one", async () => {
    const user = userEvent.setup({ delay: null });
    const { client } = fakeClient({ updateContainer: started });
    show(client);
    await user.click(screen.getByRole("button", { name: "Update shop-web-1" }));
    let dialog = await screen.findByRole("dialog", { name: "Update shop-web-1?" });
    expect(dialog).toHaveTextContent("backs up the compose file, pulls the image");
    cleanup();
    show(client, null, { ...WEB, stack: null, service: null, composeFile: null });
    await user.click(screen.getByRole("button", { name: "Update shop-web-1" }));
    dialog = await screen.findByRole("dialog", { name: "Update shop-web-1?" });
    expect(dialog).not.toHaveTextContent(/compose/);
    expect(dialog).toHaveTextContent(
      "pulls the image, recreates the container with its current settings and waits for it to be healthy",
    );
    // The swap puts the old container back whatever the policy: nothing to look up.
    expect(dialog).toHaveTextContent("If it is not, the old container is put back by itself.");
    expect(dialog).not.toHaveTextContent(/automatic rollback/i);
  });

  it("updates to a version picked from the tags of its host", async () => {
    const user = userEvent.setup({ delay: null });
    const { client, calls } = fakeClient({ updateContainer: started });
    show(client);
    await user.click(screen.getByRole("button", { name: "Choose version…" }));
    await user.click(await screen.findByRole("radio", { name: /1\.1\.0/ }));
    await user.click(screen.getByRole("button", { name: "Update to 1.1.0" }));
    expect(await screen.findByText("Operation op-new")).toBeInTheDocument();
    expect(calls).toEqual([
      { query: "TagOptions", variables: { name: "shop-web-1", host: "nas" } },
      {
        query: "UpdateContainer",
        variables: { input: { container: "shop-web-1", version: "1.1.0", host: "nas" } },
      },
    ]);
  });

  it("rolls back only when the overview names an operation", async () => {
    const user = userEvent.setup({ delay: null });
    const upToDate = { ...WEB, status: "UP_TO_DATE", updateAvailable: false } as const;
    const { client, calls } = fakeClient({ rollbackOperation: started });
    show(client, null, upToDate);
    expect(screen.queryByRole("button", { name: "Roll back" })).toBeNull();
    expect(screen.queryByRole("button", { name: "Update shop-web-1" })).toBeNull();
    screen.getByRole("button", { name: "Choose version…" });
    cleanup();
    show(client, "op-before", upToDate);
    await user.click(screen.getByRole("button", { name: "Roll back" }));
    const dialog = await screen.findByRole("dialog", { name: "Roll back shop-web-1?" });
    expect(dialog).toHaveTextContent("(0.9.0)");
    await user.click(within(dialog).getByRole("button", { name: "Roll back" }));
    expect(await screen.findByText("Operation op-new")).toBeInTheDocument();
    expect(calls).toEqual([
      {
        query: "RollbackOperation",
        variables: { input: { operationId: "op-before", containers: ["shop-web-1"] } },
      },
    ]);
  });

  it("says why when the server refuses, and stays on the screen", async () => {
    const user = userEvent.setup({ delay: null });
    const { client } = fakeClient({
      updateContainer: {
        __typename: "UserError",
        message: "shop-web-1 is being updated",
        code: "CONTAINER_BUSY",
      },
    });
    show(client);
    await user.click(screen.getByRole("button", { name: "Update shop-web-1" }));
    const dialog = await screen.findByRole("dialog", { name: "Update shop-web-1?" });
    await user.click(within(dialog).getByRole("button", { name: "Update" }));
    expect(
      await screen.findByText("shop-web-1 is being updated (error code CONTAINER_BUSY)"),
    ).toBeInTheDocument();
    expect(screen.queryByText(/^Operation /)).toBeNull();
  });
});
