import { useId, useState } from "react";
import { QueryState } from "../components/QueryState";
import { Time } from "../Time";
import { useVersionDiff, useVersions, versionExportUrl, type Version } from "./api/versions";
import { DiffView } from "./DiffView";

/** The published versions, each with its Markdown, and what changed between two of them. */
export function Versions({ reference }: { reference: string }) {
  const versions = useVersions(reference);
  const headingId = useId();
  return (
    <section className="pm-versions" aria-labelledby={headingId}>
      <h2 id={headingId}>Versions</h2>
      <QueryState query={versions} what="The published versions">
        {(list) =>
          list.length === 0 ? (
            <p className="muted">Nothing published yet. Each publication is kept as a version.</p>
          ) : (
            <>
              <ul className="pm-version-list">
                {list.map((v) => (
                  <li key={v.version}>
                    <strong>Version {v.version}</strong> published <Time at={v.published_at} withDate />
                    {v.published_by && ` by ${v.published_by}`} ·{" "}
                    <a href={versionExportUrl(reference, v.version)} target="_blank" rel="noopener noreferrer">
                      Markdown<span className="visually-hidden"> of version {v.version}</span>
                    </a>
                  </li>
                ))}
              </ul>
              {/* A new version resets the choice to the latest two. */}
              {list.length >= 2 && <Compare key={list.length} reference={reference} versions={list} />}
            </>
          )
        }
      </QueryState>
    </section>
  );
}

/** Two version pickers (the last two to start with) and the diff between them. */
function Compare({ reference, versions }: { reference: string; versions: Version[] }) {
  const id = useId();
  const numbers = versions.map((v) => v.version);
  const [from, setFrom] = useState(numbers[numbers.length - 2]);
  const [to, setTo] = useState(numbers[numbers.length - 1]);
  const diff = useVersionDiff(reference, from, to);
  return (
    <div className="pm-compare">
      <h3>Compare versions</h3>
      <div className="pm-compare-choices">
        <label htmlFor={`${id}-from`}>From version</label>
        <select id={`${id}-from`} value={from} onChange={(e) => setFrom(Number(e.target.value))}>
          {numbers.map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
        <label htmlFor={`${id}-to`}>To version</label>
        <select id={`${id}-to`} value={to} onChange={(e) => setTo(Number(e.target.value))}>
          {numbers.map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
      </div>
      {from === to ? (
        <p className="muted">Choose two different versions to see what changed.</p>
      ) : (
        <QueryState query={diff} what="The differences">
          {(lines) => <DiffView lines={lines} from={from} to={to} />}
        </QueryState>
      )}
    </div>
  );
}
