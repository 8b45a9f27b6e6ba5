// Answers of one shape for every route: { error, details? } with a fitting status.
import { z } from "zod";

export function jsonError(status: number, error: string, details?: unknown): Response {
  return Response.json(details === undefined ? { error } : { error, details }, { status });
}

/** The 404 of a path under /api that no route handles. */
export function noSuchApiRoute(path: string): Response {
  return jsonError(404, noSuchApiRouteMessage(path));
}

export const noSuchApiRouteMessage = (path: string) =>
  `no such API route: ${path} (GET /api/openapi.json lists the API's routes)`;

/** Every problem of an input at once: "override.reason: Required; by: Too long". */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((i) => (i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message))
    .join("; ");
}

/**
 * What a body must look like, for an error about its shape (not JSON, not an object, an unknown or a missing field):
 * 'the body is a JSON object with "itemKey", "checked" and optional "note", "by"'. Null for bodies that are not a
 * plain object schema (their own messages say what to send).
 */
export function bodyShape(schema: z.ZodType, emptyAllowed: boolean): string | null {
  if (!(schema instanceof z.ZodObject)) return null;
  const required: string[] = [];
  const optional: string[] = [];
  for (const [key, field] of Object.entries(schema.shape as Record<string, z.ZodType>))
    (field.safeParse(undefined).success ? optional : required).push(`"${key}"`);
  if (required.length === 0 && optional.length === 0)
    return `the body takes no fields: send {}${emptyAllowed ? " or nothing" : ""}`;
  const parts = [
    ...(required.length ? [required.join(", ")] : []),
    ...(optional.length ? [`optional ${optional.join(", ")}`] : []),
  ];
  return `the body is a JSON object with ${parts.join(" and ")}`;
}

/** Whether the issues are about the body's shape: the wrong type at its root, an unknown or a missing field. */
export function isShapeError(error: z.ZodError, input: unknown): boolean {
  return error.issues.some(
    (i) =>
      i.path.length === 0 ||
      i.code === "unrecognized_keys" ||
      (i.path.length === 1 &&
        i.code === "invalid_type" &&
        typeof input === "object" &&
        input !== null &&
        (input as Record<PropertyKey, unknown>)[i.path[0]!] === undefined),
  );
}
