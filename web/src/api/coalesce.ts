// Live pages refetch when the event stream says something changed. A busy incident sends many
// events a second; refetching on each would hammer the server, so events are coalesced.

export interface Coalescer {
  /** Something changed: refetch now if idle, otherwise once more after the current one. */
  trigger: () => void;
  /** No more refetches (the page is gone). */
  stop: () => void;
}

/** Runs `run` at most once at a time and at most once per `gapMs`; triggers in between fold into
 * one trailing run, so the last change is always fetched. The first trigger after a quiet spell
 * runs at once: a new incident shows without waiting. */
export function coalesce(run: () => Promise<unknown>, gapMs = 250): Coalescer {
  let running = false;
  let pending = false;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let lastStart = -Infinity;

  const start = async () => {
    timer = undefined;
    if (stopped) return;
    running = true;
    pending = false;
    lastStart = Date.now();
    try {
      await run();
    } catch {
      // The next trigger tries again; a failed refetch keeps what is shown.
    } finally {
      running = false;
    }
    if (pending) schedule();
  };

  const schedule = () => {
    if (stopped || timer !== undefined) return;
    const wait = lastStart + gapMs - Date.now();
    if (wait <= 0) void start();
    else timer = setTimeout(start, wait);
  };

  return {
    trigger: () => {
      if (running) pending = true;
      else schedule();
    },
    stop: () => {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
