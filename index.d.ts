/**
 * logly: structured logging for Node.js with a Rust core. Callbacks run off
 * the hot path, writes are batched on a background thread, and nothing is
 * lost at exit.
 *
 * ```ts
 * import { logger, type LogRecord } from 'logly-node'   // CommonJS: const { logger } = require('logly-node')
 *
 * logger.configure({ level: 'DEBUG' })
 * logger.info('order paid', { orderId: 7 })
 * const id = logger.addCallback((record: LogRecord) => {
 *   if (record.level === 'ERROR') sendAlert(record.message)
 * }, { name: 'alerts' })
 * logger.removeCallback(id)
 * await logger.complete()
 * ```
 *
 * Validation: every method that takes options checks them when called. A
 * value of the wrong type throws a `TypeError`; a level name or number that
 * is not a level, or a number out of range, throws a `RangeError`.
 *
 * @packageDocumentation
 */

// ---------------------------------------------------------------------------
// Levels

/**
 * The eight level names as records carry them (`record.level`), lowest first:
 * TRACE 5, DEBUG 10, INFO 20, SUCCESS 25, WARNING 30, ERROR 40, FAIL 45,
 * CRITICAL 50.
 */
export type RecordLevel = 'TRACE' | 'DEBUG' | 'INFO' | 'SUCCESS' | 'WARNING' | 'ERROR' | 'FAIL' | 'CRITICAL'

/**
 * A level name as input. Names are case-insensitive at run time; the types
 * spell out the upper-case, lower-case and capitalized forms. Besides the
 * eight {@link RecordLevel} names, pino's `warn` (= WARNING), `fatal`
 * (= CRITICAL) and `silent` (above every level: nothing is logged) are
 * accepted.
 */
export type LevelName =
  | RecordLevel | Lowercase<RecordLevel> | Capitalize<Lowercase<RecordLevel>>
  | 'WARN' | 'warn' | 'Warn'
  | 'FATAL' | 'fatal' | 'Fatal'
  | 'SILENT' | 'silent' | 'Silent'

/** The number of each of the eight levels. Other numbers throw `RangeError`. */
export type LevelNumber = 5 | 10 | 20 | 25 | 30 | 40 | 45 | 50

/**
 * A level wherever one is taken (options, `level` setter, `log()`,
 * `isLevelEnabled()`): a {@link LevelName} in any case, or a
 * {@link LevelNumber}. A string or number that names no level throws
 * `RangeError`; any other type throws `TypeError`.
 */
export type Level = LevelName | LevelNumber

/**
 * What the {@link Logger.level} getter returns: the level in force, in lower
 * case as pino reports it. Note `'warning'` and `'critical'`, not pino's
 * `'warn'` and `'fatal'`.
 */
export type LevelLabel = Lowercase<RecordLevel> | 'silent'

/** `levels.values` and `logger.levels.values`: lower-case name (pino's aliases included) to number. */
export interface LevelValues {
  readonly trace: 5
  readonly debug: 10
  readonly info: 20
  readonly success: 25
  readonly warning: 30
  /** pino's name for WARNING. */
  readonly warn: 30
  readonly error: 40
  readonly fail: 45
  readonly critical: 50
  /** pino's name for CRITICAL. */
  readonly fatal: 50
}

/** `levels.labels` and `logger.levels.labels`: number to lower-case name (the eight levels only). */
export interface LevelLabels {
  readonly 5: 'trace'
  readonly 10: 'debug'
  readonly 20: 'info'
  readonly 25: 'success'
  readonly 30: 'warning'
  readonly 40: 'error'
  readonly 45: 'fail'
  readonly 50: 'critical'
}

/** `levels.names`: upper-case record name to number. */
export interface LevelNames {
  readonly TRACE: 5
  readonly DEBUG: 10
  readonly INFO: 20
  readonly SUCCESS: 25
  readonly WARNING: 30
  readonly ERROR: 40
  readonly FAIL: 45
  readonly CRITICAL: 50
}

/**
 * The level tables, frozen:
 * - `values`: lower-case name to number, with pino's `warn` and `fatal`
 *   (the shape pino and Fastify read as `levels.values`);
 * - `labels`: number to lower-case name;
 * - `names`: upper-case name, as records carry it, to number.
 *
 * ```ts
 * levels.names.ERROR        // 40
 * levels.values.warn        // 30
 * levels.labels[45]         // 'fail'
 * ```
 */
export declare const levels: {
  /** Lower-case name (with pino's `warn` and `fatal`) to number. */
  readonly values: LevelValues
  /** Number to lower-case name. */
  readonly labels: LevelLabels
  /** Upper-case name, as `record.level` carries it, to number. */
  readonly names: LevelNames
}

// ---------------------------------------------------------------------------
// Records, callbacks, stats

/**
 * The record a callback receives: a plain object, a fresh copy per callback
 * (mutating it affects no other callback).
 *
 * Besides the six record keys it carries the fields, merged with the call's
 * fields over `contextualize()` fields over `bind()`/`child()` fields. A field
 * that collides with one of the six keys is kept under `extra`
 * (`{ extra: { level: ... } }`). Field values keep their JSON type; an `Error`
 * becomes a {@link SerializedError}, a BigInt its decimal string, a circular
 * reference `"[Circular]"`; functions and symbols are dropped.
 *
 * ```ts
 * {
 *   timestamp: '2025-01-15T10:30:45.123Z',
 *   level: 'ERROR',
 *   message: 'Payment failed',
 *   filename: '/srv/app/pay.js',
 *   lineno: '42',
 *   function: 'charge',
 *   orderId: 1234, amount: 99.99
 * }
 * ```
 */
