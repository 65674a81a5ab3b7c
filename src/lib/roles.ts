/**
 * Roles of the panel. viewer: browse, open, export. operator: also sync and act on refunds.
 * admin: also manage users, shop accounts and read the audit log. Shared by server checks and the
 * UI (which only hides what the server refuses anyway).
 */
export const ROLES = ['viewer', 'operator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

const RANK: Record<Role, number> = { viewer: 1, operator: 2, admin: 3 };

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** Whether `role` is at least `needed`; anything unknown is no role at all. */
export function hasRole(role: string | null | undefined, needed: Role): boolean {
  return isRole(role) && RANK[role] >= RANK[needed];
}

export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  viewer: 'Browse, open and export refunds',
  operator: 'Also sync and mark refunds Completed or Rejected',
  admin: 'Also manage users and shop accounts, read the audit log',
};
