import type { MiddlewareFn } from 'type-graphql';
import type { HubContext } from '../server/context';
import { maskDeep, maskName } from './masking';

/** Fields that hold a person's name, as each department records it. */
const NAME_FIELDS = new Set(['Person.name', 'DisabilityCertificate.name', 'UnemploymentRegistration.name', 'InsuranceEnrollment.name']);

/**
 * Analysts receive every personal record masked: names to their surname, and every ID number —
 * in any field, certificate number, explanation or evidence — to district and last four.
 */
export const maskForAnalysts: MiddlewareFn<HubContext> = async ({ context, info }, next) => {
  // Every field passes here: callers who see data unmasked must pay nothing for it.
  if (!context.scope?.masked) return next();
  const result = await next();
  if (result == null) return result;
  if (typeof result === 'string' && NAME_FIELDS.has(`${info.parentType.name}.${info.fieldName}`)) return maskName(result);
  const text = typeof result === 'string' || (Array.isArray(result) && result.every((x) => typeof x === 'string'));
  return text || info.returnType.toString().startsWith('JSON') ? maskDeep(result) : result;
};
