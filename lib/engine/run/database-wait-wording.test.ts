// A track that waits for the database is shown as "Waiting for the database: <reason>" (the card and the governor's
// queue put describeWaitKind before the reason): the reason must not say it again.
import { expect, it } from "vitest";
import { describeWaitKind } from "../../domain/governor/wait-kinds";
import { DATABASE_WAIT_REASON } from "./launch-guard";

it("says what waits for the database once", () => {
  const shown = `Waiting ${describeWaitKind("database")}: ${DATABASE_WAIT_REASON}`;
  expect(shown).toBe("Waiting for the database: nothing starts while the record cannot be written");
  expect(shown.match(/for the database/gi)).toHaveLength(1);
});