export interface LogRecord {
  /** When the record was logged: ISO 8601, UTC, milliseconds, `Z` (`'2025-01-15T10:30:45.123Z'`). */
  timestamp: string
  /** The upper-case level name. */
  level: RecordLevel
  /** The message, after `%s`-style placeholders were filled in; `''` when only fields were logged. */
  message: string
  /**
   * The file where the log call was written (a path, also for ES modules).
   * `''` when location capture is off (see {@link ConfigureOptions.location}).
   */
  filename: string
  /** The line of the log call, as a string (`'42'`), as on the reference page; `''` when location capture is off. */
  lineno: string
  /** The name of the function that made the log call; `''` at module top level or when location capture is off. */
  function: string
  /** Fields from `bind()`/`child()`, `contextualize()` and the call. */
  [field: string]: unknown
}

/**
 * What an `Error` becomes in a record, whether logged as a field value, as
 * `logger.error(err)` (under `err`) or with `logger.exception()` (under
 * `exception`): its name, message and stack, its `cause` if it has one, and
 * its own enumerable properties (such as `code`).
 */
export interface SerializedError {
  /** The error's `name` (`'TypeError'`), or its constructor's name. */
  type: string
  /** The error's `message`. */
  message: string
  /** The stack as text; absent if the error had none. */
  stack?: string
  /** The error's `cause`, itself serialized if it is an `Error`. Absent if none. */
  cause?: unknown
  /** The error's own enumerable properties, such as `code`. */
  [key: string]: unknown
}

/**
 * A callback given to {@link Logger.addCallback}. It is called with one
 * record at a time, after the log call has returned, in the order the records
 * were logged. What it returns is ignored unless it is a promise (any
 * thenable).
 *
 * It may be `async`: its promise is not awaited between records (at most
 * {@link CallbackOptions.maxPending} are unsettled at once), and
 * {@link Logger.complete} waits for it. A throw or a rejection is caught,
 * counted in {@link Stats.callbackErrors} and reported once per callback on
 * stderr; the callback keeps receiving records. A record logged from inside
 * a callback goes to the sinks but not to callbacks, so it cannot loop.
 */
export type Callback = (record: LogRecord) => unknown

/** Counters of a logger's pipeline, from {@link Logger.stats}. Shared by a root logger and its children. */
export interface Stats {
  /** Records accepted (that passed the level gate). */
  emitted: number
  /**
   * Lines sinks wrote successfully (a line a failed write lost is not
   * counted). For an http(s) sink: records handed to its export queue.
   */
  written: number
  /** Record × callback deliveries. */
  delivered: number
  /**
   * Records not delivered to callbacks because the callback buffer
   * ({@link ConfigureOptions.callbackBuffer}) or a callback's own backlog was
   * full. Sinks still got them.
   */
  dropped: number
  /** Each throw or rejection of a callback. */
  callbackErrors: number
  /** Each failed write of a sink (one write carries a batch of lines). */
  writeErrors: number
  /**
   * Records never written because the writer thread was gone (it catches its
   * own panics, so this stays 0 unless something like a failed allocation
   * stopped it). Log calls then drop their records instead of waiting.
   */
  lost: number
  /**
   * Records http(s) sinks dropped: their export queue was full (16 MiB of
   * records, while the collector was down or slower than the logging), the
   * collector refused a batch with a status that is not retried (400, 500,
   * ...), or a sink was removed while its collector stayed down.
   */
  exportDropped: number
}

// ---------------------------------------------------------------------------
// Options

/**
 * Options of {@link Logger.configure} and `new Logger(options)`. Every option
 * is optional; an option left out keeps its current value. An unknown option
 * throws `TypeError`.
 */
