/**
 * The values behind the program vocabulary (programs.ts): invocation fields for each variant,
 * foreign objects, thrown values and stream sources. Bad inputs are the ones applications really
 * pass: JSON from a provider with a number where a string belongs, NaN from a failed parse, a
 * cyclic object graph as tool arguments, class instances, BigInt ids, a lazy getter that throws,
 * errors whose getters throw, revoked proxies. Content fields carry the texts of
 * program-content.ts, so a search of the export can tell whether any of it left.
 */
import type { InvocationKind } from '../../src/index.js';
import { CONTENT } from './program-content.js';
import type { ErrorValue, FieldVariant, ForeignValue, StreamSource } from './programs.js';

/** Big enough to stress copies and caps; shared so programs do not allocate it again. */
export const HUGE_STRING = 'x'.repeat(64 * 1024);

type Fields = Record<string, unknown>;

const question = () => [{ role: 'user', parts: [{ type: 'text', content: CONTENT.question }] }];
const answer = () => [
  { role: 'assistant', parts: [{ type: 'text', content: CONTENT.answer }], finishReason: 'stop' },
];

function validFields(kind: InvocationKind): Fields {
  switch (kind) {
    case 'llm':
      return {
        provider: 'openai',
        requestModel: 'gpt-4o',
        systemInstructions: [{ type: 'text', content: CONTENT.system }],
        inputMessages: question(),
        outputMessages: answer(),
        inputTokens: 12,
        outputTokens: 3,
      };
    case 'embedding':
      return {
        provider: 'openai',
        requestModel: 'text-embedding-3-small',
        inputTexts: [CONTENT.embedded],
        inputTokens: 5,
      };
    case 'tool_call':
      return {
        name: 'get_weather',
        toolCallId: 'call_1',
        arguments: { city: CONTENT.city },
        result: CONTENT.forecast,
      };
    case 'agent':
      return { name: 'planner', provider: 'openai', inputMessages: question() };
    case 'workflow':
      return { name: 'trip', inputMessages: question(), outputMessages: answer() };
    case 'step':
      return { name: 'plan', stepType: 'planning' };
    case 'retrieval':
      return { dataSourceId: 'docs', query: CONTENT.query, documents: [{ id: 'd1', score: 0.5 }] };
  }
}

function cyclic(): Fields {
  const node: Fields = { city: CONTENT.city };
  node.self = node;
  node.list = [node, { back: node }];
  return node;
}

class Coordinates {
  constructor(
    readonly lat: number,
    readonly lon: number,
  ) {}
}

export function invocationFields(kind: InvocationKind, variant: FieldVariant): Fields {
  const fields = validFields(kind);
  switch (variant) {
    case 'valid':
      return fields;
    case 'wrongTypes':
      return {
        ...fields,
        requestModel: 42,
        name: { not: 'a string' },
        provider: ['openai'],
        attributes: { nested: { deep: true } },
        inputMessages: 'hello',
        documents: [{ score: 'high' }],
      };
    case 'hugeString':
      return {
        ...fields,
        requestModel: HUGE_STRING,
        name: HUGE_STRING,
        query: HUGE_STRING,
        inputMessages: [{ role: 'user', parts: [{ type: 'text', content: HUGE_STRING }] }],
      };
    case 'badTokens':
      return {
        ...fields,
        inputTokens: Number.NaN,
        outputTokens: -5,
        maxTokens: Infinity,
        topK: -1,
      };
    case 'cyclicArguments':
      return {
        ...fields,
        arguments: cyclic(),
        result: cyclic(),
        inputMessages: [
          { role: 'assistant', parts: [{ type: 'tool_call', name: 't', arguments: cyclic() }] },
        ],
      };
    case 'nonSerialisable':
      return {
        ...fields,
        arguments: {
          id: 10n,
          at: new Date(Number.NaN),
          where: new Coordinates(48.85, 2.35),
          callback: () => 1,
          tag: Symbol('s'),
          seen: new Map([['a', new Set([1, 2])]]),
        },
        result: 10n,
      };
    case 'throwingGetter': {
      const target = { ...fields };
      Object.defineProperty(target, 'provider', {
        enumerable: true,
        get() {
          throw new Error('lazy field failed');
        },
      });
      return target;
    }
  }
}

/** What LangChain's OutputParserException carries: the unparsable answer, quoted and as a field. */
class OutputParserException extends Error {
  constructor(readonly llmOutput: string) {
    super(`Failed to parse. Text: "${llmOutput}". Error: SyntaxError: Unexpected token`);
  }
}

const throwing = () => {
  throw new Error('hostile getter');
};

function errorWithThrowing(key: 'message' | 'constructor' | 'stack'): Error {
  const error = new Error('x');
  Object.defineProperty(error, key, { get: throwing });
  return error;
}

/** `quoted`: the content text of the failing invocation an error quoting its input names. */
export function thrownValue(value: ErrorValue, quoted: string | undefined): unknown {
  switch (value) {
    case 'error':
      return new TypeError('provider said no');
    case 'string':
      return 'plain string failure';
    case 'undefined':
      return undefined;
    case 'nullPrototype':
      return Object.create(null) as object;
    case 'cyclic': {
      const error = new Error('cyclic') as Error & { cause?: unknown };
      error.cause = error;
      return error;
    }
    case 'throwingMessage':
      return errorWithThrowing('message');
    case 'throwingConstructor':
      return errorWithThrowing('constructor');
    case 'throwingStack':
      return errorWithThrowing('stack');
    case 'revokedProxy': {
      const { proxy, revoke } = Proxy.revocable(new Error('x'), {});
      revoke();
      return proxy;
    }
    case 'hostileProxy':
      return new Proxy(new Error('x'), {
        get: throwing,
        getPrototypeOf: throwing,
        ownKeys: throwing,
        has: throwing,
        getOwnPropertyDescriptor: throwing,
      });
    case 'number':
      return 500;
    case 'symbol':
      return Symbol('failure');
    case 'quotesContent':
      return new Error(`no such account: ${quoted ?? '4242'}`);
    case 'parserError':
      return new OutputParserException(CONTENT.answer);
  }
}

/** `jsonCopy` is built by the runner from a started invocation when there is one. */
export function foreignValue(value: ForeignValue, jsonCopy: object | undefined): unknown {
  switch (value) {
    case 'null':
      return null;
    case 'undefined':
      return undefined;
    case 'number':
      return 42;
    case 'string':
      return 'llm';
    case 'array':
      return [];
    case 'emptyObject':
      return {};
    case 'unknownKind':
      return { kind: 'bogus', name: 'x' };
    case 'neverStarted':
      return { kind: 'llm', requestModel: 'm' };
    case 'jsonCopy':
      return jsonCopy ?? { kind: 'tool_call', name: 'copy' };
    case 'garbageSnapshot':
      return { kind: 'llm', snapshot: { traceId: 7, spanId: null, traceState: 5 } };
  }
}

export const CHUNK = { delta: 'Sun' };

export function streamSource(source: StreamSource, chunks: number): unknown {
  switch (source) {
    case 'array':
      return Array.from({ length: chunks }, () => CHUNK);
    case 'asyncGenerator':
      return (async function* () {
        for (let i = 0; i < chunks; i++) {
          await Promise.resolve();
          yield CHUNK;
        }
      })();
    case 'throwing':
      return (function* () {
        for (let i = 0; i < chunks; i++) yield CHUNK;
        throw new Error('stream broke');
      })();
    case 'notIterable':
      return null;
  }
}
