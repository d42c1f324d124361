/**
 * A meter that finds the global meter provider when it first records. The metrics API has no
 * proxy: a meter taken before the SDK registers its provider stays a no-op for good, so a
 * handler built at import time, before `sdk.start()`, would lose every measurement. Each
 * synchronous instrument here binds to the registered provider's instrument on its first
 * record after registration, and stays bound (the hot path is one field read). Observable
 * instruments, which the library does not use, are created on the provider current at creation.
 */
import {
  metrics,
  type Context,
  type Counter,
  type Gauge,
  type Histogram,
  type Meter,
  type MeterOptions,
  type MetricAttributes,
  type MetricOptions,
  type UpDownCounter,
} from '@opentelemetry/api';

const API_GLOBAL = Symbol.for('opentelemetry.js.api.1');

/** True once an SDK registered a global meter provider (the API returns a no-op until then). */
function meterProviderRegistered(): boolean {
  const api = (globalThis as unknown as Record<symbol, { metrics?: unknown } | undefined>)[
    API_GLOBAL
  ];
  return api?.metrics !== undefined;
}

interface Recorder {
  record?(value: number, attributes?: MetricAttributes, context?: Context): void;
  add?(value: number, attributes?: MetricAttributes, context?: Context): void;
}

type SyncKind = 'createHistogram' | 'createCounter' | 'createUpDownCounter' | 'createGauge';

class LateBoundInstrument {
  private bound: Recorder | undefined;

  constructor(
    private readonly meter: LateBoundMeter,
    private readonly kind: SyncKind,
    private readonly name: string,
    private readonly options: MetricOptions | undefined,
  ) {}

  record(value: number, attributes?: MetricAttributes, context?: Context): void {
    this.instrument()?.record?.(value, attributes, context);
  }

  add(value: number, attributes?: MetricAttributes, context?: Context): void {
    this.instrument()?.add?.(value, attributes, context);
  }

  private instrument(): Recorder | undefined {
    if (this.bound) return this.bound;
    const meter = this.meter.registeredMeter();
    if (!meter) return undefined;
    return (this.bound = meter[this.kind](this.name, this.options) as Recorder);
  }
}

export class LateBoundMeter implements Meter {
  private bound: Meter | undefined;

  constructor(
    private readonly name: string,
    private readonly version: string | undefined,
    private readonly options?: MeterOptions,
  ) {}

  /** The registered provider's meter, once there is one. */
  registeredMeter(): Meter | undefined {
    if (this.bound) return this.bound;
    if (!meterProviderRegistered()) return undefined;
    return (this.bound = metrics.getMeter(this.name, this.version, this.options));
  }

  createHistogram<A extends MetricAttributes = MetricAttributes>(
    name: string,
    options?: MetricOptions,
  ): Histogram<A> {
    return new LateBoundInstrument(this, 'createHistogram', name, options);
  }
  createCounter<A extends MetricAttributes = MetricAttributes>(
    name: string,
    options?: MetricOptions,
  ): Counter<A> {
    return new LateBoundInstrument(this, 'createCounter', name, options);
  }
  createUpDownCounter<A extends MetricAttributes = MetricAttributes>(
    name: string,
    options?: MetricOptions,
  ): UpDownCounter<A> {
    return new LateBoundInstrument(this, 'createUpDownCounter', name, options);
  }
  createGauge<A extends MetricAttributes = MetricAttributes>(
    name: string,
    options?: MetricOptions,
  ): Gauge<A> {
    return new LateBoundInstrument(this, 'createGauge', name, options);
  }
  createObservableGauge: Meter['createObservableGauge'] = (name, options) =>
    this.current().createObservableGauge(name, options);
  createObservableCounter: Meter['createObservableCounter'] = (name, options) =>
    this.current().createObservableCounter(name, options);
  createObservableUpDownCounter: Meter['createObservableUpDownCounter'] = (name, options) =>
    this.current().createObservableUpDownCounter(name, options);
  addBatchObservableCallback: Meter['addBatchObservableCallback'] = (callback, observables) =>
    this.current().addBatchObservableCallback(callback, observables);
  removeBatchObservableCallback: Meter['removeBatchObservableCallback'] = (callback, observables) =>
    this.current().removeBatchObservableCallback(callback, observables);

  private current(): Meter {
    return this.registeredMeter() ?? metrics.getMeter(this.name, this.version, this.options);
  }
}
