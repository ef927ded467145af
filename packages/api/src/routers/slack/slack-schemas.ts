import { z } from 'zod';

/** A Slack channel, DM or group id (C…, G…, D…). */
export const slackChannelIdField = z
  .string({ message: 'channelId is required' })
  .regex(/^[CGD][A-Z0-9]{2,30}$/, 'channelId must be a Slack channel id such as C0123ABCD');
