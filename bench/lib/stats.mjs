// Small numeric helpers shared by the benchmark parts.

/** The value below which `q` (0 to 1) of the samples fall. */
export function quantile(samples, q) {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

export const median = (samples) => quantile(samples, 0.5);

/** A whole number with thousands separators: 12,345. */
export const int = (value) => Math.round(value).toLocaleString('en-US');

/** A ratio with two decimals, or a dash when it cannot be computed. */
export const ratio = (value) => (Number.isFinite(value) ? value.toFixed(2) : '-');

/** Bytes as KiB with one decimal. */
export const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;

/** Bytes as MiB with one decimal. */
export const mib = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

/** Resolves after the event loop has turned once (timers, I/O, immediates). */
export const turn = () => new Promise((resolve) => setImmediate(resolve));

/** Process CPU time (user + system, every thread) in nanoseconds. */
export function cpuNanos() {
  const { user, system } = process.cpuUsage();
  return (user + system) * 1000;
}
