/**
 * Random trace and span ids for synthesised snapshots (spans off, or no span emitter).
 * Bytes come from a pooled crypto buffer so an id costs one slice and a hex encode.
 */
import { randomFillSync } from 'node:crypto';

const POOL_SIZE = 4096;
const pool = Buffer.allocUnsafe(POOL_SIZE);
let offset = POOL_SIZE;

function randomHex(bytes: number): string {
  for (;;) {
    if (offset + bytes > POOL_SIZE) {
      randomFillSync(pool);
      offset = 0;
    }
    const hex = pool.toString('hex', offset, offset + bytes);
    offset += bytes;
    // An all-zero id is invalid in W3C trace context; draw again.
    if (!/^0+$/.test(hex)) return hex;
  }
}

export const randomTraceId = (): string => randomHex(16);
export const randomSpanId = (): string => randomHex(8);
