import { describe, expect, it } from "vitest";
import { buildAgentEnv } from "./agent-env";

const server = {
  PATH: "/usr/bin",
  PARATRACK_TOKEN: "lead-secret",
  DATABASE_URL: "postgresql://paratrack:db-password@db/paratrack",
  PARATRACK_TRACK: "stale",
  PARATRACK_RUN: "stale-run",
  PARATRACK_URL: "http://stale",
};

describe("buildAgentEnv", () => {
  it("drops the server's token, its database URL and stale PARATRACK_* names, sets the agent's own", () => {
    const env = buildAgentEnv(
      { trackKey: "api", agentName: "coder", env: { FOO: "1" }, url: "http://x" },
      server,
    );
    expect(env).toEqual({
      PATH: "/usr/bin",
      FOO: "1",
      PARATRACK_TRACK: "api",
      PARATRACK_AGENT: "coder",
      PARATRACK_URL: "http://x",
    });
  });

  it("passes a token given for the agent, or the server's when asked to", () => {
    const own = buildAgentEnv(
      { trackKey: "api", agentName: "coder", env: { PARATRACK_TOKEN: "report-only", PARATRACK_RUN: "r1" } },
      server,
    );
    expect(own.PARATRACK_TOKEN).toBe("report-only");
    expect(own.PARATRACK_RUN).toBe("r1");
    const inherited = buildAgentEnv(
      { trackKey: "api", agentName: "coder", env: {}, inheritToken: true },
      server,
    );
    expect(inherited.PARATRACK_TOKEN).toBe("lead-secret");
  });

  it("never lets the track's env override the names Paratrack sets", () => {
    const env = buildAgentEnv({ trackKey: "api", agentName: "coder", env: { PARATRACK_TRACK: "other" } }, {});
    expect(env.PARATRACK_TRACK).toBe("api");
  });
});
