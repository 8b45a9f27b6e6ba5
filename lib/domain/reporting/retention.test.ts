import { describe, expect, it } from "vitest";
import { planRetention, type SampleAggregate } from "./retention";

type Row = { id: number; at: number; usedBytes: number; zone: string };

const MINUTE = 60_000;
const HOUR = 3_600_000;

describe("planRetention", () => {
  it("keeps the last hour raw and folds only complete buckets entirely older than it", () => {
    const now = 10 * HOUR + 30_000; // cutoff = 9 h + 30 s, inside the bucket [9 h, 9 h + 1 min)
    const rows: Row[] = [
      { id: 1, at: 9 * HOUR - MINUTE + 1_000, usedBytes: 10, zone: "green" },
      { id: 2, at: 9 * HOUR - MINUTE + 59_000, usedBytes: 30, zone: "yellow" },
      { id: 3, at: 9 * HOUR - MINUTE + 20_000, usedBytes: 20, zone: "green" },
      { id: 4, at: 9 * HOUR + 10_000, usedBytes: 99, zone: "red" }, // older than the cutoff, but its bucket is not
      { id: 5, at: 9 * HOUR + 50_000, usedBytes: 1, zone: "green" }, // inside the window
    ];
    const plan = planRetention(rows, now);
    expect(plan.deleteIds).toEqual([1, 2, 3]);
    expect(plan.aggregates).toEqual([
      { bucketStart: 9 * HOUR - MINUTE, count: 3, usedMin: 10, usedAvg: 20, usedMax: 30, last: rows[1] },
    ]);
  });

  it("a bucket ending exactly at the cutoff is complete", () => {
    const rows: Row[] = [{ id: 7, at: 5 * MINUTE + 59_999, usedBytes: 4, zone: "green" }];
    expect(planRetention(rows, 6 * MINUTE + HOUR).deleteIds).toEqual([7]);
    expect(planRetention(rows, 6 * MINUTE + HOUR - 1).deleteIds).toEqual([]);
  });

  it("aggregates another field through a value accessor (per-track RSS)", () => {
    const rows = [
      { id: 1, at: 0, rssBytes: 5 },
      { id: 2, at: 1_000, rssBytes: 9 },
    ];
    const plan = planRetention(rows, 2 * HOUR, { value: (r) => r.rssBytes });
    expect(plan.aggregates[0]).toMatchObject({
      count: 2,
      usedMin: 5,
      usedAvg: 7,
      usedMax: 9,
      last: { id: 2 },
    });
  });

  it("honours custom windows and buckets", () => {
    const rows: Row[] = Array.from({ length: 20 }, (_, i) => ({
      id: i,
      at: i * 1_000,
      usedBytes: i,
      zone: "g",
    }));
    const plan = planRetention(rows, 15_000, { rawWindowMs: 5_000, bucketMs: 5_000 });
    expect(plan.aggregates.map((a) => [a.bucketStart, a.count, a.usedAvg])).toEqual([
      [0, 5, 2],
      [5_000, 5, 7],
    ]);
  });

  it("keeps the table bounded over hours of 1 s samples, with exact min/avg/max", () => {
    const start = 1_700_000_012_345; // not minute-aligned: the first bucket is partial
    const durationMs = 4 * HOUR;
    const passEveryMs = MINUTE;
    const values = new Map<number, Row>();
    let raw: Row[] = [];
    const aggregates: SampleAggregate<Row>[] = [];
    let seed = 42;
    const nextValue = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed % 1_000_000;
    };

    let id = 0;
    for (let at = start; at <= start + durationMs; at += 1_000) {
      id += 1;
      const row = { id, at, usedBytes: nextValue(), zone: "green" };
      raw.push(row);
      values.set(id, row);
      if ((at - start) % passEveryMs === 0) {
        const plan = planRetention(raw, at);
        const deleted = new Set(plan.deleteIds);
        raw = raw.filter((r) => !deleted.has(r.id));
        aggregates.push(...plan.aggregates);

        const minutesElapsed = Math.floor((at - start) / MINUTE);
        // Raw rows: at most the window, plus the bucket straddling the cutoff, plus one pass worth of samples.
        expect(raw.length).toBeLessThanOrEqual(3600 + 60 + passEveryMs / 1_000);
        expect(aggregates.length).toBeLessThanOrEqual(minutesElapsed);
        expect(raw.length + aggregates.length).toBeLessThanOrEqual(
          3600 + minutesElapsed + passEveryMs / 1_000,
        );
      }
    }

    // After 4 h every minute that ended before the last hour was folded exactly once, in order.
    expect(aggregates.length).toBe(180); // minutes [start, start + 3 h), the first one partial
    const starts = aggregates.map((a) => a.bucketStart);
    expect(new Set(starts).size).toBe(starts.length);
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    // Every generated sample is either still raw or counted in exactly one aggregate.
    expect(raw.length + aggregates.reduce((n, a) => n + a.count, 0)).toBe(values.size);

    for (const agg of aggregates) {
      const inBucket = [...values.values()].filter(
        (r) => r.at >= agg.bucketStart && r.at < agg.bucketStart + MINUTE,
      );
      const used = inBucket.map((r) => r.usedBytes);
      expect(agg.count).toBe(inBucket.length);
      expect(agg.usedMin).toBe(Math.min(...used));
      expect(agg.usedMax).toBe(Math.max(...used));
      expect(agg.usedAvg).toBeCloseTo(used.reduce((a, b) => a + b, 0) / used.length, 6);
      expect(agg.last).toBe(inBucket[inBucket.length - 1]);
    }
    expect(aggregates[0]?.count).toBeLessThan(60); // the partial first minute
  });
});
