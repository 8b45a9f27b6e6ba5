// The run controller moved to lib/engine/run/ (one system per file over one context).
/** @deprecated for lib/engine/plan-files.ts until the lead imports StartRunInput from ./run/run-start */
export type { RunController, StartRunInput } from "./run/controller";
