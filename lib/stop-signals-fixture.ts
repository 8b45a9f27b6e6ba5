// A process for stop-signals.test.ts: on a stop signal it writes to its (maybe closed) terminal for a while, as a
// shutdown does (console and the server's logger), then records the signal in the marker file and exits 0.
// It prints its pid when ready.
// usage: node --import tsx stop-signals-fixture.ts <marker file>
import { writeFileSync } from "node:fs";
import { createLogger } from "./logger";
import { onStopSignals } from "./stop-signals";

const marker = process.argv[2] ?? "";
const logger = createLogger("info");
onStopSignals((signal) => {
  void (async () => {
    for (let i = 0; i < 20; i++) {
      console.log(`shutting down on ${signal}: step ${i}`);
      logger.info({ signal, step: i }, "shutting down");
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    writeFileSync(marker, signal);
    process.exit(0);
  })();
});
console.log(`ready ${process.pid}`);
setInterval(() => undefined, 60_000);
