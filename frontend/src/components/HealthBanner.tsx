import { Alert, Text } from "@mantine/core";
import { IconPlugConnectedX } from "@tabler/icons-react";
import { useEffect } from "react";
import { useQuery } from "urql";
import { graphql } from "../gql";
import { DEFAULT_HOST } from "../lib/filters";

export const HealthQuery = graphql(`
  query Health {
    health {
      status
      version
      services {
        docker
        storage
      }
    }
  }
`);

// Asked only while Docker is down: health says that it is, the default
// host's state says why ("no socket at /var/run/docker.sock", "permission
// denied"). A separate query: health answers anyone, hosts need READ.
export const DockerDownQuery = graphql(`
  query DockerDown {
    hosts {
      name
      error
    }
  }
`);

const POLL_MS = 10_000;

/** What is unreachable, from the health answer (or its absence); null when all is well. */
export function healthProblem(
  fetchFailed: boolean,
  services: { docker: boolean; storage: boolean } | null | undefined,
): string | null {
  if (fetchFailed) {
    return "The Docksmith server cannot be reached. Retrying…";
  }
  if (!services) return null;
  if (!services.docker) {
    return "Docker is unreachable: containers cannot be listed or changed until it is back.";
  }
  if (!services.storage) {
    return "The database is unreachable: history and operations cannot be recorded.";
  }
  return null;
}

/** A banner while the server, Docker or storage is down; polls `health`. */
export function HealthBanner() {
  const [{ data, error }, refetch] = useQuery({ query: HealthQuery });
  const dockerDown = !error && data?.health.services?.docker === false;
  const [{ data: hosts }, refetchHosts] = useQuery({
    query: DockerDownQuery,
    pause: !dockerDown,
    requestPolicy: "network-only",
  });
  useEffect(() => {
    const timer = window.setInterval(() => {
      refetch({ requestPolicy: "network-only" });
      if (dockerDown) refetchHosts({ requestPolicy: "network-only" });
    }, POLL_MS);
    return () => window.clearInterval(timer);
  }, [refetch, refetchHosts, dockerDown]);
  const problem = healthProblem(Boolean(error?.networkError), data?.health.services);
  if (!problem) return null;
  // The README promises the reason; "Docker is unreachable" alone left a new
  // user guessing between no engine, the wrong socket and no permission.
  const reason = dockerDown
    ? (hosts?.hosts.find((h) => h.name === DEFAULT_HOST)?.error ?? null)
    : null;
  return (
    <Alert
      color="red"
      variant="filled"
      radius={0}
      icon={<IconPlugConnectedX aria-hidden />}
      title="Connection problem"
      role="alert"
      aria-label="Connection problem"
    >
      {problem}
      {reason && (
        <Text size="sm" mt={4} style={{ overflowWrap: "anywhere" }}>
          {reason}
        </Text>
      )}
    </Alert>
  );
}
