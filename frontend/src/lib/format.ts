const UNITS = ["B", "kB", "MB", "GB", "TB"];

/** Bytes for a person, in powers of 1000 like `docker system df`. */
export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || Number.isNaN(bytes)) return "unknown";
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit += 1;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${value.toFixed(digits)} ${UNITS[unit]}`;
}

/** An ISO date-time in the browser's locale, or a dash. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return "–";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString();
}

/** "3 min ago" style, for the last-check time. */
export function formatAgo(iso: string | null | undefined, now: number = Date.now()): string {
  if (!iso) return "never";
  const then = new Date(iso).getTime();
  if (Number.isNaN(then)) return iso;
  const seconds = Math.round((now - then) / 1000);
  if (seconds < 45) return "just now";
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.round(hours / 24)} days ago`;
}

/** A Go-style duration (1h30m0s) is shown as is; empty becomes a dash. */
export function formatDuration(value: string | null | undefined): string {
  return value ? value : "–";
}

/**
 * How an operation's log line is shown: some span lines (the unified diff of a
 * compose edit), unreadable once collapsed into one; long words still wrap.
 */
export const LOG_MESSAGE_STYLE = { overflowWrap: "anywhere", whiteSpace: "pre-wrap" } as const;

/**
 * When the containers were last checked: the later of the last background run
 * and the last Check now. `lastCacheRefresh` alone moves only on Check now
 * (background runs answer from the registry cache), so shown alone it said
 * "3 days ago" while a check ran every 5 minutes.
 */
export function lastCheckAt(status: {
  lastCacheRefresh?: string | null;
  lastBackgroundRun?: string | null;
}): string | null {
  const times = [status.lastCacheRefresh, status.lastBackgroundRun].filter(
    (t): t is string => Boolean(t) && !Number.isNaN(new Date(t as string).getTime()),
  );
  if (times.length === 0) return null;
  return times.reduce((a, b) => (new Date(b).getTime() > new Date(a).getTime() ? b : a));
}
