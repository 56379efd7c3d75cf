#!/usr/bin/env node
// The `pacesetter` command. TypeScript runs directly through tsx (no build step for the server).
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
