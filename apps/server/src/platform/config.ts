/**
 * Configuration from the environment. Every setting has a documented default (docs/OPERATIONS.md);
 * a bad value stops start-up with a message that names the variable.
 */
import path from 'node:path';
import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const int = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));

const envSchema = z.object({
  PORT: int(1, 65535).default(3000),
  HOST: z.string().min(1).default('localhost'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  PACESETTER_DATA_DIR: z.string().min(1).default('./data/pglite'),
  PACESETTER_DB_POOL_SIZE: int(1, 200).default(10),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  PACESETTER_SESSION_TTL_HOURS: int(1, 24 * 365).default(24 * 14),
  PACESETTER_LOGIN_MAX_ATTEMPTS: int(1, 100).default(5),
  PACESETTER_LOCKOUT_MINUTES: int(1, 24 * 60).default(15),
  PACESETTER_LOGIN_RATE_LIMIT: int(1, 100_000).default(20),
  PACESETTER_TRUST_PROXY: bool.default(false),
  PACESETTER_SIGNUP: z.enum(['closed', 'open']).default('closed'),
  PACESETTER_WEB_DIST: z.string().optional(),
});

export interface Config {
  port: number;
  host: string;
  database: { kind: 'pglite'; dataDir: string } | { kind: 'postgres'; url: string; poolSize: number };
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  sessionTtlHours: number;
  loginMaxAttempts: number;
  lockoutMinutes: number;
  loginRateLimitPerMinute: number;
  trustProxy: boolean;
  signup: 'closed' | 'open';
  webDist: string;
}

export class ConfigError extends Error {}

const repoRoot = path.resolve(import.meta.dirname, '../../../..');

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // Empty variables count as unset, as a shell user who writes `PORT= npm start` expects.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => {
      const name = String(i.path[0]);
      return `  ${name}=${JSON.stringify(env[name] ?? '')}: ${i.message}`;
    });
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    database: e.DATABASE_URL
      ? { kind: 'postgres', url: e.DATABASE_URL, poolSize: e.PACESETTER_DB_POOL_SIZE }
      : { kind: 'pglite', dataDir: path.resolve(e.PACESETTER_DATA_DIR) },
    logLevel: e.LOG_LEVEL,
    sessionTtlHours: e.PACESETTER_SESSION_TTL_HOURS,
    loginMaxAttempts: e.PACESETTER_LOGIN_MAX_ATTEMPTS,
    lockoutMinutes: e.PACESETTER_LOCKOUT_MINUTES,
    loginRateLimitPerMinute: e.PACESETTER_LOGIN_RATE_LIMIT,
    trustProxy: e.PACESETTER_TRUST_PROXY,
    signup: e.PACESETTER_SIGNUP,
    webDist: path.resolve(e.PACESETTER_WEB_DIST ?? path.join(repoRoot, 'apps/web/dist')),
  };
}
