/**
 * Random trace and span ids for synthesised snapshots (spans off, or no span emitter). A pool of
 * crypto-random bytes is hex-encoded in one call and ids are cut from it: on the span-less hot
 * path an id costs a substring instead of a native call per id.
 */
import { randomFillSync } from 'node:crypto';

const POOL_BYTES = 8192;
const pool = Buffer.allocUnsafe(POOL_BYTES);
let poolHex = '';
let offset = POOL_BYTES * 2;

function randomHex(chars: number): string {
  for (;;) {
    if (offset + chars > poolHex.length) {
      randomFillSync(pool);
      poolHex = pool.toString('hex');
      offset = 0;
    }
    const id = poolHex.substring(offset, offset + chars);
    offset += chars;
    // An all-zero id is invalid in W3C trace context; draw again.
    if (id !== ZEROS.substring(0, chars)) return id;
  }
}

const ZEROS = '0'.repeat(32);

export const randomTraceId = (): string => randomHex(32);
export const randomSpanId = (): string => randomHex(16);
