import { createServer } from 'node:net';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { llmConfigs } from '@vibemonitor/db';
import {
  FAKE_LLM_KEYS,
  startFakeLlmServer,
  type FakeLlmServer,
} from '@vibemonitor/core/testing/llm';
import { startLocalHttpServer } from '@vibemonitor/integrations/testing';
import { startTestStack, type TestStack } from './harness.js';
import { createSignedInUser, createTeam, failure, type TestUser } from './users.js';

let fake: FakeLlmServer;
let stack: TestStack;
let ada: TestUser;

const SERVER_GROQ_KEY = 'gsk_server_default_key_9999';

beforeAll(async () => {
  fake = await startFakeLlmServer();
  // Groq, OpenAI and Gemini go to the fake server through the operator's base
  // URL settings; Azure through the endpoint each workspace saves.
  stack = await startTestStack({
    worker: false,
    env: {
      GROQ_API_KEY: SERVER_GROQ_KEY,
      GROQ_LLM_MODEL: 'llama-3.1-8b-instant',
      GROQ_BASE_URL: fake.baseUrlFor('groq'),
      OPENAI_BASE_URL: fake.baseUrlFor('openai'),
      GEMINI_BASE_URL: fake.baseUrlFor('gemini'),
      ALLOW_PRIVATE_INTEGRATION_URLS: 'true',
    },
  });
  ada = await createSignedInUser(stack, { name: 'Ada' });
});
afterAll(async () => {
  await stack?.close();
  await fake?.close();
});
beforeEach(() => fake.reset());

const SERVER_DEFAULT = { provider: 'groq', model: 'llama-3.1-8b-instant' } as const;

type PutInput = Parameters<TestUser['client']['llmConfig']['put']['mutate']>[0];

function configFor(
  provider: 'groq' | 'openai' | 'azure_openai' | 'gemini',
  workspaceId: string,
  apiKey = FAKE_LLM_KEYS[provider],
): PutInput {
  switch (provider) {
    case 'groq':
      return { workspaceId, provider, model: 'llama-3.3-70b-versatile', apiKey };
    case 'openai':
      return { workspaceId, provider, model: 'gpt-4o-mini', apiKey };
    case 'gemini':
      return { workspaceId, provider, model: 'gemini-2.0-flash', apiKey };
    case 'azure_openai':
      return {
        workspaceId,
        provider,
        model: 'gpt-4o',
        apiKey,
        endpoint: fake.baseUrlFor('azure_openai'),
        deployment: 'incident-gpt',
        apiVersion: '2024-10-21',
      };
  }
}

const providerNames = {
  groq: 'Groq',
  openai: 'OpenAI',
  azure_openai: 'Azure OpenAI',
  gemini: 'Google Gemini',
} as const;
const providers = Object.keys(providerNames) as Array<keyof typeof providerNames>;

async function freshWorkspace(
  members: Array<{ user: TestUser; role?: 'user' | 'owner' }> = [],
): Promise<string> {
  return createTeam(stack, ada, members, 'LLM');
}

async function storedRow(workspaceId: string) {
  const [row] = await stack.runtime.database.db
    .select()
    .from(llmConfigs)
    .where(eq(llmConfigs.workspaceId, workspaceId));
  return row;
}

describe('llmConfig.get', () => {
  it('describes the server default (Groq from GROQ_API_KEY) when the workspace has none, without the key', async () => {
    const member = await createSignedInUser(stack);
    const workspaceId = await freshWorkspace([{ user: member }]);
    const view = await member.client.llmConfig.get.query({ workspaceId });
    expect(view).toEqual({
      source: 'server_default',
      ...SERVER_DEFAULT,
      serverDefault: SERVER_DEFAULT,
    });
    expect(JSON.stringify(view)).not.toContain(SERVER_GROQ_KEY);
  });

  it("says 'none' (the deterministic analyst) on a server without GROQ_API_KEY", async () => {
    const bare = await startTestStack({ worker: false });
    try {
      const grace = await createSignedInUser(bare);
      expect(
        await grace.client.llmConfig.get.query({ workspaceId: grace.personalWorkspaceId }),
      ).toEqual({
        source: 'none',
        serverDefault: null,
      });
      expect(
        await grace.client.llmConfig.reset.mutate({ workspaceId: grace.personalWorkspaceId }),
      ).toEqual({
        source: 'none',
        serverDefault: null,
      });
    } finally {
      await bare.close();
    }
  });
});

