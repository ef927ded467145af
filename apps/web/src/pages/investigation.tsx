import { useEffect, useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useSubscription } from '@trpc/tanstack-react-query';
import { useNavigate, useParams } from 'react-router';
import { useTRPC } from '@vibemonitor/sdk/react';
import type { RcaReport, RcaUsage } from '@vibemonitor/sdk';
import { errorMessage, fieldErrors } from '../api.js';
import { FormError, SelectField } from '../components/form.js';
import { ReportView } from '../components/report.js';
import { StepList, type StreamedEvent } from '../components/steps.js';
import { Feedback } from '../components/feedback.js';

const EXAMPLES = [
  'Why is checkout slow?',
  'Why are payments failing?',
  'What changed in the last hour?',
];

/** Ask a question, watch the investigation stream, read the report; follow-ups continue the session. */
export function InvestigationPage() {
  const trpc = useTRPC();
  const { workspaceId = '', sessionId } = useParams();
  const session = useQuery({
    ...trpc.chat.sessions.get.queryOptions({ workspaceId, sessionId: sessionId ?? '' }),
    enabled: Boolean(sessionId),
  });
  useEffect(() => {
    document.title = `${session.data?.title ?? 'Investigate'} · VibeMonitor`;
  }, [session.data?.title]);
  return (
    <div className="investigation">
      <h1>{sessionId ? (session.data?.title ?? 'Investigation') : 'Investigate'}</h1>
      {!sessionId ? (
        <p className="muted">
          Ask about something that is broken or slow. The investigation runs against this
          workspace&apos;s integrations, streams every step, then answers with the evidence.
        </p>
      ) : null}
      {session.error ? <FormError message={errorMessage(session.error)} /> : null}
      {session.data?.turns.map((turn) => (
        <TurnView key={turn.id} workspaceId={workspaceId} turn={turn} />
      ))}
      <AskForm
        workspaceId={workspaceId}
        sessionId={sessionId}
        environmentId={session.data?.environmentId ?? null}
      />
    </div>
  );
}

function AskForm({
  workspaceId,
  sessionId,
  environmentId,
}: {
  workspaceId: string;
  sessionId: string | undefined;
  environmentId: string | null;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [message, setMessage] = useState('');
  const [environment, setEnvironment] = useState('');
  const environments = useQuery(trpc.environment.list.queryOptions({ workspaceId }));
  const send = useMutation(
    trpc.chat.send.mutationOptions({
      onSuccess: async (result) => {
        setMessage('');
        await queryClient.invalidateQueries({
          queryKey: trpc.chat.sessions.get.queryKey({ workspaceId, sessionId: result.sessionId }),
        });
        await queryClient.invalidateQueries({ queryKey: trpc.chat.sessions.list.queryKey() });
        if (result.sessionId !== sessionId)
          await navigate(`/w/${workspaceId}/chat/${result.sessionId}`);
      },
    }),
  );
  const errors = fieldErrors(send.error, {
    message: /question|message/i,
    environmentId: /environment/i,
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    send.mutate({
      workspaceId,
      message,
      ...(sessionId ? { sessionId } : {}),
      ...(environment ? { environmentId: environment } : {}),
    });
  };
  const envs = environments.data ?? [];
  return (
    <form className="ask" onSubmit={onSubmit} noValidate aria-label="Ask a question">
      <label htmlFor="question">{sessionId ? 'Follow-up question' : 'Your question'}</label>
      <textarea
        id="question"
        name="message"
        rows={2}
        value={message}
        placeholder="Why is my api-gateway slow?"
        onChange={(e) => setMessage(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.shiftKey) {
            e.preventDefault();
            e.currentTarget.form?.requestSubmit();
          }
        }}
        aria-invalid={errors.fields.message ? true : undefined}
        aria-describedby={errors.fields.message ? 'question-error' : undefined}
      />
      {errors.fields.message ? (
        <p id="question-error" className="field-error" role="alert">
          {errors.fields.message}
        </p>
      ) : null}
      {!sessionId && envs.length > 1 ? (
        <SelectField
          label="Environment"
          value={environment}
          onChange={(e) => setEnvironment(e.target.value)}
          error={errors.fields.environmentId}
        >
          <option value="">Default</option>
          {envs.map((env) => (
            <option key={env.id} value={env.id}>
              {env.name}
            </option>
          ))}
        </SelectField>
      ) : null}
      {sessionId && environmentId ? (
        <p className="muted">
          Environment: {envs.find((e) => e.id === environmentId)?.name ?? '…'}
        </p>
      ) : null}
      <FormError message={errors.form} />
      <div className="row">
        <button type="submit" disabled={send.isPending}>
          {send.isPending ? 'Sending…' : 'Ask'}
        </button>
        {!sessionId
          ? EXAMPLES.map((example) => (
              <button
                key={example}
                type="button"
                className="chip"
                onClick={() => setMessage(example)}
              >
                {example}
              </button>
            ))
          : null}
      </div>
    </form>
  );
}

interface TurnLike {
  id: string;
  message: string;
  status: 'queued' | 'running' | 'completed' | 'failed' | 'cancelled';
  report: RcaReport | null;
  usage: RcaUsage | null;
  error: { code: string; message: string } | null;
  createdAt: Date;
}

function useTurnStream(workspaceId: string, turnId: string, enabled: boolean) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [events, setEvents] = useState<StreamedEvent[]>([]);
  const subscription = useSubscription(
    trpc.chat.turns.stream.subscriptionOptions(
      { workspaceId, turnId },
      {
        enabled,
        onData: (item) => {
          const next = item.data;
          setEvents((previous) =>
            previous.some((e) => e.seq === next.seq) ? previous : [...previous, next],
          );
          if (
            next.event.type === 'complete' ||
            next.event.type === 'error' ||
            next.event.type === 'cancelled'
          ) {
            void queryClient.invalidateQueries({ queryKey: trpc.chat.sessions.get.queryKey() });
            void queryClient.invalidateQueries({
              queryKey: trpc.chat.turns.get.queryKey({ workspaceId, turnId }),
            });
          }
        },
      },
    ),
  );
  return { events, subscription };
}

