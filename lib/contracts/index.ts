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

export const ENDPOINTS: readonly Endpoint[] = [
  ...Object.values(health),
  ...Object.values(runs),
  ...Object.values(tracks),
  ...Object.values(memory),
  ...Object.values(events),
  ...Object.values(governor),
  ...Object.values(insights),
  ...Object.values(plan),
  ...Object.values(meta),
  ...Object.values(server),
  ...Object.values(coordination),
  ...Object.values(metrics),
];
