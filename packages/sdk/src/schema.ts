/**
 * `@robotforge/sdk/schema`: the wire format's valibot schemas, shared by the
 * SDK and the collector.
 */
export * from './core/schema.js';
