// Errors the engine raises for the API to map to status codes.
// Route handlers live in a separate bundle from server.ts, so `instanceof` across the two fails:
// each error carries its HTTP status and is recognised by shape (see lib/http/handle.ts).
import type { PlanIssue } from "../domain/plan/plan-validate";
import type { PreflightResult, PreflightSummary } from "../domain/plan/preflight";

export class EngineError extends Error {
  readonly isEngineError = true;
  constructor(
    message: string,
    readonly status: 400 | 404 | 409 | 413 | 422 | 503,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/** 404 */
export class NotFoundError extends EngineError {
  constructor(message: string) {
    super(message, 404);
  }
}

/** 409: the state does not allow it. */
export class ConflictError extends EngineError {
  constructor(message: string) {
    super(message, 409);
  }
}

/** 400: bad input, with details. */
export class InvalidInputError extends EngineError {
  constructor(message: string, details: unknown) {
    super(message, 400, details);
  }
}

/** 400: the plan has errors; every one of them is listed. */
export class PlanRejectedError extends EngineError {
  constructor(
    readonly errors: PlanIssue[],
    readonly warnings: PlanIssue[],
  ) {
    super(`the plan has ${errors.length} error(s)`, 400, { errors, warnings });
  }
}

/** 409: a pre-flight check failed and the lead gave no reason to start anyway; every result is listed. */
export class PreflightFailedError extends EngineError {
  constructor(
    readonly results: PreflightResult[],
    readonly summary: PreflightSummary,
  ) {
    super(
      `pre-flight checks failed (${summary.errors} error(s)): fix them, or start anyway with a reason (override)`,
      409,
      { summary, results },
    );
  }
}

export function isEngineError(error: unknown): error is EngineError {
  return (
    typeof error === "object" &&
    error !== null &&
    (error as { isEngineError?: unknown }).isEngineError === true
  );
}

/** A PlanRejectedError, recognised by shape (route handlers live in another bundle than the engine). */
export function isPlanRejected(error: unknown): error is PlanRejectedError {
  return (
    isEngineError(error) &&
    Array.isArray((error as Partial<PlanRejectedError>).errors) &&
    Array.isArray((error as Partial<PlanRejectedError>).warnings)
  );
}
