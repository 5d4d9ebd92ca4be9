import "@testing-library/jest-dom/vitest";
import { cleanup, configure } from "@testing-library/react";
import { afterEach } from "vitest";

afterEach(() => cleanup());

// make test runs on a shared, loaded 2-core machine: findBy*/waitFor's default 1 s
// timed out there (a debounced validation alert) although the UI was right.
configure({ asyncUtilTimeout: 15_000 });

// jsdom lacks what Mantine measures with. Tests ask for reduced motion so that
// no transition leaves a timer behind: one that fired after its file's jsdom was
// torn down failed the whole run ("window is not defined", loaded CI).
window.matchMedia ??= (query: string) =>
  ({
    matches: query.includes("prefers-reduced-motion: reduce"),
    media: query,
    onchange: null,
    addListener: () => {},
    removeListener: () => {},
    addEventListener: () => {},
    removeEventListener: () => {},
    dispatchEvent: () => false,
  }) as MediaQueryList;

class ResizeObserverStub {
  observe() {}
  unobserve() {}
  disconnect() {}
}
window.ResizeObserver ??= ResizeObserverStub as unknown as typeof ResizeObserver;
Element.prototype.scrollIntoView ??= () => {};
