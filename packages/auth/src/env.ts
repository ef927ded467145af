import { z } from 'zod';
import { parseEncryptionKey } from './secrets/encryption-keys.js';

const optionalString = z
  .string()
  .trim()
  .optional()
  .transform((value) => (value === undefined || value.length === 0 ? undefined : value));

const authEnvSchema = z
  .object({
    ENCRYPTION_KEY: optionalString.superRefine((value, ctx) => {
      if (value === undefined) return;
      try {
        parseEncryptionKey(value);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
      }
    }),
    GOOGLE_CLIENT_ID: optionalString,
    GOOGLE_CLIENT_SECRET: optionalString,
    GITHUB_CLIENT_ID: optionalString,
    GITHUB_CLIENT_SECRET: optionalString,
  })
  .superRefine((env, ctx) => {
    // Half a credential pair is always a typo; say so instead of silently turning the provider off.
    for (const provider of ['GOOGLE', 'GITHUB'] as const) {
      const id = env[`${provider}_CLIENT_ID`];
      const secret = env[`${provider}_CLIENT_SECRET`];
      if ((id === undefined) !== (secret === undefined)) {
        const missing = id === undefined ? `${provider}_CLIENT_ID` : `${provider}_CLIENT_SECRET`;
        ctx.addIssue({
          code: 'custom',
          path: [missing],
          message: `${missing} is required when ${provider}_CLIENT_${id === undefined ? 'SECRET' : 'ID'} is set`,
        });
      }
    }
  });

export interface OAuthClientCredentials {
  clientId: string;
  clientSecret: string;
}

export interface AuthEnv {
  /** Raw ENCRYPTION_KEY (already validated); undefined means "generate one" (embedded mode). */
  encryptionKey: string | undefined;
  /** Present only when both the id and the secret are set; absent means sign-in with that provider is off. */
  google: OAuthClientCredentials | undefined;
  github: OAuthClientCredentials | undefined;
}

/**
 * Validates the auth package's environment. Throws one Error listing every
 * problem, each naming its variable (e.g. ENCRYPTION_KEY) and never its value.
 */
export function loadAuthEnv(env: Record<string, string | undefined> = process.env): AuthEnv {
  const result = authEnvSchema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const name = issue.path.join('.');
      return issue.message.startsWith(name) ? `- ${issue.message}` : `- ${name}: ${issue.message}`;
    });
    throw new Error(`Invalid auth configuration:\n${problems.join('\n')}`);
  }
  const parsed = result.data;
  const pair = (clientId?: string, clientSecret?: string) =>
    clientId && clientSecret ? { clientId, clientSecret } : undefined;
  return {
    encryptionKey: parsed.ENCRYPTION_KEY,
    google: pair(parsed.GOOGLE_CLIENT_ID, parsed.GOOGLE_CLIENT_SECRET),
    github: pair(parsed.GITHUB_CLIENT_ID, parsed.GITHUB_CLIENT_SECRET),
  };
}
