import { describe, expect, it } from "vitest";
import { ConfigError, isLoopback, loadConfig } from "./config";

describe("loadConfig", () => {
  it("defaults to loopback, port 3000 and 1 s samples", () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      host: "127.0.0.1",
      port: 3000,
      sampleIntervalMs: 1000,
      ramBudgetBytes: null,
    });
    expect(config.zones).toEqual({ yellow: 60, orange: 75, red: 85, hysteresis: 2 });
    expect(config.databaseUrl).toBe("file:data/paratrack.db");
  });

  it("takes an empty DATABASE_URL for unset: the data directory's file", () => {
    expect(loadConfig({ DATABASE_URL: "", DATA_DIR: "/tmp/x" }).databaseUrl).toBe("file:/tmp/x/paratrack.db");
  });

  it("parses sizes and thresholds", () => {
    const config = loadConfig({ RAM_BUDGET: "8GB", RAM_HARD_FLOOR: "512MiB", ZONE_YELLOW: "50", PORT: "0" });
    expect(config.ramBudgetBytes).toBe(8e9);
    expect(config.ramHardFloorBytes).toBe(512 * 1024 ** 2);
    expect(config.zones.yellow).toBe(50);
    expect(config.port).toBe(0);
  });

  it.each([
    [{ RAM_BUDGET: "lots" }, 'RAM_BUDGET must be a size such as "8GB", "512MiB" or "800MB", got "lots"'],
    [{ RAM_BUDGET: "0GB" }, 'RAM_BUDGET must be more than 0, got "0GB"'],
    [{ PORT: "70000" }, 'PORT must be an integer from 0 to 65535, got "70000"'],
    [{ ZONE_RED: "120" }, 'ZONE_RED must be a percentage between 0 and 100, got "120"'],
    [
      { ZONE_YELLOW: "80" },
      "ZONE_YELLOW < ZONE_ORANGE < ZONE_RED is required (percentages), got 80 / 75 / 85",
    ],
    [{ HOST: "0.0.0.0" }, "HOST=0.0.0.0 exposes the dashboard beyond this machine: set PARATRACK_TOKEN"],
    [
      { HOST: "0.0.0.0", PARATRACK_TOKEN: "s3cret" },
      "HOST=0.0.0.0 exposes the dashboard beyond this machine, and a PARATRACK_TOKEN of 6 characters is easy to guess: use at least 16 random ones",
    ],
  ])("rejects %o with one clear line", (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it("allows exposure with a token long enough, and any token on loopback", () => {
    const token = "8f1c2b7e9a4d6f30";
    expect(loadConfig({ HOST: "0.0.0.0", PARATRACK_TOKEN: token }).authToken).toBe(token);
    expect(loadConfig({ HOST: "127.0.0.1", PARATRACK_TOKEN: "s3cret" }).authToken).toBe("s3cret");
  });

  it("reads extra host names and plan directories as lists", () => {
    const config = loadConfig({
      PARATRACK_ALLOWED_HOSTS: "dash.lab.example, 10.0.0.5",
      PARATRACK_PLAN_DIRS: "/srv/plans:/home/lead/plans",
    });
    expect(config.allowedHosts).toEqual(["dash.lab.example", "10.0.0.5"]);
    expect(config.planDirs).toEqual(["/srv/plans", "/home/lead/plans"]);
    expect(loadConfig({}).planDirs).toBeNull();
  });

  it("knows loopback addresses", () => {
    expect(["127.0.0.1", "127.1.2.3", "localhost", "::1"].every(isLoopback)).toBe(true);
    expect(["0.0.0.0", "192.168.1.2", "::"].some(isLoopback)).toBe(false);
  });
});
