// Answers of one shape for every route: { error, details? } with a fitting status.
import type { z } from "zod";

export function jsonError(status: number, error: string, details?: unknown): Response {
  return Response.json(details === undefined ? { error } : { error, details }, { status });
}

/** Every problem of an input at once: "override.reason: Required; by: Too long". */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((i) => (i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message))
    .join("; ");
}
