/**
 * Random LangChain programs (issue 9 item 1): real LangChain runnables with the callback handler,
 * doing what field applications did when run contexts nested: a fan-out of many `model.invoke`
 * from one frame with `Promise.all` (the application's own work beside some of them), LCEL
 * `chain.batch(inputs)`, a queue consumer whose JSON-schema tool never ends (timed out with
 * `Promise.race`), and a parser failing on the model's answer. Ops run one after another or
 * all from one frame, inside an application request span or not, with content captured or not.
 * program-langchain-invariants.ts checks what was exported against what the program expects.
 */
import {
  JsonOutputParser,
  StringOutputParser,
  StructuredOutputParser,
} from '@langchain/core/output_parsers';
import { ChatPromptTemplate } from '@langchain/core/prompts';
import { tool } from '@langchain/core/tools';
import { context, type Context, type Tracer } from '@opentelemetry/api';
import fc from 'fast-check';
import { z } from 'zod';
import { TelemetryHandler } from '../../src/index.js';
import { GenAICallbackHandler } from '../../src/langchain/index.js';
import { ScriptedChatModel } from './langchain.js';
import { CONTENT } from './program-content.js';
import { activeSpanId } from './program-flow.js';
import {
  checkLangChainProgram,
  type LangChainExpectations,
} from './program-langchain-invariants.js';
import { createTestTelemetry, providers } from './telemetry.js';

/** Nesting the integration may leave: in the frame, and inside a model call. */
const MAX_FRAME_DEPTH = 1;

export type LangChainOp =
  | { op: 'fanout'; calls: number; besideEvery: number }
  | { op: 'batch'; inputs: number; maxConcurrency: number | null }
  | { op: 'hungTools'; jobs: number }
  /** A parser given the model's plain-text answer: LangChain's JSON or structured parser. */
  | { op: 'parseFailure'; parser: 'json' | 'structured' };

export interface LangChainProgram {
  ops: LangChainOp[];
  /** All ops started from one frame (Promise.all), or one after another. */
  concurrent: boolean;
  /** Inside an application span (a request handler), or at the top of the flow. */
  inRequest: boolean;
  captureContent: boolean;
}

const runOps: Array<fc.Arbitrary<LangChainOp>> = [
  fc.record({
    op: fc.constant('fanout' as const),
    calls: fc.integer({ min: 1, max: 50 }),
    besideEvery: fc.integer({ min: 1, max: 10 }),
  }),
  fc.record({
    op: fc.constant('batch' as const),
    inputs: fc.integer({ min: 1, max: 40 }),
    maxConcurrency: fc.option(fc.integer({ min: 1, max: 8 }), { nil: null }),
  }),
  fc.record({ op: fc.constant('hungTools' as const), jobs: fc.integer({ min: 1, max: 20 }) }),
];
const parseFailure = fc.record({
  op: fc.constant('parseFailure' as const),
  parser: fc.constantFrom('json' as const, 'structured' as const),
});

const programs = (ops: fc.Arbitrary<LangChainOp>, captureContent: fc.Arbitrary<boolean>) =>
  fc.record({
    ops: fc.array(ops, { minLength: 1, maxLength: 4 }),
    concurrent: fc.boolean(),
    inRequest: fc.boolean(),
    captureContent,
  });

/**
 * Parser failures only with content captured: with capture off they leak a fragment of the
 * answer today (see `parserFailuresWithCaptureOff`).
 */
export const langChainProgramArbitrary: fc.Arbitrary<LangChainProgram> = fc.oneof(
  programs(fc.oneof(...runOps), fc.constant(false)),
  programs(fc.oneof(...runOps, parseFailure), fc.constant(true)),
);

/**
 * Known leak: V8's JSON.parse error quotes the first ten characters of the answer, and both
 * parsers pass that text on (the structured parser inside its OutputParserException, after the
 * redacted answer), so it reaches the status description and exception events.
 */
export const parserFailuresWithCaptureOff: fc.Arbitrary<LangChainProgram> = programs(
  fc.oneof(...runOps, parseFailure),
  fc.constant(false),
).filter((program) => program.ops.some((op) => op.op === 'parseFailure'));

/**
 * How many contexts wrap the active one. The integration's run contexts keep the context they
 * were entered on in `outer` (as the LangChain fan-out tests read them): stacked contexts are
 * what made every `setValue` cost as much as the runs before it, up to a RangeError.
 */
export function contextDepth(active: Context = context.active()): number {
  let n = 0;
  for (let x: unknown = active; x && typeof x === 'object' && 'outer' in x; n++)
    x = (x as { outer: unknown }).outer;
  return n;
}

class LangChainInterpreter {
  readonly expect: LangChainExpectations = {
    appParents: new Map(),
    insideModel: [],
    thrown: [],
    noticed: [],
  };
  private appSpans = 0;

  constructor(
    private readonly tracer: Tracer,
    private readonly callbacks: GenAICallbackHandler[],
    private readonly outer: string | null,
  ) {}

  /** An application span named uniquely, expected under `parent`. */
  appSpan(kind: string, parent: string | null): void {
    const name = `${kind} ${this.appSpans++}`;
    this.expect.appParents.set(name, parent);
    this.tracer.startSpan(name).end();
  }