export interface ConfigureOptions {
  /**
   * The global level: the first gate. On the root logger and any child without
   * its own level, nothing below it reaches a sink or a callback, and a call
   * below it costs almost nothing. `'silent'` logs nothing.
   * Throws `TypeError` if not a string or number, `RangeError` if it names no level.
   * @defaultValue `'INFO'`
   */
  level?: Level
  /**
   * The format of the default console sink and of every sink without its own
   * {@link SinkOptions.json}: one JSON object per line (`true`) or text
   * (`false`, `2025-01-15 10:30:45.123 | INFO     | message key=value`, local time).
   * Throws `TypeError` if not a boolean.
   * @defaultValue `false`
   */
  json?: boolean
  /**
   * Colors for console sinks added without their own {@link SinkOptions.color}
   * (the default console sink included). `'auto'` decides as Node does for a
   * stream: `FORCE_COLOR` wins over `NO_COLOR`, which wins over TTY detection.
   * Throws `TypeError` if not `true`, `false` or `'auto'`.
   * @defaultValue `'auto'`
   */
  color?: boolean | 'auto'
  /**
   * Whether to capture where each log call was written (`filename`, `lineno`,
   * `function` of the record). Capturing is the dearest part of a record, so
   * `'auto'` captures it only for records a callback that wants it will
   * receive (text lines do not show it). Without a location, callbacks get
   * those keys empty and JSON lines leave them out.
   * Throws `TypeError` if not `true`, `false` or `'auto'`.
   * @defaultValue `'auto'`
   */
  location?: boolean | 'auto'
  /**
   * Keys every `'json'` and `'pino'` line carries before its fields, as
   * pino's `base`: an object replaces the default, `null` removes them. Text
   * lines, OTLP records and callback records never carry them (callbacks get
   * the record's shape). A field of the same name wins over a base key.
   * Throws `TypeError` if not an object or `null`.
   * @defaultValue `{ pid: process.pid, hostname: os.hostname() }`, as pino's
   */
  base?: Record<string, unknown> | null
  /**
   * How many records may wait for callbacks (and, per callback, in its own
   * backlog). Past it, the newest records are dropped for callbacks and
   * counted in {@link Stats.dropped}; sinks still get them.
   * Throws `TypeError` if not a number, `RangeError` unless a positive integer up to 2³²−1.
   * @defaultValue `100_000`
   */
  callbackBuffer?: number
  /**
   * The same bound in bytes of record JSON: memory stays bounded however
   * large the records. A single record larger than it still passes when
   * nothing else waits.
   * Throws `TypeError` if not a number, `RangeError` unless a positive integer.
   * @defaultValue `33_554_432` (32 MiB)
   */
  callbackBufferBytes?: number
  /**
   * How long, in milliseconds, the process may wait as it ends (exit, an
   * uncaught exception, a signal) for the writer to write what was logged,
   * for module callbacks to take it and for http(s) sinks to send it. Past
   * it, logly lets the process end. {@link Logger.complete} waits for
   * http(s) sinks at most this long too (a collector that is down must not
   * hang a shutdown hook); their records stay queued and retried.
   * Throws `TypeError` if not a number, `RangeError` unless a positive integer.
   * @defaultValue `10_000`
   */
  exitTimeout?: number
  /**
   * Redaction for every logger of this root (see {@link Redact}). Bindings
   * are redacted when bound: configure it before making children.
   */
  redact?: Redact
}

/**
 * pino's redaction: paths such as `'password'`, `'user.card.number'`,
 * `'headers["x-api-key"]'`, `'*.token'`, `'items[*].secret'` (`*` at any
 * depth), or `{ paths, censor, remove }`. `censor` is the text put in place
 * (default `'[Redacted]'`) or a function of the value and the path;
 * `remove: true` leaves the key out instead. Applied to call fields,
 * bindings and contextualize() fields, for sinks and callbacks alike.
 * Throws `TypeError` for a value of the wrong shape, `RangeError` for a path
 * that cannot be read.
 */
export type Redact = string[] | {
  paths: string[]
  censor?: string | ((value: unknown, path: string[]) => unknown)
  remove?: boolean
}

