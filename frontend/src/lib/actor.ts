// The API reports who started an operation or made a token by the names the
// server records (services/auth/audit.py, principal.py): reserved words for
// everything that is not a person. Those words stay in the API; only here
// are they said in words a self-hoster understands.
const RESERVED: Record<string, string> = {
  // The "open" principal: nobody signs in, so nobody can be named.
  anonymous: "from the API or web UI (sign-in off)",
  // Work Docksmith started itself: the scheduler, automatic updates.
  auto: "automatically by Docksmith",
  // The `docksmith` command on the server's machine.
  system: "from the docksmith command line",
};

/** How "Started …" / "Created …" continues for the actor `name`. */
export function actorPhrase(name: string): string {
  return RESERVED[name] ?? `by ${name}`;
}
