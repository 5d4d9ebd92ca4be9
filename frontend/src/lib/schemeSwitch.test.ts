import { afterEach, describe, expect, it, vi } from "vitest";
import { quietSystemSchemeSwitches } from "./schemeSwitch";

function fakeMedia() {
  const listeners = new Set<() => void>();
  const media = {
    matches: false,
    addEventListener: (_: string, f: () => void) => listeners.add(f),
    removeEventListener: (_: string, f: () => void) => listeners.delete(f),
  };
  const win = Object.create(window, {
    matchMedia: { value: () => media },
  }) as Window;
  return {
    win,
    listeners,
    flip: () => {
      for (const f of listeners) f();
    },
  };
}

const quieting = () => document.head.querySelectorAll("style[data-scheme-switch]");

describe("quietSystemSchemeSwitches", () => {
  afterEach(() => vi.useRealTimers());

  it("turns transitions off while the system scheme flips, then back on", () => {
    vi.useFakeTimers();
    const { win, flip } = fakeMedia();
    const stop = quietSystemSchemeSwitches(win);
    expect(quieting()).toHaveLength(0);

    flip();
    expect(quieting()).toHaveLength(1);
    expect(quieting()[0]?.textContent).toContain("transition: none !important");

    vi.runAllTimers();
    expect(quieting()).toHaveLength(0);
    stop();
  });

  it("stops listening when asked", () => {
    const { win, listeners } = fakeMedia();
    const stop = quietSystemSchemeSwitches(win);
    expect(listeners.size).toBe(1);
    stop();
    expect(listeners.size).toBe(0);
  });
});
