// The governor: its state and queue; manual mode.
import { z } from "zod";
import { endpoint } from "./endpoint";
import { governorViewSchema } from "./views/runs";

export const getGovernor = endpoint({
  method: "GET",
  path: "/api/governor",
  summary: "What the governor is doing: zone, sampling interval, admission queue",
  access: "token",
  response: governorViewSchema,
});

export const setGovernor = endpoint({
  method: "POST",
  path: "/api/governor",
  summary: "Switch the governor on, or off (manual mode)",
  access: "token",
  body: z.strictObject({ enabled: z.boolean({ error: 'the body must be { "enabled": true | false }' }) }),
  response: governorViewSchema,
});
