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
    const raw = conventionOf(invocation).content(invocation);
    if (raw) {
      const json = new Map<string, string>();
      state.content = applyContentPolicy(raw, invocation, config, json) ?? null;
      if (state.content) state.contentJson = json;
    } else state.content = null;
  }
  return state.content ?? undefined;
}
