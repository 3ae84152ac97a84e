import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import type Database from "better-sqlite3";
import * as drizzleOrm from "drizzle-orm";
import { entityKind } from "drizzle-orm";
import { fillPlaceholders, type Query } from "drizzle-orm/sql";
import {
  BaseSQLiteDatabase,
  SQLiteAsyncDialect,
  SQLitePreparedQuery,
  type SelectedFieldsOrdered,
  SQLiteSession,
  SQLiteTransaction,
  type SQLiteTransactionConfig,
} from "drizzle-orm/sqlite-core";
import { createTableRelationsHelpers, extractTablesRelationalConfig } from "drizzle-orm/relations";

/**
 * SQLite with the same asynchronous interface as PostgreSQL, so that one code path serves both:
 * every query is awaited and a transaction body may await between its statements.
 *
 * better-sqlite3 runs each statement synchronously, which is why it is fast, and a connection has
 * one transaction at a time. While a transaction body awaits, other work of this process (another
 * request, a heartbeat) may run; its statements must not land inside the open transaction, where a
 * rollback would take them too. The {@link TransactionGate} keeps them out: statements of the
 * transaction's own async context run at once, any other statement waits until the transaction
 * ends, and transactions run one after another.
 */
export class TransactionGate {
  private readonly context = new AsyncLocalStorage<object>();
  private holder: object | null = null;
  private tail: Promise<void> = Promise.resolve();
  private ended: Promise<void> = Promise.resolve();

  /** Whether a statement from the current async context must wait for an open transaction. */
  blocked(): boolean {
    return this.holder !== null && this.context.getStore() !== this.holder;
  }

  /** Resolves once no transaction of another context is open. */
  async pass(): Promise<void> {
    while (this.blocked()) await this.ended;
  }

  /** Whether the current async context is inside the open transaction. */
  inside(): boolean {
    return this.holder !== null && this.context.getStore() === this.holder;
  }

  /** Runs `body` as the only transaction, after those already waiting. */
  async exclusive<T>(body: () => Promise<T>): Promise<T> {
    const previous = this.tail;
    let release!: () => void;
    this.tail = new Promise<void>((resolve) => (release = resolve));
    await previous;
    await this.pass();
    const token = {};
    let end!: () => void;
    this.ended = new Promise<void>((resolve) => (end = resolve));
    this.holder = token;
    try {
      return await this.context.run(token, body);
    } finally {
      this.holder = null;
      end();
      release();
    }
  }
}

type Statement = Database.Statement;

/** Drizzle's row mapper for selected fields (internal to drizzle, so not in its types). */
const { mapResultRow } = drizzleOrm as unknown as {
  mapResultRow: (fields: SelectedFieldsOrdered, row: unknown[], joinsNotNullableMap: unknown) => unknown;
};
/** What drizzle keeps on a prepared query for joins (internal, so not in its types). */
type WithJoins = { joinsNotNullableMap?: unknown };
type Mapper = (rows: unknown[][]) => unknown;

/** A statement prepared once per connection and SQL text (better-sqlite3 statements are reusable). */
class StatementCache {
  private readonly statements = new Map<string, Statement>();
  constructor(
    private readonly client: Database.Database,
    private readonly max = 500,
  ) {}

  get(text: string): Statement {
    let statement = this.statements.get(text);
    if (!statement) {
      if (this.statements.size >= this.max) this.statements.delete(this.statements.keys().next().value!);
      statement = this.client.prepare(text);
      this.statements.set(text, statement);
    }
    return statement;
  }
}

class GatedPreparedQuery extends SQLitePreparedQuery<{
  type: "async";
  run: Database.RunResult;
  all: unknown;
  get: unknown;
  values: unknown;
  execute: unknown;
}> {
  static override readonly [entityKind]: string = "CognateGatedPreparedQuery";

  constructor(
    private readonly statement: Statement,
    query: Query,
    private readonly gate: TransactionGate,
    private readonly fields: SelectedFieldsOrdered | undefined,
    executeMethod: "run" | "all" | "get",
    private readonly inArrayMode: boolean,
    private readonly customResultMapper?: Mapper,
  ) {
    super("async", executeMethod, query);
  }

  private params(placeholderValues?: Record<string, unknown>): unknown[] {
    return fillPlaceholders(this.query.params, placeholderValues ?? {});
  }

  /** The shared statement in the row shape wanted (`raw` is only for statements that return rows). */
  private rows(raw: boolean): Statement {
    if (this.statement.reader) this.statement.raw(raw);
    return this.statement;
  }

  async run(placeholderValues?: Record<string, unknown>): Promise<Database.RunResult> {
    if (this.gate.blocked()) await this.gate.pass();
    return this.statement.run(...this.params(placeholderValues));
  }

  async all(placeholderValues?: Record<string, unknown>): Promise<unknown> {
    if (this.gate.blocked()) await this.gate.pass();
    const params = this.params(placeholderValues);
    if (!this.fields && !this.customResultMapper) return this.rows(false).all(...params);
    const rows = this.rows(true).all(...params) as unknown[][];
    if (this.customResultMapper) return this.customResultMapper(rows);
    return rows.map((row) => mapResultRow(this.fields!, row, (this as WithJoins).joinsNotNullableMap));
  }

  async get(placeholderValues?: Record<string, unknown>): Promise<unknown> {
    if (this.gate.blocked()) await this.gate.pass();
    const params = this.params(placeholderValues);
    if (!this.fields && !this.customResultMapper) return this.rows(false).get(...params);
    const row = this.rows(true).get(...params) as unknown[] | undefined;
    if (!row) return undefined;
    if (this.customResultMapper) return this.customResultMapper([row]);
    return mapResultRow(this.fields!, row, (this as WithJoins).joinsNotNullableMap);
  }

  async values(placeholderValues?: Record<string, unknown>): Promise<unknown[][]> {
    if (this.gate.blocked()) await this.gate.pass();
    return this.rows(true).all(...this.params(placeholderValues)) as unknown[][];
  }

  /** @internal */
  isResponseInArrayMode(): boolean {
    return this.inArrayMode;
  }
}

