import { Code, Group, Paper, Select, Skeleton, Stack, Switch, Text } from "@mantine/core";
import { useEffect, useRef, useState } from "react";
import { useQuery, useSubscription } from "urql";
import { graphql } from "../../gql";
import { ErrorAlert } from "../ErrorAlert";

const LogsQuery = graphql(`
  query ContainerLogs($name: String!, $host: String, $tail: Int) {
    containerLogs(name: $name, host: $host, tail: $tail, timestamps: true) {
      container
      lines {
        timestamp
        text
      }
    }
  }
`);

const LogsSubscription = graphql(`
  subscription ContainerLogsFollow($name: String!, $host: String, $tail: Int!) {
    containerLogs(name: $name, host: $host, tail: $tail) {
      timestamp
      text
    }
  }
`);

interface Line {
  timestamp?: string | null;
  text: string;
}

const TAILS = ["50", "100", "500", "1000"];

/** The container's last lines; with Follow on, new lines arrive over the subscription. */
export function LogsPanel({ name, host }: { name: string; host: string | null }) {
  const [tail, setTail] = useState("100");
  const [follow, setFollow] = useState(false);
  const size = Number(tail);
  const [{ data, fetching, error }] = useQuery({
    query: LogsQuery,
    variables: { name, host, tail: size },
    pause: follow,
    requestPolicy: "network-only",
  });
  const [live, setLive] = useState<Line[]>([]);
  const [{ error: liveError }] = useSubscription(
    { query: LogsSubscription, variables: { name, host, tail: size }, pause: !follow },
    (_prev: unknown, next) => {
      setLive((lines) => [...lines, next.containerLogs].slice(-size * 2));
      return next;
    },
  );
  useEffect(() => {
    if (follow) setLive([]);
  }, [follow]);

  const lines: Line[] = follow ? live : (data?.containerLogs?.lines ?? []);
  const bottom = useRef<HTMLDivElement>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: scroll when lines arrive
  useEffect(() => {
    if (follow) bottom.current?.scrollIntoView({ block: "nearest" });
  }, [lines.length, follow]);

  return (
    <Stack gap="sm">
      <Group gap="md" wrap="wrap" align="flex-end">
        <Select
          label="Lines"
          data={TAILS}
          value={tail}
          onChange={(v) => setTail(v ?? "100")}
          allowDeselect={false}
          w={110}
        />
        <Switch
          label="Follow"
          checked={follow}
          onChange={(e) => setFollow(e.currentTarget.checked)}
        />
      </Group>
      <ErrorAlert error={follow ? liveError : error} title="Could not read the logs" />
      {!follow && !data && fetching && <Skeleton height={200} aria-label="Loading logs" />}
      {(data || follow) && (
        <Paper
          withBorder
          p="xs"
          mah={480}
          style={{ overflowY: "auto" }}
          role="log"
          aria-label="Container logs"
          tabIndex={0}
        >
          {lines.length === 0 ? (
            <Text size="sm" c="dimmed">
              {follow ? "Waiting for lines…" : "No log lines."}
            </Text>
          ) : (
            <Code block style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
              {lines
                .map((l) =>
                  l.timestamp ? `${new Date(l.timestamp).toLocaleTimeString()} ${l.text}` : l.text,
                )
                .join("\n")}
            </Code>
          )}
          <div ref={bottom} />
        </Paper>
      )}
    </Stack>
  );
}
