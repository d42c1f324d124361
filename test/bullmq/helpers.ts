/** Helpers shared by the BullMQ tests. */

/** Polls `condition` until it holds; rejects naming `what` after `timeoutMs`. */
export async function untilTrue(
  condition: () => boolean | Promise<boolean>,
  what: string | (() => string) = 'condition',
  timeoutMs = 15_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${typeof what === 'string' ? what : what()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
