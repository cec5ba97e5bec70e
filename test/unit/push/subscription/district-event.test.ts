import { AccessScope } from '../../../../src/auth/access-scope';
import { AuditTrail } from '../../../../src/audit/audit-trail';
import { decodeCursor } from '../../../../src/common/connection';
import type { HubContext } from '../../../../src/context/hub-context';
import type { PushNotification } from '../../../../src/push/notification.entity';
import { eventFor } from '../../../../src/push/subscription/subscription.service';

const HEPING = { sub: 'officer', role: 'district', district: '120101' } as const;
const PERSON = '120101196808080011';

function contextWith(subscription: HubContext['subscription']): HubContext {
  return { requestId: 'r', caller: HEPING, scope: new AccessScope(HEPING), purpose: null, audit: new AuditTrail(), subscription } as unknown as HubContext;
}

const notification = { sequence: 42, districtCode: '120101', idNumber: PERSON } as PushNotification;

describe('the event a subscription execution answers', () => {
  test('is the notification in the context, with its cursor; the person it names is read (audited)', () => {
    const ctx = contextWith({ admission: false, event: notification });
    const event = eventFor(ctx, '120101');
    expect(event.notification).toBe(notification);
    expect(Number(decodeCursor(event.cursor))).toBe(42);
    expect(ctx.audit.persons.get(PERSON)).toBe('read');
  });

  test("never another district's notification, even if one reached the stream", () => {
    const ctx = contextWith({ admission: false, event: { ...notification, districtCode: '120116' } });
    expect(() => eventFor(ctx, '120101')).toThrow(/120116/);
    expect(ctx.audit.persons.size).toBe(0);
  });

  test('there is none outside a subscription event (over HTTP, or in the admission pass)', () => {
    expect(() => eventFor(contextWith(undefined), '120101')).toThrow(/WebSocket/);
    expect(() => eventFor(contextWith({ admission: true }), '120101')).toThrow(/WebSocket/);
  });
});
