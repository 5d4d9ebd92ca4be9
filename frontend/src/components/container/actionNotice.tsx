import { Anchor, Text } from "@mantine/core";
import type { NotificationData } from "@mantine/notifications";

/** Shown while a start, stop, restart or removal is asked for: the container
 * screen otherwise shows nothing until the status badge changes. */
export function actionStartedNotice(id: string, title: string, name: string): NotificationData {
  return {
    id,
    loading: true,
    title: `${title} of ${name} started`,
    message: "Waiting for Docker's answer…",
    autoClose: false,
    withCloseButton: false,
  };
}

/** Its outcome, with the operation it was recorded as (as an update opens its
 * own). The notifications sit outside the router, hence `open` for the link. */
export function actionDoneNotice(
  id: string,
  title: string,
  name: string,
  message: string,
  operationId: string,
  open: (path: string) => void,
): NotificationData & { id: string } {
  const path = `/operations/${encodeURIComponent(operationId)}`;
  return {
    id,
    loading: false,
    color: "green",
    title: `${title} of ${name} done`,
    message: (
      <>
        <Text size="sm">{message}</Text>
        <Anchor
          href={path}
          size="sm"
          onClick={(event) => {
            event.preventDefault();
            open(path);
          }}
        >
          See operation {operationId}
        </Anchor>
      </>
    ),
    autoClose: 8000,
    withCloseButton: true,
  };
}
