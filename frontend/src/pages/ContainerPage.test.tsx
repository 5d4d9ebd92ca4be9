import { MantineProvider } from "@mantine/core";
import { render, screen, within } from "@testing-library/react";
import { MemoryRouter, Route, Routes } from "react-router";
import { type Client, Provider } from "urql";
import { describe, expect, it, vi } from "vitest";
import { never } from "wonka";
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