describe('llmConfig.put', () => {
  it.each(providers)(
    'saves a %s configuration with the key encrypted and only its last 4 shown',
    async (provider) => {
      const workspaceId = await freshWorkspace();
      const input = configFor(provider, workspaceId);
      const view = await ada.client.llmConfig.put.mutate(input);
      expect(view).toEqual({
        source: 'workspace',
        provider,
        model: input.model,
        apiKeyLast4: FAKE_LLM_KEYS[provider].slice(-4),
        verified: false,
        verifiedAt: null,
        endpoint: provider === 'azure_openai' ? fake.baseUrlFor('azure_openai') : null,
        deployment: provider === 'azure_openai' ? 'incident-gpt' : null,
        apiVersion: provider === 'azure_openai' ? '2024-10-21' : null,
        updatedAt: expect.any(Date),
        serverDefault: SERVER_DEFAULT,
      });
      expect(JSON.stringify(view)).not.toContain(FAKE_LLM_KEYS[provider]);
      expect(JSON.stringify(await ada.client.llmConfig.get.query({ workspaceId }))).not.toContain(
        FAKE_LLM_KEYS[provider],
      );
      const row = await storedRow(workspaceId);
      expect(row?.apiKeyEnc).toMatch(/^v1:/);
      expect(row?.apiKeyEnc).not.toContain(FAKE_LLM_KEYS[provider]);
      expect(stack.runtime.secrets.decryptSecret(row!.apiKeyEnc!)).toBe(FAKE_LLM_KEYS[provider]);
      // Saving sends nothing to the provider: verification is a separate, explicit step.
      expect(fake.requests).toEqual([]);
    },
  );

  it('keeps the saved key when it is left out for the same provider, and asks for it otherwise', async () => {
    const workspaceId = await freshWorkspace();
    await ada.client.llmConfig.put.mutate(configFor('openai', workspaceId));
    const before = await storedRow(workspaceId);
    const { apiKey: _unused, ...withoutKey } = configFor('openai', workspaceId);
    const switched = await ada.client.llmConfig.put.mutate({
      ...withoutKey,
      model: 'gpt-4.1',
    } as PutInput);
    expect(switched).toMatchObject({
      provider: 'openai',
      model: 'gpt-4.1',
      apiKeyLast4: FAKE_LLM_KEYS.openai.slice(-4),
    });
    expect((await storedRow(workspaceId))?.apiKeyEnc).toBe(before?.apiKeyEnc);

    const otherProvider = await failure(
      ada.client.llmConfig.put.mutate({
        workspaceId,
        provider: 'groq',
        model: 'llama-3.3-70b-versatile',
      }),
    );
    expect(otherProvider.code).toBe('BAD_REQUEST');
    expect(otherProvider.message).toBe('Enter the Groq API key.');

    await ada.client.llmConfig.put.mutate(configFor('azure_openai', workspaceId));
    const { apiKey: _azureKey, ...azureWithoutKey } = configFor(
      'azure_openai',
      workspaceId,
    ) as Extract<PutInput, { provider: 'azure_openai' }>;
    const moved = await failure(
      ada.client.llmConfig.put.mutate({ ...azureWithoutKey, endpoint: 'http://127.0.0.1:9' }),
    );
    expect(moved.message).toBe('Enter the Azure OpenAI API key again: the endpoint changed.');
    expect((await storedRow(workspaceId))?.endpoint).toBe(fake.baseUrlFor('azure_openai'));
  });

  it('validates each provider’s fields with clear messages', async () => {
    const workspaceId = await freshWorkspace();
    const unknown = await failure(
      ada.client.llmConfig.put.mutate({
        workspaceId,
        provider: 'anthropic',
        model: 'x',
        apiKey: 'sk-123456789',
      } as unknown as PutInput),
    );
    expect(unknown.code).toBe('BAD_REQUEST');
    expect(unknown.message).toContain('provider must be one of groq, openai, azure_openai, gemini');

    const azureMissing = await failure(
      ada.client.llmConfig.put.mutate({
        workspaceId,
        provider: 'azure_openai',
        model: 'gpt-4o',
        apiKey: 'azure-key-123456',
      } as unknown as PutInput),
    );
    expect(azureMissing.validation?.map((v) => v.path).sort()).toEqual([
      'apiVersion',
      'deployment',
      'endpoint',
    ]);

    const badDeployment = await failure(
      ada.client.llmConfig.put.mutate({
        ...(configFor('azure_openai', workspaceId) as object),
        deployment: '../../admin',
      } as PutInput),
    );
    expect(badDeployment.validation).toEqual([
      {
        path: 'deployment',
        message: 'Azure deployment names contain only letters, digits, ".", "_" and "-".',
      },
    ]);
    const badVersion = await failure(
      ada.client.llmConfig.put.mutate({
        ...(configFor('azure_openai', workspaceId) as object),
        apiVersion: 'latest',
      } as PutInput),
    );
    expect(badVersion.validation?.[0]?.path).toBe('apiVersion');
    const badEndpoint = await failure(
      ada.client.llmConfig.put.mutate({
        ...(configFor('azure_openai', workspaceId) as object),
        endpoint: 'ftp://acme',
      } as PutInput),
    );
    expect(badEndpoint.code).toBe('BAD_REQUEST');
    expect(badEndpoint.message).toMatch(/ftp URLs are not supported/);

    const shortKey = await failure(
      ada.client.llmConfig.put.mutate({
        workspaceId,
        provider: 'openai',
        model: 'gpt-4o',
        apiKey: 'abc',
      }),
    );
    expect(shortKey.validation).toEqual([
      { path: 'apiKey', message: 'That API key is too short to be real: paste the whole key.' },
    ]);
    const badModel = await failure(
      ada.client.llmConfig.put.mutate({
        workspaceId,
        provider: 'gemini',
        model: '../v1/files',
        apiKey: 'gemini-key-123',
      }),
    );
    expect(badModel.validation?.[0]?.path).toBe('model');
    expect(await storedRow(workspaceId)).toBeUndefined();
  });

  it('refuses an Azure endpoint on a cloud metadata address without sending anything', async () => {
    const workspaceId = await freshWorkspace();
    const error = await failure(
      ada.client.llmConfig.put.mutate({
        ...(configFor('azure_openai', workspaceId) as object),
        endpoint: 'http://169.254.169.254',
      } as PutInput),
    );
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toMatch(/169\.254\.169\.254/);
    expect(await storedRow(workspaceId)).toBeUndefined();
  });

  it('lets plain members read but not change the configuration', async () => {
    const member = await createSignedInUser(stack);
    const workspaceId = await freshWorkspace([{ user: member }]);
    await ada.client.llmConfig.put.mutate(configFor('gemini', workspaceId));
    expect(await member.client.llmConfig.get.query({ workspaceId })).toMatchObject({
      source: 'workspace',
      provider: 'gemini',
    });
    for (const call of [
      member.client.llmConfig.put.mutate(configFor('openai', workspaceId)),
      member.client.llmConfig.verify.mutate({ workspaceId }),
      member.client.llmConfig.reset.mutate({ workspaceId }),
    ]) {
      expect((await failure(call)).code).toBe('FORBIDDEN');
    }
    expect(fake.requests).toEqual([]);
  });
});

