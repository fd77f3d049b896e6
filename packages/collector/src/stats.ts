/**
 * The figures behind `GET /v1/stats`: totals over everything stored, and
 * per model call counts, usage, error rate and latency percentiles.
 */
import type { Database } from 'better-sqlite3';
import { MODEL_COST_SQL, MODEL_TOKENS_SQL, TOKENS_SQL } from './query.js';

/** Per model (and provider) figures of `GET /v1/stats`. */
export interface ModelStats {
  model: string | null;
  provider: string | null;
  calls: number;
  tokens: number;
  /** Known costs of its calls; null when none has one. */
  cost: number | null;
  errorRate: number;
  p50LatencyMs: number;
  p95LatencyMs: number;
}

/** The answer of `GET /v1/stats`. */
export interface Stats {
  events: number;
  traces: number;
  errors: number;
  errorRate: number;
  totalTokens: number;
  /** Known costs of model calls; null when there are calls and none has one. */
  totalCost: number | null;
  models: ModelStats[];
}

/**
 * Totals over everything stored, and figures per model. Latency
 * percentiles include failed calls, since their latency is real too.
 *
 * Limitation: computed over the whole table on each call (about 350 ms at
 * 200,000 events), and there is no time window yet.
 */
export function getStats(db: Database): Stats {
  const totals = db
    .prepare(
      `SELECT COUNT(*) AS events, COUNT(DISTINCT trace_id) AS traces,
        COALESCE(SUM(status = 'error'), 0) AS errors,
        COALESCE(${MODEL_TOKENS_SQL}, 0) AS totalTokens,
        ${MODEL_COST_SQL} AS totalCost
      FROM events`,
    )
    .get() as Omit<Stats, 'errorRate' | 'models'>;

  // Nearest-rank percentiles: the smallest latency whose rank reaches p * n.
  const models = db
    .prepare(
      `WITH calls AS (
        SELECT model, provider, status, cost, latency_ms, ${TOKENS_SQL} AS tokens,
          ROW_NUMBER() OVER (PARTITION BY model, provider ORDER BY latency_ms) AS rank,
          COUNT(*) OVER (PARTITION BY model, provider) AS n
        FROM events WHERE type = 'model_call'
      )
      SELECT model, provider, COUNT(*) AS calls, SUM(tokens) AS tokens,
        SUM(cost) AS cost,
        CAST(SUM(status = 'error') AS REAL) / COUNT(*) AS errorRate,
        MIN(CASE WHEN rank >= 0.50 * n THEN latency_ms END) AS p50LatencyMs,
        MIN(CASE WHEN rank >= 0.95 * n THEN latency_ms END) AS p95LatencyMs
      FROM calls GROUP BY model, provider ORDER BY calls DESC, model`,
    )
    .all() as ModelStats[];

  return {
    ...totals,
    errorRate: totals.events ? totals.errors / totals.events : 0,
    models,
  };
}
