/** The process-wide handler: created once, shared, replaceable. */
import { afterEach, describe, expect, it } from 'vitest';
import { getTelemetryHandler, setTelemetryHandler, TelemetryHandler } from '../src/index.js';
import { captureDiag } from './support/diag.js';
import { createTestTelemetry, providers } from './support/telemetry.js';

afterEach(() => setTelemetryHandler(undefined));

describe('getTelemetryHandler', () => {
  it('creates the handler once with the first options; later options are reported and ignored', () => {
    const t = createTestTelemetry();
    const first = getTelemetryHandler({ ...providers(t), emitters: 'span' });
    const diag = captureDiag();
    try {
      expect(getTelemetryHandler({ emitters: 'metric' })).toBe(first);
      expect(getTelemetryHandler()).toBe(first);
      expect(diag.reports()).toEqual([expect.stringContaining('already exists')]);
    } finally {
      diag.restore();
    }
    first.stopLlm(first.startLlm({ requestModel: 'm' }));
    expect(t.spans()).toHaveLength(1);
  });

  it('setTelemetryHandler replaces it', () => {
    const mine = new TelemetryHandler({ emitters: 'none' });
    setTelemetryHandler(mine);
    expect(getTelemetryHandler()).toBe(mine);
  });
});
