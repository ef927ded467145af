// The whole lint setup lives in tooling/eslint so its rules can be tested.
export { default } from '@vibemonitor/eslint-config';
