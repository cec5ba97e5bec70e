import type { HubModule } from '../context/hub-module';
import { PushEvaluator } from './evaluation/push-evaluator';
import { PushNotification } from './notification.entity';
import { PushEvaluation } from './push-evaluation.entity';
import { PushSequence } from './push-sequence.entity';
import { createPushLoaders } from './push.loaders';
import { PUSH_FIELDS } from './push.personal-fields';
import { PushResolver } from './push.resolver';
import { DISTRICT_NOTIFICATION_FIELDS } from './subscription/district-notification';
import { DistrictNotificationResolver } from './subscription/subscription.resolver';
import { PushService } from './push.service';
import { PushDelivery } from './webhook-delivery.entity';
import { PushWebhook } from './webhook.entity';
import { ArchivedNotification } from './retention/archived-notification.entity';

/**
 * The push to both districts (clause 4). Listed before the departments: their ingestion writes
 * the push's notifications in its own transactions.
 */
export const pushModule: HubModule<'push', 'push'> = {
  name: 'push',
  entities: [PushNotification, PushEvaluation, PushSequence, PushWebhook, PushDelivery, ArchivedNotification],
  resolvers: [PushResolver, DistrictNotificationResolver],
  personalFields: { ...PUSH_FIELDS, ...DISTRICT_NOTIFICATION_FIELDS },
  auditedRootFields: ['districtInbox', 'acknowledgeNotifications', 'recordNotificationOutcome', 'districtNotifications'],
  createServices: (env) => ({
    push: new PushService(env.dataSource, new PushEvaluator(env.parameters, env.loadersFor), env.parameters, env.settings.HUB_MAX_PAGE),
  }),
  createLoaders: ({ manager }) => ({ push: createPushLoaders(manager) }),
};
