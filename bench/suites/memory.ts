/**
 * Memory soak (a benchmark script, not a timed test): the handler holds nothing for an
 * invocation after it ends, and nothing strong for one that is started and dropped.
 *
 * 1. Completed: invocations of every kind started and stopped through all default emitters on
 *    discarding SDK providers; heapUsed after a full gc at checkpoints must stay flat.
 * 2. Abandoned: invocations started and never stopped, then dropped by the application; after gc
 *    the heap is back at its baseline, and a FinalizationRegistry on a sample counts how many of
 *    them were actually collected (live state sits in a WeakMap keyed by the invocation).
 *
 * GENAI_BENCH_MEMORY_INVOCATIONS sets the count per scenario (default 1,000,000).
 * Run: npx tsc -p tsconfig.bench.json && node --expose-gc .bench-build/bench/suites/memory.js
 */
import { context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { INVOCATION_KINDS, TelemetryHandler, type Invocation } from '../../src/index.js';
import { discardingSdk } from '../support/sdk.js';

context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
const total = Number(process.env.GENAI_BENCH_MEMORY_INVOCATIONS ?? 1_000_000);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');
const runGc = gc;

/** Defeats liveness analysis: V8 may collect a local after its last use. */
const retained: unknown[] = [];
const keepAlive = (value: unknown) => retained.push(value);

const macrotask = () => new Promise<void>((resolve) => setImmediate(resolve));

/** heapUsed in MiB after full collections, with turns in between for finalizers to run. */
async function settledHeapMiB(): Promise<number> {
  for (let i = 0; i < 3; i++) {
    runGc();
    await macrotask();
  }
  return process.memoryUsage().heapUsed / 2 ** 20;
}

function invocationOf(i: number): Invocation {
  const kind = INVOCATION_KINDS[i % INVOCATION_KINDS.length]!;
  switch (kind) {
    case 'llm':
      return {
        kind,
        provider: 'openai',
        requestModel: 'gpt-4o',
        inputMessages: [{ role: 'user', parts: [{ type: 'text', content: `question ${i}` }] }],
        inputTokens: 24,
        outputTokens: 9,
      };
    case 'tool_call':
      return { kind, name: 'get_weather', toolCallId: `call_${i}`, arguments: { city: 'Paris' } };
    case 'retrieval':
      return { kind, dataSourceId: 'docs', query: `query ${i}`, documents: [{ id: `d${i}` }] };
    case 'embedding':
      return { kind, provider: 'openai', requestModel: 'text-embedding-3-small', inputTokens: 8 };
    default:
      return { kind, name: kind };
  }
}

const n = (value: number) => value.toLocaleString('en');
const mib = (value: number) => value.toFixed(1);

async function completed(): Promise<void> {
  const sdk = discardingSdk();
  const handler = new TelemetryHandler(sdk);
  for (let i = 0; i < 20_000; i++) handler.stop(handler.start(invocationOf(i)));
  await sdk.collectPoints();
  const base = await settledHeapMiB();
  const checkpoints = [0, 0.25, 0.5, 0.75, 1].map((f) => Math.round(total * f));
  console.log(`\n### Heap while ${n(total)} invocations complete (all kinds, default emitters)\n`);
  console.log(
    '| invocations completed | heapUsed after gc (MiB) | vs start (MiB) | spans exported | in flight |',
  );
  console.log('|---:|---:|---:|---:|---:|');
  const started = performance.now();
  let done = 0;
  for (const checkpoint of checkpoints) {
    for (; done < checkpoint; done++) {
      handler.stop(handler.start(invocationOf(done)));
      // Delta metric collection as an exporter would do it; attribute sets stay bounded anyway.
      if (done % 100_000 === 0) await sdk.collectPoints();
    }
    await sdk.collectPoints();
    const heap = await settledHeapMiB();
    const row = [
      n(checkpoint),
      mib(heap),
      mib(heap - base),
      n(sdk.spans.exported),
      n(handler.stats().inFlight),
    ];
    console.log(`| ${row.join(' | ')} |`);
  }
  console.log(
    `\n${((performance.now() - started) / 1000).toFixed(0)} s for ${n(total)} invocations.`,
  );
}

async function abandoned(): Promise<void> {
  const sdk = discardingSdk();
  const handler = new TelemetryHandler(sdk);
  const sampleEvery = 1_000;
  let collected = 0;
  const registry = new FinalizationRegistry<number>(() => void collected++);
  // WeakRefs as a second witness: a finalizer may run late, a cleared WeakRef is definite.
  const refs: Array<WeakRef<Invocation>> = [];
  const base = await settledHeapMiB();
  let peak = base;
  console.log(`\n### ${n(total)} invocations started and abandoned (never stopped), twice\n`);
  console.log(
    '| started, never stopped | heap after gc (MiB) | vs before (MiB) | sampled | finalized | WeakRef cleared | stats().inFlight | spans exported | seconds |',
  );
  console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  console.log(`| 0 | ${mib(base)} | 0.0 | | | | 0 | 0 | |`);
  // Two batches: what one batch leaves behind must not grow with the second.
  for (let batch = 1; batch <= 2; batch++) {
    const started = performance.now();
    for (let i = 0; i < total; i++) {
      const inv = handler.start(invocationOf(i));
      if (i % sampleEvery === 0) {
        registry.register(inv, i);
        refs.push(new WeakRef(inv));
      }
      // The application drops `inv` here without stopping it.
      if (i % 250_000 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed / 2 ** 20);
    }
    const seconds = (performance.now() - started) / 1000;
    const after = await settledHeapMiB();
    // Finalizers run on later turns; give them a few.
    for (let i = 0; i < 10 && collected < refs.length; i++) await settledHeapMiB();
    const cleared = refs.filter((ref) => ref.deref() === undefined).length;
    const row = [n(batch * total), mib(after), mib(after - base), n(refs.length), n(collected)];
    row.push(n(cleared), n(handler.stats().inFlight), n(sdk.spans.exported), seconds.toFixed(0));
    console.log(`| ${row.join(' | ')} |`);
  }
  // The registry must stay reachable while we wait: a collected registry never calls back.
  keepAlive(registry);
  console.log(
    `\nHeap sampled while starting (no gc forced): up to ${mib(peak)} MiB. The in-flight figure is a counter; no state is retained for it.`,
  );
}

console.log(`\n## Memory (node ${process.version}, --expose-gc)`);
await completed();
await abandoned();
