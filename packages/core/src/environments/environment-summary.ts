import { text } from '@vibemonitor/contracts';
import { z } from 'zod';

export const ENVIRONMENT_NAME_MAX = 64;
/** Keeps one environment's repository list (and the agent's code search) bounded. */
export const REPOSITORIES_PER_ENVIRONMENT_MAX = 50;

export interface RepositorySummary {
  id: string;
  /** `owner/name`, as GitHub spells it. */
  fullName: string;
  branch: string;
}

export interface EnvironmentSummary {
  id: string;
  name: string;
  isDefault: boolean;
  repositories: RepositorySummary[];
  createdAt: Date;
  updatedAt: Date;
}

/** True when `value` holds a control character (they make names unreadable in lists and logs). */
export function hasControlCharacters(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

/**
 * A zod transform that fails with `message` unless `valid(value)`. Used
 * instead of `.refine` on request fields: the tenant-isolation test samples
 * procedure inputs from their schemas and can see through a transform (it
 * samples the plain string before it), not through a refinement.
 */
export function mustSatisfy(valid: (value: string) => boolean, message: string) {
  return (value: string, ctx: z.RefinementCtx): string => {
    if (!valid(value)) {
      ctx.addIssue({ code: 'custom', message, input: value });
      return z.NEVER;
    }
    return value;
  };
}

export const environmentNameSchema = text({ message: 'Enter an environment name.' })
  .trim()
  .min(1, 'Enter an environment name.')
  .max(ENVIRONMENT_NAME_MAX, `Environment names are at most ${ENVIRONMENT_NAME_MAX} characters.`)
  .transform(
    mustSatisfy(
      (name) => !hasControlCharacters(name),
      'Environment names cannot contain control characters.',
    ),
  );

/*
 * GitHub's own rules: owners (users and organisations) are 1-39 alphanumerics
 * or single hyphens, not at either end; repository names are 1-100 of
 * [A-Za-z0-9._-] and never "." or "..".
 */
const GITHUB_OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/;
const GITHUB_REPO = /^[A-Za-z0-9._-]{1,100}$/;

export function isGitHubFullName(value: string): boolean {
  const [owner, repo, ...rest] = value.split('/');
  return (
    rest.length === 0 &&
    owner !== undefined &&
    repo !== undefined &&
    GITHUB_OWNER.test(owner) &&
    GITHUB_REPO.test(repo) &&
    repo !== '.' &&
    repo !== '..'
  );
}

export const repositoryFullNameSchema = text({ message: 'Enter the repository as owner/name.' })
  .trim()
  .transform(
    mustSatisfy(isGitHubFullName, 'Enter the repository as owner/name, e.g. acme/checkout-api.'),
  );

/**
 * Git's ref-name rules (git check-ref-format) that matter for a branch a
 * user types: no spaces, control characters, `~^:?*[\`, `..`, `@{` or `//`;
 * no leading or trailing `/` or `.`, no trailing `.lock`; at most 255 characters.
 */
export function isValidBranchName(value: string): boolean {
  if (value.length === 0 || value.length > 255) return false;
  if (hasControlCharacters(value) || /[\s~^:?*[\\]/.test(value)) return false;
  if (value.includes('..') || value.includes('@{') || value.includes('//')) return false;
  if (value === '@' || /^[/.]|[/.]$/.test(value) || value.endsWith('.lock')) return false;
  return !value.split('/').some((part) => part.startsWith('.') || part.endsWith('.lock'));
}

export const branchNameSchema = text({ message: 'Enter a branch name.' })
  .trim()
  .transform(
    mustSatisfy(isValidBranchName, 'Enter a valid git branch name, e.g. main or release/2024-06.'),
  );
