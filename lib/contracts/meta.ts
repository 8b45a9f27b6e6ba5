// The API's own description.
import { z } from "zod";
import { endpoint } from "./endpoint";

export const openApi = endpoint({
  method: "GET",
  path: "/api/openapi.json",
  summary: "This API's OpenAPI 3.1 description, generated from its contracts",
  access: "token",
  response: z.record(z.string(), z.unknown()).describe("An OpenAPI 3.1 document"),
});
