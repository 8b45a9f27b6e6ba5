// Takes a screenshot of a page in Debian's Chromium, for looking at the dashboard as a user would.
// Usage: tsx scripts/screenshot.ts <url> <out.png> [width] [height] [--dark]
import { chromium } from "@playwright/test";

async function main() {
  const [url, out, width = "1280", height = "900"] = process.argv.slice(2).filter((a) => !a.startsWith("--"));
  if (!url || !out)
    throw new Error("usage: tsx scripts/screenshot.ts <url> <out.png> [width] [height] [--dark]");
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  const page = await browser.newPage({
    viewport: { width: Number(width), height: Number(height) },
    colorScheme: process.argv.includes("--dark") ? "dark" : "light",
  });
  await page.goto(url, { waitUntil: "load" });
  await page.waitForTimeout(Number(process.env.WAIT_MS ?? 3000));
  await page.screenshot({ path: out, fullPage: true });
  await browser.close();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
