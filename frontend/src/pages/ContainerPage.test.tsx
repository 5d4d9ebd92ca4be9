import { MantineProvider } from "@mantine/core";
import { Notifications } from "@mantine/notifications";
import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter, Route, Routes, useParams } from "react-router";
import { type Client, Provider } from "urql";
import { describe, expect, it, vi } from "vitest";
import { fromValue, never } from "wonka";
import { theme } from "../theme";
import { ContainerPage } from "./ContainerPage";

// The breadcrumb comes from the address alone: a client that never answers
// shows it while the container is still loading.
const silent = {
  executeQuery: vi.fn(() => never),
  executeMutation: vi.fn(() => never),
  executeSubscription: vi.fn(() => never),
} as unknown as Client;

function open(path: string) {
  render(
    <MantineProvider theme={theme} env="test">
      <Provider value={silent}>
        <MemoryRouter initialEntries={[path]}>
          <Routes>
            <Route path="/containers/:name" element={<ContainerPage />} />
          </Routes>
        </MemoryRouter>
      </Provider>
    </MantineProvider>,
  );
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

function restartingClient(answer: unknown) {
  const name = (op: { query: { definitions: { name?: { value: string } }[] } }) =>
    op.query.definitions[0]?.name?.value;
  return {
    executeQuery: vi.fn((op) =>
      name(op) === "ContainerPage"
        ? fromValue({
            operation: op,
            data: { container: null, containerInspect: INSPECT, policies: { containers: [] } },
          })
        : never,
    ),
    executeMutation: vi.fn((op) =>
      fromValue({ operation: op, data: { restartContainer: answer } }),
    ),
    executeSubscription: vi.fn(() => never),
  } as unknown as Client;
}

async function restart(answer: unknown) {
  render(
    <MantineProvider theme={theme} env="test">
      <Notifications />
      <Provider value={restartingClient(answer)}>
        <MemoryRouter initialEntries={["/containers/web"]}>
          <Routes>
            <Route path="/containers/:name" element={<ContainerPage />} />
            <Route path="/operations/:id" element={<OperationScreen />} />
          </Routes>
        </MemoryRouter>
      </Provider>
    </MantineProvider>,
  );
  const user = userEvent.setup({ delay: null });
  await user.click(await screen.findByRole("button", { name: "Restart" }));
  const dialog = await screen.findByRole("dialog", { name: "Restart web?" });
  await user.click(within(dialog).getByRole("button", { name: "Restart" }));
  return user;
}

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
    expect(screen.queryByText("Restart of web started")).toBeNull();
  });
});
