import type { CombinedError } from "urql";

/** An error as the UI shows it: a sentence for a person and the API's code. */
export interface ShownError {
  message: string;
  code: string;
}

/** A GraphQL union answer that may be one of the UserError types. */
export interface MaybeUserError {
  __typename?: string;
  message?: string;
  code?: string;
}

/** The UserError member of a mutation's union answer, or null on success. */
export function userError(result: MaybeUserError | null | undefined): ShownError | null {
  if (!result) return null;
  if (typeof result.code === "string" && typeof result.message === "string") {
    return { message: result.message, code: result.code };
  }
  return null;
}

/** A transport or GraphQL-level error with the server's `extensions.code`. */
export function fromCombined(error: CombinedError): ShownError {
  if (error.networkError) {
    return {
      message: `The Docksmith server could not be reached (${error.networkError.message}).`,
      code: "NETWORK_ERROR",
    };
  }
  const first = error.graphQLErrors[0];
  if (first) {
    const code = first.extensions?.code;
    return { message: first.message, code: typeof code === "string" ? code : "GRAPHQL_ERROR" };
  }
  return { message: error.message, code: "UNKNOWN" };
}

/** Either kind, for components that take whatever the request produced. */
export function toShown(error: CombinedError | ShownError | null | undefined): ShownError | null {
  if (!error) return null;
  if ("graphQLErrors" in error) return fromCombined(error);
  return error;
}
