import { createBrowserRouter, Navigate } from 'react-router';
import { AppLayout, WorkspaceLayout } from './pages/layout.js';
import {
  ForgotPasswordPage,
  ResetPasswordPage,
  SignInPage,
  SignUpPage,
  VerifyEmailPage,
} from './pages/auth.js';
import { HomePage } from './pages/home.js';
import { InvestigationPage } from './pages/investigation.js';
import { HistoryPage } from './pages/history.js';
import { MembersPage, AcceptInvitationPage } from './pages/members.js';
import { EnvironmentsPage } from './pages/environments.js';
import { IntegrationsPage } from './pages/integrations.js';
import { LlmSettingsPage } from './pages/llm-settings.js';
import { NotFoundPage } from './pages/not-found.js';

/**
 * Paths are part of the contract with the server: emails link to
 * /verify-email, /reset-password and /invitations (with ?token=), and OAuth
 * sign-in returns to /sign-in with ?error= on failure.
 */
export const router = createBrowserRouter([
  { path: '/sign-in', element: <SignInPage /> },
  { path: '/sign-up', element: <SignUpPage /> },
  { path: '/forgot-password', element: <ForgotPasswordPage /> },
  { path: '/reset-password', element: <ResetPasswordPage /> },
  { path: '/verify-email', element: <VerifyEmailPage /> },
  {
    element: <AppLayout />,
    children: [
      { path: '/', element: <HomePage /> },
      { path: '/invitations', element: <AcceptInvitationPage /> },
      {
        path: '/w/:workspaceId',
        element: <WorkspaceLayout />,
        children: [
          { index: true, element: <Navigate to="chat" replace /> },
          { path: 'chat', element: <InvestigationPage /> },
          { path: 'chat/:sessionId', element: <InvestigationPage /> },
          { path: 'history', element: <HistoryPage /> },
          { path: 'members', element: <MembersPage /> },
          { path: 'environments', element: <EnvironmentsPage /> },
          { path: 'integrations', element: <IntegrationsPage /> },
          { path: 'llm', element: <LlmSettingsPage /> },
        ],
      },
    ],
  },
  { path: '*', element: <NotFoundPage /> },
]);
