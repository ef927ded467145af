// The EventSource-compatible turn stream, GET /api/turns/:turnId/events, through
// the real HTTP stack: the same events, ids and resume semantics as the typed
// chat.turns.stream subscription, auth and membership, and a consumer that
// stops reading being closed (resumably) instead of buffered without limit.
import { request, type IncomingMessage } from 'node:http';
import { EventSource } from 'eventsource';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TurnStreamItem } from '@vibemonitor/contracts';
import { appendTurnEvent } from '@vibemonitor/core';
import { startTestStack, type TestStack } from './harness.js';
import { streamTurn } from './chat-helpers.js';
import { createSignedInUser, createTeam, type TestUser } from './users.js';

let stack: TestStack;
let ada: TestUser;

beforeAll(async () => {
  // No worker: the tests write a turn's events themselves, as a worker would.
  stack = await startTestStack({ worker: false });
  ada = await createSignedInUser(stack, { name: 'Ada' });
}, 120_000);
afterAll(async () => {
  await stack?.close();
});

interface Frame {
  id?: string;
  event?: string;
  data: string;
}

/** Parses complete SSE frames out of `buffer`; returns them and the unparsed rest. */
function parseFrames(buffer: string): { frames: Frame[]; rest: string } {
  const frames: Frame[] = [];
  let rest = buffer;
  for (let end = rest.indexOf('\n\n'); end !== -1; end = rest.indexOf('\n\n')) {
    const block = rest.slice(0, end);
    rest = rest.slice(end + 2);
    const frame: Frame = { data: '' };
    let comment = true;
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) continue;
      comment = false;
      const colon = line.indexOf(':');
      const field = line.slice(0, colon);
      const value = line.slice(colon + 1).replace(/^ /, '');
      if (field === 'id') frame.id = value;
      else if (field === 'event') frame.event = value;
      else if (field === 'data') frame.data += value;
    }
    if (!comment) frames.push(frame);
  }
  return { frames, rest };
}

function eventsUrl(turnId: string, workspaceId: string, extra = ''): string {
  return `${stack.url}/api/turns/${turnId}/events?workspaceId=${workspaceId}${extra}`;
}

/** One request on its own connection (no pooled socket the server may have closed meanwhile). */
function get(url: string, headers: Record<string, string>): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers, agent: false }, resolve);
    req.on('error', reject);
    req.end();
  });
}

/** Reads the stream until the server ends it; returns every frame. */
async function readAll(url: string, headers: Record<string, string>): Promise<Frame[]> {
  const response = await get(url, headers);
  expect(response.statusCode).toBe(200);
  expect(response.headers['content-type']).toMatch(/^text\/event-stream/);
  // Close-delimited, not chunked: each event is one write of the shared frame.
  expect(response.headers['transfer-encoding']).toBeUndefined();
  response.setEncoding('utf8');
  let buffer = '';
  for await (const chunk of response) buffer += chunk as string;
  const { frames, rest } = parseFrames(buffer);
  expect(rest).toBe('');
  return frames;
}

/**
 * Reads a stream to its `end` as an EventSource does: when the server closes it
 * early (`stream_error`, e.g. a drain that timed out on a starved machine), it
 * reconnects with the last id it saw. Returns every frame of every connection.
 */
async function readToEnd(url: string, headers: Record<string, string>): Promise<Frame[]> {
  const all: Frame[] = [];
  for (let attempt = 0; attempt < 20; attempt++) {
    const lastId = [...all].reverse().find((f) => f.id !== undefined)?.id;
    const frames = await readAll(url, lastId ? { ...headers, 'last-event-id': lastId } : headers);
    all.push(...frames.filter((f) => f.event !== 'stream_error'));
    if (frames.some((f) => f.event === 'end')) return all;
    // Only a stream the server closed with a resumable error may end without `end`.
    expect(frames.some((f) => f.event === 'stream_error')).toBe(true);
  }
  throw new Error(`${url}: no end after 20 connections`);
}

const bearer = (user: TestUser) => ({ authorization: `Bearer ${user.token}` });
const itemsOf = (frames: Frame[]) =>
  frames.filter((f) => f.event === undefined).map((f) => JSON.parse(f.data) as TurnStreamItem);

async function openTurn(user: TestUser, message: string): Promise<string> {
  const { turnId } = await user.client.chat.send.mutate({
    workspaceId: user.personalWorkspaceId,
    message,
  });
  return turnId;
}

function append(user: TestUser, turnId: string, event: TurnStreamItem['event']) {
  return appendTurnEvent({
    db: stack.runtime.database.db,
    bus: stack.runtime.jobs.bus,
    workspaceId: user.personalWorkspaceId,
    turnId,
    event,
  });
}

/** Ends the turn as a user would (the terminal event and the turn's status are stored together). */
function cancel(user: TestUser, turnId: string, workspaceId = user.personalWorkspaceId) {
  return user.client.chat.turns.cancel.mutate({ workspaceId, turnId });
}

