import { ENDPOINTS } from "@/lib/contracts";
import { openApi } from "@/lib/contracts/meta";
import { openApiDocument } from "@/lib/contracts/openapi";
import { handle } from "@/lib/http/handle";

export const dynamic = "force-dynamic";

export const GET = handle(openApi, ({ engine }) => openApiDocument(ENDPOINTS, engine.health().version));
