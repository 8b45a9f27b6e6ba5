// Issue #9 end to end: a web page on another origin cannot start commands, stop tracks or read pushes; a foreign
// Host is refused; with a token nothing but health answers without it; plan paths cannot hang or leak the server.

import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createServer, request as httpRequest, type Server } from "node:http";
import os from "node:os";
import path from "node:path";
import { io } from "socket.io-client";
import { ENDPOINTS } from "../lib/contracts";
import { SOCKET_TOKEN_REFUSAL } from "../lib/realtime/events";
import { expect, test } from "./support/fixtures";
import { findFreePort, type RunningServer } from "./support/server";
import { readTrackStatus, taggedPids, type WrittenPlan, writePlan } from "./support/tracks";

let plan: WrittenPlan;
let scratch: string;
test.beforeEach(() => {
  plan = writePlan("tracks");
  scratch = mkdtempSync(path.join(os.tmpdir(), "paratrack-security-"));
});
test.afterEach(() => {
  plan.remove();
  rmSync(scratch, { recursive: true, force: true });
});

/** A raw HTTP request with exactly these headers (fetch would not let a test set Host). */
function rawRequest(
  server: RunningServer,
  options: { method: string; path: string; headers: Record<string, string>; body?: string },
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: "127.0.0.1",
        port: server.port,
        method: options.method,
        path: options.path,
        headers: options.headers,
      },
      (res) => {
        let text = "";
        res.on("data", (chunk) => {
          text += chunk;
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on("error", reject);
    req.end(options.body);
  });
}

/** A second web server on another port: the "foreign origin" a lead's browser might also have open. */
async function foreignSite(html: string): Promise<{ url: string; close(): Promise<void> }> {
  const port = await findFreePort();
  const site: Server = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "text/html" }).end(html);
  });
  await new Promise<void>((resolve) => site.listen(port, "127.0.0.1", resolve));
  return {
    url: `http://localhost:${port}/x.html`,
    close: () => new Promise((resolve) => site.close(() => resolve())),
  };
}

test("a page on another origin can neither start a run, nor stop a track, nor open the socket", async ({
  browser,
  request,
  launchServer,
}) => {
  const server = await launchServer({ args: ["--plan", plan.file] });
  await expect.poll(() => readTrackStatus(request, server, "A"), { timeout: 30_000 }).toBe("running");
  const marker = path.join(scratch, "pwned");
  const evilPlan = `name: evil\ntracks:\n  - key: E\n    command: touch ${marker}\n`;
  const target = `http://localhost:${server.port}`;
  const site = await foreignSite(`<!doctype html><title>elsewhere</title><script>
    (async () => {
      const target = ${JSON.stringify(target)};
      const results = {};
      const attempt = async (name, run) => {
        try { const r = await run(); results[name] = r.type === "opaque" ? "opaque" : r.status; }
        catch (e) { results[name] = "blocked: " + e.message; }
      };
      await attempt("noCorsRun", () => fetch(target + "/api/runs", { method: "POST", mode: "no-cors",
        headers: { "Content-Type": "text/plain" }, body: JSON.stringify({ plan: ${JSON.stringify(evilPlan)} }) }));
      await attempt("noCorsStop", () => fetch(target + "/api/tracks/A/stop", { method: "POST", mode: "no-cors" }));
      await attempt("corsStop", () => fetch(target + "/api/tracks/A/stop", { method: "POST",
        headers: { "Content-Type": "application/json" }, body: "{}" }));
      await attempt("corsRead", () => fetch(target + "/api/tracks"));
      results.socket = await new Promise((resolve) => {
        const seen = [];
        const ws = new WebSocket(target.replace("http", "ws") + "/socket.io/?EIO=4&transport=websocket");
        ws.onopen = () => seen.push("open");
        ws.onmessage = (m) => seen.push("message:" + String(m.data).slice(0, 40));
        ws.onerror = () => seen.push("error");
        ws.onclose = () => { seen.push("close"); resolve(seen); };
        setTimeout(() => { ws.close(); resolve(seen); }, 4000);
      });
      window.results = results;
    })();
  </script>`);
  try {
    const page = await browser.newPage();
    await page.goto(site.url);
    await page.waitForFunction(
      () => (window as unknown as { results?: unknown }).results !== undefined,
      null,
      {
        timeout: 20_000,
      },
    );
    const results = (await page.evaluate(() => (window as unknown as { results: unknown }).results)) as {
      corsStop: string | number;
      corsRead: string | number;
      socket: string[];
    };
    // The socket never opened and never carried a message.
    expect(results.socket).not.toContain("open");
    expect(results.socket.some((entry) => entry.startsWith("message:"))).toBe(false);
    // CORS reads and the preflighted stop fail in the browser.
    expect(String(results.corsStop)).toMatch(/blocked|40\d/);
    expect(String(results.corsRead)).toMatch(/blocked|40\d/);
    await page.close();
  } finally {
    await site.close();
  }
  // Whatever the page saw, nothing happened on the server: no command ran, the track still runs, no new run.
  await new Promise((resolve) => setTimeout(resolve, 2000));
  expect(existsSync(marker)).toBe(false);
  expect(await readTrackStatus(request, server, "A")).toBe("running");
  const runs = (await (await request.get(`${server.baseURL}/api/runs`)).json()) as { name: string }[];
  expect(runs.map((r) => r.name)).toEqual(["E2E tracks"]);
  // The server said why (refusals are logged as 403/415 answers, not as run starts).
  expect(server.log()).not.toContain("evil");
});

