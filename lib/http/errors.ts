// Maps the engine's errors to HTTP answers of one shape: { error, details? }.
import { isEngineError } from "../engine/errors";
import { jsonError } from "./respond";

export function toErrorResponse(error: unknown): Response {
  if (isEngineError(error)) return jsonError(error.status, error.message, error.details);
  console.error(error);
  return jsonError(500, error instanceof Error ? error.message : "internal error");
}
