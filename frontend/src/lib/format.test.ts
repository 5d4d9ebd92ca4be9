import { describe, expect, it } from "vitest";
import { formatAgo, lastCheckAt } from "./format";

describe("lastCheckAt", () => {
  it("is the later of the last Check now and the last background run", () => {
    // A Check now days ago and background runs since (from the registry
    // cache): the containers were checked minutes ago, not days.
    const status = {
      lastCacheRefresh: "2026-12-03T10:00:00Z",
      lastBackgroundRun: "2026-12-06T23:26:22Z",
    };
    expect(lastCheckAt(status)).toBe("2026-12-06T23:26:22Z");
    expect(formatAgo(lastCheckAt(status), Date.parse("2026-12-06T23:28:22Z"))).toBe("2 min ago");
    expect(
      lastCheckAt({
        lastCacheRefresh: "2026-12-06T23:30:00Z",
        lastBackgroundRun: status.lastBackgroundRun,
      }),
    ).toBe("2026-12-06T23:30:00Z");
  });

  it("takes whichever there is, and null when neither", () => {
    expect(lastCheckAt({ lastCacheRefresh: null, lastBackgroundRun: "2026-12-06T23:26:22Z" })).toBe(
      "2026-12-06T23:26:22Z",
    );
    expect(lastCheckAt({ lastCacheRefresh: "2026-12-06T23:26:22Z" })).toBe("2026-12-06T23:26:22Z");
    expect(lastCheckAt({ lastCacheRefresh: null, lastBackgroundRun: null })).toBeNull();
  });
});
