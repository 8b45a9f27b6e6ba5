// Anything under /api that no route handles: JSON 404, not Next's HTML page (/api itself: lib/http/api-routes.ts).
import { noSuchApiRoute } from "@/lib/http/respond";

const notFound = (request: Request) => noSuchApiRoute(new URL(request.url).pathname);

export const GET = notFound;
export const POST = notFound;
export const PUT = notFound;
export const PATCH = notFound;
export const DELETE = notFound;
