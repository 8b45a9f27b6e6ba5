// Errors the engine raises for the API to map to status codes.
import type { PlanIssue } from "../domain/plan-validate";

/** 404 */
export class NotFoundError extends Error {}
/** 409: the state does not allow it. */
export class ConflictError extends Error {}
/** 400: bad input, with details. */
export class InvalidInputError extends Error {
  constructor(
    message: string,
    readonly details: unknown,
  ) {
    super(message);
  }
}
/** 400: the plan has errors; every one of them is listed. */
export class PlanRejectedError extends Error {
  constructor(
    readonly errors: PlanIssue[],
    readonly warnings: PlanIssue[],
  ) {
    super(`the plan has ${errors.length} error(s)`);
  }
}
