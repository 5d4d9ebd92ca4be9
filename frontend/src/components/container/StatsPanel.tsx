import { Sparkline } from "@mantine/charts";
import { Paper, SimpleGrid, Skeleton, Stack, Text } from "@mantine/core";
import { useState } from "react";
import { useSubscription } from "urql";
import { graphql } from "../../gql";
import type { ContainerStatsFollowSubscription } from "../../gql/graphql";
import { formatBytes } from "../../lib/format";
import { ErrorAlert } from "../ErrorAlert";

const StatsSubscription = graphql(`
  subscription ContainerStatsFollow($name: String!, $host: String) {
    containerStats(name: $name, host: $host) {
      readAt
      cpuPercent
      memoryUsage
      memoryLimit
      memoryPercent
      networkRx
      networkTx
      pids
    }
  }
`);

type Sample = ContainerStatsFollowSubscription["containerStats"];

const KEEP = 60;

/** Bytes per second between consecutive samples of a cumulative counter. */
export function rates(samples: Sample[], pick: (s: Sample) => number): number[] {
  const out: number[] = [];
  for (let i = 1; i < samples.length; i++) {
    const a = samples[i - 1] as Sample;
    const b = samples[i] as Sample;
    const dt =
      a.readAt && b.readAt
        ? (new Date(b.readAt).getTime() - new Date(a.readAt).getTime()) / 1000
        : 1;
    out.push(Math.max(0, (pick(b) - pick(a)) / (dt > 0 ? dt : 1)));
  }
  return out;
}

function Chart({
  title,
  value,
  data,
  color,
}: {
  title: string;
  value: string;
  data: number[];
  color: string;
}) {
  return (
    <Paper withBorder p="sm">
      <Text size="sm" fw={600}>
        {title}
      </Text>
      <Text size="lg" aria-live="off">
        {value}
      </Text>
      <Sparkline
        h={60}
        data={data.length > 1 ? data : [0, 0]}
        color={color}
        curveType="linear"
        fillOpacity={0.3}
        strokeWidth={2}
        aria-label={`${title} over the last ${data.length} samples`}
        role="img"
      />
    </Paper>
  );
}

/** Live CPU, memory and network as small charts (the last minute or so of samples). */
export function StatsPanel({ name, host }: { name: string; host: string | null }) {
  const [samples, setSamples] = useState<Sample[]>([]);
  const [{ error }] = useSubscription(
    { query: StatsSubscription, variables: { name, host } },
    (_prev: unknown, next) => {
      setSamples((all) => [...all, next.containerStats].slice(-KEEP));
      return next;
    },
  );
  const last = samples[samples.length - 1];
  const rx = rates(samples, (s) => s.networkRx);
  const tx = rates(samples, (s) => s.networkTx);
  return (
    <Stack gap="sm">
      <ErrorAlert error={error} title="Could not read the statistics" />
      {!last && !error && <Skeleton height={120} aria-label="Waiting for statistics" />}
      {last && (
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} spacing="sm">
          <Chart
            title="CPU"
            value={`${last.cpuPercent.toFixed(1)} %`}
            data={samples.map((s) => s.cpuPercent)}
            color="blue"
          />
          <Chart
            title="Memory"
            value={`${formatBytes(last.memoryUsage)} of ${formatBytes(last.memoryLimit)}`}
            data={samples.map((s) => s.memoryUsage)}
            color="grape"
          />
          <Chart
            title="Network in"
            value={`${formatBytes(rx[rx.length - 1] ?? 0)}/s`}
            data={rx}
            color="teal"
          />
          <Chart
            title="Network out"
            value={`${formatBytes(tx[tx.length - 1] ?? 0)}/s`}
            data={tx}
            color="orange"
          />
        </SimpleGrid>
      )}
    </Stack>
  );
}
