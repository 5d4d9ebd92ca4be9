import type { ContainerStatus } from "../gql/graphql";
import { type ChangeKind, changeKind } from "./status";

export interface UpdateFilters {
  search: string;
  status: ContainerStatus | null;
  stack: string | null;
  change: ChangeKind | null;
  /** One Docker host's containers only (null: every host). */
  host: string | null;
}

export const NO_FILTERS: UpdateFilters = {
  search: "",
  status: null,
  stack: null,
  change: null,
  host: null,
};

/** The default Docker host (the engine Docksmith runs next to). */
export const DEFAULT_HOST = "local";

/** A container's identity: the same name on two hosts is two containers. */
export function containerKey(c: { name: string; host?: string | null }): string {
  return `${c.host ?? DEFAULT_HOST}/${c.name}`;
}

/** The Container screen of `name` on `host` (the default host needs no `?host=`). */
export function containerPath(name: string, host?: string | null): string {
  const path = `/containers/${encodeURIComponent(name)}`;
  return host && host !== DEFAULT_HOST ? `${path}?host=${encodeURIComponent(host)}` : path;
}

/** The Stack screen of `name` on `host`. */
export function stackPath(name: string, host?: string | null): string {
  const path = `/stacks/${encodeURIComponent(name)}`;
  return host && host !== DEFAULT_HOST ? `${path}?host=${encodeURIComponent(host)}` : path;
}

/** Every host the containers run on, sorted, the default host first. */
export function hostsOf(containers: { host?: string | null }[]): string[] {
  const found = new Set(containers.map((c) => c.host ?? DEFAULT_HOST));
  return [...found].sort((a, b) =>
    a === DEFAULT_HOST ? -1 : b === DEFAULT_HOST ? 1 : a.localeCompare(b),
  );
}

/** The value the stack filter uses for containers outside any compose project. */
export const STANDALONE = "__standalone__";

export interface FilterableContainer {
  name: string;
  host?: string | null;
  image: string;
  status: ContainerStatus;
  stack?: string | null;
  updateAvailable: boolean;
  changeType?: import("../gql/graphql").ChangeType | null;
  currentTag?: string | null;
  latestTag?: string | null;
}

export function matches(c: FilterableContainer, f: UpdateFilters): boolean {
  const needle = f.search.trim().toLowerCase();
  if (needle && !c.name.toLowerCase().includes(needle) && !c.image.toLowerCase().includes(needle)) {
    return false;
  }
  if (f.status && c.status !== f.status) return false;
  if (f.stack) {
    const stack = c.stack ?? STANDALONE;
    if (stack !== f.stack) return false;
  }
  if (f.change && changeKind(c) !== f.change) return false;
  if (f.host && (c.host ?? DEFAULT_HOST) !== f.host) return false;
  return true;
}

export interface StackGroup<T> {
  /** null for the standalone containers. */
  stack: string | null;
  containers: T[];
}

/** Containers by compose stack (sorted by name), standalone ones last, together. */
export function groupByStack<T extends FilterableContainer>(containers: T[]): StackGroup<T>[] {
  const groups = new Map<string | null, T[]>();
  for (const c of containers) {
    const key = c.stack ?? null;
    const list = groups.get(key);
    if (list) list.push(c);
    else groups.set(key, [c]);
  }
  const named = [...groups.keys()]
    .filter((k): k is string => k !== null)
    .sort((a, b) => a.localeCompare(b));
  const result: StackGroup<T>[] = named.map((stack) => ({
    stack,
    containers: sortByName(groups.get(stack) ?? []),
  }));
  const standalone = groups.get(null);
  if (standalone) result.push({ stack: null, containers: sortByName(standalone) });
  return result;
}

function sortByName<T extends { name: string }>(list: T[]): T[] {
  return [...list].sort((a, b) => a.name.localeCompare(b.name));
}

export function countByStatus(containers: { status: ContainerStatus }[]) {
  const counts = new Map<ContainerStatus, number>();
  for (const c of containers) counts.set(c.status, (counts.get(c.status) ?? 0) + 1);
  return counts;
}
