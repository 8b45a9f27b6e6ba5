// What a panel says when the query behind it failed (every request refused without the token, the server down):
// the error, not "Loading…" or "nothing yet" for ever.

/**
 * The error a panel without data shows: its own query's, else that of the query it waits on (the overview's
 * events and decisions wait on the tracks to know the run); null while it has data or none failed.
 */
export function panelError(data: unknown, ...errors: (Error | null | undefined)[]): Error | null {
  if (data !== undefined) return null;
  return errors.find((e) => e instanceof Error) ?? null;
}

/** "Could not load the events: <the server's message>", as the tracks and decisions panels say it. */
export function LoadError(props: { what: string; error: Error }) {
  return (
    <p role="alert" className="text-sm text-red-700 dark:text-red-300">
      Could not load {props.what}: {props.error.message}
    </p>
  );
}
