// Two rules applied to every AWS call, as client middleware, so no call site can forget them:
// - an error names the operation and the resource it was about (`s3:PutObject s3://b/k: read
//   ECONNRESET`), and a timeout says which setting bounds it;
// - once the step is cancelled, nothing new starts: only reads, stops and the lock's release go out;
//   a call that would change something and is on the wire is aborted (an abort is not retried).

/** Thrown instead of sending a call that would start or change something after cancellation. */
export class CancelledError extends Error {
  constructor(operation: string) {
    super(`cancelled: ${operation} was not started`);
    this.name = 'CancelledError';
  }
}

/** The service prefix IAM uses, from the SDK client's name. */
const SERVICES: Record<string, string> = {
  S3Client: 's3',
  GlueClient: 'glue',
  SFNClient: 'states',
  CloudWatchLogsClient: 'logs',
};

export function operationName(clientName: string | undefined, commandName: string | undefined): string {
  const service = SERVICES[clientName ?? ''] ?? (clientName ?? 'aws').replace(/Client$/, '').toLowerCase();
  return `${service}:${(commandName ?? 'call').replace(/Command$/, '')}`;
}

/** The resource a call is about, from its input (the first of the usual identifying fields). */
export function resourceOf(input: unknown, operation = ''): string | undefined {
  if (!input || typeof input !== 'object') return undefined;
  const i = input as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
  // EventBridge Scheduler names its groups and schedules `Name` too (Glue's CreateJob does as well).
  if (operation.startsWith('scheduler:') && str(i.Name))
    return str(i.GroupName) ? `schedule ${i.Name} in group ${i.GroupName}` : `schedule group ${i.Name}`;
  if (str(i.Bucket)) {
    const key = str(i.Key) ?? str(i.Prefix) ?? '';
    return `s3://${i.Bucket}/${key}`;
  }
  const job = str(i.JobName) ?? str(i.Name);
  if (job) return `job ${job}${str(i.RunId) ? ` run ${i.RunId}` : ''}`;
  if (Array.isArray(i.JobNames))
    return `jobs ${i.JobNames.slice(0, 3).join(', ')}${i.JobNames.length > 3 ? ', …' : ''}`;
  const arn = str(i.executionArn) ?? str(i.stateMachineArn) ?? str(i.resourceArn) ?? str(i.ResourceArn);
  if (arn) return arn;
  if (str(i.name)) return `state machine ${i.name}`;
  if (str(i.logGroupName))
    return `log group ${i.logGroupName}${str(i.logStreamName) ? `/${i.logStreamName}` : ''}`;
  return undefined;
}

/** Reads and the calls that stop or release what this step holds: allowed after cancellation. */
export function allowedAfterCancel(commandName: string | undefined, input: unknown): boolean {
  const op = (commandName ?? '').replace(/Command$/, '');
  if (/^(Get|List|Describe|BatchGet|Head)/.test(op)) return true;
  if (op === 'StopExecution' || op === 'BatchStopJobRun') return true;
  // The lock's release is the only conditional delete the action sends.
  return op === 'DeleteObject' && typeof (input as { IfMatch?: unknown })?.IfMatch === 'string';
}

interface HandlerContext {
  clientName?: string;
  commandName?: string;
}
type Next = (args: { input: unknown }) => Promise<unknown>;

/** Middleware (SDK `initialize` step, outside the retries): names failures, gates on cancellation. */
export function callRules(opts: { signal?: AbortSignal; timeoutSeconds: number }) {
  return (next: Next, context: HandlerContext) => async (args: { input: unknown }) => {
    const operation = operationName(context.clientName, context.commandName);
    if (opts.signal?.aborted && !allowedAfterCancel(context.commandName, args.input)) {
      throw new CancelledError(operation);
    }
    try {
      return await next(args);
    } catch (e) {
      if (e instanceof Error && !(e instanceof CancelledError))
        describeFailure(e, operation, args.input, opts);
      throw e;
    }
  };
}

/** Prefixes the message in place: the error keeps its class, name and metadata for the callers' checks. */
function describeFailure(
  e: Error,
  operation: string,
  input: unknown,
  opts: { timeoutSeconds: number },
): void {
  if ((e as { $described?: boolean }).$described) return;
  const resource = resourceOf(input, operation);
  const hint =
    e.name === 'TimeoutError'
      ? ` (no answer within aws-timeout-seconds=${opts.timeoutSeconds} on any attempt; check the network or endpoint-url, or raise aws-timeout-seconds)`
      : '';
  const message = e.message || e.name;
  try {
    e.message = `${operation}${resource ? ` ${resource}` : ''}: ${message}${hint}`;
    Object.defineProperty(e, '$described', { value: true, enumerable: false });
  } catch {
    // A frozen error keeps its message.
  }
}

interface WireRequest {
  method: string;
  headers: Record<string, string>;
}
interface RequestHandler {
  handle(request: WireRequest, options?: { abortSignal?: unknown }): Promise<unknown>;
}

/** The operation a JSON-protocol request names (`X-Amz-Target: AWSGlue.CreateJob` → CreateJob). */
function wireOperation(r: WireRequest): string | undefined {
  const target = Object.entries(r.headers).find(([k]) => k.toLowerCase() === 'x-amz-target')?.[1];
  return target?.split('.').at(-1);
}

/** Reads, stops and the lock's conditional delete, told from the request on the wire. */
function wireAllowedAfterCancel(r: WireRequest): boolean {
  if (r.method === 'GET' || r.method === 'HEAD') return true;
  const op = wireOperation(r);
  if (op) return allowedAfterCancel(op, undefined);
  const ifMatch = Object.keys(r.headers).some((k) => k.toLowerCase() === 'if-match');
  return r.method === 'DELETE' && ifMatch;
}

/** Makes the client's HTTP handler abort, on cancellation, every request that would change something. */
export function abortChangesOnCancel(handler: RequestHandler, signal: AbortSignal): void {
  const handle = handler.handle.bind(handler);
  handler.handle = (request, options = {}) =>
    handle(
      request,
      options.abortSignal || wireAllowedAfterCancel(request) ? options : { ...options, abortSignal: signal },
    );
}
