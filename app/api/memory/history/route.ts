import { memoryHistory } from "@/lib/contracts/memory";
import { handle } from "@/lib/http/handle";

export const dynamic = "force-dynamic";

export const GET = handle(memoryHistory, ({ engine, query }) => engine.memoryHistory(query));
