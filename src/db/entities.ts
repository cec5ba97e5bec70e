import { HUB_MODULES } from '../server/modules';

/** Every table of the hub, as its modules declare them; a new entity gets a migration in the same commit. */
export const ENTITIES = HUB_MODULES.flatMap((m) => m.entities ?? []);
