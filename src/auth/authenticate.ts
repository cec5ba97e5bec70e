import { GraphQLError } from 'graphql';
import { TokenRejected, verifyToken, type TokenKeys, type TokenProblem, type VerifiedToken } from './tokens';

export function unauthenticated(problem: TokenProblem, message: string): GraphQLError {
  return new GraphQLError(`not authenticated: ${message}`, {
    extensions: { code: 'UNAUTHENTICATED', reason: problem, http: { status: 401, headers: new Map([['www-authenticate', 'Bearer']]) } },
  });
}

/**
 * The one place a request becomes a caller, for HTTP and WebSocket alike: no credentials → null
 * (the request may only introspect, and only in development); bad credentials → UNAUTHENTICATED.
 */
export async function authenticate(authorization: string | null | undefined, keys: TokenKeys): Promise<VerifiedToken | null> {
  if (authorization == null || authorization.trim() === '') return null;
  const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
  if (!match) throw unauthenticated('malformed', 'use the header "Authorization: Bearer <token>"');
  try {
    return await verifyToken(match[1], keys);
  } catch (error) {
    if (error instanceof TokenRejected) throw unauthenticated(error.problem, error.message);
    throw error;
  }
}
