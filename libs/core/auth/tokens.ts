import { hash, randomBytes } from 'node:crypto';

export const newSecret = (prefix: string) => `${prefix}_${randomBytes(32).toString('base64url')}`;
// Hashed on every request: the one-shot form skips building a Hash object.
export const hashSecret = (secret: string) => hash('sha256', secret, 'buffer');

/** A readable password for a new account, shown to the operator once. */
export const generatePassword = () => randomBytes(12).toString('base64url');
