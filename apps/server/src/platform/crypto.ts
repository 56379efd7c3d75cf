/** Passwords (argon2id) and random tokens. Only hashes of tokens are ever stored. */
import { createHash, randomBytes } from 'node:crypto';
import { type Algorithm, hash, verify } from '@node-rs/argon2';

/** Argon2id (the const enum value; the package's enum cannot be imported under verbatimModuleSyntax). */
const ARGON2ID = 2 as Algorithm;

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 256;

export function hashPassword(password: string): Promise<string> {
  return hash(password, { algorithm: ARGON2ID });
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** Spend the same time as a real check, so a missing account is not revealed by timing. */
let dummyHash: Promise<string> | undefined;
export async function burnPasswordCheck(password: string): Promise<void> {
  dummyHash ??= hashPassword('pacesetter-timing-equaliser');
  await verifyPassword(await dummyHash, password);
}

export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

const READABLE = 'abcdefghjkmnpqrstuvwxyz23456789';
/** A temporary password that can be read out or typed: `xxxx-xxxx-xxxx-xxxx`, ~78 bits. */
export function temporaryPassword(): string {
  const bytes = randomBytes(16);
  let out = '';
  for (let i = 0; i < 16; i++) {
    if (i > 0 && i % 4 === 0) out += '-';
    out += READABLE[(bytes[i] as number) % READABLE.length];
  }
  return out;
}
