export {
  startFakeGoogle,
  type FakeGoogle,
  type FakeGoogleUser,
} from './oauth/testing/fake-google.js';
export {
  startFakeGitHub,
  type FakeGitHub,
  type FakeGitHubUser,
  type FakeGitHubEmail,
} from './oauth/testing/fake-github.js';
export { followAuthorization } from './oauth/testing/follow-authorization.js';
export type { RecordedAuthorization } from './oauth/testing/authorization-codes.js';
