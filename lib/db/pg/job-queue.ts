import "server-only";
import PgBoss from "pg-boss";
import pg from "pg";
import { inTransactionOn, outsideTransaction, poolOf } from "@/lib/db/postgres";

/**
 * The job queue on PostgreSQL: pg-boss (https://github.com/timgit/pg-boss) hands each job to one
 * worker, retries a failed one with backoff, and cancels it. One queue per job type
 * (`cognate_<type>`), so that a worker asks only for the types it runs (`npm run worker -- --only
 * train`). The jobs table keeps what users see (progress, ETA, checkpoint, the cancel flag, the
 * attempts); each row holds its pg-boss job's id.
 *
 * pg-boss 10 is the last release for Node 20 and has no heartbeat: the row's lease (renewed by
 * the running worker, lib/jobs/job-runner.ts) says when a worker died, and the worker that sees it
 * fails the pg-boss job, which pg-boss then retries. pg-boss's own expiry is only a backstop.
 *
 * pg-boss's statements made inside an open write transaction run in it (lib/db/postgres.ts), so
 * that a job row and its queue entry commit together. The others (its start, creating queues,
 * its maintenance) run on a small pool of their own, so that they never wait for a connection of
 * the main pool, all of which write transactions waiting for the write lock may hold.
 */

/** The pg-boss schema in Cognate's database. */
const SCHEMA = "pgboss";
/** pg-boss's expiry, the backstop (see above); its maximum is 24 hours. */
const EXPIRE_SECONDS = 23 * 3600;
/** First retry delay in seconds; pg-boss doubles it each retry, with jitter (1–2 s, 2–4 s, 4–8 s ...). */
const RETRY_DELAY_SECONDS = 1;

/** The queue of jobs of `type`. */
export function queueName(type: string): string {
  return `cognate_${type}`;
}

/** Connections of pg-boss's own pool (see above). */
const OWN_CONNECTIONS = 2;

interface Started {
  boss: PgBoss;
  own: pg.Pool;
  /** Queues created (or found) by this process, by name. */
  queues: Map<string, Promise<void>>;
  /** The last queue creation asked of this process (they run one after another). */
  creating: Promise<void>;
}

const started = new WeakMap<pg.Pool, Promise<Started>>();

/** This process's pg-boss on `db`'s database, started (its schema installed) on first use. */
function queueOf(db: unknown): Promise<Started> {
  const pool = poolOf(db);
  const known = started.get(pool);
  if (known) return known;
  // Started outside any transaction: its maintenance timers must not inherit one.
  const starting = outsideTransaction(async () => {
    // The main pool's first statement waits for the database to be created and migrated.
    await pool.query("select 1");
    const own = new pg.Pool({ connectionString: pool.options.connectionString, max: OWN_CONNECTIONS });
    own.on("error", (err) => console.error(`job queue: idle connection error: ${err.message}`));
    const executeSql = (text: string, values: unknown[]) =>
      inTransactionOn(pool) ? pool.query(text, values) : own.query(text, values);
    const boss = new PgBoss({ db: { executeSql }, schema: SCHEMA, schedule: false });
    boss.on("error", (err) => console.error(`job queue: ${err.message}`));
    try {
      await boss.start();
    } catch (err) {
      await own.end();
      throw err;
    }
    return { boss, own, queues: new Map<string, Promise<void>>(), creating: Promise.resolve() };
  });
  // A start that failed (the database was down) is tried again by the next caller.
  starting.catch(() => started.get(pool) === starting && started.delete(pool));
  started.set(pool, starting);
  return starting;
}

/** The started pg-boss, with the queue of each of `types` in place. */
export async function jobQueue(db: unknown, types: string[]): Promise<PgBoss> {
  const queue = await queueOf(db);
  await Promise.all(
    types.map((type) => {
      const name = queueName(type);
      let made = queue.queues.get(name);
      if (!made) {
        // One at a time in this process too: the lock takes one of the two own connections.
        made = queue.creating = queue.creating.catch(() => undefined).then(() => createQueue(queue, name));
        made.catch(() => queue.queues.delete(name));
        queue.queues.set(name, made);
      }
      return made;
    }),
  );
  return queue.boss;
}

/**
 * The lock every Cognate process holds while it creates a pg-boss queue: pg-boss 10's
 * `create_queue` deadlocks with another running at the same time (each attaches a partition to the
 * job table). Next to lib/db/postgres.ts's migration and write locks.
 */
const QUEUE_LOCK = 7_203_116;

/**
 * Creates queue `name` unless it exists, holding {@link QUEUE_LOCK} on a connection of its own,
 * outside any transaction (a rollback must not take back a queue this process counts as made).
 */
function createQueue({ boss, own }: Started, name: string): Promise<void> {
  return outsideTransaction(async () => {
    if (await boss.getQueue(name)) return;
    const client = await own.connect();
    try {
      await client.query("select pg_advisory_lock($1)", [QUEUE_LOCK]);
      try {
        await boss.createQueue(name, {
          name,
          retryDelay: RETRY_DELAY_SECONDS,
          retryBackoff: true,
          expireInSeconds: EXPIRE_SECONDS,
        });
      } finally {
        await client.query("select pg_advisory_unlock($1)", [QUEUE_LOCK]);
      }
    } finally {
      client.release();
    }
  });
}

/** Stops this process's pg-boss on the database `db` (before its pool ends). */
export async function stopJobQueue(db: unknown): Promise<void> {
  const pool = poolOf(db);
  const queue = started.get(pool);
  if (!queue) return;
  started.delete(pool);
  const running = await queue.catch(() => null);
  await running?.boss.stop({ graceful: false, wait: true, close: false });
  await running?.own.end();
}
