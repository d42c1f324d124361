/**
 * The demo exports over OTLP only if something listens: an endpoint that refuses would
 * otherwise swallow every export attempt in the exporters' retries (about a minute) and leave
 * the demo silent. One request with a short deadline says at once whether it answers.
 */
export async function probeOtlpEndpoint(
  endpoint: string,
  timeoutMs = 3_000,
): Promise<string | undefined> {
  const url = new URL('v1/traces', endpoint.endsWith('/') ? endpoint : `${endpoint}/`);
  try {
    // An empty OTLP/JSON request: a Collector answers it (200 or 400); only no answer is a problem.
    await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
      signal: AbortSignal.timeout(timeoutMs),
    });
    return undefined;
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? String(error);
    return `OTEL_EXPORTER_OTLP_ENDPOINT=${endpoint}: nothing answers at ${url.href} (${cause}); start a Collector there or unset the variable`;
  }
}
