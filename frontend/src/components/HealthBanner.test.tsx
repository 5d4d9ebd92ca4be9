import { screen } from "@testing-library/react";
import { Provider } from "urql";
import { describe, expect, it } from "vitest";
import { answeringClient } from "../test/client";
import { renderUi } from "../test/render";
import { HealthBanner } from "./HealthBanner";

const NO_SOCKET =
  "Docker engine at unix:///var/run/docker.sock is not reachable: no socket at /var/run/docker.sock";

/** A client answering Health with `docker` up or down and the hosts as `make run` without an engine has them. */
function client(docker: boolean) {
  const answers: Record<string, unknown> = {
    Health: {
      health: { status: "DEGRADED", version: "0.1.0", services: { docker, storage: true } },
    },
    DockerDown: {
      hosts: [
        { name: "local", error: docker ? null : NO_SOCKET },
        { name: "nas", error: "another host's trouble" },
      ],
    },
  };
  return answeringClient(answers);
}

describe("the health banner", () => {
  it("says why Docker is unreachable: the default host's error", async () => {
    renderUi(
      <Provider value={client(false)}>
        <HealthBanner />
      </Provider>,
    );
    const banner = await screen.findByRole("alert", { name: "Connection problem" });
    expect(banner).toHaveTextContent(/^Connection problemDocker is unreachable/);
    expect(await screen.findByText(NO_SOCKET)).toBeVisible();
    expect(screen.queryByText("another host's trouble")).toBeNull();
  });

  it("is not there while Docker answers", () => {
    renderUi(
      <Provider value={client(true)}>
        <HealthBanner />
      </Provider>,
    );
    expect(screen.queryByRole("alert")).toBeNull();
  });
});
