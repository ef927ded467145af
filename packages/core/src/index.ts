export { loadAppConfig, type AppConfig } from './config/app-config.js';
export { ConfigError, readEnv } from './config/config-error.js';
export { loadCoreEnv, type CoreEnv } from './config/env.js';
export { createLogger, redactedPaths, type Logger } from './logging/create-logger.js';
export { errorSerializers, serializeError } from './logging/serialize-error.js';
export { createRuntime, type Runtime } from './runtime/create-runtime.js';
export { runMain } from './lifecycle/run-main.js';
export { onShutdown } from './lifecycle/on-shutdown.js';
export { describeSystem } from './system/describe-system.js';
export type { EmailMessage, EmailTransport } from './email/email-transport.js';
export type { RateLimiter, RateLimitName } from './rate-limit/rate-limiter.js';
export { getMembership, type WorkspaceMembership } from './workspaces/get-membership.js';
export { createPersonalWorkspace } from './workspaces/create-personal-workspace.js';
export { createEmailTransport, mayLogEmailLinks } from './email/create-email-transport.js';
export { createOutboxTransport, readOutbox, outboxDir, type OutboxEntry } from './email/outbox-transport.js';
export { createPostmarkTransport, type PostmarkOptions } from './email/postmark-transport.js';
export { createRateLimiter, type RateLimiterHandle } from './rate-limit/create-rate-limiter.js';
export { rateLimitRules, type RateLimitRule } from './rate-limit/limits.js';
export { escapeHtml } from './email/templates/escape-html.js';
export {
  invitationLink,
  resetPasswordLink,
  verifyEmailLink,
} from './email/templates/email-links.js';
export type { RenderedEmail } from './email/templates/rendered-email.js';
export { renderInvitationEmail } from './email/templates/render-invitation-email.js';
export { renderPasswordResetEmail } from './email/templates/render-password-reset-email.js';
export { renderVerificationEmail } from './email/templates/render-verification-email.js';
export {
  recordEngagement,
  engagementKinds,
  type EngagementKind,
} from './engagement/record-engagement.js';
export { normalizeEmail } from './accounts/normalize-email.js';
export { accountUserColumns, findAccountUser, type AccountUser } from './accounts/account-user.js';
export { VERIFY_EMAIL_TTL_MS, RESET_PASSWORD_TTL_MS } from './accounts/token-lifetimes.js';
export { registerUser, SIGNUP_ANSWER_FLOOR_MS } from './accounts/register-user.js';
export { sendVerificationEmail } from './accounts/send-verification-email.js';
export { verifyEmail } from './accounts/verify-email.js';
export { resendVerification } from './accounts/resend-verification.js';
export { loginWithPassword, INCORRECT_CREDENTIALS } from './accounts/login-with-password.js';
export {
  requestPasswordReset,
  passwordResetJobId,
  PASSWORD_RESET_DEDUPE_WINDOW_MS,
} from './accounts/request-password-reset.js';
export { sendPasswordResetEmail } from './accounts/send-password-reset-email.js';
export { resetPassword } from './accounts/reset-password.js';
export { revokeAllSessions } from './accounts/revoke-all-sessions.js';
export {
  recordSecurityEvent,
  authSecurityEventKinds,
  type AuthSecurityEventKind,
} from './security/record-security-event.js';
export { signInWithOAuth, type OAuthSignInOutcome } from './accounts/sign-in-with-oauth.js';
export type { AccountDetails } from './accounts/account-details.js';
export { getAccount } from './accounts/get-account.js';
export { updateAccount } from './accounts/update-account.js';
export {
  previewAccountDeletion,
  BLOCKING_MEMBERS_SHOWN,
  type AccountDeletionPreview,
  type BlockingWorkspace,
  type DeletionWorkspace,
} from './accounts/preview-account-deletion.js';
export { deleteAccount } from './accounts/delete-account.js';
export type { WorkspaceDetails, WorkspaceSummary } from './workspaces/workspace-summary.js';
export { WORKSPACE_NAME_MAX } from './workspaces/workspace-summary.js';
export type { Page } from './workspaces/page-cursor.js';
export { lockWorkspace, countOwners, type LockedWorkspace } from './workspaces/lock-workspace.js';
export { createTeamWorkspace } from './workspaces/create-team-workspace.js';
export { listWorkspaces } from './workspaces/list-workspaces.js';
export { getWorkspace } from './workspaces/get-workspace.js';
export { updateWorkspace } from './workspaces/update-workspace.js';
export { deleteWorkspace } from './workspaces/delete-workspace.js';
export { leaveWorkspace } from './workspaces/leave-workspace.js';
export type { MemberSummary } from './members/member-summary.js';
export { listMembers } from './members/list-members.js';
export { updateMemberRole } from './members/update-member-role.js';
export { removeMember } from './members/remove-member.js';
export {
  INVITATION_TTL_MS,
  invitationStatus,
  type InvitationStatus,
  type InvitationSummary,
} from './invitations/invitation-summary.js';
export { createInvitation } from './invitations/create-invitation.js';
export { listWorkspaceInvitations } from './invitations/list-workspace-invitations.js';
export { revokeInvitation } from './invitations/revoke-invitation.js';
export { listMyInvitations, type MyInvitation } from './invitations/list-my-invitations.js';
export { acceptInvitation } from './invitations/accept-invitation.js';
export { declineInvitation } from './invitations/decline-invitation.js';
export type { InvitationRef, InvitationRecipient } from './invitations/claim-invitation.js';
export { getWorkspacePlan, type WorkspacePlan } from './plans/workspace-plan.js';
export {
  branchNameSchema,
  environmentNameSchema,
  ENVIRONMENT_NAME_MAX,
  hasControlCharacters,
  isGitHubFullName,
  mustSatisfy,
  isValidBranchName,
  repositoryFullNameSchema,
  REPOSITORIES_PER_ENVIRONMENT_MAX,
  type EnvironmentSummary,
  type RepositorySummary,
} from './environments/environment-summary.js';
export { listEnvironments } from './environments/list-environments.js';
export { createEnvironment } from './environments/create-environment.js';
export { updateEnvironment } from './environments/update-environment.js';
export { deleteEnvironment } from './environments/delete-environment.js';
export { setDefaultEnvironment } from './environments/set-default-environment.js';
export { addRepository } from './environments/add-repository.js';
export { removeRepository } from './environments/remove-repository.js';
export {
  listAvailableRepositories,
  type AvailableRepositories,
} from './environments/list-available-repositories.js';
export {
  labelMatcherSources,
  labelMatchersSchema,
  serviceAliasesSchema,
  serviceDescriptionSchema,
  serviceNameSchema,
  SERVICE_ALIASES_MAX,
  SERVICE_NAME_MAX,
  type LabelMatcherSource,
  type LabelMatchers,
} from './services/service-fields.js';
export type { ServiceSummary } from './services/service-summary.js';
export { listServices } from './services/list-services.js';
export { countServices, type ServiceCount } from './services/count-services.js';
export { createService, type ServiceInput } from './services/create-service.js';
export { updateService } from './services/update-service.js';
export { deleteService } from './services/delete-service.js';
export { llmProviderNames, llmProviders, type LlmProvider } from './llm-config/llm-providers.js';
export {
  DEFAULT_VERIFY_TIMEOUT_MS,
  llmSettingsFromConfig,
  type LlmSettings,
  type ServerDefaultLlm,
} from './llm-config/llm-settings.js';
export {
  createChatModel,
  defaultLlmBaseUrls,
  effectiveLlmBaseUrl,
  type ChatModelConfig,
} from './llm-config/create-chat-model.js';
export {
  describeLlmFailure,
  type LlmFailure,
  type LlmFailureReason,
} from './llm-config/describe-llm-failure.js';
export type { LlmConfigInput } from './llm-config/llm-config-input.js';
export {
  fallbackLlmView,
  getLlmConfig,
  type FallbackLlmView,
  type LlmConfigView,
  type WorkspaceLlmView,
} from './llm-config/llm-config-view.js';
export { putLlmConfig } from './llm-config/put-llm-config.js';
export { verifyLlmConfig, type LlmVerification } from './llm-config/verify-llm-config.js';
export { resetLlmConfig } from './llm-config/reset-llm-config.js';
export * from './chat/index.js';
export * from './usage/index.js';
export * from './integrations/index.js';
export * from './telemetry/index.js';
export * from './provider-sources/index.js';
export {
  resolveChatModelConfig,
  type ResolvedChatModelConfig,
} from './llm-config/resolve-chat-model-config.js';
export * from './investigation/index.js';
export { combineNotifiers, createBusNotifier, type Notifier } from './notifications/notifier.js';
export { consumeServerLlmAllowance } from './llm-config/consume-server-llm-allowance.js';
export type { GithubApp } from '@vibemonitor/integrations';
export { githubAppFromConfig, GITHUB_NOT_CONFIGURED } from './github/github-app-from-config.js';
export { createGithubInstallUrl, INSTALL_STATE_TTL_MS } from './github/create-install-url.js';
export { completeGithubInstall } from './github/complete-github-install.js';
export { getGithubStatus, type GithubStatus } from './github/get-github-status.js';
export { disconnectGithub } from './github/disconnect-github.js';
export { receiveGithubWebhook, deliveryJobId } from './github/receive-github-webhook.js';
export { processGithubDelivery } from './github/process-github-delivery.js';
export {
  changeFromDelivery,
  pullNumberFromMessage,
  type GithubChange,
} from './github/change-from-delivery.js';
export { listGithubChanges, type GithubChangeRecord } from './github/list-github-changes.js';
export { loadGithubCodeAccess } from './github/load-github-code-access.js';
export * from './slack/index.js';
export * from './alerts/index.js';
export * from './webhooks/index.js';
export * from './billing/index.js';
export {
  defaultPrivacySettings,
  getPrivacySettings,
  type PrivacySettings,
} from './privacy/get-privacy-settings.js';
export { updatePrivacySettings } from './privacy/update-privacy-settings.js';
