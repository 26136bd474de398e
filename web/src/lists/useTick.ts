import { useEffect, useState } from "react";

/** Re-renders every `ms` so "declared 3m ago" keeps counting. */
export function useTick(ms: number) {
  const [, setTick] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setTick((n) => n + 1), ms);
    return () => clearInterval(timer);
  }, [ms]);
}
