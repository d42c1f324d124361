/**
 * What OpenTelemetry's propagation API does not bring: a getter/setter pair for message-broker
 * headers whose values are bytes or strings (the kafkajs `IHeaders` shape), and the allowlisted
 * copy of baggage entries onto invocations.
 */
import {
  propagation,
  type Attributes,
  type Context,
  type TextMapGetter,
  type TextMapSetter,
} from '@opentelemetry/api';

/** A header value as brokers deliver it: bytes or text, possibly repeated. */
export type MessageHeaderValue =
  Uint8Array | string | ReadonlyArray<Uint8Array | string> | undefined;
export type MessageHeaders = Record<string, MessageHeaderValue>;

const decoder = new TextDecoder();
const asText = (value: Uint8Array | string): string =>
  typeof value === 'string' ? value : decoder.decode(value);

function findKey(carrier: MessageHeaders, key: string): string | undefined {
  if (Object.hasOwn(carrier, key)) return key;
  // Producers that copy HTTP headers may have capitalised them; W3C keys are lowercase.
  const lower = key.toLowerCase();
  return Object.keys(carrier).find((k) => k.toLowerCase() === lower);
}

export const messageHeaderGetter: TextMapGetter<MessageHeaders | undefined> = {
  keys: (carrier) => (carrier ? Object.keys(carrier) : []),
  get(carrier, key) {
    if (!carrier) return undefined;
    const found = findKey(carrier, key);
    const value = found === undefined ? undefined : carrier[found];
    if (value === undefined || value === null) return undefined;
    if (Array.isArray(value)) return value.map(asText);
    return asText(value as Uint8Array | string);
  },
};

export const messageHeaderSetter: TextMapSetter<MessageHeaders> = {
  set(carrier, key, value) {
    carrier[key] = value;
  },
};

/** Default cap on a copied baggage value, in characters. */
export const DEFAULT_BAGGAGE_VALUE_MAX_LENGTH = 256;

/**
 * The allowlisted baggage entries of `context` as attributes (`{ baggageKey: attributeName }`).
 * Nothing unlisted is copied: baggage crosses trust boundaries and is high-cardinality by nature.
 */
export function baggageAttributes(
  context: Context,
  allowlist: Readonly<Record<string, string>>,
  maxLength: number,
): Attributes | undefined {
  const baggage = propagation.getBaggage(context);
  if (!baggage) return undefined;
  let attributes: Attributes | undefined;
  for (const key in allowlist) {
    const value = baggage.getEntry(key)?.value;
    if (value === undefined) continue;
    (attributes ??= {})[allowlist[key]!] =
      value.length > maxLength ? value.slice(0, maxLength) : value;
  }
  return attributes;
}
