/**
 * Who is asking. Every request carries one; access rules read it, and nothing else decides
 * what a caller may see.
 */
export type Role = 'admin' | 'district' | 'department' | 'analyst';

export interface Caller {
  sub: string;
  role: Role;
  /** For role `district`: the district code the officer serves. */
  district?: string;
  /** For role `department`: `human-resources` or `disability`. */
  dept?: string;
}

/**
 * The caller of a request in development until token authentication is in place. Code must read
 * the caller from the context, never assume this one.
 */
export const DEVELOPMENT_CALLER: Caller = Object.freeze({ sub: 'development', role: 'admin' });
