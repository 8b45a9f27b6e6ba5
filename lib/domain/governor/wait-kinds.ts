// What a waiting track waits for, in words, for the headless display and the dashboard.
import type { WaitKind } from "./governor-types";

/** "for memory", "for a slot", …: reads after "waiting". */
export function describeWaitKind(kind: WaitKind): string {
  switch (kind) {
    case "memory":
      return "for memory";
    case "slot":
      return "for a slot";
    case "dependency":
      return "for dependencies";
    case "backfill-hold":
      return "behind the queue's head (backfill hold)";
    case "learning":
      return "while a new track's memory is learned";
    case "order":
      return "for its turn (replanned order)";
    case "closed":
      return "for admission to reopen";
    case "database":
      return "for the database";
    case "too-large":
      return "for a larger budget";
    default: {
      const unreachable: never = kind;
      return unreachable;
    }
  }
}
