// TEMPORARY (issue 12): the client without path typing, for the endpoints the server is adding
// until the regenerated schema.d.ts names them. Removed once main has it.
import { api } from "./client";
import type { Answer } from "./errors";

type Init = { params?: { path?: Record<string, unknown>; query?: Record<string, unknown> }; body?: unknown; signal?: AbortSignal };
type Call = <T>(path: string, init?: Init) => Promise<Answer<T>>;

export const untypedApi = api as unknown as { GET: Call; POST: Call; PATCH: Call };
