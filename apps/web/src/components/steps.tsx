import type { RcaEvent } from '@vibemonitor/sdk';

export interface StreamedEvent {
  seq: number;
  event: RcaEvent;
}

interface Step {
  key: string;
  kind: 'thinking' | 'tool' | 'finding' | 'attempt' | 'error' | 'cancelled';
  event: RcaEvent;
  end?: Extract<RcaEvent, { type: 'tool_end' }>;
}

/** The query a tool call ran, when its input carries one (PromQL, LogQL, a code search...). */
function queryOf(input: Record<string, unknown>): string | null {
  for (const key of ['query', 'promql', 'logql', 'expr', 'q', 'path']) {
    const value = input[key];
    if (typeof value === 'string' && value.trim()) return value;
  }
  return null;
}

function stepsOf(events: StreamedEvent[]): Step[] {
  const steps: Step[] = [];
  const tools = new Map<string, Step>();
  for (const { seq, event } of events) {
    switch (event.type) {
      case 'thinking':
        steps.push({ key: `s${seq}`, kind: 'thinking', event });
        break;
      case 'tool_start': {
        const step: Step = { key: `s${seq}`, kind: 'tool', event };
        tools.set(event.stepId, step);
        steps.push(step);
        break;
      }
      case 'tool_end': {
        const start = tools.get(event.stepId);
        if (start) start.end = event;
        else steps.push({ key: `s${seq}`, kind: 'tool', event, end: event });
        break;
      }
      case 'finding':
        steps.push({ key: `s${seq}`, kind: 'finding', event });
        break;
      case 'attempt_started':
        if (event.attempt > 1) steps.push({ key: `s${seq}`, kind: 'attempt', event });
        break;
      case 'error':
        steps.push({ key: `s${seq}`, kind: 'error', event });
        break;
      case 'cancelled':
        steps.push({ key: `s${seq}`, kind: 'cancelled', event });
        break;
      case 'complete':
        break;
    }
  }
  return steps;
}

function StepItem({ step }: { step: Step }) {
  const { event } = step;
  if (event.type === 'thinking')
    return (
      <li className="step thinking" data-step="thinking">
        <span className="step-kind">Thinking</span> {event.text}
      </li>
    );
  if (event.type === 'finding')
    return (
      <li className={`step finding${event.interesting ? ' interesting' : ''}`} data-step="finding">
        <span className="step-kind">{event.interesting ? 'Finding' : 'Checked'}</span>{' '}
        <span className="muted">{event.check}</span> {event.summary}
      </li>
    );
  if (event.type === 'tool_start' || event.type === 'tool_end') {
    const start = event.type === 'tool_start' ? event : null;
    const query = start ? queryOf(start.input) : null;
    const end = step.end;
    return (
      <li className={`step tool${end?.status === 'error' ? ' failed' : ''}`} data-step="tool">
        <span className="step-kind">Tool</span> <code>{event.tool}</code>{' '}
        {end ? (
          <span className="muted">
            {end.status === 'ok' ? 'done' : 'failed'} in {Math.round(end.durationMs)} ms:{' '}
            {end.summary}
          </span>
        ) : (
          <span className="muted">running…</span>
        )}
        {query ? (
          <pre className="query">
            <code>{query}</code>
          </pre>
        ) : null}
      </li>
    );
  }
  if (event.type === 'attempt_started')
    return (
      <li className="step" data-step="attempt">
        <span className="step-kind">Retry</span> attempt {event.attempt}
        {event.reason ? `: ${event.reason}` : ''}
      </li>
    );
  if (event.type === 'error')
    return (
      <li className="step failed" data-step="error" role="alert">
        <span className="step-kind">Failed</span> {event.message}
      </li>
    );
  if (event.type === 'cancelled')
    return (
      <li className="step" data-step="cancelled">
        <span className="step-kind">Cancelled</span> {event.reason}
      </li>
    );
  return null;
}

/** The investigation's steps as they stream in (a polite live region). */
export function StepList({ events, live }: { events: StreamedEvent[]; live: boolean }) {
  const steps = stepsOf(events);
  return (
    <ol
      className="steps"
      aria-live={live ? 'polite' : 'off'}
      aria-label="Investigation steps"
      data-testid="steps"
    >
      {steps.map((step) => (
        <StepItem key={step.key} step={step} />
      ))}
      {live ? (
        <li className="step pending" aria-hidden="true">
          <span className="spinner" /> working…
        </li>
      ) : null}
    </ol>
  );
}
