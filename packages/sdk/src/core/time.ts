/**
 * ISO 8601 time stamps for batches. `Date#toISOString` costs far more than
 * the rest of an event, so the part up to the second is kept and reused
 * while events of the same second are formatted.
 */
const MS_PER_SECOND = 1000;

let cachedSecond = Number.NaN;
let cachedPrefix = '';

/** `YYYY-MM-DDTHH:MM:SS.mmmZ` for epoch milliseconds. */
export function toIsoString(ms: number): string {
  const whole = Math.floor(ms);
  const second = Math.floor(whole / MS_PER_SECOND);
  if (second !== cachedSecond) {
    const iso = new Date(second * MS_PER_SECOND).toISOString();
    if (iso.length !== 24) return new Date(whole).toISOString();
    cachedSecond = second;
    cachedPrefix = iso.slice(0, 19);
  }
  const millis = whole - second * MS_PER_SECOND;
  return `${cachedPrefix}.${millis < 10 ? '00' : millis < 100 ? '0' : ''}${millis}Z`;
}
