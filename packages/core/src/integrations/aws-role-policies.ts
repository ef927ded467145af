/*
 * The two IAM documents a CloudWatch connection needs, as shown by
 * `integration.awsSetup` and kept as files in docs/aws/ (a test checks they agree).
 */

/** Read-only actions VibeMonitor calls; each is named in the error when it is missing. */
export const AWS_READ_ACTIONS = [
  'cloudwatch:GetMetricData',
  'cloudwatch:ListMetrics',
  'logs:DescribeLogGroups',
  'logs:StartQuery',
  'logs:GetQueryResults',
  'logs:StopQuery',
  'logs:FilterLogEvents',
  // Deploy evidence: ECS deployments (optional: without them investigations only lack the deploys).
  'ecs:ListClusters',
  'ecs:ListServices',
  'ecs:DescribeServices',
] as const;

export function awsPermissionsPolicy(): object {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'VibeMonitorReadTelemetry',
        Effect: 'Allow',
        Action: [...AWS_READ_ACTIONS],
        Resource: '*',
      },
    ],
  };
}

export const PRINCIPAL_PLACEHOLDER = 'arn:aws:iam::VIBEMONITOR_ACCOUNT_ID:root';

/** Lets VibeMonitor's principal assume the role only with this workspace's external id. */
export function awsTrustPolicy(principalArn: string | null, externalId: string): object {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { AWS: principalArn ?? PRINCIPAL_PLACEHOLDER },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'sts:ExternalId': externalId } },
      },
    ],
  };
}
