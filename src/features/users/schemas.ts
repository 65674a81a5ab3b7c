import { z } from 'zod';
import { ROLES } from '@/lib/roles';
import { passwordWeakness } from '@/server/auth/password-strength';

/** 12 to 128 characters, and hard to guess (src/server/auth/password-strength.ts). */
const password = z
  .string()
  .min(12, 'Password must be at least 12 characters')
  .max(128, 'Password must be at most 128 characters')
  .superRefine((value, ctx) => {
    const weakness = passwordWeakness(value);
    if (weakness) ctx.addIssue({ code: 'custom', message: weakness });
  });

export const createUserSchema = z
  .object({
    email: z.string().trim().toLowerCase().check(z.email('Enter a valid email address')).max(254),
    name: z.string().trim().min(1, 'Enter a name').max(100),
    role: z.enum(ROLES, { error: 'Choose a role' }),
    password,
  })
  .superRefine((value, ctx) => {
    // A password made of the user's own email or name is guessed first.
    const weakness = passwordWeakness(value.password, [value.email, value.name]);
    if (weakness && !passwordWeakness(value.password)) ctx.addIssue({ code: 'custom', path: ['password'], message: weakness });
  });

export const changeRoleSchema = z.object({ userId: z.string().min(1).max(64), role: z.enum(ROLES, { error: 'Choose a role' }) });
export const userIdSchema = z.object({ userId: z.string().min(1).max(64) });
export const resetPasswordSchema = z.object({ userId: z.string().min(1).max(64), password });
