import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import {
  awsPermissionsPolicy,
  awsTrustPolicy,
  PRINCIPAL_PLACEHOLDER,
} from './aws-role-policies.js';

const docs = new URL('../../../../docs/aws/', import.meta.url);
const read = async (name: string) =>
  JSON.parse(await readFile(new URL(name, docs), 'utf8')) as unknown;

describe('the IAM documents in docs/aws', () => {
  it('are the ones integration.awsSetup gives (placeholders aside)', async () => {
    expect(await read('cloudwatch-permissions-policy.json')).toEqual(awsPermissionsPolicy());
    expect(await read('cloudwatch-trust-policy.json')).toEqual(
      awsTrustPolicy(null, 'YOUR_WORKSPACE_EXTERNAL_ID'),
    );
    expect(JSON.stringify(awsTrustPolicy(null, 'x'))).toContain(PRINCIPAL_PLACEHOLDER);
  });
});
