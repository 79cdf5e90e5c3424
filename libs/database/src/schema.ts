import { ApiTokenEntity } from './entities/api-token.entity';
import { EventLogEntity } from './entities/event-log.entity';
import { HubMetaEntity } from './entities/hub-meta.entity';
import { LoginAuditEntity } from './entities/login-audit.entity';
import { RuntimeHookEntity } from './entities/runtime-hook.entity';
import { SessionEntity } from './entities/session.entity';
import { UserEntity } from './entities/user.entity';
import { VariableEntity } from './entities/variable.entity';
import { InitialSchema1763750000000 } from './migrations/1763750000000-initial-schema';

/** Every entity the hub stores. Add new tables here and a migration below (never `synchronize`). */
export const ENTITIES = [
  UserEntity,
  SessionEntity,
  ApiTokenEntity,
  LoginAuditEntity,
  VariableEntity,
  EventLogEntity,
  RuntimeHookEntity,
  HubMetaEntity,
];

/** In order; each runs once, recorded in the `migrations` table. */
export const MIGRATIONS = [InitialSchema1763750000000];
