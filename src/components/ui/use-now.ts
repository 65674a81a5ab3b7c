'use client';

import { useEffect, useState } from 'react';

/**
 * The current time, ticking every `everyMs`, so countdowns and "synced 3 min ago" stay true on a
 * page left open. Starts from the server's `initial` so the first render matches the HTML.
 */
export function useNow(initial: number, everyMs = 30_000): number {
  const [now, setNow] = useState(initial);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}
