/**
 * What happens to captured content before any emitter sees it: the user's redaction hook, once
 * per invocation, then a size cap per attribute that keeps the value valid JSON and marks where
 * it was cut. A redaction hook that throws records no content at all: failing closed is the only
 * safe choice when the hook existed to remove something.
 */
import { diag } from '@opentelemetry/api';
import type { ContentRecord, ResolvedConfig } from './config.js';
import type { PlainValue } from './content.js';
import type { Invocation } from './types.js';

export const TRUNCATION_MARK = '…[truncated]';

/**
 * The content to record, redacted and capped; undefined when none may be. The JSON text of each
 * non-string value, made while capping it, goes into `json`, so a span reuses it.
 */
export function applyContentPolicy(
  content: ContentRecord,
  invocation: Invocation,
  config: ResolvedConfig,
  json: Map<string, string>,
): ContentRecord | undefined {
  let result: ContentRecord | undefined = content;
  if (config.redactContent) {
    try {
      result = config.redactContent(content, invocation) ?? undefined;
    } catch (err) {
      diag.error(
        'genai-telemetry: redactContent threw; no content is recorded for this invocation',
        err,
      );
      return undefined;
    }
    if (!result) return undefined;
  }
  const maxLength = config.contentMaxLength;
  for (const key in result) {
    const value = result[key]!;
    if (typeof value === 'string') {
      if (value.length > maxLength) result[key] = capString(value, maxLength);
      continue;
    }
    const text = JSON.stringify(value);
    if (text.length <= maxLength) {
      json.set(key, text);
      continue;
    }
    const cut = capValue(value, maxLength);
    result[key] = cut.value;
    json.set(key, cut.json);
  }
  return result;
}

/** The JSON form of `content[key]`: the text itself, the one made while capping, or made now. */
export function contentJson(
  content: ContentRecord,
  key: string,
  json: ReadonlyMap<string, string> | undefined,
): string {
  const value = content[key]!;
  if (typeof value === 'string') return value;
  return json?.get(key) ?? JSON.stringify(value);
}

/**
 * A cut copy of `value` (whose JSON is over `maxLength` characters) that fits and keeps the
 * conventions' structure: every key stays, identifying values (`type`, `role`, ids, names) stay
 * whole, long text is cut, and trailing array items are dropped, never replaced by something of
 * another shape.
 */
function capValue(value: PlainValue, maxLength: number): { value: PlainValue; json: string } {
  // Structure (keys, brackets, marks) is only estimated by the budget; shrink until it fits.
  for (let budget = maxLength; budget > 0; budget = Math.floor(budget * 0.8)) {
    const cut = new Cutter(budget).copy(value);
    const cutJson = JSON.stringify(cut);
    if (cutJson.length <= maxLength) return { value: cut, json: cutJson };
  }
  const empty: PlainValue = Array.isArray(value) ? [] : {};
  return { value: empty, json: JSON.stringify(empty) };
}

function capString(value: string, maxLength: number): string {
  return value.slice(0, maxLength - TRUNCATION_MARK.length) + TRUNCATION_MARK;
}

/** Keys whose values name or classify rather than say something: a cut `type` would no longer match its schema. */
const IDENTIFYING_KEYS: ReadonlySet<string> = new Set([
  'type',
  'role',
  'id',
  'name',
  'finish_reason',
  'mime_type',
  'modality',
]);

type Container = { [key: string]: PlainValue } | PlainValue[];

class Cutter {
  /** Where the last text that may carry the mark was written, to mark a cut after it. */
  private lastText: { holder: Container; key: string | number } | undefined;

  constructor(private remaining: number) {}

  copy(value: PlainValue): PlainValue {
    if (typeof value === 'string') return this.cutString(value);
    if (value === null || typeof value !== 'object') {
      this.remaining -= String(value).length;
      return value;
    }
    if (Array.isArray(value)) return this.copyArray(value);
    const out: { [key: string]: PlainValue } = {};
    for (const key in value) {
      this.remaining -= key.length + 4;
      const item = value[key]!;
      if (typeof item === 'string' && IDENTIFYING_KEYS.has(key)) {
        this.remaining -= item.length + 2;
        out[key] = item;
        continue;
      }
      out[key] = this.copy(item);
      if (typeof item === 'string') this.lastText = { holder: out, key };
    }
    return out;
  }

  private copyArray(items: PlainValue[]): PlainValue[] {
    const out: PlainValue[] = [];
    for (let i = 0; i < items.length; i++) {
      // The first item is kept even so (its text cut to the mark): a message keeps a part.
      if (this.remaining <= 0 && i > 0) {
        this.markCut();
        break;
      }
      this.remaining -= 1;
      const item = items[i]!;
      out.push(this.copy(item));
      if (typeof item === 'string') this.lastText = { holder: out, key: i };
    }
    return out;
  }

  /** Dropped items are marked at the end of the text before them. */
  private markCut(): void {
    const slot = this.lastText;
    if (!slot) return;
    const holder = slot.holder as Record<string | number, PlainValue>;
    const text = holder[slot.key] as string;
    if (!text.endsWith(TRUNCATION_MARK)) holder[slot.key] = text + TRUNCATION_MARK;
  }

  private cutString(value: string): string {
    const available = this.remaining - 2;
    if (value.length <= available) {
      this.remaining -= value.length + 2;
      return value;
    }
    this.remaining = 0;
    return value.slice(0, Math.max(0, available - TRUNCATION_MARK.length)) + TRUNCATION_MARK;
  }
}