function TurnView({ workspaceId, turn }: { workspaceId: string; turn: TurnLike }) {
  const trpc = useTRPC();
  const active = turn.status === 'queued' || turn.status === 'running';
  // Subscribed while the turn runs; the streamed steps stay on screen after it ends.
  const { events, subscription } = useTurnStream(workspaceId, turn.id, active);
  const complete = events.find((e) => e.event.type === 'complete')?.event;
  const report = complete?.type === 'complete' ? complete.report : turn.report;
  const usage = complete?.type === 'complete' ? complete.usage : turn.usage;
  const failed = events.find((e) => e.event.type === 'error')?.event;
  const live =
    active && !events.some((e) => ['complete', 'error', 'cancelled'].includes(e.event.type));
  const cancel = useMutation(trpc.chat.turns.cancel.mutationOptions());
  return (
    <section className="turn" aria-label={`Question: ${turn.message}`} data-testid="turn">
      <p className="question">
        <span className="visually-hidden">You asked: </span>
        {turn.message}
      </p>
      {active || events.length > 0 ? (
        <>
          <StepList events={events} live={live} />
          {subscription.error ? (
            <FormError message={`Lost the live stream: ${errorMessage(subscription.error)}`} />
          ) : null}
          {live ? (
            <button
              type="button"
              className="secondary"
              onClick={() => cancel.mutate({ workspaceId, turnId: turn.id })}
              disabled={cancel.isPending}
            >
              Cancel investigation
            </button>
          ) : null}
        </>
      ) : (
        <PastSteps workspaceId={workspaceId} turnId={turn.id} />
      )}
      {failed?.type === 'error' ? (
        <FormError message={`The investigation failed: ${failed.message}`} />
      ) : null}
      {!active && turn.status === 'failed' && turn.error ? (
        <FormError message={`The investigation failed: ${turn.error.message}`} />
      ) : null}
      {!active && turn.status === 'cancelled' ? (
        <p className="muted">This investigation was cancelled.</p>
      ) : null}
      {report ? (
        <>
          <ReportView report={report} usage={usage} turnId={turn.id} />
          <Feedback workspaceId={workspaceId} turnId={turn.id} />
        </>
      ) : null}
    </section>
  );
}

/** A finished turn's steps, replayed from the server only when the person opens them. */
function PastSteps({ workspaceId, turnId }: { workspaceId: string; turnId: string }) {
  const [open, setOpen] = useState(false);
  return (
    <details className="past-steps" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>Steps</summary>
      {open ? <ReplayedSteps workspaceId={workspaceId} turnId={turnId} /> : null}
    </details>
  );
}

function ReplayedSteps({ workspaceId, turnId }: { workspaceId: string; turnId: string }) {
  const { events } = useTurnStream(workspaceId, turnId, true);
  return <StepList events={events} live={false} />;
}
