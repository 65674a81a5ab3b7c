import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { PrismaPg } from '@prisma/adapter-pg';
import { bindMigrationAwareSqlAdapterFactory, ColumnTypeEnum } from '@prisma/driver-adapter-utils';
import * as wasm from '@prisma/schema-engine-wasm/schema_engine_bg';
import pg from 'pg';

/**
 * Prisma's own schema engine, as WebAssembly, driven through the pg driver adapter. The Prisma CLI
 * would download a native engine from binaries.prisma.sh, which these machines cannot reach; the
 * wasm build of the same engine commit (pinned in package.json to prisma 7.10.0's engines hash)
 * produces the same SQL and the same `_prisma_migrations` rows, so `prisma migrate deploy` stays
 * valid wherever the native engine exists.
 */

export type SchemaEngine = wasm.SchemaEngine;
export type SchemaFile = { path: string; content: string };

let ready: Promise<void> | undefined;

function initWasm(): Promise<void> {
  // The package root does `import x from "*.wasm"`, which Node cannot load: instantiate by hand.
  ready ??= (async () => {
    const registry = globalThis as { PRISMA_WASM_PANIC_REGISTRY?: { set_message(message: string): void } };
    // Rust panics report their message here before the module traps with a bare "unreachable".
    registry.PRISMA_WASM_PANIC_REGISTRY ??= { set_message: (message) => console.error(`[schema engine panic] ${message}`) };
    const require = createRequire(import.meta.url);
    const bindings = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
    const bytes = await readFile(path.join(path.dirname(bindings), 'schema_engine_bg.wasm'));
    const { instance } = await WebAssembly.instantiate(bytes, { './schema_engine_bg.js': wasm as unknown as WebAssembly.ModuleImports });
    wasm.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
  })();
  return ready;
}

interface Queryable {
  performIO(query: unknown): Promise<{ fields: { dataTypeID: number }[]; rows: unknown[] }>;
  queryRaw(query: unknown): Promise<{ rows: unknown[]; columnTypes: number[] }>;
  startTransaction?: (...args: unknown[]) => Promise<Queryable>;
  executeScript?: (script: string) => Promise<void>;
  onError(error: unknown): never;
  client: { query(text: string): Promise<unknown> };
  dispose(): Promise<void>;
}

/**
 * adapter-pg 7.10.0 cannot deserialize Postgres's internal `"char"` type (OID 18, e.g.
 * pg_constraint.contype), which the engine's schema describer selects. Present it as text to the
 * adapter, then report the column as Character, the type the engine expects.
 */
const charColumns = new WeakMap<unknown[], number[]>();
function patchCharType<T extends Queryable>(queryable: T): T {
  const performIO = queryable.performIO.bind(queryable);
  queryable.performIO = async (query) => {
    const result = await performIO(query);
    const indexes: number[] = [];
    result.fields.forEach((field, i) => {
      if (field.dataTypeID !== 18) return;
      field.dataTypeID = 25;
      indexes.push(i);
    });
    if (indexes.length) charColumns.set(result.rows, indexes);
    return result;
  };
  const queryRaw = queryable.queryRaw.bind(queryable);
  queryable.queryRaw = async (query) => {
    const resultSet = await queryRaw(query);
    for (const i of charColumns.get(resultSet.rows) ?? []) resultSet.columnTypes[i] = ColumnTypeEnum.Character;
    return resultSet;
  };
  if (queryable.startTransaction) {
    const startTransaction = queryable.startTransaction.bind(queryable);
    queryable.startTransaction = async (...args) => patchCharType(await startTransaction(...args));
  }
  /*
   * adapter-pg runs a migration by splitting it on ";", which breaks any dollar-quoted body
   * (functions, triggers). Postgres's simple query protocol takes the whole script as the native
   * engine sends it: one round trip, one implicit transaction.
   */
  queryable.executeScript = async (script: string) => {
    try {
      await queryable.client.query(script);
    } catch (error) {
      queryable.onError(error);
    }
  };
  return queryable;
}

async function runSql(config: pg.ClientConfig, text: string): Promise<void> {
  const client = new pg.Client(config);
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

function poolConfig(url: string): pg.PoolConfig {
  const parsed = new URL(url);
  return {
    host: parsed.hostname,
    port: Number(parsed.port || 5432),
    user: decodeURIComponent(parsed.username),
    password: decodeURIComponent(parsed.password),
    database: decodeURIComponent(parsed.pathname.slice(1)),
    max: 2,
    // The engine keeps a connection checked out after free(); idle or not, it must not hold the
    // process open (scripts otherwise linger for pg's 10 s idle timeout after finishing).
    allowExitOnIdle: true,
  };
}

/**
 * Adapter factory with a working shadow database: PrismaPg's own drops the database before closing
 * its pool ("being accessed by other users") and ignores the database override of a connection
 * string. Shadow databases are created beside the target and dropped WITH (FORCE) afterwards.
 */
function migrationAdapterFactory(url: string) {
  const config = poolConfig(url);
  const base = new PrismaPg(config);
  const opened: Queryable[] = [];
  return {
    provider: base.provider,
    adapterName: base.adapterName,
    async connect() {
      const adapter = patchCharType((await base.connect()) as unknown as Queryable);
      opened.push(adapter);
      return adapter;
    },
    async connectToShadowDb() {
      const database = `prisma_shadow_${randomUUID().replaceAll('-', '')}`;
      await runSql(config, `CREATE DATABASE "${database}"`);
      const adapter = patchCharType((await new PrismaPg({ ...config, database }).connect()) as unknown as Queryable);
      const dispose = adapter.dispose.bind(adapter);
      adapter.dispose = async () => {
        await dispose();
        await runSql(config, `DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
      };
      return adapter;
    },
    async close() {
      await Promise.all(opened.splice(0).map((adapter) => adapter.dispose()));
    },
  };
}

/** Runs `work` with an engine connected to `url`, and always releases the engine and its pools. */
export async function withSchemaEngine<T>(url: string, schema: SchemaFile[], work: (engine: SchemaEngine) => Promise<T>): Promise<T> {
  await initWasm();
  const factory = migrationAdapterFactory(url);
  let engine: SchemaEngine | undefined;
  try {
    engine = await wasm.SchemaEngine.new(
      { datamodels: schema.map((file) => [file.path, file.content]) } as unknown as wasm.ConstructorOptions,
      () => undefined,
      bindMigrationAwareSqlAdapterFactory(factory as never),
    );
    return await work(engine);
  } finally {
    engine?.free();
    await factory.close();
  }
}
