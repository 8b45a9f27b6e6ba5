// Anything under /api that no route handles: JSON 404, not Next's HTML page.
import { jsonError } from "@/lib/http/respond";

const notFound = (request: Request) => jsonError(404, `no such API route: ${new URL(request.url).pathname}`);

export const GET = notFound;
export const POST = notFound;
export const PUT = notFound;
export const PATCH = notFound;
export const DELETE = notFound;
