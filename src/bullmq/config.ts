/**
 * What both sides of the queue agree on (Redis, queue name, key prefix) and how each side's
 * connection is made. Options win over the environment; the environment over the defaults.
 */
import { Redis, type RedisOptions } from 'ioredis';
import { z } from 'zod';
import { ConfigurationError } from '../errors.js';
import { issuesText } from '../evaluation/issues.js';
import type { ProblemReporter } from '../report.js';

export const BULLMQ_ENV = {
  url: 'GENAI_TELEMETRY_EVALUATION_REDIS_URL',
  queueName: 'GENAI_TELEMETRY_EVALUATION_QUEUE',
  concurrency: 'GENAI_TELEMETRY_EVALUATION_CONCURRENCY',
} as const;

export const BULLMQ_DEFAULTS = {
  url: 'redis://127.0.0.1:6379',
  queueName: 'genai-telemetry-evaluations',
  /** BullMQ's own default key prefix. */
  prefix: 'bull',
} as const;

export type Environment = Readonly<Record<string, string | undefined>>;

/** Where the queue lives; shared by the target and the worker. */
export interface QueueLocation {
  /** An ioredis client to use as is, or options for the one made here. */
  connection?: Redis | RedisOptions;
  /** Used when `connection` is not a client; default `GENAI_TELEMETRY_EVALUATION_REDIS_URL`, then `redis://127.0.0.1:6379`. */
  url?: string;
  /** Default `GENAI_TELEMETRY_EVALUATION_QUEUE`, then `genai-telemetry-evaluations`. */
  queueName?: string;
  /** BullMQ's key prefix (default `bull`); both sides must use the same. */
  prefix?: string;
  /** Read instead of `process.env`. */
  environment?: Environment;
}

export interface ResolvedLocation {
  readonly queueName: string;
  readonly prefix: string;
  /** Redis as configured, for messages (never the password). */
  readonly where: string;
  /** A client with the side's own defaults under the user's options; `owned` when made here. */
  connect(defaults: RedisOptions): { redis: Redis; owned: boolean };
}

const NameSchema = z.string().min(1);

/** A usable name, or the default after one report. */
function name(value: unknown, field: string, fallback: string, report: ProblemReporter): string {
  const parsed = NameSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  report(
    new ConfigurationError(
      `bullmq ${field}: ${issuesText(parsed.error)}; using ${JSON.stringify(fallback)}`,
    ),
  );
  return fallback;
}

export function resolveLocation(options: QueueLocation, report: ProblemReporter): ResolvedLocation {
  const env = options.environment ?? process.env;
  const queueName = name(
    options.queueName ?? env[BULLMQ_ENV.queueName] ?? BULLMQ_DEFAULTS.queueName,
    'queueName',
    BULLMQ_DEFAULTS.queueName,
    report,
  );
  const prefix = name(
    options.prefix ?? BULLMQ_DEFAULTS.prefix,
    'prefix',
    BULLMQ_DEFAULTS.prefix,
    report,
  );
  const { connection } = options;
  if (connection instanceof Redis) {
    const { host, port } = connection.options;
    return {
      queueName,
      prefix,
      where: `${host}:${port}`,
      connect: () => ({ redis: connection, owned: false }),
    };
  }
  const url = options.url ?? env[BULLMQ_ENV.url] ?? BULLMQ_DEFAULTS.url;
  return {
    queueName,
    prefix,
    where: redactedUrl(url),
    connect: (defaults) => ({ redis: new Redis(url, { ...defaults, ...connection }), owned: true }),
  };
}

function redactedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.password = '';
    parsed.username = '';
    return parsed.toString();
  } catch {
    return '(an unparsable Redis URL)';
  }
}

/** A positive integer from an option, else a variable, else the fallback (after one report if bad). */
export function positiveInt(
  field: string,
  option: number | undefined,
  raw: string | undefined,
  fallback: number,
  report: ProblemReporter,
): number {
  const given = option ?? (raw === undefined || raw.trim() === '' ? undefined : Number(raw));
  if (given === undefined) return fallback;
  if (Number.isInteger(given) && given > 0) return given;
  report(
    new ConfigurationError(
      `bullmq ${field}: ${JSON.stringify(option ?? raw)} is not a positive integer; using ${fallback}`,
    ),
  );
  return fallback;
}
