// How Paratrack starts its own TypeScript processes (the server, from `paratrack run` and the systemd unit):
// `node --import <tsx's loader> server.ts`, one process. The tsx command line would put a tsx parent in front that
// relays signals and SIGKILLs its child when the child does not confirm a signal within 30 ms (a busy server on a
// loaded machine): the graceful shutdown, which ends or detaches the agents, would then never run.
import path from "node:path";
import { pathToFileURL } from "node:url";

const REPO_ROOT = path.resolve(__dirname, "../..");

/** tsx's loader as a file URL, for `node --import`: valid from any working directory. */
export const TSX_LOADER_PATH = path.join(REPO_ROOT, "node_modules/tsx/dist/loader.mjs");
export const TSX_LOADER_URL = pathToFileURL(TSX_LOADER_PATH).href;