describe('llmConfig.verify', () => {
  it.each(providers)(
    'verifies a good %s key with a real call through its LangChain client',
    async (provider) => {
      const workspaceId = await freshWorkspace();
      await ada.client.llmConfig.put.mutate(configFor(provider, workspaceId));
      const result = await ada.client.llmConfig.verify.mutate({ workspaceId });
      expect(result).toEqual({
        verified: true,
        provider,
        model: configFor(provider, workspaceId).model,
        verifiedAt: expect.any(Date),
        latencyMs: expect.any(Number),
      });
      expect(fake.requests).toHaveLength(1);
      expect(fake.requests[0]).toMatchObject({
        provider,
        authorized: true,
        apiKey: FAKE_LLM_KEYS[provider],
      });
      if (provider === 'azure_openai') {
        expect(fake.requests[0]).toMatchObject({
          deployment: 'incident-gpt',
          apiVersion: '2024-10-21',
        });
      }
      const view = await ada.client.llmConfig.get.query({ workspaceId });
      expect(view).toMatchObject({
        source: 'workspace',
        verified: true,
        verifiedAt: result.verifiedAt,
      });
    },
  );

  it.each(providers)(
    'reports a bad %s key as rejected by the provider and leaves it unverified',
    async (provider) => {
      const workspaceId = await freshWorkspace();
      await ada.client.llmConfig.put.mutate(configFor(provider, workspaceId, 'wrong-key-00000000'));
      const error = await failure(ada.client.llmConfig.verify.mutate({ workspaceId }));
      expect(error.code).toBe('PRECONDITION_FAILED');
      expect(error.message).toMatch(
        new RegExp(`^The key was rejected by ${providerNames[provider]} \\(HTTP 40[01]\\)`),
      );
      expect(error.details).toMatchObject({ reason: 'key_rejected', provider });
      expect(error.message).not.toContain('wrong-key-00000000');
      expect(fake.requests).toHaveLength(1);
      expect(fake.requests[0]?.authorized).toBe(false);
      expect(await ada.client.llmConfig.get.query({ workspaceId })).toMatchObject({
        verified: false,
        verifiedAt: null,
      });
    },
  );

  it('clears the verified mark when the key stops working, and when the settings change', async () => {
    const workspaceId = await freshWorkspace();
    await ada.client.llmConfig.put.mutate(configFor('openai', workspaceId));
    await ada.client.llmConfig.verify.mutate({ workspaceId });
    fake.reply({ error: { status: 401, message: 'Incorrect API key provided' } });
    const revoked = await failure(ada.client.llmConfig.verify.mutate({ workspaceId }));
    expect(revoked.details).toMatchObject({ reason: 'key_rejected' });
    expect(await ada.client.llmConfig.get.query({ workspaceId })).toMatchObject({
      verified: false,
    });

    await ada.client.llmConfig.verify.mutate({ workspaceId });
    expect(await ada.client.llmConfig.get.query({ workspaceId })).toMatchObject({ verified: true });
    const { apiKey: _unused, ...withoutKey } = configFor('openai', workspaceId);
    await ada.client.llmConfig.put.mutate({ ...withoutKey, model: 'gpt-4.1-mini' } as PutInput);
    expect(await ada.client.llmConfig.get.query({ workspaceId })).toMatchObject({
      model: 'gpt-4.1-mini',
      verified: false,
    });
  });

  it('names an unknown model, and keeps the mark on a passing provider outage', async () => {
    const workspaceId = await freshWorkspace();
    await ada.client.llmConfig.put.mutate(configFor('groq', workspaceId));
    await ada.client.llmConfig.verify.mutate({ workspaceId });

    fake.reply({ error: { status: 503, message: 'Service overloaded' } });
    const outage = await failure(ada.client.llmConfig.verify.mutate({ workspaceId }));
    expect(outage.code).toBe('SERVICE_UNAVAILABLE');
    expect(outage.message).toBe('Groq answered with an error (HTTP 503): Service overloaded');
    expect(outage.details).toMatchObject({ reason: 'provider_error', status: 503 });
    expect(await ada.client.llmConfig.get.query({ workspaceId })).toMatchObject({ verified: true });

    fake.reply({
      error: { status: 404, message: 'The model `llama-3.3-70b-versatile` does not exist' },
    });
    const missing = await failure(ada.client.llmConfig.verify.mutate({ workspaceId }));
    expect(missing.code).toBe('PRECONDITION_FAILED');
    expect(missing.message).toBe(
      'Groq does not offer the model "llama-3.3-70b-versatile" to this key (HTTP 404): check the model name.',
    );
    expect(await ada.client.llmConfig.get.query({ workspaceId })).toMatchObject({
      verified: false,
    });
  });

  it('says clearly when the endpoint is unreachable', async () => {
    const workspaceId = await freshWorkspace();
    const port = await closedPort();
    await ada.client.llmConfig.put.mutate({
      ...(configFor('azure_openai', workspaceId) as object),
      endpoint: `http://127.0.0.1:${port}`,
    } as PutInput);
    const error = await failure(ada.client.llmConfig.verify.mutate({ workspaceId }));
    expect(error.code).toBe('SERVICE_UNAVAILABLE');
    expect(error.message).toBe(
      `Could not reach Azure OpenAI at 127.0.0.1:${port}: the connection was refused (nothing is listening there).`,
    );
    expect(error.details).toMatchObject({ reason: 'unreachable', provider: 'azure_openai' });
  });

  it('refuses an endpoint that redirects to a cloud metadata address, without following it', async () => {
    const redirector = await startLocalHttpServer((_req, res) => {
      res.writeHead(307, { location: 'http://169.254.169.254/latest/meta-data/iam/' }).end();
    });
    try {
      const workspaceId = await freshWorkspace();
      await ada.client.llmConfig.put.mutate({
        ...(configFor('azure_openai', workspaceId) as object),
        endpoint: redirector.url,
      } as PutInput);
      const error = await failure(ada.client.llmConfig.verify.mutate({ workspaceId }));
      expect(error.code).toBe('PRECONDITION_FAILED');
      expect(error.message).toBe(
        'The call to Azure OpenAI was refused: http://169.254.169.254 points at a link-local/cloud metadata address (169.254.169.254), which is never allowed.',
      );
      expect(error.details).toMatchObject({ reason: 'blocked_destination' });
      expect(redirector.requests).toHaveLength(1);
    } finally {
      await redirector.close();
    }
  });

  it('cuts the provider’s error text and strips anything credential-like from it', async () => {
    const workspaceId = await freshWorkspace();
    await ada.client.llmConfig.put.mutate(configFor('openai', workspaceId));
    fake.reply({
      error: {
        status: 500,
        message: `proxy failed; request headers: Authorization: Bearer ${FAKE_LLM_KEYS.openai} ${'detail '.repeat(200)}`,
      },
    });
    const error = await failure(ada.client.llmConfig.verify.mutate({ workspaceId }));
    expect(error.code).toBe('SERVICE_UNAVAILABLE');
    expect(error.message).toMatch(
      /^OpenAI answered with an error \(HTTP 500\): proxy failed; request headers: Authorization: \[redacted\] detail/,
    );
    expect(error.message).not.toContain(FAKE_LLM_KEYS.openai);
    expect(error.message.length).toBeLessThanOrEqual(350);
  });

  it('asks for a configuration first when there is none', async () => {
    const workspaceId = await freshWorkspace();
    const error = await failure(ada.client.llmConfig.verify.mutate({ workspaceId }));
    expect(error.code).toBe('PRECONDITION_FAILED');
    expect(error.message).toBe(
      'This workspace has no LLM of its own to verify: save one with llmConfig.put first.',
    );
    expect(fake.requests).toEqual([]);
  });
});