/** Options of {@link Logger.add}. An unknown option throws `TypeError`. */
export interface SinkOptions {
  /**
   * The sink writes only records at or above this level (after the global
   * level, which gates first).
   * Throws `TypeError` if not a string or number, `RangeError` if it names no level.
   * @defaultValue every record that passes the global level
   */
  level?: Level
  /**
   * How lines are laid out: `'text'`
   * (`2025-01-15 10:30:45.123 | INFO     | message key=value`, local time) or
   * `'json'` (one object per line, the record's keys) or `'pino'` (pino's
   * keys: `level` 30, `time` in epoch ms, `msg`, for pino-pretty and pino
   * transports) for the console and files; `'otlp'` (OTLP/HTTP JSON),
   * `'json'` or `'pino'` (NDJSON of those lines) for http(s) targets. Give `format` or {@link SinkOptions.json}, not both.
   * Throws `TypeError` if not a string (or given with `json`), `RangeError`
   * for a format the target does not take.
   * @defaultValue `'otlp'` for http(s) targets; otherwise {@link ConfigureOptions.json} (`'json'` or `'text'`), following later `configure()` calls
   */
  format?: SinkFormat
  /**
   * The same as `format: 'json'` (`true`) or `format: 'text'` (`false`).
   * Throws `TypeError` if not a boolean.
   * @defaultValue {@link ConfigureOptions.json}, following later `configure()` calls
   */
  json?: boolean
  /**
   * File sinks: when to start a new file. A size (`'10 MB'`, `'500 KB'`,
   * `'1 GiB'`; KB/MB/GB are powers of 1000, KiB/MiB/GiB of 1024), a time
   * (`'daily'` at 00:00 UTC, `'hourly'`, or `'HH:MM'`: every day at that
   * UTC time), or both (`{ size: '10 MB', interval: 'daily' }`).
   *
   * The active file keeps its name; the old one is renamed for the UTC
   * moment it was rotated, so names sort by time:
   * `app.log` → `app.2025-01-16T00-00-00.000Z.log`. A rotation never splits
   * or loses a line; a file never passes the size unless one line is larger.
   * The size and time come from the file on disk, so a restart goes on
   * where the last process stopped. See docs/sinks.md.
   * Throws `TypeError` if not a string or `{ size, interval }` (or given to
   * a console sink), `RangeError` for a value that is no size or interval.
   * @defaultValue no rotation: the file grows
   */
  rotation?: SinkSize | SinkInterval | { size?: SinkSize, interval?: SinkInterval }
  /**
   * File sinks with {@link SinkOptions.rotation}: which rotated files to
   * keep. A number keeps the newest that many (a file and its compressed
   * form count once); an age (`'7 days'`, `'12 hours'`, `'30 minutes'`,
   * `'2 weeks'`) keeps those rotated less than that long ago. Older ones are
   * removed after each rotation (and when the sink is added), on a thread of
   * their own. The active file is never removed.
   * Throws `TypeError` if not a number or string, or without `rotation`;
   * `RangeError` for a count that is not a positive integer or an age it cannot read.
   * @defaultValue every rotated file is kept
   */
  retention?: number | `${number} ${'minute' | 'minutes' | 'hour' | 'hours' | 'day' | 'days' | 'week' | 'weeks'}`
  /**
   * File sinks with {@link SinkOptions.rotation}: `'gzip'` compresses each
   * rotated file to `<name>.gz` on a thread of its own, so writing never
   * waits for it. It writes `<name>.gz.tmp` and renames it when whole: a
   * crash leaves the uncompressed file, never half an archive, and the next
   * start compresses it.
   * Throws `TypeError` if not a string or without `rotation`, `RangeError` for another name.
   * @defaultValue rotated files stay uncompressed
   */
  compression?: 'gzip'
  /**
   * http(s) sinks: request headers, such as `{ authorization: 'Bearer ...' }`.
   * Throws `TypeError` if not an object of strings, for a name that is no
   * HTTP token, or a value holding CR, LF or NUL.
   * @defaultValue `content-type` and `user-agent` only
   */
  headers?: Record<string, string>
  /**
   * https sinks: PEM text of the certificates to trust instead of the
   * built-in Mozilla roots, for a collector behind a private CA
   * (`fs.readFileSync('ca.pem', 'utf8')`).
   * Throws `TypeError` if not a string holding a PEM certificate, an
   * `Error` if a certificate in it cannot be read.
   * @defaultValue the Mozilla roots (webpki-roots), compiled in
   */
  ca?: string
  /**
   * http(s) sinks with `format: 'otlp'`: the attributes of the OTLP
   * `Resource` every batch carries, such as
   * `{ 'service.name': 'api', 'deployment.environment': 'prod' }`. Values are
   * strings, finite numbers, booleans, arrays or objects.
   * Throws `TypeError` if not an object, for another value, or with `format: 'json'`.
   * @defaultValue `{ 'service.name': 'unknown_service:node' }`, merged under what is given
   */
  resource?: Record<string, string | number | boolean | unknown[] | Record<string, unknown>>
  /**
   * Redaction for this sink's lines only, with the syntax of
   * {@link ConfigureOptions.redact} ({@link Redact}): the paths of the
   * record's fields are censored (`censor`, default `'[Redacted]'`) or left
   * out (`remove: true`) in what this sink writes; other sinks and callback
   * records keep them. With a censor string the writer thread redacts the
   * lines; a censor function runs in the log call, for records that have a
   * field on a path. Throws `TypeError` for a value of the wrong shape,
   * `RangeError` for a path that cannot be read.
   * @defaultValue no redaction beyond the logger's
   */
  redact?: Redact
  /**
   * Colors. For console sinks, `'auto'` decides as Node does for the stream.
   * File sinks are colored only with `true`.
   * Throws `TypeError` if not `true`, `false` or `'auto'`.
   * @defaultValue {@link ConfigureOptions.color} for console sinks; no color for files
   */
  color?: boolean | 'auto'
}

/**
 * Where {@link Logger.add} writes: `'console'` or `'stdout'` (the same),
 * `'stderr'`, or a file path (relative to the working directory). The console
 * names are case-insensitive. An `http://` or `https://` URL posts batches
 * to a collector: OTLP/HTTP JSON (`format: 'otlp'`, the default there, such
 * as `'http://127.0.0.1:4318/v1/logs'`) or NDJSON (`format: 'json'`). A
 * string that looks like a URL of another scheme (`ftp://...`) throws
 * `TypeError` instead of becoming a file.
 */
export type SinkTarget = 'console' | 'stdout' | 'stderr' | (string & {})

/** A file size for {@link SinkOptions.rotation}: `'10 MB'`, `'500 KiB'`, or a number of bytes. */
export type SinkSize = `${number} ${'B' | 'KB' | 'MB' | 'GB' | 'KiB' | 'MiB' | 'GiB'}` | `${number}${'B' | 'KB' | 'MB' | 'GB' | 'KiB' | 'MiB' | 'GiB'}` | number

/** A rotation time for {@link SinkOptions.rotation}: `'daily'`, `'hourly'`, or `'HH:MM'` (UTC). */
export type SinkInterval = 'daily' | 'hourly' | `${number}:${number}`

/** The layout of a sink's lines: see {@link SinkOptions.format}. */
export type SinkFormat = 'text' | 'json' | 'otlp' | 'pino'

