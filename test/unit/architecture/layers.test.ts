import path from 'node:path';
import { PROJECT_ROOT } from '../../../src/common/paths';

/*
 * Layering that `npm run check:cycles` cannot see: a domain importing from the server makes no
 * cycle while nothing leads back, yet it ties the domain to the transport and invites one.
 */

/** The part of madge's API used here (madge ships no types of its own). */
type ImportGraph = { obj(): Record<string, string[]> };
const madge = require('madge') as (root: string, config: object) => Promise<ImportGraph>;

const DOMAINS = ['departments/', 'eligibility/', 'people/', 'policy/', 'audit/', 'auth/', 'ingestion/'];

/** Every module of src/ (relative to it) with the modules it imports. */
async function importsOfSrc(loadedAtRunTime: boolean): Promise<Record<string, string[]>> {
  const graph = await madge(path.join(PROJECT_ROOT, 'src'), {
    fileExtensions: ['ts'],
    detectiveOptions: { ts: { skipTypeImports: loadedAtRunTime } },
  });
  return graph.obj();
}

test('no domain imports anything from src/server/, not even a type', async () => {
  const graph = await importsOfSrc(false);
  const domainModules = Object.keys(graph).filter((m) => DOMAINS.some((d) => m.startsWith(d)));
  expect(domainModules.length).toBeGreaterThan(50);
  const upward = domainModules.flatMap((m) => graph[m].filter((d) => d.startsWith('server/')).map((d) => `${m} -> ${d}`));
  expect(upward).toEqual([]);
});

test('the request context and services types (src/context/) load no code at run time', async () => {
  const graph = await importsOfSrc(true);
  const contextModules = Object.keys(graph).filter((m) => m.startsWith('context/'));
  expect(contextModules).toEqual(expect.arrayContaining(['context/hub-context.ts', 'context/services.ts']));
  expect(Object.fromEntries(contextModules.map((m) => [m, graph[m]]))).toEqual(Object.fromEntries(contextModules.map((m) => [m, []])));
});
