import { Anchor, Breadcrumbs, Text } from "@mantine/core";
import { Link } from "react-router";

/** What a breadcrumb calls a container or stack: its name, and its host
 * when it is not on the default one, so two hosts' "web" stay apart. */
export function breadcrumbName(name: string, host: string | null): string {
  return host ? `${name} (${host})` : name;
}

/** Where this screen sits: the list it was opened from, then this screen's
 * own name (never a generic "Container"), marked as the current page. */
export function PageBreadcrumbs({
  parent,
  to,
  current,
}: {
  parent: string;
  to: string;
  current: string;
}) {
  return (
    <nav aria-label="Breadcrumb">
      <Breadcrumbs>
        <Anchor component={Link} to={to}>
          {parent}
        </Anchor>
        <Text size="sm" aria-current="page" style={{ overflowWrap: "anywhere" }}>
          {current}
        </Text>
      </Breadcrumbs>
    </nav>
  );
}
