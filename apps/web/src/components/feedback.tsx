import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '@vibemonitor/sdk/react';
import { errorMessage } from '../api.js';
import { FormError } from './form.js';

/** Thumbs up or down with an optional comment, and the turn's discussion. */
export function Feedback({ workspaceId, turnId }: { workspaceId: string; turnId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const turn = useQuery(trpc.chat.turns.get.queryOptions({ workspaceId, turnId }));
  const [comment, setComment] = useState('');
  const [note, setNote] = useState('');
  const refresh = () =>
    queryClient.invalidateQueries({
      queryKey: trpc.chat.turns.get.queryKey({ workspaceId, turnId }),
    });
  const rate = useMutation(trpc.chat.turns.feedback.mutationOptions({ onSuccess: refresh }));
  const post = useMutation(
    trpc.chat.turns.comment.mutationOptions({
      onSuccess: async () => {
        setNote('');
        await refresh();
      },
    }),
  );
  const mine = rate.data ?? turn.data?.myFeedback ?? null;
  return (
    <section className="feedback" aria-label="Feedback">
      <div className="row" role="group" aria-label="Was this answer useful?">
        <span>Was this useful?</span>
        <button
          type="button"
          className={mine?.rating === 'up' ? 'selected' : 'secondary'}
          aria-pressed={mine?.rating === 'up'}
          onClick={() =>
            rate.mutate({ workspaceId, turnId, rating: 'up', ...(comment ? { comment } : {}) })
          }
        >
          👍 Yes
        </button>
        <button
          type="button"
          className={mine?.rating === 'down' ? 'selected' : 'secondary'}
          aria-pressed={mine?.rating === 'down'}
          onClick={() =>
            rate.mutate({ workspaceId, turnId, rating: 'down', ...(comment ? { comment } : {}) })
          }
        >
          👎 No
        </button>
        <label className="inline">
          <span className="visually-hidden">What was right or wrong?</span>
          <input
            placeholder="What was right or wrong? (optional)"
            value={comment}
            onChange={(e) => setComment(e.target.value)}
            maxLength={2000}
          />
        </label>
      </div>
      {mine ? (
        <p role="status" className="muted">
          Thanks: you rated this {mine.rating === 'up' ? 'useful' : 'not useful'}
          {mine.comment ? ` (“${mine.comment}”)` : ''}.
        </p>
      ) : null}
      <FormError message={rate.error ? errorMessage(rate.error) : null} />
      {turn.data && turn.data.comments.length > 0 ? (
        <ul className="comments" aria-label="Comments">
          {turn.data.comments.map((c) => (
            <li key={c.id}>
              <strong>{c.authorName ?? 'Someone'}</strong>{' '}
              <time dateTime={c.createdAt.toISOString()}>{c.createdAt.toLocaleString()}</time>:{' '}
              {c.body}
            </li>
          ))}
        </ul>
      ) : null}
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          post.mutate({ workspaceId, turnId, body: note });
        }}
      >
        <label className="inline">
          <span className="visually-hidden">Comment for your team</span>
          <input
            placeholder="Add a comment for your team"
            value={note}
            onChange={(e) => setNote(e.target.value)}
          />
        </label>
        <button type="submit" className="secondary" disabled={post.isPending || !note.trim()}>
          Comment
        </button>
      </form>
      <FormError message={post.error ? errorMessage(post.error) : null} />
    </section>
  );
}
