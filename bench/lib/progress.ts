/** Progress lines on stderr, so that stdout keeps only the table. */
const startedAt = Date.now();

export function note(message: string): void {
  const elapsed = ((Date.now() - startedAt) / 1000).toFixed(1).padStart(6);
  process.stderr.write(`[bench ${elapsed}s] ${message}\n`);
}

/** Calls `report` at most every `intervalMs` (long phases: generation, rebuilds). */
export function throttled(intervalMs: number, report: (message: string) => void): (message: string) => void {
  let last = 0;
  return (message) => {
    const now = Date.now();
    if (now - last < intervalMs) return;
    last = now;
    report(message);
  };
}