  /** A model that records, inside each call, the span active there. */
  model(op: 'fanout' | 'batch'): ScriptedChatModel {
    const parent = this.outer;
    return new ScriptedChatModel(() => ({
      content: CONTENT.answer,
      during: () =>
        void this.expect.insideModel.push({
          op,
          span: activeSpanId(),
          parent,
          depth: contextDepth(),
        }),
    }));
  }

  async run(op: LangChainOp): Promise<void> {
    try {
      await this[op.op](op as never);
    } catch (error) {
      this.expect.thrown.push(error);
    }
    const now = activeSpanId();
    if (now !== this.outer)
      this.expect.noticed.push(`after ${op.op} the active span is ${now}, not ${this.outer}`);
    const depth = contextDepth();
    if (depth > MAX_FRAME_DEPTH)
      this.expect.noticed.push(`after ${op.op} the frame's context is ${depth} contexts deep`);
  }

  async fanout(op: Extract<LangChainOp, { op: 'fanout' }>): Promise<void> {
    const model = this.model('fanout');
    const beside = async () => {
      await null;
      this.appSpan('profile', this.outer);
      await new Promise((resolve) => setImmediate(resolve));
      this.appSpan('profile', this.outer);
    };
    await Promise.all(
      Array.from({ length: op.calls }, (_, i) =>
        Promise.all([
          model.invoke(CONTENT.question, { callbacks: this.callbacks }),
          i % op.besideEvery === 0 ? beside() : null,
        ]),
      ),
    );
  }

  async batch(op: Extract<LangChainOp, { op: 'batch' }>): Promise<void> {
    const chain = ChatPromptTemplate.fromTemplate('{q}')
      .pipe(this.model('batch'))
      .pipe(new StringOutputParser());
    const inputs = Array.from({ length: op.inputs }, () => ({ q: CONTENT.question }));
    const options = op.maxConcurrency === null ? {} : { maxConcurrency: op.maxConcurrency };
    const out = await chain.batch(inputs, { callbacks: this.callbacks, ...options });
    if (out.length !== op.inputs || out.some((answer) => answer !== CONTENT.answer))
      this.expect.noticed.push(`batch of ${op.inputs} answered ${JSON.stringify(out.length)}`);
  }

  async hungTools(op: Extract<LangChainOp, { op: 'hungTools' }>): Promise<void> {
    const hung = tool(() => new Promise<string>(() => {}), {
      name: 'lookup_account',
      description: 'never answers',
      schema: { type: 'object', properties: { account: { type: 'string' } } },
    });
    for (let i = 0; i < op.jobs; i++) {
      const name = `job ${this.appSpans++}`;
      this.expect.appParents.set(name, this.outer);
      await this.tracer.startActiveSpan(name, async (span) => {
        await Promise.race([
          hung.invoke({ account: CONTENT.city }, { callbacks: this.callbacks }),
          new Promise((resolve) => setImmediate(resolve)),
        ]);
        this.appSpan('after tool', span.spanContext().spanId);
        span.end();
      });
    }
  }

  async parseFailure(op: Extract<LangChainOp, { op: 'parseFailure' }>): Promise<void> {
    const parser =
      op.parser === 'json'
        ? new JsonOutputParser()
        : StructuredOutputParser.fromZodSchema(z.object({ city: z.string() }));
    const chain = ChatPromptTemplate.fromTemplate('{q}')
      .pipe(new ScriptedChatModel(() => ({ content: CONTENT.answer })))
      .pipe(parser);
    try {
      await chain.invoke({ q: CONTENT.question }, { callbacks: this.callbacks });
      this.expect.noticed.push('a JSON parser accepted a plain-text answer');
    } catch (error) {
      // LangChain's own, or JSON.parse's (which quotes the start of the answer).
      const type = (error as Error).constructor.name;
      if (type !== 'OutputParserException' && type !== 'SyntaxError') throw error;
    }
  }
}

export async function runLangChainProgram(
  program: LangChainProgram,
): Promise<{ violations: string[]; spans: number }> {
  const t = createTestTelemetry();
  try {
    const handler = new TelemetryHandler({
      ...providers(t),
      captureMessageContent: program.captureContent ? 'span_and_event' : 'none',
    });
    const callbacks = [new GenAICallbackHandler({ handler })];
    const tracer = t.tracerProvider.getTracer('app');
    const body = async (outer: string | null) => {
      const interpreter = new LangChainInterpreter(tracer, callbacks, outer);
      if (program.concurrent) await Promise.all(program.ops.map((op) => interpreter.run(op)));
      else for (const op of program.ops) await interpreter.run(op);
      return interpreter.expect;
    };
    const expectations = program.inRequest
      ? await tracer.startActiveSpan('request', async (span) => {
          const result = await body(span.spanContext().spanId);
          span.end();
          return result;
        })
      : await body(null);
    await handler.forceFlush();
    const violations = await checkLangChainProgram(t, expectations, program.captureContent);
    return { violations, spans: t.spans().length };
  } finally {
    await t.shutdown();
  }
}
