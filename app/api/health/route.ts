import { health } from "@/lib/contracts/health";
import { handle } from "@/lib/http/handle";

export const dynamic = "force-dynamic";

export const GET = handle(health, ({ engine }) => engine.health());
