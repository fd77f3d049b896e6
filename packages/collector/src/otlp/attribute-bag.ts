/**
 * A span's attributes while they are being mapped: each read takes the
 * key out, so that what no field claimed is left over and kept in the
 * event's metadata rather than lost.
 */
import type { AttributeValue } from './values.js';

export class AttributeBag {
  readonly #values: Map<string, AttributeValue>;

  constructor(values: Map<string, AttributeValue>) {
    this.#values = values;
  }

  /** True when some key starts with `prefix`. */
  hasPrefix(prefix: string): boolean {
    for (const key of this.#values.keys()) if (key.startsWith(prefix)) return true;
    return false;
  }

  /** Takes every key given and returns the first value that is present. */
  take(...keys: string[]): AttributeValue | undefined {
    let found: AttributeValue | undefined;
    for (const key of keys) {
      const value = this.#values.get(key);
      this.#values.delete(key);
      if (found === undefined && value !== undefined && value !== null) found = value;
    }
    return found;
  }

  /** The first value given as a non-empty string; numbers and booleans become text. */
  string(...keys: string[]): string | undefined {
    const value = this.take(...keys);
    if (typeof value === 'string') return value === '' ? undefined : value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    return undefined;
  }

  /** The first value given as a finite number (numeric strings included). */
  number(...keys: string[]): number | undefined {
    const value = this.take(...keys);
    const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
    return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
  }

  /** The first value given as a non-negative integer. */
  count(...keys: string[]): number | undefined {
    const n = this.number(...keys);
    return n !== undefined && Number.isInteger(n) && n >= 0 ? n : undefined;
  }

  /**
   * Captured content as text: strings as they are, structured values
   * (the conventions' message arrays) as JSON.
   */
  content(...keys: string[]): string | undefined {
    const value = this.take(...keys);
    if (value === undefined || value === null || value === '') return undefined;
    return typeof value === 'string' ? value : JSON.stringify(value);
  }

  /** A JSON value given as text or structure; undefined when unreadable. */
  json(...keys: string[]): unknown {
    const value = this.take(...keys);
    if (typeof value !== 'string') return value ?? undefined;
    try {
      return JSON.parse(value);
    } catch {
      return undefined;
    }
  }

  /** What is left, as a plain object; undefined when nothing is. */
  rest(): Record<string, AttributeValue> | undefined {
    return this.#values.size > 0 ? Object.fromEntries(this.#values) : undefined;
  }
}
