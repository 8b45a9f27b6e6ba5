// The Socket.IO pushes' payloads (lib/realtime/events.ts ServerToClientEvents) as zod schemas, one per event: the
// browser checks each push with them in development builds (components/data/push.ts), and a test checks every
// push a run sends. views/views.test-d.ts holds each schema equal to its TypeScript type.
import { z } from "zod";
import type { ServerToClientEvents } from "../realtime/events";
import { governorViewSchema, memorySampleSchema, runViewSchema, trackMemoryPointSchema } from "./views/runs";
import { ptEventSchema, zoneSchema } from "./views/shared";
import { logLineSchema, trackViewSchema } from "./views/tracks";

/** A zone change as pushed (lib/realtime/events.ts ZoneChange). */
export const zoneChangeSchema = z.strictObject({
  at: z.string(),
  from: zoneSchema.nullable(),
  to: zoneSchema,
  usedPercent: z.number(),
  source: z.enum(["machine", "budget", "hard-floor"]),
});

/** A track that needs the lead (lib/domain/agents/attention.ts AttentionNotice). */
export const attentionNoticeSchema = z.strictObject({
  event: z.literal("track.attention"),
  text: z.string(),
  run: z.strictObject({ id: z.string(), name: z.string() }),
  track: z.strictObject({ key: z.string(), name: z.string() }),
  reason: z.enum(["permission-prompt", "permission-denied", "question", "idle"]),
  message: z.string(),
  since: z.string(),
  url: z.string().nullable(),
});

type PushPayload<E extends keyof ServerToClientEvents> = Parameters<ServerToClientEvents[E]>[0];

/** Every push event's payload schema; a new event without one fails type-checking here. */
export const PUSH_SCHEMAS: { [E in keyof ServerToClientEvents]: z.ZodType<PushPayload<E>> } = {
  "memory:sample": memorySampleSchema,
  "zone:changed": zoneChangeSchema,
  "event:created": ptEventSchema,
  "track:updated": trackViewSchema,
  "track:attention": attentionNoticeSchema,
  "tracks:memory": trackMemoryPointSchema,
  "run:updated": runViewSchema,
  "governor:updated": governorViewSchema,
  "log:line": logLineSchema,
};

/** The push's payload checked against its schema: null when it matches, else the mismatches, one per line. */
export function checkPush(event: string, payload: unknown): string | null {
  const schema = (PUSH_SCHEMAS as Record<string, z.ZodType>)[event];
  if (!schema) return `no contract for the push "${event}"`;
  const parsed = schema.safeParse(payload);
  if (parsed.success) return null;
  return parsed.error.issues
    .map((issue) => `${issue.path.join(".") || "(payload)"}: ${issue.message}`)
    .join("\n");
}
