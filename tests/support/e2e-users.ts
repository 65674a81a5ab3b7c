/** Test-only users of the end-to-end suite (created by e2e-seed.ts on a throwaway database). */
export const E2E_USERS = {
  admin: { email: 'admin@e2e.test', password: 'admin-password-e2e-1' },
  operator: { email: 'operator@e2e.test', password: 'operator-password-e2e-1' },
  viewer: { email: 'viewer@e2e.test', password: 'viewer-password-e2e-1' },
} as const;

export type E2eRole = keyof typeof E2E_USERS;
