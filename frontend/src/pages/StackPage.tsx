import { Anchor, Badge, Group, Paper, Skeleton, Stack, Text, Title } from "@mantine/core";
import { Link, useParams, useSearchParams } from "react-router";
import { useQuery } from "urql";
import { ErrorAlert } from "../components/ErrorAlert";
import { breadcrumbName, PageBreadcrumbs } from "../components/PageBreadcrumbs";
import { PolicyScopePanel } from "../components/policies/PolicyScopePanel";
import { StatusBadge } from "../components/StatusBadge";
import { graphql } from "../gql";
import { containerPath, DEFAULT_HOST } from "../lib/filters";

export const StackQuery = graphql(`
  query StackPage($filter: ContainerFilterInput!) {
    containers(filter: $filter) {
      name
      host
      image
      status
    }
  }
`);

/** A compose stack: its containers as the last check saw them, and its policies. */
export function StackPage() {
  const { name = "" } = useParams();
  const [params] = useSearchParams();
  const host = params.get("host") || null;
  const [{ data, fetching, error }] = useQuery({
    query: StackQuery,
    variables: { filter: { stack: name, host } },
  });
  const containers = data?.containers ?? [];

  return (
    <Stack gap="md">
      <PageBreadcrumbs parent="Updates" to="/" current={breadcrumbName(name, host)} />
      <Group gap="xs" wrap="wrap">
        <Title order={2} style={{ overflowWrap: "anywhere" }}>
          Stack {name}
        </Title>
        {host && host !== DEFAULT_HOST && (
          <Badge variant="outline" color="gray" tt="none" aria-label={`Host ${host}`}>
            {host}
          </Badge>
        )}
      </Group>
      <ErrorAlert error={error} title="Could not load the stack's containers" />
      <section aria-labelledby="stack-containers">
        <Title order={3} size="h4" id="stack-containers" mb="xs">
          Containers
        </Title>
        {!data && fetching && <Skeleton height={80} aria-busy="true" aria-label="Loading" />}
        {data && containers.length === 0 && (
          <Text c="dimmed">The last check saw no container of this stack.</Text>
        )}
        <Stack gap="xs" component="ul" p={0} m={0}>
          {containers.map((c) => (
            <Paper
              key={`${c.host}/${c.name}`}
              withBorder
              p="xs"
              component="li"
              style={{ listStyle: "none" }}
            >
              <Group gap="xs" wrap="wrap" justify="space-between">
                <Anchor
                  component={Link}
                  to={containerPath(c.name, c.host)}
                  fw={600}
                  style={{ overflowWrap: "anywhere" }}
                >
                  {c.name}
                </Anchor>
                <StatusBadge status={c.status} />
              </Group>
              <Text size="xs" c="dimmed" style={{ overflowWrap: "anywhere" }}>
                {c.image}
              </Text>
            </Paper>
          ))}
        </Stack>
      </section>
      <PolicyScopePanel entityType="STACK" entityId={name} host={host} />
    </Stack>
  );
}
