import { Anchor, Stack, Text, Title } from "@mantine/core";
import { Link } from "react-router";

export function NotFoundPage() {
  return (
    <Stack>
      <Title order={2}>Page not found</Title>
      <Text>
        Nothing lives at this address.{" "}
        <Anchor component={Link} to="/" underline="always">
          Back to the updates
        </Anchor>
      </Text>
    </Stack>
  );
}
