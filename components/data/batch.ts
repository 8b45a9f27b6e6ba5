// Items that arrive one at a time (a chatty agent's log lines, one socket message each) handed over together: one
// React render per batch instead of one per item, which kept a track page's main thread busy all the time when an
// agent printed hundreds of lines a second.

export type Batcher<T> = {
  /** Holds the item; the batch is handed over `intervalMs` after its first item. */
  push(item: T): void;
  /** Hands over what is held now (nothing when empty). */
  flush(): void;
  /** Drops what is held and the pending hand-over. */
  cancel(): void;
};

/** Only the newest `max` items are kept while they wait: older ones would be cut from the bounded list anyway. */
export function createBatcher<T>(options: {
  intervalMs: number;
  max: number;
  handOver: (items: T[]) => void;
}): Batcher<T> {
  let held: T[] = [];
  let timer: ReturnType<typeof setTimeout> | null = null;
  const stopTimer = () => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
  };
  const flush = () => {
    stopTimer();
    if (held.length === 0) return;
    const batch = held.length > options.max ? held.slice(-options.max) : held;
    held = [];
    options.handOver(batch);
  };
  return {
    push(item) {
      held.push(item);
      // Trimmed now and then, not on every push: slicing each time would cost as much as rendering did.
      if (held.length >= 2 * options.max) held = held.slice(-options.max);
      timer ??= setTimeout(flush, options.intervalMs);
    },
    flush,
    cancel() {
      stopTimer();
      held = [];
    },
  };
}
