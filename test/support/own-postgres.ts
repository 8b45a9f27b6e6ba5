// A PostgreSQL server of a test's own (scripts/pg/up.sh in its own directory), for tests that stop it and start it
// again: the down-and-back harness. Stopped and removed by purge(). Only where PostgreSQL tests run at all
// (PARATRACK_TEST_POSTGRES_URL set: scripts/pg works on this machine).
import { spawnSync } from "node:child_process";
import os from "node:os";
import path from "node:path";

const SCRIPTS = path.resolve(__dirname, "../../scripts/pg");

export type OwnPostgres = {
  /** postgresql://… of its database "paratrack"; the same after stop() and start(). */
  url: string;
  /** pg_ctl stop -m fast: connections are cut, new ones refused. */
  stop(): void;
  /** Starts it again on the same port. */
  start(): void;
  /** Stops it and deletes its directory. */
  purge(): void;
};

export function startOwnPostgres(name: string): OwnPostgres {
  const dir = path.join(os.tmpdir(), `paratrack-pg-${name}-${process.pid}`);
  const env = { ...process.env, PARATRACK_PG_DIR: dir };
  const run = (script: string, ...args: string[]) => {
    const result = spawnSync("bash", [path.join(SCRIPTS, script), ...args], {
      env,
      encoding: "utf8",
      timeout: 300_000,
    });
    if (result.status !== 0)
      throw new Error(`scripts/pg/${script} failed (exit ${result.status}): ${result.stderr}`);
    return result.stdout;
  };
  const url = /export DATABASE_URL=(\S+)/.exec(run("up.sh"))?.[1];
  if (!url) throw new Error("scripts/pg/up.sh printed no DATABASE_URL");
  return {
    url,
    stop: () => void run("down.sh"),
    start: () => {
      const again = /export DATABASE_URL=(\S+)/.exec(run("up.sh"))?.[1];
      if (again !== url) throw new Error(`the server came back elsewhere: ${again} instead of ${url}`);
    },
    purge: () => void run("down.sh", "--purge"),
  };
}
