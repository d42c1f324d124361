/**
 * A pure function of a string remembered for the first `max` distinct inputs: for lookups a
 * process meets a handful of inputs for (provider names), done on every start. The bound only
 * guards against inputs built per call.
 */
export function memoized(compute: (input: string) => string, max = 256): (input: string) => string {
  const seen = new Map<string, string>();
  return (input) => {
    let output = seen.get(input);
    if (output === undefined) {
      output = compute(input);
      if (seen.size < max) seen.set(input, output);
    }
    return output;
  };
}