test("a page on another origin cannot frame the dashboard to have the lead click its buttons", async ({
  browser,
  launchServer,
}) => {
  const server = await launchServer({ args: ["--plan", plan.file] });
  const site = await foreignSite(
    `<!doctype html><title>elsewhere</title><iframe src="http://localhost:${server.port}/tracks/A" width="800" height="600"></iframe>`,
  );
  try {
    const page = await browser.newPage();
    await page.goto(site.url);
    const frame = page.frames().find((f) => f !== page.mainFrame());
    expect(frame).toBeDefined();
    // The browser refuses to show it in a frame: no button of the dashboard is there to click.
    await page.waitForTimeout(3000);
    expect(await frame!.locator("button").count()).toBe(0);
    expect(frame!.url()).not.toContain(`localhost:${server.port}/tracks`);
    // The dashboard itself opens, and says why.
    const direct = await page.goto(`${server.baseURL}/tracks/A`);
    expect(direct?.headers()["x-frame-options"]).toBe("DENY");
    await page.close();
  } finally {
    await site.close();
  }
});

test("a foreign Host is refused (DNS rebinding), and a text/plain post gets 415", async ({
  launchServer,
}) => {
  const server = await launchServer();
  const marker = path.join(scratch, "rebound");
  const body = JSON.stringify({ plan: `name: x\ntracks:\n  - key: E\n    command: touch ${marker}\n` });
  for (const [method, target] of [
    ["GET", "/"],
    ["GET", "/api/health"],
    ["GET", "/api/tracks"],
    ["POST", "/api/runs"],
  ] as const) {
    const answer = await rawRequest(server, {
      method,
      path: target,
      headers: { host: `evil.example:${server.port}`, "content-type": "application/json" },
      body: method === "POST" ? body : undefined,
    });
    expect(answer.status, `${method} ${target}`).toBe(403);
  }
  const plain = await rawRequest(server, {
    method: "POST",
    path: "/api/runs",
    headers: { host: `127.0.0.1:${server.port}`, "content-type": "text/plain" },
    body,
  });
  expect(plain.status).toBe(415);
  expect(JSON.parse(plain.text)).toEqual({ error: expect.stringContaining("application/json") });
  for (const bad of ["/api/tracks/%C0%AE%C0%AE/logs", "/api/runs/%FF", "/tracks/%C0"]) {
    const answer = await rawRequest(server, {
      method: "GET",
      path: bad,
      headers: { host: `127.0.0.1:${server.port}` },
    });
    expect(answer.status, bad).toBe(400);
  }
  await new Promise((resolve) => setTimeout(resolve, 1000));
  expect(existsSync(marker)).toBe(false);
});

