// Local models (Ollama) hold memory outside the agents' process trees: each loaded model's RAM counts in the zone
// and is shared among the running tracks that use it. Also: which local models a plan lacks, and which loaded
// models no running track needs any more (to unload after a swap to the cloud model). Pure.

/** One model the model server has loaded (Ollama's /api/ps). */
export type LoadedModel = {
  name: string;
  /** Total memory of the loaded model. */
  sizeBytes: number;
  /** The part of it in GPU memory; the rest sits in system RAM. */
  vramBytes: number;
  expiresAt: string | null;
};

/** A track as far as its local model goes. */
export type ModelUser = { trackKey: string; localModel: string | null; isRunning: boolean };

export type ModelShare = { model: string; shareBytes: number; sharedWith: number };

export type ModelMemory = {
  models: { name: string; ramBytes: number; vramBytes: number; users: string[]; expiresAt: string | null }[];
  /** System RAM held by loaded models: what the zone must count on top of the agents. */
  ramBytes: number;
  vramBytes: number;
  /** Each running track's share of the RAM of the models it uses (split evenly among their users). */
  perTrack: Record<string, { ramBytes: number; models: ModelShare[] }>;
};

/** Ollama's names: "llama3" is "llama3:latest"; the default registry prefix and letter case do not matter. */
export function normaliseModelName(name: string): string {
  const bare = name
    .trim()
    .toLowerCase()
    .replace(/^(?:https?:\/\/)?registry\.ollama\.ai\/library\//, "");
  const lastSegment = bare.slice(bare.lastIndexOf("/") + 1);
  return lastSegment.includes(":") ? bare : `${bare}:latest`;
}

export function isSameModel(a: string, b: string): boolean {
  return normaliseModelName(a) === normaliseModelName(b);
}

/** Splits every loaded model's RAM among the running tracks whose local model it is. */
export function splitModelMemory(loaded: readonly LoadedModel[], users: readonly ModelUser[]): ModelMemory {
  const running = users.filter((user) => user.isRunning && user.localModel !== null);
  const perTrack: ModelMemory["perTrack"] = {};
  for (const user of running) perTrack[user.trackKey] = { ramBytes: 0, models: [] };
  const models: ModelMemory["models"] = [];
  let ramBytes = 0;
  let vramBytes = 0;
  for (const model of loaded) {
    const vram = Math.min(Math.max(model.vramBytes, 0), Math.max(model.sizeBytes, 0));
    const ram = Math.max(model.sizeBytes, 0) - vram;
    ramBytes += ram;
    vramBytes += vram;
    const modelUsers = running.filter((user) => isSameModel(user.localModel ?? "", model.name));
    models.push({
      name: model.name,
      ramBytes: ram,
      vramBytes: vram,
      users: modelUsers.map((user) => user.trackKey),
      expiresAt: model.expiresAt,
    });
    for (const user of modelUsers) {
      const share = ram / modelUsers.length;
      const entry = perTrack[user.trackKey];
      if (!entry) continue;
      entry.ramBytes += share;
      entry.models.push({ model: model.name, shareBytes: share, sharedWith: modelUsers.length });
    }
  }
  return { models, ramBytes, vramBytes, perTrack };
}

/**
 * Loaded models to unload (keep_alive 0): ones the plan names as some track's local model that no running track
 * uses now. Models the plan does not name belong to someone else and stay.
 */
export function listUnneededModels(loaded: readonly LoadedModel[], users: readonly ModelUser[]): string[] {
  const planned = users.flatMap((user) => (user.localModel === null ? [] : [user.localModel]));
  const inUse = users.filter((user) => user.isRunning && user.localModel !== null);
  return loaded
    .filter((model) => planned.some((name) => isSameModel(name, model.name)))
    .filter((model) => !inUse.some((user) => isSameModel(user.localModel ?? "", model.name)))
    .map((model) => model.name);
}

/** The plan's local models the model server does not have (from Ollama's /api/tags), each with its tracks. */
export function findMissingModels(
  available: readonly string[],
  users: readonly Pick<ModelUser, "trackKey" | "localModel">[],
): { model: string; trackKeys: string[] }[] {
  const missing = new Map<string, string[]>();
  for (const user of users) {
    if (user.localModel === null) continue;
    if (available.some((name) => isSameModel(name, user.localModel ?? ""))) continue;
    const key = normaliseModelName(user.localModel);
    missing.set(key, [...(missing.get(key) ?? []), user.trackKey]);
  }
  return [...missing].map(([model, trackKeys]) => ({ model, trackKeys }));
}
