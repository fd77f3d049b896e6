/**
 * A whole `ExportTraceServiceRequest`: every span of every resource and
 * scope mapped to an event and validated with the shared schema. One bad
 * span never refuses the others; it is counted for OTLP's partial success.
 */
import { validateEvent, type WireEvent } from '@robotforge/sdk/schema';
import { spanToEvent } from './span-to-event.js';
import { isObject, readAttributes } from './values.js';

/** How many refusal reasons the answer's `errorMessage` quotes. */
const MAX_QUOTED_REASONS = 3;

/** The outcome of mapping one request. */
export interface MappedRequest {
  events: WireEvent[];
  rejectedSpans: number;
  /** One line per distinct reason, for `partialSuccess.errorMessage`. */
  errorMessage: string;
}

/** The spans of a request body, with what each shares with its neighbours. */
function* spansOf(body: Record<string, unknown>) {
  const resourceSpans = Array.isArray(body.resourceSpans) ? body.resourceSpans : [];
  for (const resourceSpan of resourceSpans) {
    if (!isObject(resourceSpan)) continue;
    const resource = isObject(resourceSpan.resource)
      ? readAttributes(resourceSpan.resource.attributes)
      : new Map();
    const scopes = Array.isArray(resourceSpan.scopeSpans) ? resourceSpan.scopeSpans : [];
    for (const scopeSpan of scopes) {
      if (!isObject(scopeSpan) || !Array.isArray(scopeSpan.spans)) continue;
      const scope = isObject(scopeSpan.scope) ? scopeSpan.scope : {};
      const scopeName = typeof scope.name === 'string' ? scope.name : undefined;
      for (const span of scopeSpan.spans) yield { span, origin: { resource, scopeName } };
    }
  }
}

/** Counts the spans of a request body without mapping them. */
export function countSpans(body: Record<string, unknown>): number {
  let count = 0;
  for (const _ of spansOf(body)) count++;
  return count;
}

/** Maps and validates every span of a request body. */
export function mapTraceRequest(body: Record<string, unknown>): MappedRequest {
  const events: WireEvent[] = [];
  const reasons = new Map<string, number>();
  let rejectedSpans = 0;

  for (const { span, origin } of spansOf(body)) {
    const mapped = spanToEvent(span, origin);
    const checked = mapped.ok ? validateEvent(mapped.event) : mapped;
    if (checked.ok) {
      events.push(checked.event);
      continue;
    }
    rejectedSpans++;
    reasons.set(checked.reason, (reasons.get(checked.reason) ?? 0) + 1);
  }

  const quoted = [...reasons].slice(0, MAX_QUOTED_REASONS)
    .map(([reason, count]) => `${count} span(s): ${reason}`);
  if (reasons.size > MAX_QUOTED_REASONS) quoted.push('and other reasons');
  return { events, rejectedSpans, errorMessage: quoted.join('; ') };
}
