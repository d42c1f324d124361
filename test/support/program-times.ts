/**
 * Start times as applications pass them, and the invariant they must not break: every time
 * exported (span start and end, log timestamps) is a finite epoch time within the program's
 * run, and every duration histogram point is finite and no longer than the program ran. One NaN
 * fails a whole OTLP export batch; a monotonic reading starts a span in 1970.
 */
import type { HrTime } from '@opentelemetry/api';
import { DataPointType, type MetricData } from '@opentelemetry/sdk-metrics';
import type { StartTime } from './programs.js';
import type { TestTelemetry } from './telemetry.js';

/** The valid past time a program may pass; the plausible window opens this much earlier. */
const PAST_MS = 5_000;
const SLACK_MS = 1_000;

export function startTimeValue(variant: StartTime): number | Date | HrTime | undefined {
  switch (variant) {
    case 'now':
      return undefined;
    case 'invalidDate':
      return new Date(undefined as unknown as string);
    case 'nan':
      return Number.NaN;
    case 'monotonic':
      return 12_345.6;
    case 'hrtime':
      return process.hrtime() as HrTime;
    case 'future':
      return Date.now() + 3_600_000;
    case 'past':
      return new Date(Date.now() - PAST_MS);
  }
}

const epochMs = (time: HrTime) => time[0] * 1000 + time[1] / 1e6;

export interface ProgramWindow {
  beganMs: number;
  endedMs: number;
}

/**
 * Now by both clocks a time may come from: the wall clock (`Date.now()`, what applications
 * pass) and the monotonic one the SDK and the handler count from (`performance.timeOrigin +
 * performance.now()`), which drift apart over a long-lived process.
 */
const clocks = () => [Date.now(), performance.timeOrigin + performance.now()];
export const programBegins = () => Math.min(...clocks());
export const programEnds = () => Math.max(...clocks());

export async function implausibleTimes(
  t: TestTelemetry,
  { beganMs, endedMs }: ProgramWindow,
): Promise<string[]> {
  const earliest = beganMs - PAST_MS - SLACK_MS;
  const latest = endedMs + SLACK_MS;
  const violations: string[] = [];
  const check = (what: string, time: HrTime | undefined) => {
    const ms = time ? epochMs(time) : Number.NaN;
    if (!(ms >= earliest && ms <= latest))
      violations.push(`${what} at ${new Date(ms).toString()} (${ms}), outside the program's run`);
  };
  for (const span of t.spans()) {
    check(`span ${span.name} start`, span.startTime);
    check(`span ${span.name} end`, span.endTime);
  }
  for (const record of t.logs()) {
    check(`log ${record.eventName} timestamp`, record.hrTime);
    check(`log ${record.eventName} observed timestamp`, record.hrTimeObserved);
  }
  const longestSeconds = (latest - earliest) / 1000;
  for (const metric of await t.metrics())
    violations.push(...implausibleDurations(metric, longestSeconds));
  return violations;
}

function implausibleDurations(metric: MetricData, longestSeconds: number): string[] {
  if (metric.dataPointType !== DataPointType.HISTOGRAM || metric.descriptor.unit !== 's') return [];
  const violations: string[] = [];
  for (const point of metric.dataPoints) {
    const { sum, min, max } = point.value;
    const fine = [sum ?? 0, min ?? 0, max ?? 0].every((v) => Number.isFinite(v) && v >= 0);
    if (!fine || (max ?? 0) > longestSeconds)
      violations.push(
        `${metric.descriptor.name} point sum ${sum}, min ${min}, max ${max}: not a duration within the program's run`,
      );
  }
  return violations;
}
