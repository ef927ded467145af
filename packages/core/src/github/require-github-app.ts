import { AppError } from '@vibemonitor/contracts';
import type { GithubApp } from '@vibemonitor/integrations';
import { GITHUB_NOT_CONFIGURED } from './github-app-from-config.js';

/** The app, or PRECONDITION_FAILED saying which variables to set. */
export function requireGithubApp(github: GithubApp | null): GithubApp {
  if (!github) throw new AppError('PRECONDITION_FAILED', GITHUB_NOT_CONFIGURED);
  return github;
}
