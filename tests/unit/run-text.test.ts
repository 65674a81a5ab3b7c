import { describe, expect, it } from 'vitest';
import { runOrigin } from '@/features/sync/run-text';

describe('runOrigin', () => {
  it('names the person who started a run, and a machine trigger once', () => {
    expect(runOrigin({ trigger: 'Manual', requestedBy: 'ana@shop.example' })).toBe('manual · ana@shop.example');
    expect(runOrigin({ trigger: 'Manual', requestedBy: 'ana@shop.example' }, ' by ')).toBe('manual by ana@shop.example');
    // `npm run sync` and the schedule record themselves as the requester: "cli · cli" said it twice.
    expect(runOrigin({ trigger: 'Cli', requestedBy: 'cli' })).toBe('cli');
    expect(runOrigin({ trigger: 'Schedule', requestedBy: 'scheduler' }, ' by ')).toBe('schedule');
    expect(runOrigin({ trigger: 'Manual', requestedBy: null })).toBe('manual');
  });
});
