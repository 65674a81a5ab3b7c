import { z } from 'zod';

export const signInSchema = z.object({
  email: z.string().trim().toLowerCase().check(z.email('Enter your email address')).max(254),
  password: z.string().min(1, 'Enter your password').max(128),
  next: z.string().optional(),
});

/** Only same-site paths: `next=//evil.example` or `next=https://…` would be an open redirect. */
export function safeNextPath(next: string | undefined | null): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\') || next.startsWith('/login')) return '/refunds';
  return next;
}
