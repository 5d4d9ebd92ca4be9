import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { ContainerStatus } from "../gql/graphql";
import { STATUS_META, STATUSES } from "../lib/status";
import { renderUi } from "../test/render";
import { ChangeBadge, HealthBadge, OperationStatusBadge, StatusBadge } from "./StatusBadge";

describe("StatusBadge", () => {
  // The seed's eight statuses: a new one in the schema without a badge fails tsc,
  // and this pins the words a person (and the e2e tests) read.
  const expected: Record<ContainerStatus, string> = {
    UP_TO_DATE: "Up to date",
    UP_TO_DATE_PINNABLE: "Pinnable",
    UPDATE_AVAILABLE: "Update available",
    UPDATE_AVAILABLE_BLOCKED: "Blocked",
    COMPOSE_MISMATCH: "Compose mismatch",
    LOCAL_IMAGE: "Local image",
    IGNORED: "Ignored",
    ERROR: "Error",
  };

  it.each(Object.entries(expected))("shows %s as %s", (status, label) => {
    renderUi(<StatusBadge status={status as ContainerStatus} />);
    const badge = screen.getByText(label);
    expect(badge.closest("[data-status]")).toHaveAttribute("data-status", status);
  });

  it("covers every status with a distinct label", () => {
    expect(STATUSES).toHaveLength(8);
    const labels = new Set(STATUSES.map((s) => STATUS_META[s].label));
    expect(labels.size).toBe(8);
  });

  it("shows the change kind and nothing without one", () => {
    const { container } = renderUi(<ChangeBadge kind={null} />);
    expect(container.querySelector("[data-change]")).toBeNull();
    renderUi(<ChangeBadge kind="MAJOR" />);
    expect(screen.getByText("Major")).toBeInTheDocument();
  });

  it("shows health only when the container has a healthcheck", () => {
    const { container } = renderUi(<HealthBadge health={null} />);
    expect(container.querySelector("[data-health]")).toBeNull();
    renderUi(<HealthBadge health="UNHEALTHY" />);
    expect(screen.getByText("Unhealthy")).toBeInTheDocument();
  });

  it("says when a failed operation was rolled back", () => {
    renderUi(<OperationStatusBadge status="FAILED" rolledBack />);
    expect(screen.getByText("Failed, rolled back")).toBeInTheDocument();
  });
});
