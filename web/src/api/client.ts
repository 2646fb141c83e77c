import createClient from 'openapi-fetch';
import type { components, paths } from './schema';

/** Every call of the pages goes through this client, typed by the server's OpenAPI document (schema.d.ts). */
export type Api = ReturnType<typeof createClient<paths>>;
export type Schemas = components['schemas'];
export type ErrorBody = Schemas['ErrorResponseDto'];

/** A client for a staff API key (sent as `X-Api-Key`, never in a URL). */
export function staffApi(key: string): Api {
  return createClient<paths>({ baseUrl: location.origin, headers: { 'X-Api-Key': key } });
}

/** A client without credentials (the demo's shopper list and sessions, demo mode only). */
export function publicApi(): Api {
  return createClient<paths>({ baseUrl: location.origin });
}

/** A client for a shopper's JWT. */
export function shopperApi(token: string): Api {
  return createClient<paths>({ baseUrl: location.origin, headers: { Authorization: `Bearer ${token}` } });
}

/** An answer that was not a success, with the contract's error body when there is one. */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorBody | undefined,
  ) {
    super(body?.message ?? `The server answered ${status}`);
  }

  /** "field: message" lines of a validation failure, for the form that sent it. */
  get details(): string[] {
    return (this.body?.details ?? []).map((d) => `${d.field}: ${d.message}`);
  }
}

/** The data of a successful answer, or an ApiFailure. */
export async function must<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok || data === undefined) {
    if (response.ok && response.status === 204) return undefined as T;
    throw new ApiFailure(response.status, error as ErrorBody | undefined);
  }
  return data;
}
