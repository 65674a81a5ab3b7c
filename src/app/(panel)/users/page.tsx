import type { Metadata } from 'next';
import { AdminTable } from '@/components/ui/admin-table';
import { PageHeader } from '@/components/ui/page-header';
import { CreateUserForm } from '@/features/users/components/create-user-form';
import { UserRowActions } from '@/features/users/components/user-row-actions';
import { listUsers } from '@/features/users/queries';
import { formatDateTime } from '@/lib/format';
import { isRole } from '@/lib/roles';
import { requirePageUser } from '@/server/auth/current-user';
import { env } from '@/server/config';

export const metadata: Metadata = { title: 'Users' };

export default async function UsersPage() {
  const me = await requirePageUser('admin');
  const users = await listUsers();
  const storeTimeZone = env.STORE_TIMEZONE;
  return (
    <main>
      <PageHeader title="Users" description="Who can use the panel, and what they may do." />
      <section className="mb-6 rounded-lg border border-slate-200 bg-white p-4">
        <h2 className="mb-3 text-sm font-semibold">Add a user</h2>
        <CreateUserForm />
      </section>
      <AdminTable label="Users" headers={['User', 'Role', 'Status', 'Last sign-in', 'Manage']}>
        {users.map((user) => (
          <tr key={user.id} data-user-email={user.email}>
            <td className="px-3 py-2">
              <div className="font-medium">{user.name}</div>
              <div className="text-xs text-slate-600">{user.email}</div>
            </td>
            <td className="px-3 py-2">{user.role}</td>
            <td className="px-3 py-2">{user.banned ? <span className="text-rose-700">Deactivated</span> : 'Active'}</td>
            <td className="px-3 py-2 whitespace-nowrap">{user.sessions[0] ? formatDateTime(user.sessions[0].createdAt, storeTimeZone) : 'Never'}</td>
            <td className="px-3 py-2">
              <UserRowActions
                userId={user.id}
                email={user.email}
                role={isRole(user.role) ? user.role : 'viewer'}
                active={!user.banned}
                isSelf={user.id === me.id}
              />
            </td>
          </tr>
        ))}
      </AdminTable>
    </main>
  );
}
