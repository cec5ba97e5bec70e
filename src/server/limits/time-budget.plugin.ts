import type { ApolloServerPlugin } from '@apollo/server';
import type { HubContext } from '../../context/hub-context';
import type { Logger } from '../../logger';
import { ErrorCode } from '../../common/errors';

/**
 * The request's deadline (HUB_REQUEST_TIME_MS, set where its statement tally is created) stops
 * its resolvers' statements. Once the answer is decided, the audit entry of whatever was read
 * must still be written, so the deadline is lifted as the response is sent. Register this plugin
 * before the audit plugin: Apollo starts the willSendResponse hooks in order, and the lifting
 * happens before this hook's first await, so before the audit plugin sends anything.
 */
export function timeBudgetPlugin(log: Logger, budgetMs: number): ApolloServerPlugin<HubContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, response }) {
          const stopped = contextValue.tally.deadline !== undefined && Date.now() > contextValue.tally.deadline;
          contextValue.tally.deadline = undefined;
          const errors = response.body.kind === 'single' ? response.body.singleResult.errors : undefined;
          if (stopped && errors?.some((e) => e.extensions?.code === ErrorCode.TIME_BUDGET_EXCEEDED)) {
            log.warn({ requestId: contextValue.requestId, budgetMs }, 'request stopped at its time budget');
          }
        },
      };
    },
  };
}
