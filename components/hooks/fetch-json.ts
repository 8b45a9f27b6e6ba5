// fetch() that throws the API's { error } message, so React Query and mutations show it.
export async function fetchJson<T>(url: string, init?: RequestInit): Promise<T> {
  const token = typeof window !== "undefined" ? window.localStorage.getItem("paratrack.token") : null;
  const headers = new Headers(init?.headers);
  if (token) headers.set("authorization", `Bearer ${token}`);
  // The server refuses state changes that are not JSON (a cross-site form cannot send it): always say JSON.
  const method = (init?.method ?? "GET").toUpperCase();
  const unsafe = method !== "GET" && method !== "HEAD";
  if (unsafe && !headers.has("content-type")) headers.set("content-type", "application/json");
  const requestBody = unsafe && init?.body === undefined ? "{}" : init?.body;
  const response = await fetch(url, { ...init, headers, body: requestBody });
  const body = (await response.json().catch(() => null)) as unknown;
  if (!response.ok) {
    const message =
      body && typeof body === "object" && "error" in body && typeof body.error === "string"
        ? body.error
        : `${response.status} ${response.statusText}`;
    throw new Error(message);
  }
  return body as T;
}