/** Options of {@link Logger.addCallback}. An unknown option throws `TypeError`. */
export interface CallbackOptions {
  /**
   * The name shown when the callback fails (`logly: callback "slack" (id 3) failed: ...`).
   * Throws `TypeError` if not a string.
   * @defaultValue the function's name, else `'callback'`; a module's file name
   */
  name?: string
  /**
   * The callback gets only records at or above this level.
   * Throws `TypeError` if not a string or number, `RangeError` if it names no level.
   * @defaultValue every record that passes the global level
   */
  level?: Level
  /**
   * How many promises of an async callback may be unsettled at once. Past it,
   * the callback's records wait in its own backlog (bounded by
   * {@link ConfigureOptions.callbackBuffer} and
   * {@link ConfigureOptions.callbackBufferBytes}), so a stuck callback
   * neither holds back the others nor grows memory.
   * Throws `TypeError` if not a number, `RangeError` unless a positive integer.
   * @defaultValue `1000`
   */
  maxPending?: number
  /**
   * Whether this callback needs `filename`, `lineno` and `function`. The
   * call site costs a V8 stack walk of several µs per record, so it is taken
   * only for records that a callback wanting it receives; with `false` the
   * keys are empty strings for this callback (unless another takes them).
   * Throws `TypeError` if not a boolean.
   * @defaultValue `true`
   */
  location?: boolean
  /**
   * For a module callback: the export to call with each record. A CommonJS
   * module's `module.exports` is its default export. Throws `TypeError` if
   * not a string, or given with a function callback.
   * @defaultValue `'default'`
   */
  export?: string
}

/**
 * A module callback: the module's absolute path, a `file:` URL string (a
 * query string gives a fresh module instance) or a `URL` (any object with
 * an `href`, so these types need no DOM or Node library). It is loaded with
 * `import()` on the logger's worker thread, so synchronous I/O in it never
 * blocks the application.
 */
export type CallbackModule = string | { readonly href: string }

/**
 * A serializer: called with the value of a top-level field of its name (in
 * `bind()`/`child()` bindings and in a log call's fields, not in
 * `contextualize()` fields); what it returns is logged instead. It should not
 * throw: a throw propagates from the log call.
 */
export type Serializer = (value: any) => unknown

/** What the standard `req` serializer keeps of a request: the shape Fastify 5 logs. */
export interface SerializedRequest {
  /** The HTTP method. */
  method: string | undefined
  /** The URL: `req.url` for Fastify, `req.originalUrl` for Express, else `req.url`. */
  url: string | undefined
  /** The `accept-version` header. */
  version: string | undefined
  /** The host: the framework's `host`, else the `Host` (or `:authority`) header. */
  host: string | undefined
  /** The client address: the framework's `ip`, else the socket's remote address. */
  remoteAddress: string | undefined
  /** The socket's remote port. */
  remotePort: number | undefined
}

/** What the standard `res` serializer keeps of a response. */
export interface SerializedResponse {
  /** The response status code. */
  statusCode: number | undefined
}

/**
 * pino's standard serializers, for {@link ChildOptions.serializers}
 * (`logger.child({}, { serializers: { err: stdSerializers.err } })`). They
 * never throw.
 */
export declare const stdSerializers: {
  /**
   * `{ method, url, version, host, remoteAddress, remotePort }` of a Fastify
   * Request, an Express request or an `http.IncomingMessage` (applied by
   * default to `req` fields that are not plain objects). A value that is not
   * an object is returned as it is.
   */
  readonly req: (req: object) => SerializedRequest
  /**
   * `{ statusCode }` of a Fastify Reply, an Express response or an
   * `http.ServerResponse` (applied by default to `res` fields that are not
   * plain objects). A value that is not an object is returned as it is.
   */
  readonly res: (res: object) => SerializedResponse
  /** An `Error` as logly logs one: {@link SerializedError}. (Errors are serialized so anywhere in fields already.) */
  readonly err: (err: Error) => SerializedError
}

/** Options of {@link Logger.complete}. */
export interface CompleteOptions {
  /** Reject after this many milliseconds instead of waiting for ever. */
  timeout?: number
}

/**
 * Options of {@link Logger.child}, pino's child options as far as logly has
 * them: `level`, `serializers`, `msgPrefix` and `redact`. Any other key with a value throws
 * `TypeError` (keys set to `undefined` are ignored, as frameworks pass them).
 */
export interface ChildOptions {
  /**
   * The child's own level, replacing the global one for this child (it may be
   * lower than the global level: pino's and Fastify's per-route levels). `''`
   * or absent: inherit the parent's.
   * Throws `TypeError` if not a string or number, `RangeError` if it names no level.
   * @defaultValue the parent's level
   */
  level?: LevelName | ''
  /**
   * Serializers by field name, added to the parent's. The defaults reduce
   * request and response objects under `req` and `res` to
   * `{ method, url, version, host, remoteAddress, remotePort }` and
   * `{ statusCode }`.
   */
  serializers?: { [field: string]: Serializer }
  /**
   * Put before every message of the child, as pino does; a grandchild's
   * prefix follows its parent's. Throws `TypeError` if not a string.
   */
  msgPrefix?: string
  /** More redaction for this child and its children, added to its parent's ({@link Redact}). */
  redact?: Redact
}

/** {@link ChildOptions} with the child's level as a number. */
export interface ChildNumericLevelOptions extends Omit<ChildOptions, 'level'> {
  /** The child's own level, as a number. */
  level: LevelNumber
}

// ---------------------------------------------------------------------------
// Log calls

/**
 * Fields of a log call or of `bind()`/`child()`/`contextualize()`: any object
 * that is not an array or a function (those throw `TypeError`). Its own
 * enumerable properties become record fields, serialized as JSON.
 */
