/**
 * Where a model sends its requests, from the constructor fields LangChain serialises for the
 * model (`ChatOpenAI({ configuration: { baseURL } })`, `ChatAnthropic({ anthropicApiUrl })`,
 * `base_url` / `baseUrl` of other integrations): `server.address` and `server.port`, only when a
 * base URL was configured (a provider's default endpoint can be changed by its environment).
 */
import { isRecord, str, type Loose } from './values.js';

const DEFAULT_PORTS: Readonly<Record<string, number>> = { 'https:': 443, 'http:': 80 };

/** Paths into the serialised `kwargs`, in order of preference. */
const BASE_URL_PATHS: ReadonlyArray<readonly string[]> = [
  ['configuration', 'baseURL'],
  ['configuration', 'basePath'],
  ['anthropic_api_url'],
  ['base_url'],
  ['baseUrl'],
  ['endpoint'],
  ['client_options', 'baseURL'],
];

function at(record: Loose, path: readonly string[]): string | undefined {
  let value: unknown = record;
  for (const key of path) value = isRecord(value) ? value[key] : undefined;
  return str(value);
}

export function serverOf(serialized: unknown): { address: string; port: number } | undefined {
  const kwargs =
    isRecord(serialized) && isRecord(serialized.kwargs) ? serialized.kwargs : undefined;
  if (!kwargs) return undefined;
  for (const path of BASE_URL_PATHS) {
    const raw = at(kwargs, path);
    if (!raw) continue;
    try {
      const url = new URL(raw);
      const port = url.port ? Number(url.port) : DEFAULT_PORTS[url.protocol];
      if (url.hostname && port !== undefined) return { address: url.hostname, port };
    } catch {
      // Not a URL: look at the next candidate.
    }
  }
  return undefined;
}
