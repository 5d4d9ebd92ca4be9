const NO_TRANSITIONS = "*, *::before, *::after { transition: none !important; }";

/**
 * Turns CSS transitions off for the moment the system's colour scheme flips
 * (the theme follows the system by default). Mantine does this when a person
 * picks a theme, but not when the system switches: text then takes its new
 * colour at once while backgrounds (accordion items, cards) fade over 150 ms,
 * and for that moment light text sits on a light background.
 *
 * Returns the function that stops listening.
 */
export function quietSystemSchemeSwitches(win: Window = window): () => void {
  const media = win.matchMedia?.("(prefers-color-scheme: dark)");
  if (!media) return () => {};
  const doc = win.document;
  const onChange = () => {
    const style = doc.createElement("style");
    style.setAttribute("data-scheme-switch", "");
    style.textContent = NO_TRANSITIONS;
    doc.head.appendChild(style);
    // By the next task every listener of this change (Mantine's sets the
    // scheme attribute) has run: settle the styles with transitions off, then
    // bring transitions back for everything that changes later.
    win.setTimeout(() => {
      void doc.body.offsetHeight;
      style.remove();
    }, 0);
  };
  media.addEventListener("change", onChange);
  return () => media.removeEventListener("change", onChange);
}