export type Fields<F> = F extends readonly unknown[] | ((...args: never[]) => unknown) ? never : F

/**
 * A log method: `trace`, `debug`, `info`, `success`, `warning` (`warn`),
 * `error`, `fail`, `critical` (`fatal`). Below the logger's level it returns
 * at once without looking at its arguments. Otherwise it accepts logly's and
 * pino's call shapes, below. The types ask for a string, an `Error`, a
 * fields object, a number, a boolean or a BigInt first; at run time a log
 * call never throws, whatever it is given: nothing or `null` logs an empty
 * message, any other value is shown as `util.inspect` would, and a value
 * that cannot be serialized becomes a marker in the record (docs/api.md,
 * "Guarantees").
 *
 * A message may hold printf-style placeholders, each taking one of the
 * values after it: `%s` (string), `%d` (number), `%i` (integer), `%f`
 * (float), `%j` `%o` `%O` (JSON), `%%` (a `%`). What is left after them is
 * the fields if it is one object (or one `Error`, logged as field `err`) and
 * the call has no fields yet; anything else left is appended to the message,
 * separated by spaces, as `util.format` does.
 *
 * It returns before sinks write or callbacks run. Call it on the logger
 * (`logger.info(...)`); a detached method has no logger.
 */
export interface LogFn {
  /**
   * A message and optional fields: `logger.info('paid', { orderId: 7 })`.
   * An `Error` in place of the fields is logged as field `err`. If the
   * message holds placeholders, they take the fields object as their value.
   */
  <F extends object>(this: Logger, message: string, fields?: Fields<F>): void
  /**
   * A printf-style format and its values: `logger.info('user %s paid %d', name, amount)`.
   * One fields object or `Error` may follow the values; other values left
   * over are appended to the message.
   */
  (this: Logger, format: string, ...args: unknown[]): void
  /**
   * pino's `error(err)` / `error(err, 'message')`: the error is logged as
   * field `err` ({@link SerializedError}); the message defaults to
   * `err.message`. Placeholder values may follow a message. In a `catch`,
   * where the error is `unknown`, use {@link Logger.exception}.
   */
  (this: Logger, error: Error, message?: string, ...args: unknown[]): void
  /**
   * pino's fields-first shape: `logger.info({ orderId: 7 }, 'paid')`, or
   * fields alone (message `''`). Placeholder values may follow the message.
   * A number, boolean or BigInt message is converted with `String()`.
   */
  <F extends object>(this: Logger, fields: Fields<F>, message?: string | number | boolean | bigint, ...args: unknown[]): void
  /**
   * A number, boolean or BigInt as the message (converted with `String()`),
   * optionally followed by fields.
   */
  (this: Logger, message: number | boolean | bigint, ...args: unknown[]): void
}

// ---------------------------------------------------------------------------
// Logger

/**
 * A logger. `logger` (exported) is the process-wide root; `new Logger()`
 * makes another root with its own sinks and callbacks. `bind()`/`child()`
 * make children: they share their root's sinks, callbacks, settings and
 * stats, and add fields, serializers and optionally their own level. A child
 * is an ordinary, extensible `Logger` object (`child instanceof Logger`).
 *
 * Methods that change sinks, callbacks or settings (`configure`, `add`,
 * `remove`, `addCallback`, `removeCallback`) act on the shared pipeline, also
 * when called on a child.
 *
 * Fastify 5: `Fastify({ loggerInstance: logger })` type-checks and works;
 * `fastify.log` and `request.log` are logly children.
 */
export declare class Logger {
  /**
   * A new root logger with its own sinks and callbacks, writing text to the
   * console at INFO until configured. Most programs use the shared `logger`.
   *
   * @param options - passed to {@link Logger.configure}.
   * @throws TypeError | RangeError as {@link Logger.configure} does (also for `null`).
   */
  constructor (options?: ConfigureOptions)

  /**
   * Changes the settings: global level, default format, colors, location
   * capture, callback buffer. Options left out keep their values.
   *
   * ```ts
   * logger.configure({ level: 'DEBUG', json: true })
   * ```
   *
   * @returns this logger, for chaining.
   * @throws TypeError if `options` is not an object, has an unknown key or a
   *   value of the wrong type.
   * @throws RangeError for a level that names no level, or a bad `callbackBuffer`
   *   or `callbackBufferBytes`.
   */
  configure (options: ConfigureOptions): this

  /**
   * Adds a sink: the console (`'console'` or `'stdout'`), `'stderr'`, a
   * file (parent folders are created; lines are appended; see
   * {@link SinkOptions.rotation}) or an http(s) collector (OTLP/HTTP JSON or
   * NDJSON, batched, retried, bounded: see {@link SinkTarget}). Writing
   * happens on a background thread, in batches.
   *
   * The first console sink added replaces the default one, so lines are not
   * printed twice.
   *
   * ```ts
   * logger.add('logs/app.log', { level: 'DEBUG', json: true })
   * logger.add('http://127.0.0.1:4318/v1/logs', { resource: { 'service.name': 'api' } })
   * ```
   *
   * @returns the sink's id, for {@link Logger.remove}.
   * @throws TypeError if `target` is not a non-empty string or is a URL of an
   *   unsupported scheme, `options` not an object, or an option unknown, not
   *   one of this target's, or of the wrong type.
   * @throws RangeError for a `level` that names no level, or a `format` the
   *   target does not take.
   * @throws Error with a `code` (such as `'EACCES'` or `'ENOENT'`) if the file
   *   cannot be opened for appending.
   */
  add (target: SinkTarget, options?: SinkOptions): number

