// Local models (Ollama) hold memory outside the agents' process trees. Their own loop (a chained setTimeout,
// never the governor's tick, each call given up within a second) asks the model server what is loaded; each
// sample then shares every loaded model's RAM among the active tracks using it (shown on their cards) and counts
// it in the agents' memory (the budget view). After a swap to the cloud model, the local models no active track
// needs are unloaded (keep_alive 0). An unreachable server is said once (an event) and the features stay off.
import {
  isSameModel,
  type LoadedModel,
  listUnneededModels,
  type ModelUser,
  splitModelMemory,
} from "../../domain/governor/model-memory";
import { isActive } from "../../domain/phases/track-lifecycle";
import type { ModelMemoryView } from "../../domain/views";
import type { ActiveRun, TrackRuntime } from "../track-runtime";
import type { RunContext } from "./context";

export const MODEL_POLL_MS = 5_000;

export class ModelMemorySystem {
  private loaded: LoadedModel[] = [];
  /** null: not asked yet; false: the last call failed (said once per outage). */
  private reachable: boolean | null = null;
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  /** The RAM of loaded models that active tracks use, as of the last sample. */
  private sharedBytes = 0;
  /** The model each track ran with at the last sample (a swap shows as a change away from its local model). */
  private readonly lastModel = new Map<string, string | null>();

  constructor(private readonly ctx: RunContext) {}

  /** Starts the loop (once); nothing is asked while no run uses a local model. */
  start(): void {
    if (this.running || !this.ctx.ollama) return;
    this.running = true;
    this.schedule(0);
  }

  stop(): void {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** System RAM of the loaded models the run's active tracks use: counted with the agents' memory. */
  ramBytes(): number {
    return this.sharedBytes;
  }

  /** Each sample: the tracks' shares of the loaded models, and unloading after a swap to the cloud model. */
  onSample(run: ActiveRun): void {
    if (!usesLocalModels(run)) return;
    this.start();
    const users = modelUsers(run);
    const split = splitModelMemory(this.reachable ? this.loaded : [], users);
    let shared = 0;
    for (const t of run.tracks.values()) {
      const share = split.perTrack[t.plan.key];
      const view: ModelMemoryView | null =
        share && share.models.length > 0 ? { ramBytes: share.ramBytes, models: share.models } : null;
      shared += view?.ramBytes ?? 0;
      if (!sameShare(t.modelMemory, view)) {
        t.modelMemory = view;
        this.ctx.emitTrack(run, t);
      }
    }
    this.sharedBytes = shared;
    if (this.swappedAway(run)) this.unloadUnneeded(run, users);
  }

  private schedule(ms: number): void {
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.poll().finally(() => {
        if (this.running) this.schedule(this.ctx.modelPollMs ?? MODEL_POLL_MS);
      });
    }, ms);
    // The loop must never keep the process alive on its own.
    this.timer.unref();
  }

  private async poll(): Promise<void> {
    const { ctx } = this;
    const run = ctx.state.active;
    const ollama = ctx.ollama;
    if (!run || run.finished || !ollama || !usesLocalModels(run)) return;
    try {
      const answer = await ollama.listLoaded();
      if (answer.ok) {
        this.loaded = answer.value;
        if (this.reachable === false)
          await ctx.record(
            run,
            "models:available",
            { baseUrl: ollama.baseUrl, loaded: answer.value.length },
            {
              severity: "info",
              message: `The model server at ${ollama.baseUrl} answers again: local models' memory is counted`,
              actor: "system",
            },
          );
        this.reachable = true;
        return;
      }
      this.loaded = [];
      if (this.reachable !== false)
        await ctx.record(
          run,
          "models:unavailable",
          { baseUrl: ollama.baseUrl, error: answer.error.message },
          {
            severity: "medium",
            message: `The model server at ${ollama.baseUrl} does not answer (${answer.error.kind}): local models' memory is not counted and models are not unloaded until it does`,
            actor: "system",
          },
        );
      this.reachable = false;
    } catch (error) {
      ctx.logger.error({ err: error }, "asking the model server failed");
    }
  }

  /** True when a track has left its local model (the governor swapped it to the cloud model) since last time. */
  private swappedAway(run: ActiveRun): boolean {
    let swapped = false;
    for (const t of run.tracks.values()) {
      const before = this.lastModel.get(t.id);
      this.lastModel.set(t.id, t.modelInForce);
      const local = t.plan.model.local;
      if (before === undefined || local === null || before === null) continue;
      if (isSameModel(before, local) && (t.modelInForce === null || !isSameModel(t.modelInForce, local)))
        swapped = true;
    }
    return swapped;
  }

  private unloadUnneeded(run: ActiveRun, users: ModelUser[]): void {
    const { ctx } = this;
    const ollama = ctx.ollama;
    if (!ollama || !this.reachable) return;
    const models = listUnneededModels(this.loaded, users);
    if (models.length === 0) return;
    const work = async () => {
      const results = await Promise.all(models.map((model) => ollama.unload(model)));
      const failed = results.flatMap((result, i) =>
        result.ok ? [] : [`${models[i]}: ${result.error.message}`],
      );
      const unloaded = models.filter((_, i) => results[i]?.ok);
      this.loaded = this.loaded.filter((model) => !unloaded.includes(model.name));
      await ctx.record(
        run,
        "models:unloaded",
        { models: unloaded, failed, reason: "no active track uses them after a swap to the cloud model" },
        {
          severity: failed.length > 0 ? "medium" : "info",
          message: `Unloaded ${unloaded.join(", ") || "no model"} (keep_alive 0): no active track uses it after a swap to the cloud model${failed.length ? `; failed: ${failed.join("; ")}` : ""}`,
          actor: "governor",
        },
      );
    };
    ctx.background("unloading local models", work(), run);
  }
}

function usesLocalModels(run: ActiveRun): boolean {
  return [...run.tracks.values()].some((t) => t.plan.model.local !== null);
}

/** Each track with its plan's local model; it uses it while active and running with it (not swapped away). */
function modelUsers(run: ActiveRun): ModelUser[] {
  return [...run.tracks.values()].map((t: TrackRuntime) => ({
    trackKey: t.plan.key,
    localModel: t.plan.model.local,
    isRunning:
      isActive(t.status) &&
      t.plan.model.local !== null &&
      t.modelInForce !== null &&
      isSameModel(t.modelInForce, t.plan.model.local),
  }));
}

function sameShare(a: ModelMemoryView | null, b: ModelMemoryView | null): boolean {
  if (a === null || b === null) return a === b;
  return (
    Math.round(a.ramBytes) === Math.round(b.ramBytes) &&
    a.models.length === b.models.length &&
    a.models.every((m, i) => m.model === b.models[i]?.model && m.sharedWith === b.models[i]?.sharedWith)
  );
}
