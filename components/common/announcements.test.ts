import { describe, expect, it } from "vitest";
import type { MemorySample } from "@/lib/domain/types";
import { makeMemorySample } from "@/lib/domain/view-fixtures";
import { reconnectMessage, zoneChangeMessage } from "./announcements";

const sample = (patch: Partial<MemorySample>): MemorySample => ({
  ...makeMemorySample("2025-01-01T00:00:00.000Z", 50),
  ...patch,
});

describe("zoneChangeMessage", () => {
  it("says the new zone and the figure that set it, on a change only", () => {
    const orange = sample({
      zone: "orange",
      zoneSource: "budget",
      budget: { bytes: 300e6, usedBytes: 240e6, usedPercent: 80.2 },
    });
    expect(zoneChangeMessage("yellow", orange)).toBe("Memory entered Orange zone (80 % of the RAM budget)");
    expect(zoneChangeMessage("orange", orange)).toBeNull();
  });

  it("says nothing for the first zone seen: the page has just opened", () => {
    expect(zoneChangeMessage(undefined, sample({ zone: "red" }))).toBeNull();
  });

  it("names the machine's figure, or the hard floor that forced Red", () => {
    const machine = sample({ zone: "yellow", zoneSource: "machine" });
    expect(zoneChangeMessage("green", machine)).toBe(
      `Memory entered Yellow zone (${Math.round(machine.machine.usedPercent)} % of system memory)`,
    );
    expect(zoneChangeMessage("yellow", sample({ zone: "red", zoneSource: "hard-floor" }))).toBe(
      "Memory entered Red zone (free memory below the hard floor)",
    );
  });
});

describe("reconnectMessage", () => {
  const gone = { status: "disconnected", since: 1000, isReconnecting: true } as const;
  it("is said when the page had said the server was gone", () => {
    expect(reconnectMessage(gone, { status: "connected" }, 6000, 4000)).toMatch(/^Reconnected/);
  });

  it("is not said after a blip, nor at the first connect", () => {
    expect(reconnectMessage(gone, { status: "connected" }, 3000, 4000)).toBeNull();
    expect(reconnectMessage({ status: "connecting" }, { status: "connected" }, 3000)).toBeNull();
  });
});
