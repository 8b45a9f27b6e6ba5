// The agent log file's line format: "<ISO time> <out|err|sys> <text>", so the tail shown in the browser
// carries each line's own time and stream (and `tail -f` on the file stays readable).
export type LogStream = "stdout" | "stderr" | "system";

const TAG: Record<LogStream, string> = { stdout: "out", stderr: "err", system: "sys" };
const STREAM_OF: Record<string, LogStream> = { out: "stdout", err: "stderr", sys: "system" };
const LINE = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z) (out|err|sys) (.*)$/s;

export function formatLogLine(at: Date, stream: LogStream, text: string): string {
  return `${at.toISOString()} ${TAG[stream]} ${text}`;
}

/** The parts of a formatted line; null for a line in another format (a log written before this format). */
export function parseLogLine(raw: string): { at: string; stream: LogStream; line: string } | null {
  const match = LINE.exec(raw);
  if (!match) return null;
  return { at: match[1]!, stream: STREAM_OF[match[2]!]!, line: match[3]! };
}
