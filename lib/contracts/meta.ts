// The API's own description.
import { endpoint } from "./endpoint";

export const openApi = endpoint({
  method: "GET",
  path: "/api/openapi.json",
  summary: "This API's OpenAPI 3.1 description, generated from its contracts",
  access: "token",
});
