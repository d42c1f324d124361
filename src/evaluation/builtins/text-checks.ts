/** Offline checks on the answer's text: a regular expression, keywords, length bounds. */
import type { Evaluator } from '../evaluator.js';
import { type CheckOptions, textCheck } from './verdict.js';

export interface RegexOptions extends CheckOptions {
  pattern: RegExp | string;
  /** false: the answer must NOT match (e.g. a leaked secret's shape). Default true. */
  mustMatch?: boolean;
}

export function regexMatch(options: RegexOptions): Evaluator {
  const pattern =
    typeof options.pattern === 'string' ? new RegExp(options.pattern) : options.pattern;
  const mustMatch = options.mustMatch ?? true;
  return textCheck('regex', options, (text) => {
    // A global or sticky pattern keeps lastIndex between calls; test on a fresh state each time.
    pattern.lastIndex = 0;
    const matched = pattern.test(text);
    if (matched === mustMatch) return { passed: true };
    return {
      passed: false,
      explanation: `${mustMatch ? 'does not match' : 'matches'} ${String(pattern)}`,
    };
  });
}

export interface KeywordOptions extends CheckOptions {
  /** Every one must appear. */
  required?: readonly string[];
  /** None may appear. */
  forbidden?: readonly string[];
  caseSensitive?: boolean;
}

export function keywords(options: KeywordOptions): Evaluator {
  const fold = (s: string) => (options.caseSensitive ? s : s.toLowerCase());
  return textCheck('keywords', options, (text) => {
    const haystack = fold(text);
    const missing = (options.required ?? []).filter((k) => !haystack.includes(fold(k)));
    const present = (options.forbidden ?? []).filter((k) => haystack.includes(fold(k)));
    const problems = [
      ...(missing.length ? [`missing: ${missing.join(', ')}`] : []),
      ...(present.length ? [`forbidden: ${present.join(', ')}`] : []),
    ];
    return problems.length ? { passed: false, explanation: problems.join('; ') } : { passed: true };
  });
}

export interface LengthOptions extends CheckOptions {
  min?: number;
  max?: number;
  /** Characters (code points) or whitespace-separated words. Default characters. */
  unit?: 'chars' | 'words';
}

export function lengthBounds(options: LengthOptions = {}): Evaluator {
  const { min = 1, max = Number.POSITIVE_INFINITY, unit = 'chars' } = options;
  return textCheck('length', options, (text) => {
    const length = unit === 'words' ? text.split(/\s+/).filter(Boolean).length : [...text].length;
    if (length >= min && length <= max) return { passed: true };
    return { passed: false, explanation: `${length} ${unit}, expected ${min}..${max}` };
  });
}
