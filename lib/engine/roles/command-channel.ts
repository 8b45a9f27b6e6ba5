// How a viewer hands a lead's command to the owner across servers (Socket.IO's PostgreSQL adapter). serverSideEmit's
// acknowledgement waits at most 5 s (fixed in socket.io-adapter), less than a stop takes, so it only says who took
// the command: every server answers at once ("viewer", or the owner: "accepted" or why not); the owner's result
// follows as its own message, "lead:answer", matched by request id and awaited for up to a minute.
//
// Before it sends anything the viewer asks PostgreSQL whether any engine holds the owner lock (pg_locks): with no
// owner it refuses at once ("no Paratrack engine owns this database"), rather than waiting for the answer of a
// server that died (the adapter counts a dead server for 10–15 s, until its heartbeats are missed); "did not confirm
// in time" is said only while an owner holds the lock.
import { randomUUID } from "node:crypto";
import { describeDatabaseError } from "../../db/unreachable";
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

const NO_OWNER =
  "no Paratrack engine owns this database right now: this server only serves pages; start the engine's server " +
  "(or restart this one to make it the owner)";

export type CommandChannelOptions = {
  /**
   * The name of the engine holding the database's owner lock now, null when none does; throws when the database
   * cannot be asked. Absent: every command is sent, and the servers' receipts alone tell.
   */
  findOwner?: () => Promise<string | null>;
};

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
  options: CommandChannelOptions = {},
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

  /** Who holds the lock: its name, or a 503 at once (no owner, or the database cannot be asked). */
  const ownerOrRefuse = async (): Promise<string | null> => {
    if (!options.findOwner) return null;
    let owner: string | null;
    try {
      owner = await options.findOwner();
    } catch (error) {
      throw new EngineError(
        `cannot tell which engine owns this database (${describeDatabaseError(error)}): nothing was done`,
        503,
      );
    }
    if (owner === null) throw new EngineError(NO_OWNER, 503);
    return owner;
  };

  const forward = async (command: LeadCommand): Promise<unknown> => send(command, await ownerOrRefuse());

  /** Sends the command to every server; `owner` is the lock's holder as PostgreSQL named it (null: not asked). */
  const send = (command: LeadCommand, owner: string | null): Promise<unknown> =>
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
      const named = owner ? ` (${owner})` : "";
      const emit = () =>
        io.serverSideEmit(
          "lead:action",
          { requestId, command } satisfies Envelope,
          (error: Error | null, receipts: Receipt[]) => {
            const taken = (receipts ?? []).find(
              (r): r is Exclude<Receipt, { role: "viewer" }> => r?.role === "owner",
            );
            if (taken && "error" in taken) return waiting.get(requestId)?.fail(toEngineError(taken.error));
            if (taken) return; // accepted: the answer comes as "lead:answer"
            // A server learns of the others from their messages; until it knows the owner's, the command reached no
            // owner: ask again (only when an owner holds the lock, or when nobody was asked and no server answered).
            const mayAskAgain = owner !== null || (receipts ?? []).length === 0;
            if (!error && mayAskAgain && Date.now() - startedAt < PEERS_KNOWN_WITHIN_MS) {
              setTimeout(emit, 250);
              return;
            }
            waiting
              .get(requestId)
              ?.fail(
                new EngineError(
                  error
                    ? `the engine's server${named} did not confirm the action in time (${error.message}); it may still be carried out`
                    : owner
                      ? `the engine that owns this database${named} did not take the action: it takes none from other servers (a headless run?) or is not on this database's Socket.IO channel; nothing was done`
                      : NO_OWNER,
                  503,
                ),
              );
          },
        );
      emit();
    });

  return { forward };
}
