// For tests with real agents: which shims are still alive for a data directory, so a test can check that none was
// left behind and kill any that was.
import { findShimsServing } from "../../agents/served-logs";

/** The pids of the shims logging into dir, lowest first. */
export function shimsOf(dir: string): number[] {
  return findShimsServing(dir).map((shim) => shim.shimPid);
}
