import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Route, useParams } from "react-router";
import { describe, expect, it } from "vitest";
import { answeringClient } from "../test/client";
import { renderAt } from "../test/render";
import { ContainerPage } from "./ContainerPage";

// The breadcrumb comes from the address alone: a client that never answers
// shows it while the container is still loading.
function open(path: string) {
  renderAt(path, answeringClient(), <Route path="/containers/:name" element={<ContainerPage />} />);
  return screen.getByRole("navigation", { name: "Breadcrumb" });
}

describe("the container screen's breadcrumb", () => {
  it("says which container, not 'Updates / Container'", () => {
    const nav = open("/containers/shop-web-1");
    expect(within(nav).getByRole("link", { name: "Updates" })).toHaveAttribute("href", "/");
    expect(within(nav).getByText("shop-web-1")).toHaveAttribute("aria-current", "page");
    expect(within(nav).queryByText("Container")).toBeNull();
  });

  it("names the host of another host's container", () => {
    const nav = open("/containers/shop-web-1?host=nas");
    expect(within(nav).getByText("shop-web-1 (nas)")).toHaveAttribute("aria-current", "page");
  });
});

// A standalone container the engine shows running; every other query stays silent.
const INSPECT = {
  id: "abc123",
  name: "web",
  image: "nginx:1.25",
  imageId: "sha256:1",
  state: "running",
  running: true,
  health: null,
  restartCount: 0,
  startedAt: "2026-12-06T12:00:00Z",
  stack: null,
  service: null,
  labels: [],
};

function OperationScreen() {
  const { id } = useParams();
  return <p>Operation {id}</p>;
}

type Action = "Start" | "Stop" | "Restart" | "Remove";

const FIELD: Record<Action, string> = {
  Start: "startContainer",
  Stop: "stopContainer",
  Restart: "restartContainer",
  Remove: "removeContainer",
};

function actingClient(action: Action, answer: unknown, running: boolean) {
  return answeringClient(
    {
      ContainerPage: {
        container: null,
        containerInspect: { ...INSPECT, running, state: running ? "running" : "exited" },
        policies: { containers: [] },
      },
    },
    { [FIELD[action]]: answer },
  );
}

function UpdatesScreen() {
  return <p>Updates screen</p>;
}

/** Confirm `action` on web's screen; the server answers `answer`. */
// A hidden notice leaves the page once its exit transition has run, a tick
// or more after hide(): tests wait for it to go (a loaded machine was slower
// than an immediate query).
async function act(action: Action, answer: unknown, running = action !== "Start") {
  renderAt(
    "/containers/web",
    actingClient(action, answer, running),
    <>
      <Route path="/" element={<UpdatesScreen />} />
      <Route path="/containers/:name" element={<ContainerPage />} />
      <Route path="/operations/:id" element={<OperationScreen />} />
    </>,
    { notifications: true },
  );
  const user = userEvent.setup({ delay: null });
  await user.click(await screen.findByRole("button", { name: action }));
  const dialog = await screen.findByRole("dialog", { name: `${action} web?` });
  await user.click(within(dialog).getByRole("button", { name: action }));
  return user;
}

const restart = (answer: unknown) => act("Restart", answer);

describe("Restart on the container screen", () => {
  it("says it is done and links its operation", async () => {
    const user = await restart({
      __typename: "ContainerActionSuccess",
      status: "RESTARTED",
      operationId: "op_1",
      message: "Container web restarted successfully",
    });
    expect(await screen.findByText("Restart of web done")).toBeInTheDocument();
    expect(screen.getByText("Container web restarted successfully")).toBeInTheDocument();
    await user.click(screen.getByRole("link", { name: "See operation op_1" }));
    expect(await screen.findByText("Operation op_1")).toBeInTheDocument();
  });

  it("opens the operation of a restart still under way", async () => {
    await restart({
      __typename: "ContainerActionSuccess",
      status: "RESTARTING",
      operationId: "op_2",
      message: "Restarting container web; follow operation op_2 for the outcome",
    });
    expect(await screen.findByText("Operation op_2")).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByText("Restart of web started")).toBeNull());
  });
});

describe("Start, Stop and Remove on the container screen", () => {
  // Each is recorded as an operation, as a restart is: the same notice with
  // its link (they gave a short notice that named no operation).
  it.each([
    ["Stop", "STOPPED", "Container web stopped"],
    ["Start", "STARTED", "Container web started"],
    ["Remove", "REMOVED", "Container web removed"],
  ] as const)("%s says it is done and links its operation", async (action, status, message) => {
    const user = await act(action, {
      __typename: "ContainerActionSuccess",
      status,
      operationId: `op_${action}`,
      message,
    });
    expect(await screen.findByText(`${action} of web done`)).toBeInTheDocument();
    expect(screen.getByText(message)).toBeInTheDocument();
    if (action === "Remove") {
      // The container is gone: the screen goes back to the list, the notice stays.
      expect(await screen.findByText("Updates screen")).toBeInTheDocument();
    }
    await user.click(screen.getByRole("link", { name: `See operation op_${action}` }));
    expect(await screen.findByText(`Operation op_${action}`)).toBeInTheDocument();
  });

  it("opens the operation of a stop still under way", async () => {
    await act("Stop", {
      __typename: "ContainerActionSuccess",
      status: "STOPPING",
      operationId: "op_3",
      message: "Stopping container web; follow operation op_3 for the outcome",
    });
    expect(await screen.findByText("Operation op_3")).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByText("Stop of web started")).toBeNull());
  });

  it("says why a refused stop was refused, and no notice says it started", async () => {
    await act("Stop", {
      __typename: "UserError",
      message: "web is being updated",
      code: "CONTAINER_BUSY",
    });
    expect(await screen.findByText("Stop of web failed")).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByText("Stop of web started")).toBeNull());
  });
});

/** web's Script tab, with the Scripts query answered by `folder` and no script. */
async function scriptTab(folder: { path: string; state: string }) {
  const client = answeringClient({
    ContainerPage: {
      container: null,
      containerInspect: INSPECT,
      policies: { containers: [] },
    },
    Scripts: { scripts: [], scriptsFolder: folder, scriptAssignments: [] },
  });
  renderAt(
    "/containers/web",
    client,
    <Route path="/containers/:name" element={<ContainerPage />} />,
  );
  await userEvent.setup({ delay: null }).click(await screen.findByRole("tab", { name: "Script" }));
  const panel = await screen.findByRole("tabpanel", { name: "Script" });
  return within(panel).findByLabelText("Pre-update script", { selector: "input" });
}

describe("the Script tab with no script to pick", () => {
  it("says SCRIPTS_DIR does not exist, not that it has no scripts", async () => {
    const picker = await scriptTab({ path: "/scripts", state: "MISSING" });
    expect(picker).toHaveAccessibleDescription(
      "SCRIPTS_DIR (/scripts) does not exist: create or mount it and put executable scripts in it.",
    );
  });

  it("says an existing folder holds no scripts yet", async () => {
    const picker = await scriptTab({ path: "/srv/scripts", state: "READY" });
    expect(picker).toHaveAccessibleDescription(
      "SCRIPTS_DIR (/srv/scripts) holds no scripts yet: put an executable script in it.",
    );
  });
});
