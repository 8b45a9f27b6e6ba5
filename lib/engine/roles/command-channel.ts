// How a viewer hands a lead's command to the owner across servers (Socket.IO's PostgreSQL adapter). serverSideEmit's
// acknowledgement waits at most 5 s (fixed in socket.io-adapter), less than a stop takes, so it only says who took
// the command: every server answers at once ("viewer", or the owner: "accepted" or why not); the owner's result
// follows as its own message, "lead:answer", matched by request id and awaited for up to a minute.
import { randomUUID } from "node:crypto";
import type { RealtimeServer } from "../../realtime/server";
import { EngineError } from "../errors";
import type { CommandAnswer, CommandFailure, LeadCommand } from "./lead-commands";
import { toEngineError } from "./lead-commands";

type Envelope = { requestId: string; command: unknown };
type Receipt =
  | { role: "viewer" }
  | { role: "owner"; accepted: true }
  | { role: "owner"; error: CommandFailure };
type Answer = { requestId: string; answer: CommandAnswer };

/** Every server publishes at least a heartbeat this often (the adapter's default interval), plus a margin. */
const PEERS_KNOWN_WITHIN_MS = 6_000;
const ANSWER_WITHIN_MS = 60_000;

export type CommandChannel = {
  /** Viewer: hands the command to the owner; resolves with its result, rejects with its error or a 503. */
  forward(command: LeadCommand): Promise<unknown>;
};

/**
 * Joins the channel. `carryOut` is this server's engine while it owns the database, else null (then it answers
 * "viewer"); it gets the raw command and validates it.
 */
export function joinCommandChannel(
  io: RealtimeServer,
  carryOut: () => ((command: unknown) => Promise<CommandAnswer>) | null,
): CommandChannel {
  const waiting = new Map<string, { settle(answer: CommandAnswer): void; fail(error: Error): void }>();

  io.on("lead:action", (payload: Envelope, receipt: (r: Receipt) => void) => {
    if (typeof receipt !== "function") return;
    const run = carryOut();
    if (!run) return receipt({ role: "viewer" });
    if (typeof payload?.requestId !== "string")
      return receipt({ role: "owner", error: { status: 400, message: "a lead command needs a requestId" } });
    receipt({ role: "owner", accepted: true });
    void run(payload.command).then((answer) =>
      io.serverSideEmit("lead:answer", { requestId: payload.requestId, answer } satisfies Answer),
    );
  });
  io.on("lead:answer", (message: Answer) => {
    if (typeof message?.requestId === "string") waiting.get(message.requestId)?.settle(message.answer);
  });

  const forward = (command: LeadCommand): Promise<unknown> =>
    new Promise((resolve, reject) => {
      const requestId = randomUUID();
      const startedAt = Date.now();
      const timer = setTimeout(
        () =>
          done(() =>
            reject(
              new EngineError(
                "the engine's server accepted the action but sent no result within a minute; see its events",
                503,
              ),
            ),
          ),
        ANSWER_WITHIN_MS,
      );
      const done = (finish: () => void) => {
        if (!waiting.delete(requestId)) return;
        clearTimeout(timer);
        finish();
      };
      waiting.set(requestId, {
        settle: (answer) =>
          done(() => {
            if (answer.role !== "owner") return reject(new EngineError("answered by a viewer", 503));
            if ("error" in answer) return reject(toEngineError(answer.error));
            resolve(answer.data);
          }),
        fail: (error) => done(() => reject(error)),
      });
      const send = () =>
        io.serverSideEmit(
          "lead:action",
          { requestId, command } satisfies Envelope,
          (error: Error | null, receipts: Receipt[]) => {
            const owner = (receipts ?? []).find(
              (r): r is Exclude<Receipt, { role: "viewer" }> => r?.role === "owner",
            );
            if (owner && "error" in owner) return waiting.get(requestId)?.fail(toEngineError(owner.error));
            if (owner) return; // accepted: the answer comes as "lead:answer"
            // A server learns of the others from their messages; until it knows any, nothing was sent: ask again.
            if (!error && (receipts ?? []).length === 0 && Date.now() - startedAt < PEERS_KNOWN_WITHIN_MS) {
              setTimeout(send, 250);
              return;
            }
            waiting
              .get(requestId)
              ?.fail(
                new EngineError(
                  error
                    ? `the engine's server did not confirm the action in time (${error.message}); it may still be carried out`
                    : "no Paratrack engine owns this database right now: this server only serves pages; start the engine's server (or restart this one to make it the owner)",
                  503,
                ),
              );
          },
        );
      send();
    });

  return { forward };
}
