import type { RcaReport, RcaUsage } from '@vibemonitor/sdk';
import { SeriesChart, type ChartSeries } from './series-chart.js';

function usd(value: number): string {
  return value < 0.01 ? `$${value.toFixed(4)}` : `$${value.toFixed(2)}`;
}

/** Links "[Q3, Q7]" and "E2" citations to the queries and evidence listed below. */
function Cited({ text }: { text: string }) {
  const parts = text.split(/\b([QE]\d+)\b/);
  return (
    <>
      {parts.map((part, i) =>
        /^[QE]\d+$/.test(part) ? (
          <a key={i} href={`#${part.startsWith('Q') ? 'query' : 'evidence'}-${part}`}>
            {part}
          </a>
        ) : (
          part
        ),
      )}
    </>
  );
}

function List({ title, items, id }: { title: string; items: string[]; id: string }) {
  if (items.length === 0) return null;
  return (
    <section aria-labelledby={id}>
      <h3 id={id}>{title}</h3>
      <ul>
        {items.map((item, i) => (
          <li key={i}>
            <Cited text={item} />
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The investigation's answer: root cause, evidence with its queries and charts, and what was and was not checked. */
export function ReportView({
  report,
  usage,
  turnId,
}: {
  report: RcaReport;
  usage: RcaUsage | null;
  turnId: string;
}) {
  const evidence = report.evidence as Array<
    RcaReport['evidence'][number] & { series?: ChartSeries }
  >;
  const cited = new Set(report.rootCause?.evidenceIds ?? []);
  return (
    <article className="report" aria-labelledby={`report-${turnId}`} data-testid="report">
      <h2 id={`report-${turnId}`}>Report</h2>
      <p className="muted">
        {report.analyst === 'llm'
          ? `Written by ${report.model ?? 'a model'} from the evidence below.`
          : 'Composed from the checks without a model (deterministic analyst).'}
      </p>
      <p className="summary">{report.summary}</p>
      {report.rootCause ? (
        <section className="root-cause" aria-labelledby={`rc-${turnId}`}>
          <h3 id={`rc-${turnId}`}>Root cause</h3>
          <p>
            {report.rootCause.service ? <strong>{report.rootCause.service}: </strong> : null}
            {report.rootCause.cause}
          </p>
          <p>
            Confidence:{' '}
            <span className={`badge confidence-${report.rootCause.confidence}`}>
              {report.rootCause.confidence}
            </span>
            {report.rootCause.evidenceIds.length > 0 ? (
              <>
                {' '}
                · evidence <Cited text={report.rootCause.evidenceIds.join(', ')} />
              </>
            ) : null}
          </p>
        </section>
      ) : (
        <section className="root-cause">
          <h3>Root cause</h3>
          <p>No root cause was established.</p>
        </section>
      )}
      {evidence.length > 0 ? (
        <section aria-labelledby={`ev-${turnId}`}>
          <h3 id={`ev-${turnId}`}>Evidence</h3>
          <ol className="evidence">
            {evidence.map((item) => (
              <li
                key={item.id}
                id={`evidence-${item.id}`}
                className={cited.has(item.id) ? 'cited' : undefined}
              >
                <p>
                  <span className="badge">{item.id}</span>{' '}
                  <span className="muted">{item.source}</span> {item.summary}
                </p>
                {item.query ? (
                  <pre className="query">
                    <code>{item.query}</code>
                  </pre>
                ) : null}
                {item.series ? (
                  <SeriesChart series={item.series} title={`${item.id}: ${item.summary}`} />
                ) : null}
              </li>
            ))}
          </ol>
        </section>
      ) : null}
      <List title="Ruled out" items={report.ruledOut} id={`ro-${turnId}`} />
      <List title="Not checked" items={report.notChecked} id={`nc-${turnId}`} />
      {report.timeline.length > 0 ? (
        <section aria-labelledby={`tl-${turnId}`}>
          <h3 id={`tl-${turnId}`}>Timeline</h3>
          <ol className="timeline">
            {report.timeline.map((entry, i) => (
              <li key={i}>
                <time dateTime={entry.at}>
                  {Number.isNaN(Date.parse(entry.at))
                    ? entry.at
                    : new Date(entry.at).toLocaleTimeString()}
                </time>{' '}
                <Cited text={entry.text} />
              </li>
            ))}
          </ol>
        </section>
      ) : null}
      <List title="Next steps" items={report.nextSteps} id={`ns-${turnId}`} />
      {report.queries && report.queries.length > 0 ? (
        <details>
          <summary>All {report.queries.length} queries the investigation ran</summary>
          <ol className="queries">
            {report.queries.map((q) => (
              <li key={q.id} id={`query-${q.id}`}>
                <span className="badge">{q.id}</span>{' '}
                <span className="muted">
                  {q.source} · {q.outcome}
                </span>
                <pre className="query">
                  <code>{q.query}</code>
                </pre>
              </li>
            ))}
          </ol>
        </details>
      ) : null}
      {usage ? (
        <p className="usage muted">
          {usage.toolCalls} tool calls · {usage.inputTokens + usage.outputTokens} tokens (
          {usage.inputTokens} in, {usage.outputTokens} out)
          {usage.costUsd !== undefined ? ` · ${usd(usage.costUsd)}` : ' · no model cost'} ·{' '}
          {(usage.durationMs / 1000).toFixed(1)} s
        </p>
      ) : null}
    </article>
  );
}
