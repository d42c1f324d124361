/**
 * State that must be one per process even when the ESM and the CommonJS builds of this package
 * are both loaded (an application on one, a dependency on the other): kept on `globalThis` under
 * a `Symbol.for` key, created by whichever build asks first.
 */
export function processWide<T>(name: string, create: () => T): T {
  const slots = globalThis as unknown as Record<symbol, T | undefined>;
  const key = Symbol.for(`genai-telemetry.${name}`);
  return (slots[key] ??= create());
}
