// One PSS cache for every agent, fresh or adopted, so measure() and measureAgents() share readings.

import { createPssCache } from "../monitor/pss-cache";

export const sharedPss = createPssCache();

/** Resolves when PSS reads under way have finished: call before a measurement that must not fall back to RSS. */
export function settleMeasurements(): Promise<void> {
  return sharedPss.settle();
}
