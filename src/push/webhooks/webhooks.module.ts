import type { HubModule } from '../../context/hub-module';
import { WebhookResolver } from './webhook.resolver';
import { WebhookService } from './webhook.service';
import { WEBHOOK_FIELDS } from './webhooks.personal-fields';

/**
 * District webhooks (clause 4, docs/push-webhooks.md): the administration API. Its tables are the
 * push module's (deliveries are queued in the outbox's transaction); the delivery worker is
 * started by the server (src/push/webhooks/delivery-worker.ts). Nothing here reads a person.
 */
export const webhooksModule: HubModule<'webhooks'> = {
  name: 'webhooks',
  resolvers: [WebhookResolver],
  personalFields: WEBHOOK_FIELDS,
  createServices: ({ dataSource, settings }) => ({ webhooks: new WebhookService(dataSource, settings.HUB_MAX_PAGE, settings.HUB_MAX_BATCH) }),
};