  /**
   * Removes every sink, the default console one included. Nothing is written
   * until a sink is added again (callbacks still get records).
   *
   * @returns whether there was any sink.
   */
  remove (): boolean
  /**
   * Removes the sink with this id, after it has written what was logged
   * before. Never throws: an unknown id, or anything that is not a sink id
   * (`undefined` included, unlike `remove()` with no argument), returns `false`.
   *
   * @returns whether a sink was removed.
   */
  remove (id: unknown): boolean

  /**
   * Registers a callback for every record logged from now on, at or above
   * its `level`. It is called after the log call has returned, never slowing
   * it down; see {@link Callback} for ordering, async callbacks and failures.
   *
   * ```ts
   * const id = logger.addCallback(async (record) => {
   *   await fetch(webhook, { method: 'POST', body: JSON.stringify(record) })
   * }, { name: 'slack', level: 'ERROR' })
   * ```
   *
   * A module instead of a function runs on the logger's worker thread (one
   * per root logger, shared by its module callbacks), fed by Rust directly:
   * its default export (or `options.export`) is called with each record.
   *
   * ```ts
   * logger.addCallback(new URL('./alerts.mjs', import.meta.url), { level: 'ERROR' })
   * ```
   *
   * @returns the callback's id: a positive integer, never reused in the process.
   * @throws TypeError if `callback` is not a function, an absolute path, a
   *   `file:` URL string or a URL, `options` not an object, or an option of
   *   the wrong type.
   * @throws RangeError for a `level` that names no level, a `maxPending`
   *   that is not a positive integer, a URL that is not `file:`, or a module
   *   file that does not exist.
   */
  addCallback (callback: Callback | CallbackModule, options?: CallbackOptions): number

  /**
   * Removes a callback: it gets no record logged from now on (records logged
   * before still reach it). Never throws: an id never returned, already
   * removed, or not a number returns `false`.
   *
   * @returns whether a callback was removed.
   */
  removeCallback (id: unknown): boolean

  /**
   * Every file sink opens its file again by name, after writing what was
   * logged before; records logged after the call go to the new file. For
   * logrotate's `create` mode (the default) and `postrotate` scripts, which
   * rename the file and signal the process. Console sinks are unaffected.
   * logly does not take SIGHUP for this by itself; wire it:
   *
   * ```ts
   * process.on('SIGHUP', () => logger.reopen())
   * ```
   *
   * A file that cannot be opened again is reported once on stderr and
   * counted in {@link Stats.writeErrors}; never throws.
   */
  reopen (): void

  /**
   * Resolves when everything logged before the call is written by every sink
   * and delivered to every callback, and every promise of an async callback
   * has settled. Await it before a planned exit or in a shutdown hook.
   * Records logged after the call are not waited for. (At natural exit,
   * on `process.exit()` and on signals, pending records are still written and
   * handed to the synchronous part of every callback.)
   *
   * With `timeout` (ms) it rejects once that passes, with an `Error` whose
   * `code` is `'ERR_LOGLY_COMPLETE_TIMEOUT'` and whose message names the
   * callbacks still pending: `await logger.complete({ timeout: 5000 })`.
   *
   * @throws TypeError for an unknown option or a `timeout` that is not a
   *   number; RangeError unless a positive integer.
   */
  complete (options?: CompleteOptions): Promise<void>

  /** The counters of this logger's pipeline (shared with its root and siblings). */
  stats (): Stats

  /**
   * A child logger whose records carry `fields` (after this logger's own
   * bound fields). Same as `child(fields)`.
   *
   * ```ts
   * const log = logger.bind({ requestId })
   * log.info('started')   // requestId on the record
   * ```
   *
   * @throws TypeError if `fields` is not an object, or is an array.
   */
  bind<F extends object> (fields: Fields<F>): Logger

  /**
   * pino's `child(bindings, options)`: a child logger whose records carry
   * `bindings`, with optionally its own level and extra serializers. Fastify
   * calls it for `fastify.log` and for each request's `request.log`.
   *
   * @throws TypeError if `bindings` is not an object or is an array, or
   *   `options` is not an object.
   * @throws RangeError for an `options.level` that names no level.
   */
  child<F extends object> (bindings: Fields<F>, options?: ChildOptions): Logger
  /**
   * `child(bindings, { level: 20 })`: the child's own level as a number.
   * (A separate signature so that the one above stays pino's, which Fastify's
   * types expect.)
   *
   * @throws RangeError for a number that is not a level.
   */
  child<F extends object> (bindings: Fields<F>, options: ChildNumericLevelOptions): Logger

  /** pino's `bindings()`: the fields this logger binds (`{}` on a root logger). */
  bindings (): Record<string, unknown>
  /**
   * pino's `setBindings()`: binds more fields to this logger; a key bound
   * again takes the new value.
   * @throws TypeError if `bindings` is not an object or is an array.
   */
  setBindings<F extends object> (bindings: Fields<F>): void
  /**
   * pino's `flush(cb)`: `cb` is called once everything logged so far is
   * written by the sinks (callbacks are not waited for: see {@link Logger.complete}).
   */
  flush (cb?: (error?: Error) => void): void

