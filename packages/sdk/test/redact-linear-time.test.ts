/**
 * Redaction runs inside `span.end()`, in the caller's time: no text may
 * make it slow, and no user pattern may make it throw.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createRedactor, REDACTED, type Redactor } from '../src/core/redact.js';
import { TelemetryClient } from '../src/runtimes/node.js';

afterEach(() => vi.restoreAllMocks());

const INPUT_CHARS = 64 * 1024;
/** Far below the 100 ms a caller might notice; quadratic rules took seconds. */
const MAX_MS = 50;

/** `unit` repeated to 64 KB: a rule's start, again and again, never finished. */
const repeated = (unit: string) =>
  unit.repeat(Math.ceil(INPUT_CHARS / unit.length)).slice(0, INPUT_CHARS);

/** The best of three runs, so that a pause of the machine is not blamed on a rule. */
function bestMs(redactor: Redactor, text: string): number {
  let best = Infinity;
  for (let run = 0; run < 3; run++) {
    const start = performance.now();
    redactor.string(text);
    best = Math.min(best, performance.now() - start);
  }
  return best;
}

/** The start of every default rule, written so that it never completes. */
const ADVERSARIAL_UNITS: Record<string, string[]> = {
  'Basic credentials': ['Basic ', 'Basic\t', 'Basic QQ', 'Basic QUJD'],
  'Bearer tokens': ['Bearer ', 'Bearer\t'],
  'name=value parameters': ['key=', 'api_key=', 'x-token', 'password', 'secret_', 'a-',
    'sig_'],
  'Name: value lines': ['authorization:', 'token: ', 'x-auth-token ', 'Cookie'],
  'assignments': ['password =', 'password = "', "api_key='", 'token= ', 'a =', 'key =',
    'password ==', 'x-functions-key', '-key', 'a-key '],
  'JSON text': ['"password":', '"password": "', "'token'", '"secret_', '"x-', '"a\\',
    '"'],
  'URL user info': ['a://', 'https://a:', 'https://:', 'a:b@', 'x+', 'a.'],
  'provider keys': ['sk-', 'rf_sk_', 'AKIA', 'ASIA', 'AIza', 'ghp_', 'github_pat_',
    'xoxb-', 'xapp-', 'sk_live_', 'rk_test_', 'sk_', 'xapp-1-'],
  'JWTs': ['eyJ-', 'eyJ-a.', 'eyJa.b', 'eyJ.', 'eyJ_'],
  'plain text': ['x', ' ', '-', '_', '.', "'", '=', ':'],
};

describe('redaction time on adversarial text', () => {
  const redactor = createRedactor(true) as Redactor;

  it.each(Object.entries(ADVERSARIAL_UNITS))(
    'redacts 64 KB of repeated %s starts in well under 100 ms',
    (_, units) => {
      for (const unit of units) {
        const ms = bestMs(redactor, repeated(unit));
        expect({ unit, slow: ms >= MAX_MS }).toEqual({ unit, slow: false });
      }
    },
  );

  it('redacts a 64 KB run after each rule start in well under 100 ms', () => {
    const starts = ['eyJ', 'sk-', 'Bearer ', 'key=', 'token:', '"token":"', 'a://b:',
      'password =', 'password = "', "token='", 'x-api-key', 'sk_live_', 'xapp-'];
    for (const start of starts) {
      for (const fill of ['a', '-', ' ', '.', ':']) {
        const ms = bestMs(redactor, start + fill.repeat(INPUT_CHARS));
        const slow = ms >= MAX_MS;
        expect({ start, fill, slow }).toEqual({ start, fill, slow: false });
      }
    }
  });

  it('does not block the caller of span.end() with such an input', () => {
    const client = new TelemetryClient({
      flushInterval: 60_000,
      transport: { send: async () => ({ kind: 'sent' }) },
    });
    const span = client.startModelCall({ model: 'm' }).setInput('eyJ-'.repeat(8000));
    const start = performance.now();
    span.end();
    expect(performance.now() - start).toBeLessThan(100);
    void client.close();
  });
});

describe('user patterns', () => {
  it('leave text unchanged where they match no characters', () => {
    const empty = [/x*/, /(?:)/g, /\b/, /(?=a)/, /$/m];
    const r = createRedactor({ patterns: empty }) as Redactor;
    expect(r.string('a b c')).toBe('a b c');
    const text = repeated('ab ');
    expect(r.string(text)).toBe(text);
  });

  it('still redact what they match beside empty matches', () => {
    const r = createRedactor({ patterns: [/x*/, /cust-\d*/] }) as Redactor;
    expect(r.string('a x b xx cust-7')).toBe(`a ${REDACTED} b ${REDACTED} ${REDACTED}`);
  });

  /** Makes every copy of the user pattern `/boom/` fail as an engine failure would. */
  function failBoom() {
    const exec = RegExp.prototype.exec;
    vi.spyOn(RegExp.prototype, 'exec').mockImplementation(function (this: RegExp, text) {
      if (this.source === 'boom') throw new RangeError('Maximum call stack size');
      return exec.call(this, text);
    });
  }

  it('drop the whole text rather than throw when one fails at run time', () => {
    failBoom();
    const r = createRedactor({ patterns: [/boom/] }) as Redactor;
    expect(r.string('nothing to see')).toBe(REDACTED);
  });

  it('never make span.end() throw, and the event still leaves', async () => {
    failBoom();
    const inputs: unknown[] = [];
    const client = new TelemetryClient({
      flushInterval: 60_000,
      redact: { patterns: [/boom/] },
      transport: {
        send: async (batch) => {
          inputs.push(...batch.events.map((event) => event.input));
          return { kind: 'sent' };
        },
      },
    });
    const span = client.startModelCall({ model: 'm' }).setInput('boom? no');
    expect(() => span.end()).not.toThrow();
    expect(await client.close()).toEqual({ sent: 1, failed: 0, dropped: 0 });
    expect(inputs).toEqual([REDACTED]);
  });
});
