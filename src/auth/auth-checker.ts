import { GraphQLError } from 'graphql';
import type { AuthCheckerFn } from 'type-graphql';
import type { HubContext } from '../context/hub-context';
import { describeCaller } from './caller';

/**
 * Role checks for every operation marked `@Authorized(...)`, in one place. A role is `admin`,
 * `district`, `analyst`, `department` (any) or `department:<dept>` (that department only);
 * `@Authorized()` with no role admits any authenticated caller. Requests without a caller never
 * get this far (see the authentication plugin).
 */
export const authChecker: AuthCheckerFn<HubContext, string> = ({ context, info }, roles) => {
  const caller = context.caller;
  if (!caller) throw new GraphQLError('not authenticated', { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
  const held = caller.role === 'department' ? [caller.role, `department:${caller.dept}`] : [caller.role];
  if (roles.length === 0 || roles.some((r) => held.includes(r))) return true;
  throw new GraphQLError(`${info.fieldName} is not open to ${describeCaller(caller)} callers`, {
    extensions: { code: 'FORBIDDEN', field: info.fieldName },
  });
};