type Schema = ConstructorParameters<typeof BaseSQLiteDatabase>[3];

class GatedTransaction extends SQLiteTransaction<"async", Database.RunResult, Record<string, unknown>, never> {
  static override readonly [entityKind]: string = "CognateGatedTransaction";

  constructor(
    private readonly gated: GatedSession,
    private readonly level: number,
  ) {
    super("async", gated.sqlDialect, gated, gated.relational as never, level);
  }

  /** A nested transaction is a savepoint inside the open one. */
  override async transaction<T>(body: (tx: GatedTransaction) => Promise<T>): Promise<T> {
    return this.gated.savepoint(this.level + 1, body);
  }
}

class GatedSession extends SQLiteSession<"async", Database.RunResult, Record<string, unknown>, never> {
  static override readonly [entityKind]: string = "CognateGatedSession";
  private readonly statements: StatementCache;
  /** Savepoint numbers of transactions begun through the database inside the open one. */
  private nested = 100;

  constructor(
    readonly client: Database.Database,
    readonly sqlDialect: SQLiteAsyncDialect,
    readonly relational: Schema,
    readonly gate: TransactionGate,
  ) {
    super(sqlDialect);
    this.statements = new StatementCache(client);
  }

  /** Runs `body` in a savepoint of the open transaction, numbered `level`. */
  async savepoint<T>(level: number, body: (tx: GatedTransaction) => Promise<T>): Promise<T> {
    const name = `sp${level}`;
    this.client.exec(`savepoint ${name}`);
    try {
      const result = await body(new GatedTransaction(this, level));
      this.client.exec(`release savepoint ${name}`);
      return result;
    } catch (err) {
      this.client.exec(`rollback to savepoint ${name}`);
      throw err;
    }
  }

  prepareQuery(
    query: Query,
    fields: SelectedFieldsOrdered | undefined,
    executeMethod: "run" | "all" | "get",
    isResponseInArrayMode: boolean,
    customResultMapper?: Mapper,
  ): GatedPreparedQuery {
    return new GatedPreparedQuery(
      this.statements.get(query.sql),
      query,
      this.gate,
      fields,
      executeMethod,
      isResponseInArrayMode,
      customResultMapper,
    );
  }

  override async transaction<T>(
    body: (tx: GatedTransaction) => Promise<T>,
    config?: SQLiteTransactionConfig,
  ): Promise<T> {
    // A transaction begun inside the open one (through the database, not its `tx`) is a savepoint.
    if (this.gate.inside()) return this.savepoint(++this.nested, body);
    return this.gate.exclusive(async () => {
      const tx = new GatedTransaction(this, 0);
      this.client.exec(`begin ${config?.behavior ?? "deferred"}`);
      try {
        const result = await body(tx);
        this.client.exec("commit");
        return result;
      } catch (err) {
        if (this.client.inTransaction) this.client.exec("rollback");
        throw err;
      }
    });
  }
}

/** A drizzle database over a better-sqlite3 connection with the asynchronous interface (see {@link TransactionGate}). */
export function asyncSqlite<S extends Record<string, unknown>>(client: Database.Database, schema: S) {
  const tables = extractTablesRelationalConfig(schema, createTableRelationsHelpers);
  const relational = { fullSchema: schema, schema: tables.tables, tableNamesMap: tables.tableNamesMap };
  const dialect = new SQLiteAsyncDialect();
  const session = new GatedSession(client, dialect, relational, new TransactionGate());
  const db = new BaseSQLiteDatabase("async", dialect, session as never, relational) as BaseSQLiteDatabase<
    "async",
    Database.RunResult,
    S
  > & { $client: Database.Database };
  db.$client = client;
  return db;
}
