/*
 * Types only, so that every domain can describe itself without loading the server, and the
 * server can wire every domain from one list (src/server/modules.ts) without naming their parts.
 */
import type { DataSource, EntityManager } from 'typeorm';
import type { PersonalFields } from '../auth/privacy/personal-fields';
import type { Settings } from '../config';
import type { PersonFilterConditions } from '../people/people.conditions';
import type { ParameterStore } from '../policy/parameter-store';
import type { HubLoaders } from './hub-context';
import type { Services } from './services';

/** A type-graphql resolver class; resolvers are built once per schema and handed the services. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ResolverClass = new (services: Services) => any;

/** A TypeORM entity class (TypeORM itself types them as `Function`). */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export type EntityClass = Function;

/** What a module's services are built from, once per process. */
export interface ServiceEnvironment {
  dataSource: DataSource;
  settings: Pick<Settings, 'HUB_MAX_BATCH' | 'HUB_MAX_PAGE' | 'HUB_POLICY_DIR'>;
  /** The policy parameters, read and checked once at start. */
  parameters: ParameterStore;
  /** Every module's `persons` filter conditions together. */
  personFilters: PersonFilterConditions;
  /** Loaders reading through `manager` (a transaction's), as a request's are built: the push evaluates inside ingestion. */
  loadersFor(manager: EntityManager): HubLoaders;
  /** A service of a module listed earlier; throws, naming the order to fix, when it is not built yet. */
  service<K extends keyof Services>(name: K): Services[K];
}

/** What a module's loaders are built from, once per request. */
export interface LoaderEnvironment {
  /** Where the loaders read: the data source's manager, or a transaction's (the push evaluates inside ingestion). */
  manager: EntityManager;
  /** The loaders of a module listed earlier; throws, naming the order to fix, when they are not built yet. */
  loaders<K extends keyof HubLoaders>(name: K): HubLoaders[K];
}

/**
 * Everything the hub's wiring needs to know of one domain. `S` and `L` name the services and
 * loaders it provides, so that the list of modules can be checked to provide them all.
 */
export interface HubModule<S extends keyof Services = never, L extends keyof HubLoaders = never> {
  name: string;
  /** Its tables; a new entity gets a migration in the same commit. */
  entities?: readonly EntityClass[];
  resolvers?: readonly ResolverClass[];
  /** `Type.field` → kind for every field of the object types it owns (see PersonalKind). */
  personalFields?: PersonalFields;
  /** Root fields that read or write personal records: an operation using any of them is audited. */
  auditedRootFields?: readonly string[];
  /** The `persons` filter fields it answers, each narrowing the query by the data it owns. */
  personFilters?: PersonFilterConditions;
  createServices?(env: ServiceEnvironment): Pick<Services, S>;
  createLoaders?(env: LoaderEnvironment): Pick<HubLoaders, L>;
}

/** A module of any shape, as lists of modules hold them. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyHubModule = HubModule<any, any>;
