/** Settings of a soak run, from the command line. */
export interface SoakOptions {
  /** Total load time, seconds (warm-up included). Default 60. */
  seconds: number;
  /** Calls in flight at once. Default 100. */
  concurrency: number;
  /** Channels (connections) the calls are spread over. Default 4. */
  channels: number;
  /** Allowed heap growth after GC from the end of warm-up to the end, MiB. Default 10. */
  heapMarginMiB: number;
  /**
   * Most calls per second and channel planned to end early (cancelled, expired, failed). Each makes
   * the client reset its stream, and node 20's nghttp2 allows a connection 33 resets per second after
   * a burst of 1000 (see reset-limit.test.ts). Default `Infinity`: the plain 10 % / 10 % / 10 % mix.
   */
  earlyEndsPerSecond: number;
}

const usage =
  "usage: soak [--seconds N] [--concurrency N] [--channels N] [--heap-margin-mib N] [--early-ends-per-second N]";

/** Parses `--seconds N` and friends. @throws Error with the usage on anything else. */
export function parseSoakOptions(argv: readonly string[]): SoakOptions {
  const options: SoakOptions = {
    seconds: 60,
    concurrency: 100,
    channels: 4,
    heapMarginMiB: 10,
    earlyEndsPerSecond: Number.POSITIVE_INFINITY,
  };
  const names: Record<string, keyof SoakOptions> = {
    "--seconds": "seconds",
    "--concurrency": "concurrency",
    "--channels": "channels",
    "--heap-margin-mib": "heapMarginMiB",
    "--early-ends-per-second": "earlyEndsPerSecond",
  };
  for (let i = 0; i < argv.length; i += 2) {
    const key = names[argv[i] as string];
    const value = Number(argv[i + 1]);
    if (key === undefined || !(value > 0)) throw new Error(`${usage} (at ${argv[i]})`);
    options[key] = value;
  }
  return options;
}

/** Warm-up time: a fifth of the run, between 1 and 10 s, in ms. */
export function warmupMs(seconds: number): number {
  return Math.min(10, Math.max(1, seconds / 5)) * 1000;
}
