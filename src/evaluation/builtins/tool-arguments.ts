/**
 * Every tool call the model made names a declared tool and passes arguments that match that
 * tool's JSON schema (`toolDefinitions[].parameters`). The schema is turned into a zod schema,
 * once per declared schema object, so zod stays the single validator.
 */
import { z } from 'zod';
import type { ChatMessage, Invocation, ToolDefinition } from '../../types.js';
import type { Evaluator } from '../evaluator.js';
import { declaredKeys, issuesText, jsonErrorText } from '../issues.js';
import type { CheckOptions } from './verdict.js';

interface Validator {
  readonly schema: z.ZodType | Error;
  /** Its property names: the only keys of the arguments an explanation may name. */
  readonly declared: ReadonlySet<string>;
}

const compiled = new WeakMap<object, Validator>();

function validatorFor(parameters: object): Validator {
  let validator = compiled.get(parameters);
  if (validator === undefined) {
    let schema: z.ZodType | Error;
    try {
      schema = z.fromJSONSchema(parameters as Parameters<typeof z.fromJSONSchema>[0]);
    } catch (error) {
      schema = error instanceof Error ? error : new Error(String(error));
    }
    validator = { schema, declared: declaredKeys(parameters) };
    compiled.set(parameters, validator);
  }
  return validator;
}

interface ToolCall {
  name: string;
  arguments?: unknown;
}

function toolCalls(invocation: Invocation): ToolCall[] {
  if (invocation.kind !== 'llm') return [];
  const output: readonly ChatMessage[] = invocation.outputMessages ?? [];
  return output.flatMap((m) => m.parts.filter((p) => p.type === 'tool_call') as ToolCall[]);
}

/**
 * One problem with one call, or undefined when it is valid. A declared tool is named (the
 * application declared it); a name only the model used is evaluated text, so the call's
 * position stands for it.
 */
function checkCall(
  call: ToolCall,
  position: number,
  definitions: readonly ToolDefinition[],
): string | undefined {
  const definition = definitions.find((d) => d.name === call.name);
  if (!definition) return `call #${position + 1}: not a declared tool`;
  const parameters = definition.parameters;
  if (typeof parameters !== 'object' || parameters === null) return undefined;
  let args = call.arguments ?? {};
  if (typeof args === 'string') {
    try {
      args = JSON.parse(args);
    } catch (error) {
      return `${call.name}: arguments are ${jsonErrorText(error)}`;
    }
  }
  const { schema, declared } = validatorFor(parameters);
  if (schema instanceof Error) return `${call.name}: unusable schema (${schema.message})`;
  const parsed = schema.safeParse(args);
  if (parsed.success) return undefined;
  return `${call.name}: ${issuesText(parsed.error, declared)}`;
}

/** Score: the share of valid calls; label `pass` only when all are valid. No calls, no result. */
export function toolArguments(options: CheckOptions = {}): Evaluator {
  const name = options.name ?? 'tool_arguments';
  return {
    name,
    kinds: options.kinds ?? ['llm'],
    evaluate(invocation) {
      const calls = toolCalls(invocation);
      if (calls.length === 0) return [];
      const definitions = invocation.kind === 'llm' ? (invocation.toolDefinitions ?? []) : [];
      const problems = calls
        .map((c, i) => checkCall(c, i, definitions))
        .filter((p) => p !== undefined);
      const score = (calls.length - problems.length) / calls.length;
      return [
        {
          name,
          score,
          label: problems.length === 0 ? 'pass' : 'fail',
          ...(problems.length ? { explanation: problems.join('\n') } : {}),
        },
      ];
    },
  };
}
