import { z } from 'zod';
import { isTianjinDistrict } from '../identity/districts';

/**
 * Who is asking, from the verified token. Every request carries one; the auth checker and the
 * services' scoping read it, and nothing else decides what a caller may see.
 */
export const ROLES = ['admin', 'district', 'department', 'analyst'] as const;
export type Role = (typeof ROLES)[number];
export const DEPARTMENTS = ['human-resources', 'disability'] as const;
export type Department = (typeof DEPARTMENTS)[number];

const sub = z.string().min(1).max(128);

/** The claims a hub token carries beyond the registered ones, by role. */
export const callerClaims = z.discriminatedUnion('role', [
  z.object({ role: z.literal('admin'), sub }),
  z.object({
    role: z.literal('district'),
    sub,
    district: z.string().refine(isTianjinDistrict, 'a district token names a current Tianjin district code'),
  }),
  z.object({ role: z.literal('department'), sub, dept: z.enum(DEPARTMENTS) }),
  z.object({ role: z.literal('analyst'), sub }),
]);

export type Caller = z.infer<typeof callerClaims>;

export function describeCaller(caller: Caller): string {
  if (caller.role === 'district') return `district ${caller.district}`;
  if (caller.role === 'department') return `department ${caller.dept}`;
  return caller.role;
}
