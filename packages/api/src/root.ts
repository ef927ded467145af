import { router } from './trpc.js';
import { systemRouter } from './routers/system/router.js';
import { authRouter } from './routers/auth/router.js';
import { accountRouter } from './routers/account/router.js';
import { workspaceRouter } from './routers/workspace/router.js';
import { memberRouter } from './routers/member/router.js';
import { invitationRouter } from './routers/invitation/router.js';
import { environmentRouter } from './routers/environment/router.js';
import { githubRouter } from './routers/github/router.js';
import { serviceRouter } from './routers/service/router.js';
import { llmConfigRouter } from './routers/llm-config/router.js';
import { integrationRouter } from './routers/integration/router.js';
import { datasourceRouter } from './routers/datasource/router.js';
import { logsRouter } from './routers/logs/router.js';
import { metricsRouter } from './routers/metrics/router.js';
import { chatRouter } from './routers/chat/router.js';
import { notificationRouter } from './routers/notification/router.js';
import { slackRouter } from './routers/slack/router.js';
import { alertRouter } from './routers/alert/router.js';
import { webhookRouter } from './routers/webhook/router.js';
import { billingRouter } from './routers/billing/router.js';

export const appRouter = router({
  system: systemRouter,
  auth: authRouter,
  account: accountRouter,
  workspace: workspaceRouter,
  member: memberRouter,
  invitation: invitationRouter,
  environment: environmentRouter,
  github: githubRouter,
  service: serviceRouter,
  llmConfig: llmConfigRouter,
  integration: integrationRouter,
  datasource: datasourceRouter,
  logs: logsRouter,
  metrics: metricsRouter,
  chat: chatRouter,
  notification: notificationRouter,
  slack: slackRouter,
  alert: alertRouter,
  webhook: webhookRouter,
  billing: billingRouter,
});

export type AppRouter = typeof appRouter;
