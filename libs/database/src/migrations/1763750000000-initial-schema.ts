import {
  type MigrationInterface,
  type QueryRunner,
  Table,
  type TableColumnOptions,
  TableIndex,
} from 'typeorm';

// Written with TypeORM's schema builder rather than SQL so one migration serves SQLite and PostgreSQL.
const id = (name = 'id'): TableColumnOptions => ({
  name,
  type: 'integer',
  isPrimary: true,
  isGenerated: true,
  generationStrategy: 'increment',
});
const str = (name: string, length: number, extra: Partial<TableColumnOptions> = {}): TableColumnOptions => ({
  name,
  type: 'varchar',
  length: String(length),
  ...extra,
});
const time = (name: string, nullable = false): TableColumnOptions => ({
  name,
  type: 'bigint',
  isNullable: nullable,
});
const text = (name: string, nullable = false): TableColumnOptions => ({
  name,
  type: 'text',
  isNullable: nullable,
});

export class InitialSchema1763750000000 implements MigrationInterface {
  name = 'InitialSchema1763750000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'users',
        columns: [
          id(),
          str('username', 64, { isUnique: true }),
          str('password_hash', 100),
          { name: 'is_admin', type: 'boolean', default: false },
          time('created_at'),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'sessions',
        columns: [
          str('id', 36, { isPrimary: true }),
          str('token_hash', 64, { isUnique: true }),
          str('csrf_token', 64),
          { name: 'user_id', type: 'integer' },
          time('created_at'),
          time('expires_at'),
        ],
        foreignKeys: [
          {
            columnNames: ['user_id'],
            referencedTableName: 'users',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'api_tokens',
        columns: [
          str('id', 36, { isPrimary: true }),
          str('name', 128),
          { name: 'user_id', type: 'integer', isNullable: true },
          text('scopes', true),
          time('created_at'),
          time('expires_at', true),
          time('last_used_at', true),
          time('revoked_at', true),
        ],
        foreignKeys: [
          {
            columnNames: ['user_id'],
            referencedTableName: 'users',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'login_audit',
        columns: [
          id(),
          time('at'),
          str('username', 64),
          str('address', 64),
          str('method', 16),
          { name: 'success', type: 'boolean' },
          str('reason', 128, { isNullable: true }),
        ],
      }),
    );
    await q.createIndex('login_audit', new TableIndex({ name: 'idx_login_audit_at', columnNames: ['at'] }));
    await q.createTable(
      new Table({
        name: 'variables',
        columns: [str('name', 255, { isPrimary: true }), text('value'), time('updated_at')],
      }),
    );
    await q.createTable(
      new Table({
        name: 'event_log',
        columns: [
          { name: 'seq', type: 'bigint', isPrimary: true },
          str('id', 32),
          str('type', 128),
          time('at'),
          text('payload'),
        ],
      }),
    );
    await q.createIndex(
      'event_log',
      new TableIndex({ name: 'idx_event_log_type_at', columnNames: ['type', 'at'] }),
    );
    await q.createIndex('event_log', new TableIndex({ name: 'idx_event_log_at', columnNames: ['at'] }));
    await q.createTable(
      new Table({
        name: 'runtime_hooks',
        columns: [
          str('name', 128, { isPrimary: true }),
          text('definition'),
          time('created_at'),
          time('updated_at'),
        ],
      }),
    );
    await q.createTable(
      new Table({ name: 'hub_meta', columns: [str('key', 64, { isPrimary: true }), text('value')] }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'hub_meta',
      'runtime_hooks',
      'event_log',
      'variables',
      'login_audit',
      'api_tokens',
      'sessions',
      'users',
    ]) {
      await q.dropTable(table);
    }
  }
}
