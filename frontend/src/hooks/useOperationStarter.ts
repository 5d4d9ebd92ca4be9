import { notifications } from "@mantine/notifications";
import { useCallback, useState } from "react";
import { useNavigate } from "react-router";
import type { CombinedError } from "urql";
import { fromCombined, type MaybeUserError, userError } from "../lib/errors";

interface StartAnswer {
  error?: CombinedError | undefined;
  started: (MaybeUserError & { operationId?: string }) | null | undefined;
}

/** Show an API error as a notification, with its code. */
export function notifyError(title: string, message: string, code: string) {
  notifications.show({ color: "red", title, message: `${message} (error code ${code})` });
}

/**
 * Run a mutation that starts an operation; on success go to its live
 * progress page, otherwise say why (message and error code).
 */
export function useOperationStarter() {
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);
  const start = useCallback(
    async (title: string, run: () => Promise<StartAnswer>): Promise<boolean> => {
      setBusy(true);
      try {
        const { error, started } = await run();
        if (error) {
          const shown = fromCombined(error);
          notifyError(title, shown.message, shown.code);
          return false;
        }
        const refused = userError(started);
        if (refused) {
          notifyError(title, refused.message, refused.code);
          return false;
        }
        if (started?.operationId) {
          navigate(`/operations/${encodeURIComponent(started.operationId)}`);
          return true;
        }
        return false;
      } finally {
        setBusy(false);
      }
    },
    [navigate],
  );
  return { start, busy };
}
