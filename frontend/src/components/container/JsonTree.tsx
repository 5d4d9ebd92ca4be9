import { Code, Text } from "@mantine/core";
import type { ReactNode } from "react";

function leaf(value: unknown): ReactNode {
  if (value === null || value === undefined)
    return (
      <Text span c="dimmed">
        null
      </Text>
    );
  if (typeof value === "string")
    return (
      <Text span c="teal">
        "{value}"
      </Text>
    );
  return (
    <Text span c="blue">
      {String(value)}
    </Text>
  );
}

/** JSON as nested disclosures (native details/summary: keyboard and screen-reader ready). */
export function JsonTree({
  value,
  name,
  open = false,
}: {
  value: unknown;
  name: string;
  open?: boolean;
}) {
  if (typeof value !== "object" || value === null) {
    return (
      <div style={{ paddingLeft: 16, overflowWrap: "anywhere" }}>
        <Code>{name}</Code>: {leaf(value)}
      </div>
    );
  }
  const entries: [string, unknown][] = Array.isArray(value)
    ? value.map((v, i) => [String(i), v])
    : Object.entries(value as Record<string, unknown>);
  const summary = Array.isArray(value) ? `[${entries.length}]` : `{${entries.length}}`;
  return (
    <details open={open} style={{ paddingLeft: 16 }}>
      <summary style={{ cursor: "pointer" }}>
        <Code>{name}</Code>{" "}
        <Text span c="dimmed" size="sm">
          {summary}
        </Text>
      </summary>
      {entries.map(([k, v]) => (
        <JsonTree key={k} name={k} value={v} />
      ))}
    </details>
  );
}