describe('llmConfig.reset', () => {
  it('deletes the workspace configuration and its key, going back to the server default', async () => {
    const workspaceId = await freshWorkspace();
    await ada.client.llmConfig.put.mutate(configFor('openai', workspaceId));
    expect(await ada.client.llmConfig.reset.mutate({ workspaceId })).toEqual({
      source: 'server_default',
      ...SERVER_DEFAULT,
      serverDefault: SERVER_DEFAULT,
    });
    expect(await storedRow(workspaceId)).toBeUndefined();
    expect(await ada.client.llmConfig.get.query({ workspaceId })).toMatchObject({
      source: 'server_default',
    });
    // Idempotent: resetting again gives the same answer.
    expect(await ada.client.llmConfig.reset.mutate({ workspaceId })).toMatchObject({
      source: 'server_default',
    });
  });

  it("touches only the caller's workspace", async () => {
    const mine = await freshWorkspace();
    const grace = await createSignedInUser(stack);
    await grace.client.llmConfig.put.mutate(configFor('gemini', grace.personalWorkspaceId));
    await ada.client.llmConfig.reset.mutate({ workspaceId: mine });
    expect(
      await grace.client.llmConfig.get.query({ workspaceId: grace.personalWorkspaceId }),
    ).toMatchObject({ source: 'workspace' });
  });
});

describe('private endpoints when ALLOW_PRIVATE_INTEGRATION_URLS is off', () => {
  it('refuses a loopback Azure endpoint before any request is made', async () => {
    const strict = await startTestStack({
      worker: false,
      env: { ALLOW_PRIVATE_INTEGRATION_URLS: 'false' },
    });
    try {
      const grace = await createSignedInUser(strict);
      const error = await failure(
        grace.client.llmConfig.put.mutate(configFor('azure_openai', grace.personalWorkspaceId)),
      );
      expect(error.code).toBe('BAD_REQUEST');
      expect(error.message).toMatch(
        /private network address \(127\.0\.0\.1\); set ALLOW_PRIVATE_INTEGRATION_URLS=true/,
      );
      expect(fake.requests).toEqual([]);
    } finally {
      await strict.close();
    }
  });
});

/** A loopback port with nothing listening (bound, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