  /**
   * Runs `fn` with `fields` on every record logged inside it, through any
   * logger sharing this root's pipeline, across `await`s and callbacks
   * (AsyncLocalStorage). Nested calls add up; call fields win over these,
   * these over bound ones.
   *
   * ```ts
   * await logger.contextualize({ userId }, async () => handle(request))
   * ```
   *
   * @returns what `fn` returns.
   * @throws TypeError if `fields` is not an object or is an array, or `fn` is
   *   not a function.
   */
  contextualize<T, F extends object = object> (fields: Fields<F>, fn: () => T): T

  /**
   * The level in force for this logger, lower-case as pino reports it
   * (`'info'`, `'warning'`, `'silent'`...). Setting it (any {@link Level})
   * sets the global level on a root logger, as `configure({ level })` does,
   * and the child's own level on a child.
   *
   * @throws TypeError | RangeError on set, for a value that is not a level.
   */
  get level (): LevelLabel
  set level (level: Level)

  /**
   * Whether a record at this level would be logged by this logger (pino's and
   * logly's names, or a number). `'silent'` gives `false`.
   *
   * @throws TypeError if `level` is not a string or number, RangeError if it names no level.
   */
  isLevelEnabled (level: Level): boolean

  /**
   * The level tables, as pino has them on its loggers: `values` (name to
   * number) and `labels` (number to name). The same objects as
   * {@link levels}`.values` and `.labels`.
   */
  readonly levels: { readonly values: LevelValues, readonly labels: LevelLabels }

  /** TRACE (5): the finest detail. See {@link LogFn} for the call shapes. */
  trace: LogFn
  /** DEBUG (10). See {@link LogFn} for the call shapes. */
  debug: LogFn
  /** INFO (20). See {@link LogFn} for the call shapes. */
  info: LogFn
  /** SUCCESS (25): something that worked and is worth saying so. See {@link LogFn}. */
  success: LogFn
  /** WARNING (30). See {@link LogFn} for the call shapes. */
  warning: LogFn
  /** WARNING (30), under pino's and console's name: the same function as {@link Logger.warning}. */
  warn: LogFn
  /** ERROR (40). See {@link LogFn}; `error(err)` logs the error as field `err`. */
  error: LogFn
  /** FAIL (45). See {@link LogFn} for the call shapes. */
  fail: LogFn
  /** CRITICAL (50). See {@link LogFn} for the call shapes. */
  critical: LogFn
  /** CRITICAL (50), under pino's name: the same function as {@link Logger.critical}. */
  fatal: LogFn
  /** pino's no-op for its `silent` level: logs nothing. Fastify's logger type expects it. */
  silent: LogFn

  /**
   * Logs at a level given by name (any case, pino's `warn`/`fatal` included)
   * or number, with any call shape of {@link LogFn}:
   * `logger.log('ERROR', 'payment failed', { orderId })`.
   *
   * `'silent'` is not a level to log at and is left out of the type.
   *
   * Like every log call it never throws: a level that names no level logs
   * at ERROR.
   */
  log<F extends object> (level: LogLevel, message: string, fields?: Fields<F>): void
  /** `logger.log('INFO', 'user %s', name)`: a format and its values. */
  log (level: LogLevel, format: string, ...args: unknown[]): void
  /** `logger.log('ERROR', err, 'message?')`: the error as field `err`. */
  log (level: LogLevel, error: Error, message?: string, ...args: unknown[]): void
  /** `logger.log('INFO', { orderId }, 'message?')`: pino's fields-first shape. */
  log<F extends object> (level: LogLevel, fields: Fields<F>, message?: string | number | boolean | bigint, ...args: unknown[]): void
  /** A number, boolean or BigInt as the message, optionally followed by fields. */
  log (level: LogLevel, message: number | boolean | bigint, ...args: unknown[]): void

  /**
   * Logs at ERROR with the error under field `exception`: an `Error` becomes
   * `{ type, message, stack, cause? }` ({@link SerializedError}); any other
   * value is logged as it is.
   *
   * ```ts
   * try { await charge(order) } catch (err) { logger.exception('payment failed', err, { orderId }) }
   * ```
   *
   * Below ERROR it returns at once without looking at its arguments. Like
   * every log call it never throws: a message that is not a string is shown
   * as one, fields that are not an object go under `fields`.
   */
  exception<F extends object = object> (message: string, error: unknown, fields?: Fields<F>): void
}

/** A level `log()` can log at: any {@link Level} but `silent`. */
export type LogLevel = Exclude<Level, 'SILENT' | 'silent' | 'Silent'>

/**
 * The process-wide root logger: INFO and above, as text, to stdout, until
 * configured. The same object for `require('logly-node')` and `import 'logly-node'`.
 */
export declare const logger: Logger

/**
 * The root {@link logger}, as the default export of the ES module entry
 * (`import logger from 'logly-node'`, resolved to `lib/index.mjs`).
 *
 * The CommonJS entry has no `default`: with `require('logly-node')`, and in
 * TypeScript compiled to CommonJS, use `const { logger } = require('logly-node')` /
 * `import { logger } from 'logly-node'`.
 */
export default logger
