import { Kind, type DocumentNode, type SelectionNode, type ValueNode } from 'graphql';

/** Where an over-long string was found, and how long it is; never the string itself. */
export interface LongString {
  /** `$input.persons[3].name` for a variable, `person.idNumber` for an argument written in the operation. */
  path: string;
  length: number;
}

function inValue(value: unknown, path: string, max: number): LongString | null {
  if (typeof value === 'string') return value.length > max ? { path, length: value.length } : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = inValue(value[i], `${path}[${i}]`, max);
      if (found) return found;
    }
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const found = inValue(item, `${path}.${key}`, max);
      if (found) return found;
    }
  }
  return null;
}

function inLiteral(node: ValueNode, path: string, max: number): LongString | null {
  switch (node.kind) {
    case Kind.STRING:
      return node.value.length > max ? { path, length: node.value.length } : null;
    case Kind.LIST:
      for (let i = 0; i < node.values.length; i++) {
        const found = inLiteral(node.values[i], `${path}[${i}]`, max);
        if (found) return found;
      }
      return null;
    case Kind.OBJECT:
      for (const field of node.fields) {
        const found = inLiteral(field.value, `${path}.${field.name.value}`, max);
        if (found) return found;
      }
      return null;
    default:
      return null;
  }
}

/**
 * The first string longer than `max` characters among the request's variables (all of them,
 * used or not) and the arguments, directive arguments and variable defaults written in the
 * document; null when there is none.
 */
export function findLongString(document: DocumentNode, variables: Record<string, unknown> | undefined, max: number): LongString | null {
  for (const [name, value] of Object.entries(variables ?? {})) {
    const found = inValue(value, `$${name}`, max);
    if (found) return found;
  }
  let found: LongString | null = null;
  const fieldPath: string[] = [];
  const visit = (selections: readonly SelectionNode[]): void => {
    for (const selection of selections) {
      if (found) return;
      const owner = selection.kind === Kind.FIELD ? (selection.alias ?? selection.name).value : selection.kind === Kind.FRAGMENT_SPREAD ? `...${selection.name.value}` : '...';
      const here = [...fieldPath, owner].join('.');
      for (const directive of selection.directives ?? []) {
        for (const arg of directive.arguments ?? []) found ??= inLiteral(arg.value, `${here}@${directive.name.value}.${arg.name.value}`, max);
      }
      if (selection.kind === Kind.FIELD) {
        for (const arg of selection.arguments ?? []) found ??= inLiteral(arg.value, `${here}.${arg.name.value}`, max);
      }
      if (selection.kind !== Kind.FRAGMENT_SPREAD && selection.selectionSet) {
        fieldPath.push(owner);
        visit(selection.selectionSet.selections);
        fieldPath.pop();
      }
    }
  };
  for (const definition of document.definitions) {
    if (definition.kind === Kind.OPERATION_DEFINITION) {
      for (const variable of definition.variableDefinitions ?? []) {
        if (variable.defaultValue) found ??= inLiteral(variable.defaultValue, `$${variable.variable.name.value}`, max);
      }
      visit(definition.selectionSet.selections);
    } else if (definition.kind === Kind.FRAGMENT_DEFINITION) {
      fieldPath.push(`fragment ${definition.name.value}`);
      visit(definition.selectionSet.selections);
      fieldPath.pop();
    }
    if (found) return found;
  }
  return found;
}
