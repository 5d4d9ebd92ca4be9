import { Alert } from "@mantine/core";
import { IconPlugConnectedX } from "@tabler/icons-react";
import { useEffect } from "react";
import { useQuery } from "urql";
import { graphql } from "../gql";

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
  useEffect(() => {
    const timer = window.setInterval(() => refetch({ requestPolicy: "network-only" }), POLL_MS);
    return () => window.clearInterval(timer);
  }, [refetch]);
  const problem = healthProblem(Boolean(error?.networkError), data?.health.services);
  if (!problem) return null;
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
    </Alert>
  );
}
