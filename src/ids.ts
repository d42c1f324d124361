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

function randomHex(chars: number, invalid: string): string {
  for (;;) {
    if (offset + chars > poolHex.length) {
      randomFillSync(pool);
      poolHex = pool.toString('hex');
      offset = 0;
    }
    const id = poolHex.substring(offset, offset + chars);
    offset += chars;
    // An all-zero id is invalid in W3C trace context; draw again.
    if (id !== invalid) return id;
  }
}

const INVALID_TRACE_ID = '0'.repeat(32);
const INVALID_SPAN_ID = '0'.repeat(16);

export const randomTraceId = (): string => randomHex(32, INVALID_TRACE_ID);
export const randomSpanId = (): string => randomHex(16, INVALID_SPAN_ID);
