import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { integrations } from '@vibemonitor/db';
import { startRecordingListener, type RecordingListener } from '@vibemonitor/integrations/testing';
import { startTestStack, type TestStack } from './harness.js';
import { createSignedInUser, failure, type TestUser } from './users.js';

/*
 * Integration URLs are user input. With ALLOW_PRIVATE_INTEGRATION_URLS off
 * (the distributed-mode default), test and connect must refuse cloud
 * metadata and private addresses before sending anything: a listener on
 * loopback proves that not even a TCP connection is made.
 */

let stack: TestStack;
let owner: TestUser;
let listener: RecordingListener;

beforeAll(async () => {
  stack = await startTestStack({ worker: false, env: { ALLOW_PRIVATE_INTEGRATION_URLS: 'false' } });
  owner = await createSignedInUser(stack, { name: 'Owner' });
  listener = await startRecordingListener();
}, 60_000);

afterAll(async () => {
  await listener?.close();
  await stack?.close();
});

const metadataMessage =
  /^http:\/\/\S+ points at a link-local\/cloud metadata address \((169\.254\.169\.254|::ffff:a9fe:a9fe)\), which is never allowed\.$/;

describe('SSRF guard on integration URLs', () => {
  it('says private URLs are off', async () => {
    const { allowPrivateUrls } = await owner.client.integration.available.query({
      workspaceId: owner.personalWorkspaceId,
    });
    expect(allowPrivateUrls).toBe(false);
  });

  it.each([
    'http://169.254.169.254',
    'http://169.254.169.254:80/latest/meta-data/iam/security-credentials',
    // Other spellings of the same address.
    'http://2852039166',
    'http://0xa9.0xfe.0xa9.0xfe',
    'http://[::ffff:169.254.169.254]',
  ])('refuses test and connect against %s', async (url) => {
    const workspaceId = owner.personalWorkspaceId;
    const tested = await failure(
      owner.client.integration.test.mutate({ workspaceId, provider: 'prometheus', url }),
    );
    expect(tested.code).toBe('BAD_REQUEST');
    expect(tested.message).toMatch(metadataMessage);
    const connected = await failure(
      owner.client.integration.connect.mutate({
        workspaceId,
        provider: 'grafana',
        url,
        token: 'glsa_x',
      }),
    );
    expect(connected.code).toBe('BAD_REQUEST');
    expect(connected.message).toMatch(metadataMessage);
  });

  it('refuses a private address with the setting off and sends nothing to it', async () => {
    const workspaceId = owner.personalWorkspaceId;
    for (const host of ['127.0.0.1', 'localhost']) {
      const url = `http://${host}:${listener.port}`;
      const tested = await failure(
        owner.client.integration.test.mutate({ workspaceId, provider: 'loki', url }),
      );
      expect(tested.code).toBe('BAD_REQUEST');
      expect(tested.message).toMatch(
        /^http:\/\/.* points at a private network address \((127\.0\.0\.1|::1)\); set ALLOW_PRIVATE_INTEGRATION_URLS=true to allow it\.$/,
      );
      const connected = await failure(
        owner.client.integration.connect.mutate({
          workspaceId,
          provider: 'prometheus',
          url,
          auth: { type: 'bearer', token: 'secret-token' },
        }),
      );
      expect(connected.message).toContain('ALLOW_PRIVATE_INTEGRATION_URLS=true');
    }
    expect(listener.connections()).toBe(0);
  });

  it('refuses the other private ranges without connecting', async () => {
    const workspaceId = owner.personalWorkspaceId;
    for (const url of [
      'http://10.0.0.5:9090',
      'http://172.16.3.4',
      'http://192.168.1.20:3100',
      'http://[fd12::1]:9090',
    ]) {
      const error = await failure(
        owner.client.integration.test.mutate({ workspaceId, provider: 'prometheus', url }),
      );
      expect(error.message).toContain('private network address');
    }
  });

  it('saved nothing', async () => {
    expect(await stack.runtime.database.db.select().from(integrations)).toEqual([]);
  });
});
