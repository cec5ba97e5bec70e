import { z } from 'zod';
import { isValidLocalDate } from '../common/local-date';

/**
 * The shape of one parameter file (`parameters/<name>.json`). A policy number changes by adding a
 * dated value here, never by editing code.
 */
export const parameterStatuses = ['SOURCED', 'VERIFY', 'ASSUMPTION'] as const;
export type ParameterStatus = (typeof parameterStatuses)[number];

const localDate = z.string().refine(isValidLocalDate, 'must be a calendar date written YYYY-MM-DD');

const datedValue = z
  .object({
    effectiveFrom: localDate,
    value: z.number().finite().nonnegative(),
    status: z.enum(parameterStatuses),
    reference: z.string().min(1).optional(),
    note: z.string().min(1).optional(),
  })
  .strict()
  .refine((v) => v.status === 'SOURCED' || v.note !== undefined, {
    message: 'a VERIFY or ASSUMPTION value needs a note saying what is uncertain',
    path: ['note'],
  });

export const parameterFileSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'lower-case words joined by hyphens'),
    title: z.string().min(1),
    unit: z.string().min(1),
    reference: z.string().min(1),
    clause: z.string().min(1).optional(),
    values: z.array(datedValue).min(1),
  })
  .strict()
  .superRefine((file, ctx) => {
    const seen = new Set<string>();
    file.values.forEach((v, i) => {
      if (seen.has(v.effectiveFrom)) {
        ctx.addIssue({ code: 'custom', path: ['values', i, 'effectiveFrom'], message: `two values take effect on ${v.effectiveFrom}: they overlap` });
      }
      seen.add(v.effectiveFrom);
      const before = file.values[i - 1]?.effectiveFrom;
      if (before !== undefined && v.effectiveFrom < before) {
        ctx.addIssue({
          code: 'custom',
          path: ['values', i, 'effectiveFrom'],
          message: `${v.effectiveFrom} is listed after ${before}: list values in the order they take effect`,
        });
      }
    });
  });

export type ParameterFile = z.infer<typeof parameterFileSchema>;
