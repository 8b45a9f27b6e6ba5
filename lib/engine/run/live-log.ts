// The live log's push rate. Every line stays in the agent's log file; a browser following a track gets at most
// LIVE_LINES_PER_SECOND of them a second, then one "system" line saying how many it did not get. Without the cap an
// agent printing thousands of lines a second (a build, a test run) is a Socket.IO message per line: in a soak, ~350
// a second to one track page kept its renderer busy all the time and the server's memory rose by ~300 MB while
// the page fell behind.
import type { LogLine } from "../../domain/views";

/** Lines a second pushed to a track's log followers; the rest are counted and said in one line. */
export const LIVE_LINES_PER_SECOND = 100;

const WINDOW_MS = 1_000;

type Window = {
  start: number;
  sent: number;
  skipped: number;
  /** The last skipped line's agent, for the note. */
  agent: string;
  timer: NodeJS.Timeout | null;
};

export class LiveLogLimiter {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly push: (line: LogLine) => void,
    private readonly now: () => number,
  ) {}

  /** Pushes the line, or counts it when its track has had its share of this second. */
  offer(line: LogLine): void {
    const now = this.now();
    let window = this.windows.get(line.trackKey);
    if (!window) {
      window = { start: now, sent: 0, skipped: 0, agent: line.agent, timer: null };
      this.windows.set(line.trackKey, window);
    }
    if (now - window.start >= WINDOW_MS) {
      this.saySkipped(line.trackKey, window);
      window.start = now;
      window.sent = 0;
    }
    if (window.sent < LIVE_LINES_PER_SECOND) {
      window.sent += 1;
      this.push(line);
      return;
    }
    window.skipped += 1;
    window.agent = line.agent;
    // An agent that goes quiet after a burst still gets its note, within a second.
    if (!window.timer) {
      const pending = window;
      pending.timer = setTimeout(() => {
        pending.timer = null;
        this.saySkipped(line.trackKey, pending);
      }, WINDOW_MS);
      pending.timer.unref();
    }
  }

  private saySkipped(trackKey: string, window: Window): void {
    if (window.timer) {
      clearTimeout(window.timer);
      window.timer = null;
    }
    if (window.skipped === 0) return;
    const skipped = window.skipped;
    window.skipped = 0;
    this.push({
      trackKey,
      agent: window.agent,
      stream: "system",
      line: `[paratrack] ${skipped} line(s) not shown live (over ${LIVE_LINES_PER_SECOND} a second); the log file has every line`,
      at: new Date(this.now()).toISOString(),
    });
  }
}
