/**
 * Viewer script, part 7: the panel that shows one span in full. Captured
 * content goes into <pre> elements as text, never as markup.
 */
export const DETAIL_JS = String.raw`
function tokensText(tokens) {
  if (!tokens) return DASH;
  const names = ['input', 'output', 'total', 'cacheRead', 'cacheCreation', 'reasoning'];
  const parts = names.filter((name) => tokens[name] !== undefined)
    .map((name) => name + ' ' + fmtInt(tokens[name]));
  return parts.length ? parts.join(' \u00b7 ') : DASH;
}

function facts(pairs) {
  const items = [];
  for (const pair of pairs) {
    if (pair[1] === null || pair[1] === undefined || pair[1] === '') continue;
    items.push(
      h('dt', { text: pair[0] }),
      h('dd', { 'data-testid': pair[2] || null, text: pair[1] }),
    );
  }
  return h('dl', { class: 'facts' }, items);
}

function isEmpty(value) {
  return value === null || value === undefined || value === '';
}

function block(title, value, testId) {
  const empty = isEmpty(value);
  return h('section', { class: 'block' }, [
    h('h3', { text: title }),
    h('pre', { class: empty ? 'muted' : null, 'data-testid': testId || null,
      text: empty ? '(none)' : prettyText(value) }),
  ]);
}

function optionalBlock(title, value, testId) {
  return isEmpty(value) ? null : block(title, value, testId);
}

function errorBlock(error) {
  if (!error) return null;
  return h('section', { class: 'block error-block', 'data-testid': 'span-error' }, [
    h('h3', { text: 'Error' }),
    h('p', { class: 'error-message' }, [
      h('strong', { text: error.type }), ': ', error.message,
    ]),
    error.stack ? h('pre', { class: 'stack', text: error.stack }) : null,
  ]);
}

function spanDetail(span) {
  const agent = span.type === 'agent';
  return h('aside', { class: 'detail type-' + span.type, 'data-testid': 'span-detail' }, [
    h('h2', {}, [span.name, ' ', typeBadge(span.type)]),
    facts([
      ['Status', span.status, 'span-status'],
      ['Latency', fmtMs(span.latencyMs), 'span-latency'],
      ['Started', fmtTime(span.startTime)],
      ['Agent', agent ? span.agentName || '(unnamed)' : null, 'span-agent'],
      ['Agent id', span.agentId],
      ['Model', span.model],
      ['Provider', span.provider],
      ['Temperature', span.temperature],
      ['Tokens', span.tokens ? tokensText(span.tokens) : null, 'span-tokens'],
      ['Cost', span.cost === null ? null : fmtCost(span.cost), 'span-cost'],
      ['Tool', span.toolName],
      ['Action', span.action],
      ['Endpoint', span.endpoint ? (span.httpMethod || '') + ' ' + span.endpoint : null],
      ['HTTP status', span.httpStatusCode],
      ['Session', span.sessionId],
      ['User', span.userId],
      ['Component', span.sourceComponent],
      ['Span id', span.spanId],
      ['Parent', span.parentSpanId],
    ]),
    errorBlock(span.error),
    block('Input', span.input, 'span-input'),
    block('Output', span.output, 'span-output'),
    // Input and output always show, so that "(none)" is visible as an answer.
    optionalBlock('Request', span.requestPayload, 'span-request'),
    optionalBlock('Response', span.responsePayload, 'span-response'),
    optionalBlock('Metadata', span.metadata, 'span-metadata'),
  ]);
}
`;
