import { type Exchange, makeOperation, type Operation } from "urql";
import { pipe, tap } from "wonka";

/**
 * An exchange that re-runs every query on screen, from the network, each
 * time `onReconnected` reports that the live connection is back after a drop.
 *
 * While the socket was down the views missed their events (a check that
 * finished, an operation that ended), and nothing else would tell them: a
 * re-subscription only delivers what happens from now on. The queries on
 * screen are those urql has started and not yet torn down.
 */
export function refetchOnReconnectExchange(
  onReconnected: (listener: () => void) => void,
): Exchange {
  return ({ client, forward }) => {
    const onScreen = new Map<number, Operation>();
    onReconnected(() => {
      for (const operation of onScreen.values()) {
        client.reexecuteOperation(
          makeOperation("query", operation, {
            ...operation.context,
            requestPolicy: "network-only",
          }),
        );
      }
    });
    return (operations$) =>
      forward(
        pipe(
          operations$,
          tap((operation) => {
            if (operation.kind === "query") onScreen.set(operation.key, operation);
            else if (operation.kind === "teardown") onScreen.delete(operation.key);
          }),
        ),
      );
  };
}
