// Preloaded (`node --require`) into processes whose peak memory the benchmarks report: writes the
// process's maximum resident set size (kB, from getrusage) to BENCH_PEAK_RSS_FILE when it exits.
'use strict';
const { writeFileSync } = require('node:fs');

const target = process.env.BENCH_PEAK_RSS_FILE;
if (target) {
  process.on('exit', () => {
    try {
      writeFileSync(target, String(process.resourceUsage().maxRSS));
    } catch {
      // Nothing to report to: the harness then says the peak is unknown.
    }
  });
}