test("with a token, every endpoint and the socket refuse a caller without it; only health and pages answer", async ({
  request,
  launchServer,
  page,
  browser,
}) => {
  const token = "e2e-lead-token";
  const server = await launchServer({ env: { PARATRACK_TOKEN: token }, args: ["--plan", plan.file] });
  const auth = { authorization: `Bearer ${token}` };
  await expect
    .poll(async () => {
      const tracks = await request.get(`${server.baseURL}/api/tracks`, { headers: auth });
      return ((await tracks.json()) as { key: string; status: string }[]).find((t) => t.key === "A")?.status;
    })
    .toBe("running");

  // One table: every endpoint of the API (from its contracts), tried without the token.
  const sample: Record<string, string> = { id: "current", key: "A", action: "pause", phase: "1" };
  const answers: string[] = [];
  for (const endpoint of ENDPOINTS) {
    const url = endpoint.path.replace(/\{(\w+)\}/g, (_m, name: string) => sample[name] ?? "x");
    const response = await request.fetch(`${server.baseURL}${url}`, {
      method: endpoint.method,
      headers: { "content-type": "application/json" },
      data: endpoint.method === "GET" ? undefined : {},
    });
    answers.push(`${endpoint.method} ${endpoint.path} ${response.status()}`);
    expect(response.status(), `${endpoint.method} ${endpoint.path}`).toBe(
      endpoint.access === "public" ? 200 : 401,
    );
  }
  expect(answers.length).toBeGreaterThan(20);
  expect((await request.get(`${server.baseURL}/`)).status()).toBe(200);
  // The track was not paused by any of those attempts.
  const a = await request.get(`${server.baseURL}/api/tracks/A`, { headers: auth });
  expect(((await a.json()) as { status: string }).status).toBe("running");

  // The socket: refused without the token, connected with it.
  const connect = (auth?: { token: string }) =>
    new Promise<string>((resolve) => {
      const socket = io(server.baseURL, { transports: ["websocket"], auth, reconnection: false });
      socket.on("connect", () => {
        socket.close();
        resolve("connected");
      });
      socket.on("connect_error", (error) => {
        socket.close();
        resolve(`refused: ${error.message}`);
      });
    });
  expect(await connect()).toBe(`refused: ${SOCKET_TOKEN_REFUSAL}`);
  expect(await connect({ token: "wrong" })).toBe(`refused: ${SOCKET_TOKEN_REFUSAL}`);
  expect(await connect({ token })).toBe("connected");

  // The dashboard without the token says so and asks for it; given, it shows the run.
  const signIn = (p: typeof page) => p.getByRole("heading", { name: "This server needs its token" });
  await page.goto(server.baseURL);
  await expect(signIn(page)).toBeVisible({ timeout: 20_000 });
  await page.getByLabel("Token", { exact: true }).fill(token);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("article", { name: "Alpha Orchestrator" })).toBeVisible({ timeout: 20_000 });
  await expect(signIn(page)).toHaveCount(0);
  // Downloads carry the token too (a plain link cannot send it).
  await page.goto(`${server.baseURL}/retrospective`);
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Download Markdown" }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^retrospective.*\.md$/);
  expect(await download.failure()).toBeNull();
  // A #token= link signs a fresh browser in, and the token leaves the address bar.
  const fresh = await browser.newContext();
  const linked = await fresh.newPage();
  await linked.goto(`${server.baseURL}/#token=${token}`);
  await expect(linked.getByRole("article", { name: "Alpha Orchestrator" })).toBeVisible({ timeout: 20_000 });
  expect(new URL(linked.url()).hash).toBe("");
  await fresh.close();

  // Agents get a report-only token, never the server's: it reports, and it opens nothing else.
  const [agentPid] = taggedPids(server, "A");
  expect(agentPid).toBeDefined();
  const environ = execFileSync("cat", [`/proc/${agentPid}/environ`])
    .toString("latin1")
    .split("\0");
  expect(environ.some((v) => v.startsWith("PARATRACK_TOKEN="))).toBe(false);
  const reportToken = environ.find((v) => v.startsWith("PARATRACK_REPORT_TOKEN="))?.split("=")[1];
  expect(reportToken).toBeTruthy();
  const asAgent = { authorization: `Bearer ${reportToken}` };
  const report = await request.post(`${server.baseURL}/api/tracks/A/report`, {
    headers: asAgent,
    data: { progress_percent: 12 },
  });
  expect(report.status()).toBe(200);
  expect(
    (await request.post(`${server.baseURL}/api/tracks/A/pause`, { headers: asAgent, data: {} })).status(),
  ).toBe(401);
  expect((await request.get(`${server.baseURL}/api/tracks/A/logs`, { headers: asAgent })).status()).toBe(401);
  // It reports for its own track only.
  const forB = await request.post(`${server.baseURL}/api/tracks/B/report`, {
    headers: asAgent,
    data: { progress_percent: 99 },
  });
  expect(forB.status()).toBe(403);
  expect((await forB.json()).error).toContain('track "A"\'s');
});

test("plan paths that are not plain YAML files are refused at once, with nothing of them echoed", async ({
  request,
  launchServer,
}) => {
  const server = await launchServer();
  const fifo = path.join(scratch, "pipe.yaml");
  execFileSync("mkfifo", [fifo]);
  const dir = path.join(scratch, "dir.yaml");
  mkdirSync(dir);
  const big = path.join(scratch, "big.yaml");
  writeFileSync(big, Buffer.alloc(10 * 1024 * 1024, "a"));
  const deviceLink = path.join(scratch, "zero.yaml");
  symlinkSync("/dev/zero", deviceLink);
  const secret = path.join(scratch, "secret.yaml");
  writeFileSync(secret, "OPENAI_API_KEY: sk-live-0123456789\nanother_secret_line: hunter2\n");

  let healthFailures = 0;
  let probing = true;
  const probe = (async () => {
    while (probing) {
      const health = await request.get(`${server.baseURL}/api/health`, { timeout: 2000 }).catch(() => null);
      if (!health?.ok()) healthFailures++;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();
  for (const target of [
    "/etc/passwd",
    "/dev/zero",
    "../../etc/passwd",
    "/proc/self/environ",
    fifo,
    dir,
    big,
    deviceLink,
    secret,
  ]) {
    const started = Date.now();
    const response = await request.post(`${server.baseURL}/api/runs`, {
      data: { path: target },
      timeout: 15_000,
    });
    const elapsed = Date.now() - started;
    const text = await response.text();
    expect(response.status(), target).toBe(400);
    // A FIFO or /dev/zero used to hang the request for ever; the bound only tells "at once" from "hangs" on a
    // loaded machine (the request's own timeout is above it).
    expect(elapsed, target).toBeLessThan(10_000);
    expect(JSON.parse(text), target).toEqual(expect.objectContaining({ error: expect.any(String) }));
    for (const leaked of ["root:", "sk-live", "hunter2", "OPENAI_API_KEY", "aaaaaaaa", "PATH="]) {
      expect(text, `${target} must not echo ${leaked}`).not.toContain(leaked);
    }
  }
  probing = false;
  await probe;
  expect(healthFailures).toBe(0);
});
