import { describe, expect, it } from "vitest";
import {
  findMissingModels,
  isSameModel,
  type LoadedModel,
  listUnneededModels,
  type ModelUser,
  normaliseModelName,
  splitModelMemory,
} from "./model-memory";

const GiB = 1024 ** 3;

const loaded: LoadedModel[] = [
  { name: "codellama:34b", sizeBytes: 20 * GiB, vramBytes: 8 * GiB, expiresAt: "2026-11-30T10:05:00Z" },
  { name: "llama3:latest", sizeBytes: 5 * GiB, vramBytes: 0, expiresAt: null },
  { name: "mistral:7b", sizeBytes: 4 * GiB, vramBytes: 4 * GiB, expiresAt: null },
];

const users: ModelUser[] = [
  { trackKey: "A", localModel: "codellama:34b", isRunning: true },
  { trackKey: "B", localModel: "CodeLlama:34b", isRunning: true },
  { trackKey: "C", localModel: "llama3", isRunning: true },
  { trackKey: "D", localModel: "llama3", isRunning: false },
  { trackKey: "E", localModel: null, isRunning: true },
];

describe("model names", () => {
  it("treats a missing tag as :latest and ignores case and the default registry", () => {
    expect(normaliseModelName("llama3")).toBe("llama3:latest");
    expect(normaliseModelName("registry.ollama.ai/library/Llama3:8b")).toBe("llama3:8b");
    expect(normaliseModelName("hf.co/org/model")).toBe("hf.co/org/model:latest");
    expect(normaliseModelName("localhost:5000/team/coder")).toBe("localhost:5000/team/coder:latest");
    expect(isSameModel("llama3", "llama3:latest")).toBe(true);
    expect(isSameModel("llama3:8b", "llama3:latest")).toBe(false);
  });
});

describe("splitModelMemory", () => {
  const memory = splitModelMemory(loaded, users);

  it("counts the RAM part of every loaded model (size minus VRAM) for the zone", () => {
    expect(memory.ramBytes).toBe(12 * GiB + 5 * GiB + 0);
    expect(memory.vramBytes).toBe(12 * GiB);
  });

  it("splits a model's RAM evenly among the running tracks that use it", () => {
    expect(memory.perTrack.A).toEqual({
      ramBytes: 6 * GiB,
      models: [{ model: "codellama:34b", shareBytes: 6 * GiB, sharedWith: 2 }],
    });
    expect(memory.perTrack.B?.ramBytes).toBe(6 * GiB);
    expect(memory.perTrack.C).toEqual({
      ramBytes: 5 * GiB,
      models: [{ model: "llama3:latest", shareBytes: 5 * GiB, sharedWith: 1 }],
    });
    expect(memory.perTrack.D).toBeUndefined();
    expect(memory.perTrack.E).toBeUndefined();
    expect(memory.models.find((m) => m.name === "mistral:7b")).toEqual({
      name: "mistral:7b",
      ramBytes: 0,
      vramBytes: 4 * GiB,
      users: [],
      expiresAt: null,
    });
  });

  it("never counts more VRAM than the model's size, nor negative sizes", () => {
    const odd = splitModelMemory([{ name: "x", sizeBytes: 1_000, vramBytes: 5_000, expiresAt: null }], []);
    expect(odd).toMatchObject({ ramBytes: 0, vramBytes: 1_000 });
  });
});

describe("listUnneededModels and findMissingModels", () => {
  it("unloads planned models no running track needs, and leaves models the plan does not name", () => {
    const afterSwap = users.map((user) => (user.trackKey === "C" ? { ...user, isRunning: false } : user));
    expect(listUnneededModels(loaded, afterSwap)).toEqual(["llama3:latest"]);
    expect(listUnneededModels(loaded, users)).toEqual([]);
  });

  it("lists the plan's local models the server does not have, with their tracks", () => {
    expect(findMissingModels(["codellama:34b", "mistral:7b"], users)).toEqual([
      { model: "llama3:latest", trackKeys: ["C", "D"] },
    ]);
    expect(findMissingModels(["llama3:latest", "codellama:34b"], users)).toEqual([]);
  });
});
