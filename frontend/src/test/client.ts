import type { Client } from "urql";
import { vi } from "vitest";
import { fromValue, never } from "wonka";

type Operation = { query: { definitions: { name?: { value: string } }[] } };

/** The name an operation has in its document (`query Health` is "Health"). */
export function operationName(op: Operation): string {
  return op.query.definitions[0]?.name?.value ?? "";
}

/** A client that answers each query `queries` names with its data and every
 * mutation with `mutation` when given. Anything else never answers, like a
 * server still working, so a screen shows what it shows while it waits. */
export function answeringClient(queries: Record<string, unknown> = {}, mutation?: unknown) {
  return {
    executeQuery: vi.fn((op: Operation) => {
      const data = queries[operationName(op)];
      return data === undefined ? never : fromValue({ operation: op, data });
    }),
    executeMutation: vi.fn((op: Operation) =>
      mutation === undefined ? never : fromValue({ operation: op, data: mutation }),
    ),
    executeSubscription: vi.fn(() => never),
  } as unknown as Client;
}
