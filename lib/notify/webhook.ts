// Tells the lead's chat or pager that a track needs them: a POST with JSON to the plan's notify.webhook. Sending
// never blocks the caller and never throws; the outcome comes back as a value (for the event log). Webhook URLs
// often carry a secret in their path, so messages name the URL's origin only.

export const DEFAULT_WEBHOOK_TIMEOUT_MS = 5_000;
/** More posts than this in flight (a slow or hanging receiver) and new ones are dropped, not queued. */
export const MAX_WEBHOOKS_IN_FLIGHT = 4;

export type WebhookResult =
  | { ok: true; status: number; elapsedMs: number }
  | { ok: false; error: string; status?: number; elapsedMs: number };

/** POSTs `payload` as JSON; resolves (never rejects) within about timeoutMs with what happened. */
export async function postWebhook(
  url: string,
  payload: unknown,
  options: { timeoutMs?: number } = {},
): Promise<WebhookResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return { ok: false, error: "not a valid URL", elapsedMs: elapsed() };
  }
  if (target.protocol !== "http:" && target.protocol !== "https:") {
    return { ok: false, error: `${target.protocol} URLs are not supported`, elapsedMs: elapsed() };
  }
  const timeoutMs = options.timeoutMs ?? DEFAULT_WEBHOOK_TIMEOUT_MS;
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    const response = await fetch(target, {
      method: "POST",
      headers: { "content-type": "application/json", "user-agent": "paratrack-webhook" },
      body: JSON.stringify(payload),
      redirect: "manual",
      signal,
    });
    await response.body?.cancel().catch(() => undefined);
    if (response.status >= 200 && response.status < 300) {
      return { ok: true, status: response.status, elapsedMs: elapsed() };
    }
    return {
      ok: false,
      status: response.status,
      error: `${target.origin} answered ${response.status}`,
      elapsedMs: elapsed(),
    };
  } catch (error) {
    if (signal.aborted) {
      return {
        ok: false,
        error: `${target.origin} did not answer within ${timeoutMs} ms`,
        elapsedMs: elapsed(),
      };
    }
    const cause = (error as { cause?: { code?: string } }).cause;
    return {
      ok: false,
      error: `${target.origin} unreachable${cause?.code ? ` (${cause.code})` : ""}`,
      elapsedMs: elapsed(),
    };
  }
}

export type WebhookNotifier = {
  /** Sends in the background; returns at once. */
  notify(payload: unknown): void;
  /** Posts still in flight (for shutdown and tests). */
  inFlight(): number;
  /** Resolves when every post in flight has finished. */
  settle(): Promise<void>;
};

/** A notifier for one URL: fire and forget, each outcome (sent, failed, dropped) reported to `onResult`. */
export function createWebhookNotifier(
  url: string,
  options: {
    timeoutMs?: number;
    onResult?: (result: WebhookResult | { ok: false; error: string; dropped: true }) => void;
  } = {},
): WebhookNotifier {
  const pending = new Set<Promise<void>>();
  const report = options.onResult ?? (() => {});
  return {
    notify(payload) {
      if (pending.size >= MAX_WEBHOOKS_IN_FLIGHT) {
        report({
          ok: false,
          error: `${pending.size} notifications still in flight; this one was dropped`,
          dropped: true,
        });
        return;
      }
      const post = postWebhook(url, payload, { timeoutMs: options.timeoutMs })
        .then(report)
        .catch(() => undefined)
        .finally(() => pending.delete(post));
      pending.add(post);
    },
    inFlight: () => pending.size,
    async settle() {
      await Promise.all([...pending]);
    },
  };
}
