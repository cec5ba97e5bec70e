import { GraphQLError } from 'graphql';
import pino from 'pino';
import { errorMaskingPlugin } from '../../../src/server/error-masking.plugin';

/*
 * An unreachable database answers DATABASE_UNAVAILABLE (a caller retries), not an internal error
 * that production masks; any other driver error stays internal.
 */

async function codesAfter(errors: GraphQLError[]): Promise<unknown[]> {
  const plugin = errorMaskingPlugin(pino({ level: 'silent' }), true);
  const hooks = await plugin.requestDidStart!({} as never);
  await hooks!.didEncounterErrors!({ errors, contextValue: { requestId: 'r-1' } } as never);
  return errors.map((e) => e.extensions.code);
}

const driverError = (code: string) => Object.assign(new Error(`driver says ${code}`), { code });

test('connection errors, also wrapped, become DATABASE_UNAVAILABLE; other errors keep their code', async () => {
  const wrapped = Object.assign(new Error('query failed'), { cause: driverError('PROTOCOL_CONNECTION_LOST') });
  const codes = await codesAfter([
    new GraphQLError('x', { originalError: driverError('ECONNREFUSED') }),
    new GraphQLError('x', { originalError: wrapped }),
    new GraphQLError('x', { originalError: driverError('ER_DUP_ENTRY') }),
    new GraphQLError('x', { originalError: driverError('ECONNREFUSED'), extensions: { code: 'AUDIT_UNAVAILABLE' } }),
  ]);
  expect(codes).toEqual(['DATABASE_UNAVAILABLE', 'DATABASE_UNAVAILABLE', undefined, 'AUDIT_UNAVAILABLE']);
});
