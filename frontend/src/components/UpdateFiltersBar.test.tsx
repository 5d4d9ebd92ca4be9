import { fireEvent, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { describe, expect, it } from "vitest";
import {
  containerKey,
  type FilterableContainer,
  groupByStack,
  hostsOf,
  matches,
  NO_FILTERS,
  STANDALONE,
  type UpdateFilters,
} from "../lib/filters";
import { renderUi } from "../test/render";
import { UpdateFiltersBar } from "./UpdateFiltersBar";

const containers: FilterableContainer[] = [
  {
    name: "web",
    image: "nginx:1.25.0",
    status: "UPDATE_AVAILABLE",
    stack: "site",
    updateAvailable: true,
    changeType: "MINOR",
    currentTag: "1.25.0",
    latestTag: "1.27.0",
  },
  {
    name: "db",
    image: "postgres:15.1",
    status: "UPDATE_AVAILABLE",
    stack: "site",
    updateAvailable: true,
    changeType: "MAJOR",
    currentTag: "15.1",
    latestTag: "16.4",
  },
  {
    name: "cache",
    image: "redis:latest",
    status: "UPDATE_AVAILABLE",
    stack: null,
    updateAvailable: true,
    changeType: "UNKNOWN",
    currentTag: "latest",
    latestTag: "latest",
  },
  {
    name: "proxy",
    image: "traefik:3.1.2",
    status: "UP_TO_DATE",
    stack: null,
    updateAvailable: false,
    changeType: "NONE",
    currentTag: "3.1.2",
    latestTag: "3.1.2",
  },
];

function names(f: UpdateFilters) {
  return containers
    .filter((c) => matches(c, f))
    .map((c) => c.name)
    .sort();
}

describe("filters", () => {
  it("search matches name or image, case-insensitively", () => {
    expect(names({ ...NO_FILTERS, search: "NGINX" })).toEqual(["web"]);
    expect(names({ ...NO_FILTERS, search: "pro" })).toEqual(["proxy"]);
  });

  it("filters by status, stack (standalone included) and change type", () => {
    expect(names({ ...NO_FILTERS, status: "UP_TO_DATE" })).toEqual(["proxy"]);
    expect(names({ ...NO_FILTERS, stack: "site" })).toEqual(["db", "web"]);
    expect(names({ ...NO_FILTERS, stack: STANDALONE })).toEqual(["cache", "proxy"]);
    expect(names({ ...NO_FILTERS, change: "MAJOR" })).toEqual(["db"]);
    expect(names({ ...NO_FILTERS, change: "DIGEST" })).toEqual(["cache"]);
    expect(names({ ...NO_FILTERS, stack: "site", change: "MINOR" })).toEqual(["web"]);
  });

  it("groups by stack with standalone containers together, last", () => {
    const groups = groupByStack(containers);
    expect(groups.map((g) => g.stack)).toEqual(["site", null]);
    expect(groups[1]?.containers.map((c) => c.name)).toEqual(["cache", "proxy"]);
  });
});

function Harness({ onValue }: { onValue: (f: UpdateFilters) => void }) {
  const [value, setValue] = useState<UpdateFilters>(NO_FILTERS);
  return (
    <UpdateFiltersBar
      value={value}
      onChange={(next) => {
        setValue(next);
        onValue(next);
      }}
      stacks={["site"]}
      hasStandalone
    />
  );
}

describe("UpdateFiltersBar", () => {
  it("has a labelled control for each filter and clears them all", async () => {
    const user = userEvent.setup({ delay: null });
    let last: UpdateFilters = NO_FILTERS;
    renderUi(<Harness onValue={(f) => (last = f)} />);

    await user.type(screen.getByRole("textbox", { name: "Search" }), "db");
    expect(last.search).toBe("db");

    await user.click(screen.getByRole("combobox", { name: "Change type" }));
    await user.click(await screen.findByRole("option", { name: "Major" }));
    expect(last.change).toBe("MAJOR");

    await user.click(screen.getByRole("combobox", { name: "Stack" }));
    await user.click(await screen.findByRole("option", { name: "Standalone" }));
    expect(last.stack).toBe(STANDALONE);

    fireEvent.click(screen.getByRole("button", { name: "Clear filters" }));
    expect(last).toEqual(NO_FILTERS);
    expect(screen.queryByRole("button", { name: "Clear filters" })).toBeNull();
  });
});

describe("hosts", () => {
  const twins: FilterableContainer[] = [
    { ...(containers[0] as FilterableContainer), host: "local" },
    { ...(containers[0] as FilterableContainer), host: "nas" },
    { ...(containers[3] as FilterableContainer), host: "nas" },
  ];

  it("keeps same-named containers of two hosts apart and filters by host", () => {
    expect(twins.map(containerKey)).toEqual(["local/web", "nas/web", "nas/proxy"]);
    expect(hostsOf(twins)).toEqual(["local", "nas"]);
    const onNas = twins.filter((c) => matches(c, { ...NO_FILTERS, host: "nas" }));
    expect(onNas.map(containerKey)).toEqual(["nas/web", "nas/proxy"]);
  });

  it("offers the host filter only when there are several hosts", () => {
    const { unmount } = renderUi(
      <UpdateFiltersBar
        value={NO_FILTERS}
        onChange={() => undefined}
        stacks={[]}
        hasStandalone={false}
        hosts={["local"]}
      />,
    );
    expect(screen.queryByRole("combobox", { name: "Host" })).toBeNull();
    unmount();
    renderUi(
      <UpdateFiltersBar
        value={NO_FILTERS}
        onChange={() => undefined}
        stacks={[]}
        hasStandalone={false}
        hosts={["local", "nas"]}
      />,
    );
    expect(screen.getByRole("combobox", { name: "Host" })).toBeTruthy();
  });
});
