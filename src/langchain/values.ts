/** Structural reads of the loosely typed records LangChain hands to callbacks. */
export type Loose = Record<string, unknown>;

export const isRecord = (value: unknown): value is Loose =>
  typeof value === 'object' && value !== null;

export const str = (value: unknown): string | undefined =>
  typeof value === 'string' && value.length > 0 ? value : undefined;

export const num = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) ? value : undefined;

/** A non-negative integer count, as token fields must be. */
export const count = (value: unknown): number | undefined => {
  const n = num(value);
  return n !== undefined && n >= 0 ? Math.round(n) : undefined;
};

/** The first of `keys` that `record` holds a value of the wanted shape for. */
export function pick<T>(
  record: Loose | undefined,
  keys: readonly string[],
  read: (value: unknown) => T | undefined,
): T | undefined {
  if (!record) return undefined;
  for (const key of keys) {
    const value = read(record[key]);
    if (value !== undefined) return value;
  }
  return undefined;
}
