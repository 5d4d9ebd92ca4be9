import { screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { renderUi } from "../../test/render";
import { HostsPanel } from "./HostsPanel";

describe("HostsPanel", () => {
  it("lists every host with its state, says why one is down, and how to add more", () => {
    const { container } = renderUi(
      <HostsPanel
        hosts={[
          {
            name: "local",
            url: "unix:///var/run/docker.sock",
            source: "DEFAULT",
            status: "UP",
          },
          {
            name: "nas",
            url: "unix:///nonexistent/docker.sock",
            source: "API",
            status: "DOWN",
            error: "Docker engine at unix:///nonexistent/docker.sock is not reachable",
            readOnlyReason: "compose edits are off",
          },
        ]}
      />,
    );
    const nas = container.querySelector<HTMLElement>('[data-host="nas"]');
    expect(nas).not.toBeNull();
    const row = within(nas as HTMLElement);
    expect(row.getByText("down")).toBeInTheDocument();
    expect(row.getByText(/is not reachable/)).toBeInTheDocument();
    expect(row.getByText("compose edits are off")).toBeInTheDocument();
    expect(row.getByText("(added through the API)")).toBeInTheDocument();
    const local = within(
      container.querySelector<HTMLElement>('[data-host="local"]') as HTMLElement,
    );
    expect(local.getByText("up")).toBeInTheDocument();
    expect(local.getByText("(DOCKER_HOST)")).toBeInTheDocument();
    expect(screen.getByText("POST /api/hosts")).toBeInTheDocument();
  });
});
