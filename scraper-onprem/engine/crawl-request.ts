export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** What an adapter asks the engine to fetch. */
export interface RequestInput {
  url: string;
  /** Picks the handler; one label per page type. */
  label: string;
  /** Dedupe key across the run and its resumptions; defaults to the URL. */
  uniqueKey?: string;
  userData?: JsonObject;
  /** Higher runs first. Detail pages above listing pages keeps the queue short. */
  priority?: number;
}

/** A request as the engine tracks it; plain JSON so it goes into the checkpoint as is. */
export interface CrawlRequest {
  url: string;
  label: string;
  uniqueKey: string;
  userData: JsonObject;
  priority: number;
  /** Failed attempts so far. */
  attempts: number;
  /** Epoch ms before which it must not start (backoff, Retry-After). */
  notBefore: number;
}

export function toCrawlRequest(input: RequestInput): CrawlRequest {
  return {
    url: input.url,
    label: input.label,
    uniqueKey: input.uniqueKey ?? input.url,
    userData: input.userData ?? {},
    priority: input.priority ?? 0,
    attempts: 0,
    notBefore: 0,
  };
}

/** Tasks are engine requests with no fetch behind them (e.g. "split this query"): URL scheme `task:`. */
export function taskUrl(name: string, key: string): string {
  return `task:${name}/${encodeURIComponent(key)}`;
}

export function isTaskUrl(url: string): boolean {
  return url.startsWith('task:');
}
