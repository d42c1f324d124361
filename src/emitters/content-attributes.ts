/**
 * Opt-in content, structured (plain data), computed once per invocation end and shared by the
 * span and event emitters, after redaction and the size cap; the caller decides where it may go.
 */
import type { ResolvedConfig } from '../config.js';
import { applyContentPolicy } from '../content-policy.js';
import type { PlainValue } from '../content.js';
import { conventionOf } from '../conventions/index.js';
import type { Invocation } from '../types.js';
import type { InvocationState } from './emitter.js';

export type ContentAttributes = Record<string, PlainValue>;

export function contentAttributes(
  invocation: Invocation,
  state: InvocationState,
  config: ResolvedConfig,
): ContentAttributes | undefined {
  if (state.content === undefined) {
    const raw = buildContent(invocation);
    state.content = (raw && applyContentPolicy(raw, invocation, config)) ?? null;
  }
  return state.content ?? undefined;
}

function buildContent(invocation: Invocation): ContentAttributes | undefined {
  let content: ContentAttributes | undefined;
  conventionOf(invocation).content(invocation, (attribute, value) => {
    if (value !== undefined) (content ??= {})[attribute] = value;
  });
  return content;
}
