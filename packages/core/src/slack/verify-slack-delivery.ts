import { verifySlackSignature, type SlackVerification } from '@vibemonitor/integrations';
import type { SlackSettings } from './slack-settings.js';

/** Checks a delivery's signature and 5-minute timestamp window against the app's signing secret. */
export function verifySlackDelivery({
  settings,
  rawBody,
  timestamp,
  signature,
}: {
  settings: SlackSettings;
  rawBody: string;
  timestamp: string | undefined;
  signature: string | undefined;
}): SlackVerification {
  return verifySlackSignature({
    signingSecret: settings.signingSecret,
    rawBody,
    timestamp,
    signature,
  });
}
