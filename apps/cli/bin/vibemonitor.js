#!/usr/bin/env node
// The `vibemonitor` command: runs the TypeScript source through tsx.
import { register } from 'tsx/esm/api';

register();
const { run } = await import('../src/main.ts');
process.exitCode = await run(process.argv.slice(2));
