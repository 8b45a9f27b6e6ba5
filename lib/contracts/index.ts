// Every endpoint of the API, for the OpenAPI description and the test that every route file is covered.

import * as coordination from "./coordination";
import type { Endpoint } from "./endpoint";
import * as events from "./events";
import * as governor from "./governor";
import * as health from "./health";
import * as insights from "./insights";
import * as memory from "./memory";
import * as meta from "./meta";
import * as metrics from "./metrics";
import * as plan from "./plan";
import * as runs from "./runs";
import * as server from "./server";
import * as tracks from "./tracks";

/**
 * Every endpoint by its contract's name (listTracks, getTrack…): the client names one to have its answer checked
 * in development (components/data/fetch-json.ts). Names are unique across areas (contracts.test.ts).
 */
export const CONTRACTS = {
  ...health,
  ...runs,
  ...tracks,
  ...memory,
  ...events,
  ...governor,
  ...insights,
  ...plan,
  ...meta,
  ...server,
  ...coordination,
  ...metrics,
} satisfies Record<string, Endpoint>;

export type ContractName = keyof typeof CONTRACTS;

/** The areas' modules, to check that no contract name is used twice. */
export const CONTRACT_AREAS: readonly Record<string, Endpoint>[] = [
  health,
  runs,
  tracks,
  memory,
  events,
  governor,
  insights,
  plan,
  meta,
  server,
  coordination,
  metrics,
];

export const ENDPOINTS: readonly Endpoint[] = Object.values(CONTRACTS);
