import { z } from 'zod';
import { ROLES } from '@/lib/roles';

const password = z.string().min(12, 'Password must be at least 12 characters').max(128, 'Password must be at most 128 characters');

export const createUserSchema = z.object({
  email: z.string().trim().toLowerCase().check(z.email('Enter a valid email address')).max(254),
  name: z.string().trim().min(1, 'Enter a name').max(100),
  role: z.enum(ROLES, { error: 'Choose a role' }),
  password,
});

export const changeRoleSchema = z.object({ userId: z.string().min(1).max(64), role: z.enum(ROLES, { error: 'Choose a role' }) });
export const userIdSchema = z.object({ userId: z.string().min(1).max(64) });
export const resetPasswordSchema = z.object({ userId: z.string().min(1).max(64), password });
