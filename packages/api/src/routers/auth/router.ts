import { router } from '../../trpc.js';
import { forgotPassword } from './forgot-password.js';
import { me } from './get-me.js';
import { login } from './login-user.js';
import { logoutAll } from './logout-all-sessions.js';
import { logout } from './logout-session.js';
import { refresh } from './refresh-session.js';
import { register } from './register-user.js';
import { resendVerification } from './resend-verification.js';
import { resetPassword } from './reset-password.js';
import { verifyEmail } from './verify-email.js';

export const authRouter = router({
  register,
  verifyEmail,
  resendVerification,
  login,
  forgotPassword,
  resetPassword,
  refresh,
  me,
  logout,
  logoutAll,
});
