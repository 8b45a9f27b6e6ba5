// The plan's webhook for one run: one notifier per run, shared by everything that tells the lead (a track that
// needs them, a critical blocker), so its in-flight limit holds across them. A post that fails is an event that
// names the receiver's origin only: the URL's path may hold a secret.
import { createWebhookNotifier, type WebhookNotifier } from "../../notify/webhook";
import type { ActiveRun } from "../track-runtime";
import type { RunContext } from "./context";

const notifiers = new WeakMap<ActiveRun, WebhookNotifier>();

/** The run's notifier, or null when its plan has no webhook. */
export function runNotifier(ctx: RunContext, run: ActiveRun): WebhookNotifier | null {
  const url = run.plan.notify?.webhook ?? null;
  if (url === null) return null;
  let notifier = notifiers.get(run);
  if (notifier === undefined) {
    notifier = createWebhookNotifier(url, {
      onResult: (result) => {
        if (result.ok) return;
        void ctx.record(
          run,
          "notify:failed",
          { error: result.error, status: "status" in result ? (result.status ?? null) : null },
          {
            severity: "medium",
            message: `The plan's webhook did not take a notice: ${result.error}`,
            actor: "system",
          },
        );
      },
    });
    notifiers.set(run, notifier);
  }
  return notifier;
}
