import { AppError } from '@vibemonitor/contracts';
import { createGitHubProvider, type GitHubProviderConfig } from './github.js';
import { createGoogleProvider, type GoogleProviderConfig } from './google.js';
import { providerLabels, type OAuthProvider, type OAuthProviderName } from './oauth-provider.js';

export interface OAuthProviders {
  google: OAuthProvider | undefined;
  github: OAuthProvider | undefined;
  /** The configured provider, or NOT_FOUND naming the provider when it is switched off. */
  get(name: OAuthProviderName): OAuthProvider;
  /** Names of the configured providers, for the sign-in page. */
  enabled(): OAuthProviderName[];
}

/** Builds the providers that have credentials; a provider without config is simply off. */
export function createOAuthProviders(config: {
  google?: GoogleProviderConfig | undefined;
  github?: GitHubProviderConfig | undefined;
}): OAuthProviders {
  const providers = {
    google: config.google ? createGoogleProvider(config.google) : undefined,
    github: config.github ? createGitHubProvider(config.github) : undefined,
  };
  return {
    ...providers,
    get(name) {
      // Compare explicitly: `name` often comes from a URL, and providers['toString'] is not a provider.
      const provider =
        name === 'google' ? providers.google : name === 'github' ? providers.github : undefined;
      if (!provider) {
        const label = providerLabels[name] ?? 'this provider';
        throw new AppError('NOT_FOUND', `Sign-in with ${label} is not enabled on this server.`);
      }
      return provider;
    },
    enabled() {
      return (Object.keys(providers) as OAuthProviderName[]).filter(
        (name) => providers[name] !== undefined,
      );
    },
  };
}
