import { Badge, Box, Loader, Tooltip, VisuallyHidden } from "@mantine/core";
import { IconPlugConnectedX } from "@tabler/icons-react";
import { createContext, useContext, useSyncExternalStore } from "react";
import type { LiveState, LiveStatusStore } from "../lib/liveStatus";

export const LiveStatusContext = createContext<LiveStatusStore | null>(null);

const IDLE: LiveState = { status: "idle" };
const NO_STORE = {
  get: () => IDLE,
  subscribe: () => () => {},
};

/** The socket's state from the nearest provider (idle without one). */
export function useLiveStatus(): LiveState {
  const store = useContext(LiveStatusContext) ?? NO_STORE;
  return useSyncExternalStore(store.subscribe, store.get);
}

/** The badge's words: shown from the xs breakpoint on, only read out on a phone's narrow header. */
function Words({ text }: { text: string }) {
  return (
    <>
      <Box component="span" visibleFrom="xs">
        {text}
      </Box>
      <VisuallyHidden hiddenFrom="xs">{text}</VisuallyHidden>
    </>
  );
}

/**
 * In the header while live views do not receive their updates: progress,
 * logs and statistics on screen are as of the drop. Always rendered as a
 * status region, so screen readers hear when it changes.
 */
export function LiveIndicator() {
  const live = useLiveStatus();
  return (
    <div role="status" aria-label="Live updates" data-live={live.status}>
      {live.status === "reconnecting" && (
        <Tooltip
          label="Live updates were interrupted; what you see is as of then. Reconnecting…"
          withArrow
          multiline
          w={240}
          events={{ hover: true, focus: true, touch: true }}
        >
          <Badge
            color="yellow"
            variant="light"
            size="lg"
            tabIndex={0}
            leftSection={<Loader size={12} color="yellow" aria-hidden />}
          >
            <Words text="Reconnecting…" />
          </Badge>
        </Tooltip>
      )}
      {live.status === "stopped" && (
        <Tooltip
          label={`The server ended live updates (${live.code ?? "?"}${live.reason ? `: ${live.reason}` : ""}). Reload the page.`}
          withArrow
          multiline
          w={240}
          events={{ hover: true, focus: true, touch: true }}
        >
          <Badge
            color="red"
            variant="light"
            size="lg"
            tabIndex={0}
            leftSection={<IconPlugConnectedX size={14} aria-hidden />}
          >
            <Words text="Live updates stopped" />
          </Badge>
        </Tooltip>
      )}
    </div>
  );
}
