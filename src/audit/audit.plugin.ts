import type { ApolloServerPlugin } from '@apollo/server';
import { Kind, type FragmentDefinitionNode, type SelectionSetNode } from 'graphql';
import type { Logger } from '../logger';
import type { HubContext } from '../context/hub-context';
import { ErrorCode } from '../common/errors';
import type { AuditService } from './audit.service';

function rootFields(selectionSet: SelectionSetNode, fragments: Record<string, FragmentDefinitionNode>): string[] {
  return selectionSet.selections.flatMap((s) => {
    if (s.kind === Kind.FIELD) return [s.name.value];
    if (s.kind === Kind.INLINE_FRAGMENT) return rootFields(s.selectionSet, fragments);
    const fragment = fragments[s.name.value];
    return fragment ? rootFields(fragment.selectionSet, fragments) : [];
  });
}

/**
 * Writes the audit entry of every operation on personal records before its answer leaves the hub.
 * If the entry cannot be written, the answer is withheld: no unrecorded read of personal data.
 * `personalRootFields` are the root fields that read or write personal records, as the modules
 * declare them: an operation using any of them is audited.
 */
export function auditPlugin(audit: AuditService, log: Logger, personalRootFields: ReadonlySet<string>): ApolloServerPlugin<HubContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, document, request, contextValue }) {
          if (!operation) return;
          const fragments = Object.fromEntries(
            document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]),
          );
          const trail = contextValue.audit;
          trail.fields = [...new Set(rootFields(operation.selectionSet, fragments))];
          trail.operation = request.operationName ?? operation.name?.value ?? 'anonymous';
          if (trail.fields.some((f) => personalRootFields.has(f))) trail.personal = true;
        },
        async willSendResponse({ response, contextValue }) {
          const trail = contextValue.audit;
          if (!trail.personal || trail.written || !contextValue.caller) return;
          try {
            await audit.commit(contextValue);
          } catch (error) {
            log.error({ err: error, requestId: contextValue.requestId }, 'audit entry could not be written: answer withheld');
            response.http.status = 503;
            response.body = {
              kind: 'single',
              singleResult: {
                errors: [
                  {
                    message: 'the audit log cannot be written, so no personal data is returned; try again later',
                    extensions: { code: ErrorCode.AUDIT_UNAVAILABLE, requestId: contextValue.requestId },
                  },
                ],
              },
            };
          }
        },
      };
    },
  };
}
