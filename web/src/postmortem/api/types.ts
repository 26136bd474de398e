// Moves to the generated client (src/api/schema.d.ts) once the server's OpenAPI has these endpoints.
// Hand-written from the contract (/work/contract/postmortem.md), checked against the server's DTOs
// as they were being written (routes/postmortems: opened_at, sections, nullable reply authors, a
// resolve body): the postmortem REST shapes, and
// the paths in openapi-typescript's shape so the app's one client (its CSRF and session-expiry
// middlewares included) can call them typed until they are generated.
import type { Problem } from "../../api/client";

export type PostmortemState = "draft" | "in_review" | "changes_requested" | "approved" | "published";

export interface Reviewer {
  user_id: number;
  name: string;
  verdict: null | "approved" | "changes_requested";
}

export interface Postmortem {
  reference: string;
  state: PostmortemState;
  version: number;
  reviewers: Reviewer[];
  open_threads: number;
  /** Whether the viewer may change the document (the sync socket refuses their updates if not). */
  can_edit: boolean;
  /** The document cut at its level-2 headings, as Markdown. */
  sections?: { title: string; markdown: string }[];
  opened_at: string;
  updated_at: string;
  published_at: string | null;
}

export interface FactorCategory {
  key: string;
  name: string;
  description: string;
}

export interface ThreadReply {
  /** Null when the author's account is gone. */
  author: { id: number | null; name: string | null };
  body: string;
  at: string;
}

/** An inline comment thread; `id` is what the document's `comment` mark carries as `threadId`. */
export interface Thread {
  id: string;
  quote: string;
  resolved: boolean;
  resolved_by?: string | null;
  created_at?: string;
  /** The first comment, then the replies, oldest first. */
  replies: ThreadReply[];
}

type Json<T> = { headers: { [name: string]: unknown }; content: { "application/json": T } };
type Refused = { headers: { [name: string]: unknown }; content: { "application/problem+json": Problem } };
type RefPath = { parameters: { query?: never; header?: never; path: { ref: string }; cookie?: never } };
type ThreadPath = { parameters: { query?: never; header?: never; path: { ref: string; id: string }; cookie?: never } };
type Body<T> = { requestBody: { content: { "application/json": T } } };
type NoParams = { parameters: { query?: never; header?: never; path?: never; cookie?: never } };
type Unused = { put?: never; delete?: never; options?: never; head?: never; patch?: never; trace?: never };

export interface PostmortemPaths {
  "/api/v1/incidents/{ref}/postmortem": NoParams &
    Unused & {
      get: RefPath & { requestBody?: never; responses: { 200: Json<Postmortem>; 404: Refused; default: Refused } };
      post: RefPath & { requestBody?: never; responses: { 200: Json<Postmortem>; 201: Json<Postmortem>; default: Refused } };
    };
  "/api/v1/postmortem-factor-categories": NoParams &
    Unused & {
      get: NoParams & { requestBody?: never; responses: { 200: Json<{ categories: FactorCategory[] }>; default: Refused } };
      post?: never;
    };
  "/api/v1/incidents/{ref}/postmortem/threads": NoParams &
    Unused & {
      get: RefPath & { requestBody?: never; responses: { 200: Json<Thread[]>; default: Refused } };
      post: RefPath & Body<{ quote: string; body: string }> & { responses: { 201: Json<Thread>; default: Refused } };
    };
  "/api/v1/incidents/{ref}/postmortem/threads/{id}/replies": NoParams &
    Unused & {
      get?: never;
      post: ThreadPath & Body<{ body: string }> & { responses: { 200: Json<Thread>; 201: Json<Thread>; default: Refused } };
    };
  "/api/v1/incidents/{ref}/postmortem/threads/{id}/resolve": NoParams &
    Unused & {
      get?: never;
      post: ThreadPath & Body<{ resolved: boolean }> & { responses: { 200: Json<Thread>; default: Refused } };
    };
}
