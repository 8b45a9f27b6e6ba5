import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createThrottledInvalidator } from "./throttled-invalidator";

describe("createThrottledInvalidator", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("refetches at once, then once at the end of the gap for a burst", () => {
    const refetch = vi.fn();
    const throttled = createThrottledInvalidator(refetch, 2000);
    throttled.invalidate();
    expect(refetch).toHaveBeenCalledTimes(1);
    for (let i = 0; i < 10; i++) {
      vi.advanceTimersByTime(100);
      throttled.invalidate();
    }
    expect(refetch).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1000);
    expect(refetch).toHaveBeenCalledTimes(2);
    vi.advanceTimersByTime(10_000);
    expect(refetch).toHaveBeenCalledTimes(2);
  });

  it("refetches at once again after a quiet gap", () => {
    const refetch = vi.fn();
    const throttled = createThrottledInvalidator(refetch, 2000);
    throttled.invalidate();
    vi.advanceTimersByTime(2500);
    throttled.invalidate();
    expect(refetch).toHaveBeenCalledTimes(2);
  });

  it("forgets a pending refetch when cancelled", () => {
    const refetch = vi.fn();
    const throttled = createThrottledInvalidator(refetch, 2000);
    throttled.invalidate();
    throttled.invalidate();
    throttled.cancel();
    vi.advanceTimersByTime(5000);
    expect(refetch).toHaveBeenCalledTimes(1);
  });
});
