// What `paratrack run --headless` shows while a run goes: a live block of progress bars redrawn in place on a
// terminal (plain ANSI cursor movements), or one plain line per change when the output is a pipe or a file.

import { describeWaitKind } from "../domain/governor/wait-kinds";
import type { MemorySample, TrackStatus } from "../domain/types";
import { formatBytes, formatDuration } from "../domain/units";
import type { TrackView } from "../domain/views";

const BAR_WIDTH = 20;
const ESC = "\x1b[";

/** The part of a memory sample the zone line shows. */
export type ZoneReading = Pick<MemorySample, "zone" | "zoneSource" | "machine" | "budget">;

type Paint = (code: string, text: string) => string;
const noPaint: Paint = (_code, text) => text;
const ansiPaint: Paint = (code, text) => `${ESC}${code}m${text}${ESC}0m`;

function statusColour(status: TrackStatus): string {
  switch (status) {
    case "completed":
      return "32";
    case "failed":
      return "31";
    case "paused":
    case "stopped":
      return "33";
    case "running":
      return "36";
    case "pending":
    case "ready":
      return "2";
  }
}

function zoneColour(zone: MemorySample["zone"]): string {
  switch (zone) {
    case "green":
      return "32";
    case "yellow":
      return "33";
    case "orange":
      return "38;5;208";
    case "red":
      return "31";
  }
}

/** "waiting for memory: …", or "waiting: …" when the kind is not known. */
function describeWait(view: TrackView): string | null {
  if (!view.waitReason) return null;
  return `waiting${view.waitKind ? ` ${describeWaitKind(view.waitKind)}` : ""}: ${view.waitReason}`;
}

/** "paused by governor", "ready, waiting for memory: …", "pending, after B": the status with why it is so. */
export function describeTrackState(view: TrackView): string {
  switch (view.status) {
    case "paused":
      return view.pausedBy ? `paused by ${view.pausedBy}` : "paused";
    case "ready":
      return view.waitReason ? `ready, ${describeWait(view)}` : "ready";
    case "pending":
      if (view.waitReason) return `pending, ${view.waitReason}`;
      return view.dependsOn.length > 0 ? `pending, after ${view.dependsOn.join(", ")}` : "pending";
    case "completed":
    case "failed":
    case "stopped":
      return view.exitSummary ? `${view.status}: ${view.exitSummary}` : view.status;
    case "running":
      return view.reportStatus ? `running, ${view.reportStatus}` : "running";
  }
}

/** "[#########-----------]" for a percentage. */
export function formatBar(percent: number, width = BAR_WIDTH): string {
  const clamped = Math.max(0, Math.min(100, percent));
  const filled = Math.round((clamped / 100) * width);
  return `[${"#".repeat(filled)}${"-".repeat(width - filled)}]`;
}

/** One track's line of the live block: key, bar, percent, RAM current/peak, state. */
export function formatTrackBar(view: TrackView, keyWidth: number, paint: Paint = noPaint): string {
  const percent = `${Math.round(view.progress)}%`.padStart(4);
  const current = view.currentBytes > 0 ? formatBytes(view.currentBytes) : "-";
  const ram = view.peakBytes > 0 ? `${current} (peak ${formatBytes(view.peakBytes)})` : current;
  return [
    view.key.padEnd(keyWidth),
    paint(statusColour(view.status), formatBar(view.progress)),
    percent,
    ram.padEnd(24),
    paint(statusColour(view.status), describeTrackState(view)),
  ].join("  ");
}

/** The zone line: zone, the view driving it, and the time since the run started. */
export function formatZoneLine(
  sample: ZoneReading | null,
  elapsedMs: number | null,
  paint: Paint = noPaint,
): string {
  const elapsed = elapsedMs === null ? "" : `  elapsed ${formatDuration(elapsedMs)}`;
  if (!sample) return `zone -  (no memory sample yet)${elapsed}`;
  const view =
    sample.zoneSource === "budget" && sample.budget
      ? `agents ${formatBytes(sample.budget.usedBytes)} of budget ${formatBytes(sample.budget.bytes)} (${sample.budget.usedPercent.toFixed(1)}%)`
      : `machine ${formatBytes(sample.machine.usedBytes)} of ${formatBytes(sample.machine.capacityBytes)} (${sample.machine.usedPercent.toFixed(1)}%)${sample.zoneSource === "hard-floor" ? ", below the hard floor" : ""}`;
  return `zone ${paint(zoneColour(sample.zone), sample.zone.toUpperCase())}  ${view}${elapsed}`;
}

/** "12:00:01" in local time. */
export function formatClock(ms: number): string {
  return new Date(ms).toTimeString().slice(0, 8);
}

/** A plain progress line: "12:00:01 A running 40% 412 MB". */
export function formatPlainTrackLine(at: number, view: TrackView): string {
  const parts = [formatClock(at), view.key, view.status, `${Math.round(view.progress)}%`];
  if (view.currentBytes > 0) parts.push(formatBytes(view.currentBytes));
  const why =
    view.status === "paused" && view.pausedBy
      ? `by ${view.pausedBy}`
      : view.status === "failed" || view.status === "stopped"
        ? view.exitSummary
        : view.status === "ready"
          ? describeWait(view)
          : view.status === "pending"
            ? view.waitReason
            : null;
  if (why) parts.push(`(${why})`);
  return parts.join(" ");
}

