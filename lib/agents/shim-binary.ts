// Where the compiled paratrack-shim lives (built at install by scripts/build-shim.sh), and the error when it is not.

import { accessSync, constants } from "node:fs";
import path from "node:path";

export const SHIM_NOT_BUILT = "paratrack-shim is not built: run npm ci (needs a C compiler)";
const RELATIVE = path.join("native", "shim", "build", "paratrack-shim");

/** The shim beside this source (tsx, tests) or under the working directory (a bundled server runs from the repo). */
export function defaultShimPath(): string {
  const besideSource = typeof __dirname === "string" ? path.resolve(__dirname, "..", "..", RELATIVE) : null;
  if (besideSource && isExecutable(besideSource)) return besideSource;
  return path.resolve(RELATIVE);
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The shim's path, or the sentence to show when it cannot be run. */
export function locateShim(explicit?: string): { path: string } | { error: string } {
  const file = explicit ?? defaultShimPath();
  return isExecutable(file) ? { path: file } : { error: `${SHIM_NOT_BUILT} (looked for ${file})` };
}
