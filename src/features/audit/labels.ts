/**
 * The audit log's vocabulary, client-safe: every action name the panel writes (the audit() calls,
 * and the action and route names the wrappers audit refusals under), grouped by family for the
 * filter. A name not listed here still shows in the log; it just cannot be picked as a filter.
 */

export const AUDIT_ACTION_GROUPS = {
  account: {
    label: 'Shop accounts',
    actions: {
      'account.create': 'Account added',
      'account.update': 'Account changed',
      'account.activate': 'Account activated',
      'account.deactivate': 'Account deactivated',
      'account.set_active': 'Account activation',
      'account.connect_start': 'Connection started',
      'account.connect': 'Account connected',
    },
  },
  refund: {
    label: 'Refunds',
    actions: {
      'refund.complete': 'Completed',
      'refund.reject': 'Rejected',
      'refund.partial_offer': 'Partial refund offered',
      'refund.complete.bulk': 'Completed (several)',
      'refund.reject.bulk': 'Rejected (several)',
      'refund.review_resolve': 'Review resolved',
      'refund.decide': 'Decision',
      'refund.decide_bulk': 'Decision (several)',
      'refund.export': 'Refunds exported',
    },
  },
  user: {
    label: 'Users',
    actions: {
      'user.create': 'User added',
      'user.change_role': 'Role changed',
      'user.deactivate': 'User deactivated',
      'user.reactivate': 'User reactivated',
      'user.reset_password': 'Password set',
      'user.bootstrap_admin': 'First admin created',
    },
  },
  auth: {
    label: 'Sign-in',
    actions: { 'auth.sign_in': 'Signed in', 'auth.sign_out': 'Signed out', 'auth.embed_launch': 'Launch link' },
  },
  view: { label: 'Saved views', actions: { 'view.save': 'View saved', 'view.delete': 'View deleted' } },
  sync: { label: 'Sync', actions: { 'sync.start': 'Sync started' } },
  settings: { label: 'Settings', actions: { 'settings.alerts_save': 'Alert settings saved', 'settings.alerts_test': 'Test alert sent' } },
  reconciliation: { label: 'Reconciliation', actions: { 'reconciliation.export': 'Reconciliation exported' } },
  audit: { label: 'Audit log', actions: { 'audit.export': 'Audit log exported' } },
  keys: { label: 'Encryption keys', actions: { 'keys.rotate': 'Keys rotated' } },
} as const;

type Groups = typeof AUDIT_ACTION_GROUPS;
type GroupName = keyof Groups;
export type AuditActionName = { [G in GroupName]: keyof Groups[G]['actions'] }[GroupName];

const GROUP_NAMES = Object.keys(AUDIT_ACTION_GROUPS) as GroupName[];

/** What the action filter takes: an action's name, or a family as `account.` (every account action). */
export const AUDIT_ACTION_FILTERS = [
  ...GROUP_NAMES.map((group) => `${group}.` as const),
  ...GROUP_NAMES.flatMap((group) => Object.keys(AUDIT_ACTION_GROUPS[group].actions) as AuditActionName[]),
];

const ACTION_LABELS: Record<string, string> = Object.fromEntries(GROUP_NAMES.flatMap((group) => Object.entries(AUDIT_ACTION_GROUPS[group].actions)));

/** "Account changed" for `account.update`; an unknown name as it was written. */
export function actionLabel(action: string): string {
  return ACTION_LABELS[action] ?? action;
}

export const AUDIT_OUTCOMES = ['ok', 'failed', 'denied'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];
export const OUTCOME_LABELS: Record<AuditOutcome, string> = { ok: 'Done', failed: 'Failed', denied: 'Refused' };

/** "Done" for `ok`; an outcome nobody labelled as written. */
export function outcomeLabel(outcome: string): string {
  return (OUTCOME_LABELS as Record<string, string | undefined>)[outcome] ?? outcome;
}

/** What an entry is about, as the audit() calls name it. */
export const TARGET_TYPE_LABELS: Record<string, string> = {
  refund: 'Refund',
  shop_account: 'Shop account',
  user: 'User',
  saved_view: 'Saved view',
  sync_run: 'Sync run',
};
