// A generic webhook's mapping in the editor: each template as typed, labels and annotations as
// rows, and back to the Mapping the server stores. An empty optional template is sent as null
// (no source, no link, never resolves...); an empty dedup key hashes the whole payload.
import type { FieldError, Mapping } from "./api/integrations";

export interface Row {
  name: string;
  template: string;
}

export interface MappingForm {
  summary: string;
  dedup_key: string;
  severity: string;
  source: string;
  link: string;
  resolve_when: string;
  acknowledge_when: string;
  labels: Row[];
  annotations: Row[];
}

export type TemplateField = Exclude<keyof MappingForm, "labels" | "annotations">;

/** The server's defaults (Mapping::default), for an integration that has no mapping stored. */
export const DEFAULT_MAPPING: Mapping = {
  dedup_key: "{{ ((payload.dedup_key or payload.dedup or payload.id or '')|string)[:1000] }}",
  summary: "{{ ((payload.summary or payload.title or payload.message or '')|string)[:1000] }}",
  severity: "{{ ((payload.severity or '')|string)[:100] }}",
  source: "{{ ((payload.source or '')|string)[:1000] }}",
  link: "{{ ((payload.link or payload.url or '')|string)[:1000] }}",
  resolve_when: 'payload.action == "close" or payload.status == "resolved"',
  acknowledge_when: 'payload.action == "acknowledge" or payload.status == "acknowledged"',
  labels: {},
  annotations: { description: "{{ ((payload.details or payload.description or '')|string)[:1000] }}" },
};

/** The fields in the editor's order, with what each is for. */
export const TEMPLATE_FIELDS: readonly { field: TemplateField; label: string; hint: string }[] = [
  { field: "summary", label: "Summary", hint: "One line saying what is wrong: {{ payload.title }}" },
  { field: "dedup_key", label: "Dedup key", hint: "What makes two requests about the same alert. Empty: a hash of the whole payload." },
  { field: "severity", label: "Severity", hint: "Read leniently (critical, P2, warn, high…); empty or unknown gives error." },
  { field: "source", label: "Source", hint: "The machine or component it is about; empty gives none." },
  { field: "link", label: "Link", hint: "A link to the alert at its sender (an http or https URL)." },
  { field: "resolve_when", label: "Resolve when", hint: 'A condition, without {{ }}: payload.state == "ok". Empty: never resolves.' },
  { field: "acknowledge_when", label: "Acknowledge when", hint: "A condition, checked after Resolve when. Empty: never acknowledges." },
];

const rows = (map: Record<string, string> | undefined): Row[] => Object.entries(map ?? {}).map(([name, template]) => ({ name, template }));

export function mappingForm(stored: Mapping | null | undefined): MappingForm {
  const m = stored ?? DEFAULT_MAPPING;
  return {
    summary: m.summary,
    dedup_key: m.dedup_key ?? "",
    severity: m.severity ?? "",
    source: m.source ?? "",
    link: m.link ?? "",
    resolve_when: m.resolve_when ?? "",
    acknowledge_when: m.acknowledge_when ?? "",
    labels: rows(m.labels),
    annotations: rows(m.annotations),
  };
}

const orNull = (text: string) => (text.trim() ? text : null);
const record = (list: Row[]) => Object.fromEntries(list.filter((r) => r.name.trim()).map((r) => [r.name.trim(), r.template]));

export function mappingOf(form: MappingForm): Mapping {
  return {
    summary: form.summary,
    dedup_key: orNull(form.dedup_key),
    severity: orNull(form.severity),
    source: orNull(form.source),
    link: orNull(form.link),
    resolve_when: orNull(form.resolve_when),
    acknowledge_when: orNull(form.acknowledge_when),
    labels: record(form.labels),
    annotations: record(form.annotations),
  };
}

/** Field errors by the editor's keys: `summary`, `labels.team`... A prefix the server puts on a
 * save's errors (`mapping.summary`) is dropped. Errors for fields the editor does not show
 * (`body`: the sample) stay under their own name. */
export function errorsByField(errors: readonly FieldError[], prefix = ""): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of errors) {
    const field = prefix && e.field.startsWith(prefix) ? e.field.slice(prefix.length) : e.field;
    out[field] = out[field] ? `${out[field]} ${e.message}` : e.message;
  }
  return out;
}

/** Whether the editor shows a field of that name beside which its error can be read. */
export function isEditorField(key: string): boolean {
  return TEMPLATE_FIELDS.some((f) => f.field === key) || /^(labels|annotations)\./.test(key);
}

/** A sample payload to start from, read by the default mapping. */
export const SAMPLE_PAYLOAD = JSON.stringify({ title: "Disk almost full on db-1", id: "disk-db-1", severity: "warning", source: "db-1", status: "firing", url: "https://monitoring.example.com/alerts/disk-db-1" }, null, 2);

/** The sample as JSON, or why it is not. */
export function parseSample(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    return { ok: false, error: `The sample is not JSON: ${e instanceof Error ? e.message : String(e)}` };
  }
}
