#!/usr/bin/env node
// `npm run pacesetter -- <command>` and `npm run demo`: the CLI without a global install.
import { register } from 'tsx/esm/api';

register();
await import('../apps/server/src/cli/main.ts');
