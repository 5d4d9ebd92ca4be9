import { createContext, useContext } from "react";
import type { Viewer } from "../../lib/auth";

/** The signed-in viewer, given by AuthGate to the screens inside it. */
export const ViewerContext = createContext<Viewer | null>(null);

export function useViewer(): Viewer | null {
  return useContext(ViewerContext);
}

/** Authentication is on and this viewer may manage API tokens. */
export function managesTokens(viewer: Viewer | null): boolean {
  return viewer !== null && viewer.mode !== "none" && viewer.scope === "admin";
}

/** Password sign-in is on (AUTH=local, or beside OIDC) and this viewer may
 * manage the local users. */
export function managesUsers(viewer: Viewer | null): boolean {
  return viewer?.password_login === true && viewer.scope === "admin";
}
