import { describe, expect, it } from 'vitest';
import { changeFromDelivery, pullNumberFromMessage } from './change-from-delivery.js';

const repository = { full_name: 'acme/pay', default_branch: 'trunk' };

describe('changeFromDelivery', () => {
  it('reads pushes only on the default branch', () => {
    const head = { id: 'abc', message: 'Tune retries (#7)\n\nbody', timestamp: '2026-01-01T00:00:00Z', author: { name: 'Carol' } };
    expect(changeFromDelivery('push', { ref: 'refs/heads/trunk', repository, head_commit: head })).toEqual({
      change: expect.objectContaining({ kind: 'push', sha: 'abc', version: 'trunk', author: 'Carol', title: 'Tune retries (#7)', prNumber: 7 }),
    });
    expect(changeFromDelivery('push', { ref: 'refs/heads/main', repository, head_commit: head })).toEqual({
      ignored: 'push to refs/heads/main, not the default branch trunk',
    });
    expect(changeFromDelivery('push', { ref: 'refs/heads/trunk', repository, deleted: true, head_commit: null })).toEqual({
      ignored: 'push without a head commit',
    });
  });

  it('keeps final deployment statuses and names failures', () => {
    const deployment = { sha: 'def', ref: 'v1', environment: 'prod', description: 'Roll out v1', creator: { login: 'dan' } };
    const read = changeFromDelivery('deployment_status', { repository, deployment, deployment_status: { state: 'failure', created_at: '2026-01-01T00:05:00Z' } });
    expect(read).toEqual({ change: expect.objectContaining({ kind: 'deployment_status', state: 'failure', environment: 'prod', title: 'Roll out v1', author: 'dan' }) });
    expect(changeFromDelivery('deployment_status', { repository, deployment, deployment_status: { state: 'queued' } })).toEqual({
      ignored: 'deployment status queued is not final',
    });
  });

  it('refuses payloads without a repository and events that are not changes', () => {
    expect(changeFromDelivery('deployment', { action: 'created' })).toEqual({ ignored: 'deployment: no repository in the payload' });
    expect(changeFromDelivery('issues', { action: 'opened', repository })).toEqual({ ignored: 'event issues is not a change' });
  });

  it('finds PR numbers in merge and squash commit messages only', () => {
    expect(pullNumberFromMessage('Merge pull request #12 from a/b')).toBe(12);
    expect(pullNumberFromMessage('Fix (#34)\n\nmore')).toBe(34);
    expect(pullNumberFromMessage('Mentions #56 in passing')).toBeNull();
  });
});