describe('GET /api/turns/:turnId/events', () => {
  it('carries the same ids and event JSON as chat.turns.stream, resumes after Last-Event-ID and ends with event: end', async () => {
    const workspaceId = ada.personalWorkspaceId;
    const turnId = await openTurn(ada, 'Why is checkout slow?');
    await append(ada, turnId, { type: 'attempt_started', attempt: 1 });
    await append(ada, turnId, { type: 'thinking', text: 'Reading the deploy log' });
    await cancel(ada, turnId);

    const typed = await streamTurn(ada.client, { workspaceId, turnId });
    const frames = await readAll(eventsUrl(turnId, workspaceId), bearer(ada));
    expect(frames.map((f) => f.id ?? f.event)).toEqual(['1', '2', '3', 'end']);
    expect(itemsOf(frames)).toEqual(typed.map((item) => item.data));
    expect(frames.filter((f) => f.id).map((f) => f.id)).toEqual(typed.map((item) => item.id));

    // Resume: the Last-Event-ID header (what EventSource sends) and the query parameter.
    const afterOne = await readAll(eventsUrl(turnId, workspaceId), {
      ...bearer(ada),
      'last-event-id': '1',
    });
    expect(afterOne.map((f) => f.id ?? f.event)).toEqual(['2', '3', 'end']);
    const afterTwo = await readAll(eventsUrl(turnId, workspaceId, '&lastEventId=2'), bearer(ada));
    expect(afterTwo.map((f) => f.id ?? f.event)).toEqual(['3', 'end']);
    const typedTail = await streamTurn(ada.client, { workspaceId, turnId, lastEventId: '3' });
    const restTail = await readAll(eventsUrl(turnId, workspaceId), {
      ...bearer(ada),
      'last-event-id': '3',
    });
    expect(typedTail).toEqual([]);
    expect(restTail.map((f) => f.event)).toEqual(['end']);
  });

  it('streams live events to EventSource clients exactly once, in order, with the same bytes for every stream', async () => {
    const workspaceId = ada.personalWorkspaceId;
    const turnId = await openTurn(ada, 'Is the API healthy?');
    const url = eventsUrl(turnId, workspaceId);
    const clients = 5;
    const received: Array<Array<{ id: string; data: string }>> = [];
    let opened = 0;
    let allOpen!: () => void;
    const open = new Promise<void>((resolve) => (allOpen = resolve));
    const ended = Array.from({ length: clients }, (_, index) => {
      const got: Array<{ id: string; data: string }> = [];
      received.push(got);
      const source = new EventSource(url, {
        fetch: (input, init) =>
          fetch(input, { ...init, headers: { ...init?.headers, ...bearer(ada) } }),
      });
      source.onopen = () => {
        if (++opened === clients) allOpen();
      };
      source.onmessage = (message) => got.push({ id: message.lastEventId, data: message.data });
      return new Promise<number>((resolve, reject) => {
        source.addEventListener('end', () => {
          source.close();
          resolve(index);
        });
        source.addEventListener('stream_error', (message) => reject(new Error(message.data)));
      });
    });
    await open;
    const events: Array<TurnStreamItem['event']> = [
      { type: 'attempt_started', attempt: 1 },
      ...Array.from({ length: 20 }, (_, i) => ({ type: 'thinking' as const, text: `step ${i}` })),
    ];
    for (const event of events) await append(ada, turnId, event);
    const cancelled = await cancel(ada, turnId);
    await Promise.all(ended);
    const expected = [...events, cancelled.event].map((event, i) => ({
      id: String(i + 1),
      data: JSON.stringify({ seq: i + 1, event }),
    }));
    expect(cancelled.seq).toBe(events.length + 1);
    for (const got of received) expect(got).toEqual(expected);
  });

  it('answers 401 without a session, 403 outside the workspace, 404 for an unknown turn, 400 for bad input; accepts the session cookie', async () => {
    const workspaceId = ada.personalWorkspaceId;
    const turnId = await openTurn(ada, 'Who can read this?');
    await cancel(ada, turnId);
    const status = async (url: string, headers: Record<string, string> = {}) => {
      const response = await get(url, headers);
      let body = '';
      for await (const chunk of response) body += String(chunk);
      return [response.statusCode, (JSON.parse(body) as { error: { code: string } }).error.code];
    };
    expect(await status(eventsUrl(turnId, workspaceId))).toEqual([401, 'UNAUTHORIZED']);
    expect(
      await status(eventsUrl(turnId, workspaceId), { authorization: 'Bearer not-a-token' }),
    ).toEqual([401, 'UNAUTHORIZED']);
    const eve = await createSignedInUser(stack, { name: 'Eve' });
    expect(await status(eventsUrl(turnId, workspaceId), bearer(eve))).toEqual([403, 'FORBIDDEN']);
    // Eve's own workspace with Ada's turn id: not found there (turns are read within the workspace).
    expect(await status(eventsUrl(turnId, eve.personalWorkspaceId), bearer(eve))).toEqual([
      404,
      'NOT_FOUND',
    ]);
    expect(await status(eventsUrl(crypto.randomUUID(), workspaceId), bearer(ada))).toEqual([
      404,
      'NOT_FOUND',
    ]);
    expect(await status(eventsUrl('nope', workspaceId), bearer(ada))).toEqual([
      400,
      'VALIDATION_FAILED',
    ]);
    expect(
      await status(eventsUrl(turnId, workspaceId), { ...bearer(ada), 'last-event-id': 'x' }),
    ).toEqual([400, 'VALIDATION_FAILED']);

    // A teammate (member of the team workspace) reads the team's turns; the cookie works like the bearer.
    const grace = await createSignedInUser(stack, { name: 'Grace' });
    const teamId = await createTeam(stack, ada, [{ user: grace }]);
    const { turnId: teamTurn } = await ada.client.chat.send.mutate({
      workspaceId: teamId,
      message: 'Team question',
    });
    await cancel(ada, teamTurn, teamId);
    const frames = await readAll(eventsUrl(teamTurn, teamId), {
      cookie: `vm_session=${grace.token}`,
    });
    expect(frames.map((f) => f.id ?? f.event)).toEqual(['1', 'end']);
  });

  it('closes a consumer that stops reading (bounded memory) and it resumes from its Last-Event-ID with nothing lost or repeated', async () => {
    const workspaceId = ada.personalWorkspaceId;
    const turnId = await openTurn(ada, 'A very chatty investigation');
    // Open REST streams in this server, from its metrics.
    const openRestStreams = async () => {
      const metrics = await (await get(`${stack.url}/metrics`, {})).toArray();
      const line = /vm_sse_active_streams\{path="GET \/api\/turns\/:turnId\/events"\} (\d+)/.exec(
        Buffer.concat(metrics as Buffer[]).toString(),
      );
      return Number(line?.[1] ?? 0);
    };
    const before = await openRestStreams();
    const url = new URL(eventsUrl(turnId, workspaceId));
    // The slow consumer: a raw HTTP request whose response is never read, so the
    // server's socket stops draining after the kernel buffers fill.
    const slow = await get(url.toString(), bearer(ada));
    expect(slow.statusCode).toBe(200);
    slow.pause();
    // The server cuts the connection: the chunked body never completes ('aborted').
    slow.on('error', () => undefined);
    const slowClosed = new Promise<void>((resolve) => slow.once('close', () => resolve()));

    // A healthy consumer on the same turn keeps receiving everything meanwhile (resuming, as an
    // EventSource would, if a starved test process ever let its drain time out).
    const fast = readToEnd(url.toString(), bearer(ada));
    // 16 KB events: enough of them to fill the loopback socket buffers (a few MB) and
    // then the stream's bounded queue (STREAM_BUFFER_LIMIT = 1,000 events).
    const padding = 'x'.repeat(16 * 1024);
    const total = 1_500;
    for (let i = 1; i < total; i++)
      await append(ada, turnId, { type: 'thinking', text: `${i} ${padding}` });
    await cancel(ada, turnId);

    const fastFrames = await fast;
    expect(itemsOf(fastFrames).map((item) => item.seq)).toEqual(
      Array.from({ length: total }, (_, i) => i + 1),
    );

    // The server drops the slow stream while its consumer is still not reading (drain
    // timeout or queue overflow): the open REST streams are back to where they were.
    const dropBy = Date.now() + 60_000;
    while ((await openRestStreams()) > before && Date.now() < dropBy)
      await new Promise((r) => setTimeout(r, 500));
    expect(await openRestStreams()).toBe(before);

    // Now read what the slow consumer was sent before the server closed it.
    const decoder = new TextDecoder();
    let buffer = '';
    slow.on('data', (chunk: Buffer) => (buffer += decoder.decode(chunk, { stream: true })));
    slow.resume();
    await slowClosed;
    const { frames } = parseFrames(buffer);
    const slowItems = itemsOf(frames);
    // Closed before the end: no `end` frame, and far fewer than all events.
    expect(frames.some((f) => f.event === 'end')).toBe(false);
    expect(slowItems.length).toBeLessThan(total);
    expect(slowItems.map((item) => item.seq)).toEqual(
      Array.from({ length: slowItems.length }, (_, i) => i + 1),
    );
    const lastId = String(slowItems.at(-1)?.seq ?? 0);
    const resumed = await readAll(url.toString(), { ...bearer(ada), 'last-event-id': lastId });
    expect([...slowItems, ...itemsOf(resumed)].map((item) => item.seq)).toEqual(
      Array.from({ length: total }, (_, i) => i + 1),
    );
    expect(resumed.at(-1)?.event).toBe('end');
  }, 180_000);
});
