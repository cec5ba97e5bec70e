import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify, SignJWT, errors, type JSONWebKeySet, type JWTVerifyGetKey } from 'jose';
import { SettingsError, type Settings } from '../config';
import { PROJECT_ROOT } from '../common/paths';
import { callerClaims, type Caller } from './caller';

/** Why a token was refused; the reason is returned to the caller, the details only logged. */
export type TokenProblem = 'missing' | 'malformed' | 'algorithm' | 'signature' | 'expired' | 'not-yet-valid' | 'claims' | 'lifetime';

export class TokenRejected extends Error {
  constructor(
    readonly problem: TokenProblem,
    message: string,
  ) {
    super(message);
  }
}

const ASYMMETRIC = ['RS256', 'PS256', 'ES256', 'EdDSA'];

export interface TokenKeys {
  /**
   * HS256 secret: HUB_JWT_SECRET; without it, in development the one kept in data/dev-secret, and
   * in tests a random one that lives as long as the process.
   */
  secret: Uint8Array | null;
  ephemeral: boolean;
  /** The file the secret was read from, when it is the development one. */
  secretFile: string | null;
  jwks: JWTVerifyGetKey | null;
  issuer: string;
  audience: string;
  /** The longest lifetime a token may have, in seconds: a stolen token is good for at most this long. */
  maxLifetime: number;
}

/** A verified caller and when their token stops being accepted (seconds since 1970). */
export interface VerifiedToken {
  caller: Caller;
  expiresAt: number;
}

/** Where a development hub without HUB_JWT_SECRET keeps its secret, so that restarts and `hub token` share it. */
export const DEVELOPMENT_SECRET_FILE = path.join(PROJECT_ROOT, 'data', 'dev-secret');

export function tokenKeys(settings: Settings): TokenKeys {
  const jwks = settings.HUB_JWKS_FILE ? createLocalJWKSet(JSON.parse(readFileSync(settings.HUB_JWKS_FILE, 'utf8')) as JSONWebKeySet) : null;
  const configured = settings.HUB_JWT_SECRET ? new TextEncoder().encode(settings.HUB_JWT_SECRET) : null;
  const unset = !configured && !jwks;
  // Never in production: a secret its operators did not choose, in a file, would sign real tokens.
  const secretFile = unset && settings.NODE_ENV === 'development' ? DEVELOPMENT_SECRET_FILE : null;
  const ephemeral = unset && settings.NODE_ENV === 'test';
  return {
    secret: configured ?? (secretFile ? developmentSecret(secretFile) : ephemeral ? randomBytes(32) : null),
    ephemeral,
    secretFile,
    jwks,
    issuer: settings.HUB_JWT_ISSUER,
    audience: settings.HUB_JWT_AUDIENCE,
    maxLifetime: settings.HUB_MAX_TOKEN_TTL,
  };
}

/**
 * The development secret in `file`, created (mode 0600) on first use. It is written aside and
 * linked into place, so a hub and a `hub token` starting together agree on one secret and never
 * read a half-written file.
 */
export function developmentSecret(file: string): Uint8Array {
  try {
    return readDevelopmentSecret(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(path.dirname(file), { recursive: true });
  const draft = `${file}.${process.pid}.draft`;
  rmSync(draft, { force: true });
  writeFileSync(draft, `${randomBytes(32).toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
  try {
    linkSync(draft, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    rmSync(draft, { force: true });
  }
  return readDevelopmentSecret(file);
}

function readDevelopmentSecret(file: string): Uint8Array {
  const relative = path.relative(process.cwd(), file);
  const shown = relative && !relative.startsWith('..') ? relative : file;
  if (process.platform !== 'win32' && statSync(file).mode & 0o077) {
    throw new SettingsError(`${shown} can be read by other users: run chmod 600 ${shown}, or delete it to get a new secret`);
  }
  const secret = readFileSync(file, 'utf8').trim();
  if (secret.length < 32) throw new SettingsError(`${shown} holds fewer than 32 characters: delete it to get a new secret`);
  return new TextEncoder().encode(secret);
}

function problemOf(error: unknown): TokenRejected {
  if (error instanceof TokenRejected) return error;
  if (error instanceof errors.JWTExpired) return new TokenRejected('expired', 'the token has expired');
  if (error instanceof errors.JWTClaimValidationFailed) {
    return error.claim === 'nbf'
      ? new TokenRejected('not-yet-valid', 'the token is not valid yet')
      : new TokenRejected('claims', `the token's ${error.claim} claim is not accepted`);
  }
  if (error instanceof errors.JOSEAlgNotAllowed) return new TokenRejected('algorithm', 'the token is signed with an algorithm the hub does not accept');
  if (error instanceof errors.JWSSignatureVerificationFailed || error instanceof errors.JWKSNoMatchingKey) {
    return new TokenRejected('signature', 'the token\'s signature does not verify');
  }
  return new TokenRejected('malformed', 'the token is not a well-formed JWT');
}

/**
 * Verifies a bearer token: signature (HS256 with the secret, or the JWKS keys), expiry, not-before,
 * issuer and audience, then the hub's own claims. Unsigned tokens (`alg: none`) and any algorithm
 * outside the list are refused before a key is looked at.
 */
export async function verifyToken(token: string, keys: TokenKeys): Promise<VerifiedToken> {
  try {
    const { alg } = decodeProtectedHeader(token);
    const options = { issuer: keys.issuer, audience: keys.audience, requiredClaims: ['exp', 'sub'] };
    let payload;
    if (alg === 'HS256' && keys.secret) {
      ({ payload } = await jwtVerify(token, keys.secret, { ...options, algorithms: ['HS256'] }));
    } else if (alg && ASYMMETRIC.includes(alg) && keys.jwks) {
      ({ payload } = await jwtVerify(token, keys.jwks, { ...options, algorithms: ASYMMETRIC }));
    } else {
      throw new TokenRejected('algorithm', `tokens signed with ${String(alg)} are not accepted`);
    }
    const claims = callerClaims.safeParse(payload);
    if (!claims.success) throw new TokenRejected('claims', `the token's role claims are invalid: ${claims.error.issues[0].message}`);
    const expiresAt = payload.exp as number;
    // Measured from issue when the token says when it was issued, else from now: either way no
    // token outlives the configured lifetime.
    const from = typeof payload.iat === 'number' ? payload.iat : Math.floor(Date.now() / 1000);
    if (expiresAt - from > keys.maxLifetime || expiresAt - Date.now() / 1000 > keys.maxLifetime) {
      throw new TokenRejected('lifetime', `the token lives longer than the ${keys.maxLifetime} s the hub accepts; ask for a shorter-lived one`);
    }
    return { caller: claims.data, expiresAt };
  } catch (error) {
    throw problemOf(error);
  }
}

/** Signs an HS256 token for a caller (the `hub token` command, development start, tests). */
export async function issueToken(caller: Caller, keys: Pick<TokenKeys, 'secret' | 'issuer' | 'audience'>, ttlSeconds = 8 * 3600): Promise<string> {
  if (!keys.secret) throw new Error('issuing tokens needs HUB_JWT_SECRET');
  const { sub, ...claims } = caller;
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(sub)
    .setIssuer(keys.issuer)
    .setAudience(keys.audience)
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds)
    .sign(keys.secret);
}
