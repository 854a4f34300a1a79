import { createHash, randomBytes } from 'node:crypto';

export const newSecret = (prefix: string) => `${prefix}_${randomBytes(32).toString('base64url')}`;
export const hashSecret = (secret: string) => createHash('sha256').update(secret).digest();

/** A readable password for a new account, shown to the operator once. */
export const generatePassword = () => randomBytes(12).toString('base64url');
