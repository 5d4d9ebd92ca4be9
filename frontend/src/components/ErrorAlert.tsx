import { Alert, Code, Text } from "@mantine/core";
import { IconAlertTriangle } from "@tabler/icons-react";
import type { CombinedError } from "urql";
import { type ShownError, toShown } from "../lib/errors";

/** An API error for a person, always with its code (for a bug report or a search). */
export function ErrorAlert({
  error,
  title = "Request failed",
}: {
  error: CombinedError | ShownError | null | undefined;
  title?: string;
}) {
  const shown = toShown(error);
  if (!shown) return null;
  return (
    <Alert color="red" title={title} icon={<IconAlertTriangle aria-hidden />} role="alert">
      <Text size="sm">{shown.message}</Text>
      <Text size="xs" c="dimmed" mt={4}>
        Error code: <Code>{shown.code}</Code>
      </Text>
    </Alert>
  );
}
