/** Column labels and widths shared by the grid and its loading skeleton (a plain module: the skeleton is a server component). */
export const SKELETON_COLUMNS: { id: string; label: string; width: string }[] = [
  { id: 'select', label: '', width: 'w-8' },
  { id: 'refundId', label: 'Marketplace Refund ID', width: 'w-40' },
  { id: 'orderId', label: 'Marketplace Order ID', width: 'w-40' },
  { id: 'account', label: 'Account ID', width: 'w-36' },
  { id: 'type', label: 'Type', width: 'w-24' },
  { id: 'status', label: 'Status', width: 'w-44' },
  { id: 'marketplaceStatus', label: 'Marketplace Status', width: 'w-40' },
  { id: 'reason', label: 'Reason', width: 'w-40' },
  { id: 'amount', label: 'Amount', width: 'w-24' },
  { id: 'respondBy', label: 'Respond by', width: 'w-28' },
  { id: 'createdAt', label: 'Created At', width: 'w-32' },
  { id: 'updatedAt', label: 'Updated At', width: 'w-32' },
  { id: 'refundData', label: 'Refund Data', width: 'w-16' },
  { id: 'actions', label: 'Actions', width: 'w-44' },
];