/**
 * What earns a plain line: a new status, who paused, progress crossing a tenth (agents report often), or a new kind of
 * wait for a ready track (its reason's figures change with every sample; its kind says when the cause changed).
 */
function plainSignature(view: TrackView): string {
  const blocked =
    view.status === "pending"
      ? (view.waitReason ?? "")
      : view.status === "ready"
        ? (view.waitKind ?? (view.waitReason ? "waiting" : ""))
        : "";
  return `${view.status}|${view.pausedBy ?? ""}|${Math.floor(view.progress / 10)}|${blocked}`;
}

export type DisplayStream = { write(text: string): unknown; isTTY?: boolean; columns?: number };

export type ProgressDisplay = {
  /** New state to show; on a terminal it is redrawn at most every `redrawMs`. */
  update(views: TrackView[], sample: ZoneReading | null, elapsedMs: number): void;
  /** A line that stays (an event worth reading later), printed above the live block. */
  note(at: number, text: string): void;
  /** Draws the last state, shows the cursor again and stops redrawing. */
  finish(): void;
};

/** A display on `out`: live bars when `live` (a terminal), plain lines otherwise. */
export function createProgressDisplay(opts: {
  out: DisplayStream;
  live: boolean;
  colour: boolean;
  now: () => number;
  redrawMs?: number;
}): ProgressDisplay {
  return opts.live ? createLiveDisplay(opts) : createPlainDisplay(opts);
}

function createPlainDisplay(opts: { out: DisplayStream; now: () => number }): ProgressDisplay {
  const seen = new Map<string, string>();
  let zone: string | null = null;
  return {
    update(views, sample) {
      const at = opts.now();
      if (sample && sample.zone !== zone) {
        opts.out.write(`${formatClock(at)} ${formatZoneLine(sample, null)}\n`);
        zone = sample.zone;
      }
      for (const view of views) {
        const signature = plainSignature(view);
        if (seen.get(view.key) === signature) continue;
        seen.set(view.key, signature);
        opts.out.write(`${formatPlainTrackLine(at, view)}\n`);
      }
    },
    note(at, text) {
      opts.out.write(`${formatClock(at)} ${text}\n`);
    },
    finish() {},
  };
}

function createLiveDisplay(opts: {
  out: DisplayStream;
  colour: boolean;
  now: () => number;
  redrawMs?: number;
}): ProgressDisplay {
  const paint = opts.colour ? ansiPaint : noPaint;
  const redrawMs = opts.redrawMs ?? 100;
  let drawnLines = 0;
  let pendingNotes: string[] = [];
  let state: { views: TrackView[]; sample: ZoneReading | null; elapsedMs: number } = {
    views: [],
    sample: null,
    elapsedMs: 0,
  };
  let timer: ReturnType<typeof setTimeout> | null = null;
  let finished = false;

  // Lines longer than the terminal wrap, and the cursor-up count would then be wrong: cut them (escapes excluded).
  const clip = (line: string) => truncateVisible(line, Math.max(20, (opts.out.columns || 120) - 1));

  function draw() {
    timer = null;
    const keyWidth = Math.max(3, ...state.views.map((v) => v.key.length));
    const block = [
      ...state.views.map((v) => clip(formatTrackBar(v, keyWidth, paint))),
      clip(formatZoneLine(state.sample, state.elapsedMs, paint)),
    ];
    // Back to the top of the previous block, clear it, write the notes that scroll up, then the block.
    let text = drawnLines > 0 ? `${ESC}${drawnLines}F${ESC}J` : "";
    for (const n of pendingNotes) text += `${clip(n)}\n`;
    pendingNotes = [];
    text += `${block.join("\n")}\n`;
    drawnLines = block.length;
    opts.out.write(text);
  }

  function schedule() {
    if (finished || timer) return;
    timer = setTimeout(draw, redrawMs);
  }

  opts.out.write(`${ESC}?25l`);
  return {
    update(views, sample, elapsedMs) {
      state = { views, sample, elapsedMs };
      schedule();
    },
    note(at, text) {
      pendingNotes.push(`${formatClock(at)} ${text}`);
      schedule();
    },
    finish() {
      if (finished) return;
      finished = true;
      if (timer) clearTimeout(timer);
      draw();
      opts.out.write(`${ESC}?25h`);
    },
  };
}

/** Cuts a line to `width` visible characters, keeping ANSI colour codes intact and resetting at the cut. */
export function truncateVisible(line: string, width: number): string {
  let visible = 0;
  let out = "";
  for (let i = 0; i < line.length; i++) {
    if (line[i] === "\x1b") {
      const end = line.indexOf("m", i);
      if (end !== -1) {
        out += line.slice(i, end + 1);
        i = end;
        continue;
      }
    }
    if (visible >= width) return `${out}${ESC}0m`;
    out += line[i];
    visible += 1;
  }
  return out;
}
