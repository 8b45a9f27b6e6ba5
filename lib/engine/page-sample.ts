// The memory sample the server writes into every page's HTML, so the gauge shows a figure at first paint.
// Pages are public (a server with a token shows anyone its sign-in form): with a token, the figures come only
// with it, through the socket and the API.
import type { MemorySample } from "../domain/types";
import type { Engine } from "./engine";

/** The latest sample for the HTML, or null when there is none or the server needs a token. */
export function pageSample(engine: Pick<Engine, "config" | "monitor"> | undefined): MemorySample | null {
  if (!engine || engine.config.authToken) return null;
  return engine.monitor.latest();
}
