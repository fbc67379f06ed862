export const id = 395;
export const ids = [395];
export const modules = {

/***/ 6395:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  run: () => (/* binding */ main_run)
});

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 14 modules
var core = __webpack_require__(6421);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-glue/dist-es/commands/BatchGetJobsCommand.js
var BatchGetJobsCommand = __webpack_require__(4810);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-glue/dist-es/commands/ListJobsCommand.js
var ListJobsCommand = __webpack_require__(2398);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-glue/dist-es/commands/GetTagsCommand.js
var GetTagsCommand = __webpack_require__(3577);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-glue/dist-es/commands/DeleteJobCommand.js
var DeleteJobCommand = __webpack_require__(8940);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-glue/dist-es/commands/CreateJobCommand.js
var CreateJobCommand = __webpack_require__(3311);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-glue/dist-es/commands/GetJobCommand.js
var GetJobCommand = __webpack_require__(311);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-glue/dist-es/commands/UpdateJobCommand.js
var UpdateJobCommand = __webpack_require__(1710);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-glue/dist-es/commands/TagResourceCommand.js
var TagResourceCommand = __webpack_require__(9330);
// EXTERNAL MODULE: ./node_modules/p-limit/index.js + 1 modules
var p_limit = __webpack_require__(370);
;// CONCATENATED MODULE: ./src/artifacts/keys.ts
// Where each local file goes under the prefix (the seed's folder layout).
const SRC_CODE = 'src_code';
const INPUT_FILES = 'input_files';
/** The shared Python library, zipped. */
const EXTERNAL_LIBS_KEY = `${SRC_CODE}/external_libs.zip`;
/** S3's limit on a key, in UTF-8 bytes. */
const MAX_KEY_BYTES = 1024;
const scriptKey = (job) => `${SRC_CODE}/${job}.py`;
/** `rel` is POSIX, relative to the db folder (sub-folders are kept). */
const ddlKey = (rel) => `${SRC_CODE}/db/${rel}`;
/** `rel` is POSIX, relative to the data folder. */
const dataKey = (rel) => `${INPUT_FILES}/${rel}`;
const extraFileKey = (rel) => `${SRC_CODE}/extra/${rel}`;

;// CONCATENATED MODULE: ./src/location.ts
// Where the pipeline's artifacts live: a bucket and a key prefix. The prefix is normalised once,
// when the inputs are read, and every `s3://bucket/prefix…` string is built here.
/** '' stays ''; anything else ends in exactly one '/', without a leading '/'. */
function normalizePrefix(prefix) {
    const p = prefix.replace(/^\/+/, '');
    return p === '' || p.endsWith('/') ? p : `${p}/`;
}
/** `s3://bucket/prefix` followed by `key` (a key relative to the prefix). */
function s3Uri(location, key = '') {
    return `s3://${location.bucket}/${location.prefix}${key}`;
}
/**
 * Why a prefix is refused, or undefined: "." and ".." segments and "//" make keys that S3 keeps
 * as written but that tools and policies read as another place (a prefix that climbs out of the
 * environment's folder in a path-style view, or an empty segment that a policy pattern skips).
 */
function prefixProblem(prefix) {
    if (prefix.includes('//'))
        return 'contains "//"';
    const segments = prefix.split('/');
    if (segments.some((s) => s === '.' || s === '..'))
        return 'has a "." or ".." segment';
    return undefined;
}

;// CONCATENATED MODULE: ./src/order.ts
// One string order for everything the action sorts (keys, names, zip entries): UTF-16 code units,
// independent of locale, so outputs are the same on every runner (localeCompare depends on ICU).
function compareCodeUnits(a, b) {
    return a < b ? -1 : a > b ? 1 : 0;
}
/** A copy of `o` with its keys in code-unit order (stable text for comparing maps as JSON). */
function sortKeys(o) {
    return Object.fromEntries(Object.entries(o).sort(([a], [b]) => compareCodeUnits(a, b)));
}
/**
 * JSON text with every object's keys in code-unit order, for comparing two JSON documents by
 * meaning (AWS may hand back the same definition or input with its keys in another order). Text
 * that is not JSON is returned as it is, so it still compares by its bytes.
 */
function canonicalJson(json) {
    try {
        return JSON.stringify(sortDeep(JSON.parse(json)));
    }
    catch {
        return json;
    }
}
function sortDeep(v) {
    if (Array.isArray(v))
        return v.map(sortDeep);
    if (v && typeof v === 'object') {
        return Object.fromEntries(Object.entries(v)
            .sort(([a], [b]) => compareCodeUnits(a, b))
            .map(([k, x]) => [k, sortDeep(x)]));
    }
    return v;
}

;// CONCATENATED MODULE: ./src/glue/definition.ts



/** The fields of a Job that UpdateJob takes back (AllocatedCapacity is deprecated, never sent). */
const UPDATABLE_FIELDS = [
    'Command',
    'CodeGenConfigurationNodes',
    'Connections',
    'DefaultArguments',
    'Description',
    'ExecutionClass',
    'ExecutionProperty',
    'GlueVersion',
    'JobMode',
    'JobRunQueuingEnabled',
    'LogUri',
    'MaintenanceWindow',
    'MaxCapacity',
    'MaxRetries',
    'NonOverridableArguments',
    'NotificationProperty',
    'NumberOfWorkers',
    'Role',
    'SecurityConfiguration',
    'SourceControlDetails',
    'Timeout',
    'WorkerType',
];
/**
 * What a job deployed by an action version that did not record its declared fields was managed with:
 * those fields, and every argument. Used as the "declared before" of owned jobs without a record.
 */
const FIELDS_BEFORE_RECORDS = [
    'Command',
    'DefaultArguments.*',
    'Description',
    'ExecutionClass',
    'GlueVersion',
    'MaxRetries',
    'NumberOfWorkers',
    'Role',
    'Timeout',
    'WorkerType',
];
/** Only the fields the manifest (and the action's own defaults) declare for this job. */
function declaredDefinition(job, ctx) {
    const s3 = (key) => s3Uri(ctx, key);
    const type = job.type ?? 'glueetl';
    const spark = type === 'glueetl' || type === 'gluestreaming';
    const modules = [...(ctx.libModules ?? []), ...job.additionalPythonModules];
    // System arguments first; the manifest's own arguments win on the same name.
    const system = {};
    if (type === 'glueray') {
        // Ray jobs take their Python modules and packages under other names.
        if (ctx.extraPyFilesKey)
            system['--s3-py-modules'] = s3(ctx.extraPyFilesKey);
        if (modules.length > 0)
            system['--pip-install'] = modules.join(',');
    }
    else {
        system['--job-language'] = 'python';
        system['--TempDir'] = s3('temp_glue_assets/');
        if (spark) {
            Object.assign(system, {
                '--enable-continuous-cloudwatch-log': 'true',
                '--enable-metrics': 'true',
                '--enable-glue-datacatalog': 'true',
                '--datalake-formats': 'iceberg',
            });
        }
        if (ctx.extraPyFilesKey)
            system['--extra-py-files'] = s3(ctx.extraPyFilesKey);
        if (modules.length > 0)
            system['--additional-python-modules'] = modules.join(',');
    }
    if (job.jobBookmark)
        system['--job-bookmark-option'] = `job-bookmark-${job.jobBookmark}`;
    if (job.sparkUi !== undefined) {
        system['--enable-spark-ui'] = String(job.sparkUi);
        if (job.sparkUi)
            system['--spark-event-logs-path'] = s3(`spark_event_logs/${job.name}/`);
    }
    if (job.sparkConf && Object.keys(job.sparkConf).length > 0) {
        // Glue takes one --conf argument; more settings chain as "k1=v1 --conf k2=v2".
        system['--conf'] = Object.entries(job.sparkConf)
            .map(([k, v]) => `${k}=${v}`)
            .join(' --conf ');
    }
    const uris = (paths) => paths.map((p) => (p.startsWith('s3://') ? p : s3(extraFileKey(p)))).join(',');
    if (job.extraJars?.length)
        system['--extra-jars'] = uris(job.extraJars);
    if (job.extraFiles?.length)
        system['--extra-files'] = uris(job.extraFiles);
    const d = {
        ...(job.description ? { Description: job.description } : {}),
        ...(ctx.roleArn ? { Role: ctx.roleArn } : {}),
        Command: {
            Name: type,
            ScriptLocation: s3(scriptKey(job.name)),
            PythonVersion: job.pythonVersion ?? '3',
            ...(job.runtime ? { Runtime: job.runtime } : {}),
        },
        DefaultArguments: sortKeys({ ...system, ...job.arguments }),
        GlueVersion: job.glueVersion,
        Timeout: job.timeout,
        MaxRetries: job.maxRetries,
    };
    if (job.workerType !== undefined)
        d.WorkerType = job.workerType;
    if (job.numberOfWorkers !== undefined)
        d.NumberOfWorkers = job.numberOfWorkers;
    if (job.executionClass !== undefined)
        d.ExecutionClass = job.executionClass;
    if (job.maxCapacity !== undefined)
        d.MaxCapacity = job.maxCapacity;
    if (job.connections !== undefined)
        d.Connections = { Connections: job.connections };
    if (job.securityConfiguration !== undefined)
        d.SecurityConfiguration = job.securityConfiguration;
    if (job.maxConcurrentRuns !== undefined)
        d.ExecutionProperty = { MaxConcurrentRuns: job.maxConcurrentRuns };
    if (job.notifyDelayAfter !== undefined)
        d.NotificationProperty = { NotifyDelayAfter: job.notifyDelayAfter };
    if (job.nonOverridableArguments !== undefined)
        d.NonOverridableArguments = sortKeys(job.nonOverridableArguments);
    if (job.jobRunQueuing !== undefined)
        d.JobRunQueuingEnabled = job.jobRunQueuing;
    if (job.maintenanceWindow !== undefined)
        d.MaintenanceWindow = job.maintenanceWindow;
    return d;
}
/** Names of the declared fields: top-level fields, and `DefaultArguments.<name>` per argument. */
function declaredFieldNames(declared) {
    const names = [];
    for (const [k, v] of Object.entries(declared)) {
        if (v === undefined)
            continue;
        if (k === 'DefaultArguments')
            for (const a of Object.keys(v))
                names.push(`DefaultArguments.${a}`);
        else
            names.push(k);
    }
    return names.sort(compareCodeUnits);
}
/** The fields of a Job that UpdateJob takes, without the empty ones. */
function updatableFields(actual) {
    const out = {};
    for (const k of UPDATABLE_FIELDS)
        if (!isEmpty(k, actual[k]))
            out[k] = structuredClone(actual[k]);
    return out;
}
/**
 * The complete definition to send: GetJob's fields, minus the ones declared before and no longer
 * declared (reset to Glue's defaults), overlaid with the declared ones. Without `actual` (a create),
 * just the declared fields.
 */
function overlayDefinition(declared, actual, declaredBefore = []) {
    if (!actual)
        return declared;
    const now = new Set(declaredFieldNames(declared));
    const base = updatableFields(actual);
    const args = { ...(actual.DefaultArguments ?? {}) };
    for (const name of declaredBefore) {
        if (name === 'DefaultArguments.*') {
            for (const a of Object.keys(args))
                if (!now.has(`DefaultArguments.${a}`))
                    delete args[a];
        }
        else if (name.startsWith('DefaultArguments.')) {
            if (!now.has(name))
                delete args[name.slice('DefaultArguments.'.length)];
        }
        else if (!now.has(name)) {
            delete base[name];
        }
    }
    const out = { ...base, ...declared };
    const merged = { ...args, ...(declared.DefaultArguments ?? {}) };
    if (Object.keys(merged).length > 0)
        out.DefaultArguments = sortKeys(merged);
    else
        delete out.DefaultArguments;
    // Workers and DPUs exclude each other: what is declared decides which one the job keeps.
    if (declared.MaxCapacity !== undefined) {
        delete out.WorkerType;
        delete out.NumberOfWorkers;
    }
    else if (out.WorkerType !== undefined) {
        delete out.MaxCapacity;
    }
    return out;
}
/** Names of the fields that differ between the definition to send and the job GetJob returned. */
function changedFields(desired, actual) {
    const changed = [];
    const have = updatableFields(actual);
    const want = desired;
    const keys = new Set([...Object.keys(want), ...Object.keys(have)]);
    for (const k of [...keys].sort(compareCodeUnits)) {
        if (k === 'Role' && !desired.Role)
            continue; // not given in plan mode: not compared
        // AWS reports the DPUs of a worker-sized job: not a difference.
        if (k === 'MaxCapacity' && desired.WorkerType !== undefined && want[k] === undefined)
            continue;
        if (k === 'DefaultArguments') {
            const a = desired.DefaultArguments ?? {};
            const b = actual.DefaultArguments ?? {};
            for (const name of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort(compareCodeUnits)) {
                if (a[name] !== b[name])
                    changed.push(`DefaultArguments.${name}`);
            }
            continue;
        }
        if (canonical(k, want[k]) !== canonical(k, have[k]))
            changed.push(k);
    }
    return changed;
}
/**
 * Fields the job has in Glue that this pipeline does not declare: what a deploy keeps as it is (a
 * connection added by hand, another team's security configuration).
 */
function keptFields(declared, desired) {
    const now = new Set(declaredFieldNames(declared));
    return declaredFieldNames(desired).filter((name) => !now.has(name));
}
/** Glue's own defaults count as "not set", so an absent field and its default compare equal. */
const GLUE_DEFAULTS = {
    ExecutionClass: 'STANDARD',
    MaxRetries: 0,
    ExecutionProperty: { MaxConcurrentRuns: 1 },
    JobRunQueuingEnabled: false,
    Connections: { Connections: [] },
};
function isEmpty(key, v) {
    if (v === undefined || v === null || v === '')
        return true;
    if (typeof v === 'object' && Object.keys(v).length === 0)
        return true;
    return key in GLUE_DEFAULTS && JSON.stringify(definition_sortDeep(v)) === JSON.stringify(definition_sortDeep(GLUE_DEFAULTS[key]));
}
function canonical(key, v) {
    if (isEmpty(key, v))
        return '';
    if (key === 'Command') {
        const c = { ...v };
        // Jobs created without a Python version run Python 3.
        if (c.PythonVersion === undefined && c.Name === 'glueetl')
            c.PythonVersion = '3';
        return JSON.stringify(definition_sortDeep(c));
    }
    return JSON.stringify(definition_sortDeep(v));
}
function definition_sortDeep(v) {
    if (Array.isArray(v))
        return v.map(definition_sortDeep);
    if (v && typeof v === 'object' && !(v instanceof Date)) {
        return Object.fromEntries(Object.entries(v)
            .filter(([, x]) => x !== undefined)
            .sort(([a], [b]) => compareCodeUnits(a, b))
            .map(([k, x]) => [k, definition_sortDeep(x)]));
    }
    return v;
}

;// CONCATENATED MODULE: ./src/glue/aws.ts
// The Glue calls: read every declared job in batches, find which carry the full tag set, and apply
// creates/updates so that repeating any of them is harmless (a retried CreateJob whose first attempt
// was applied answers AlreadyExists: we then compare and update like any existing job).



/**
 * Names per BatchGetJobs. Glue's API model (2017-03-31) puts no maximum on its JobNames list, while it
 * does on the batch reads that have one (BatchGetWorkflows and BatchGetDevEndpoints 25, BatchGetCrawlers
 * 100, BatchGetPartition 1,000), so 25 was a borrowed limit: 200 jobs took 8 requests. 1,000 is the
 * largest page any Glue job read documents (GetJobs' MaxResults): one request per 1,000 declared jobs,
 * the same growth as a listing. GetJobs itself is not used: it pages through every job of the account,
 * other pipelines' too, where BatchGetJobs reads only the declared names.
 */
const BATCH = 1000;
const WRITE_CONCURRENCY = 4;
/** GetJob for many names: BatchGetJobs in batches, a few in flight. Missing jobs are absent from the map. */
async function readJobs(glue, names) {
    const limit = (0,p_limit/* default */.A)(4);
    const batches = [];
    for (let i = 0; i < names.length; i += BATCH)
        batches.push(names.slice(i, i + BATCH));
    const results = await Promise.all(batches.map((b) => limit(() => glue.send(new BatchGetJobsCommand/* BatchGetJobsCommand */.m({ JobNames: b })))));
    const jobs = new Map();
    for (const r of results)
        for (const j of r.Jobs ?? [])
            if (j.Name)
                jobs.set(j.Name, j);
    return jobs;
}
/**
 * Names of the jobs that carry every one of `tags`: one paginated ListJobs per tag, intersected (not
 * one call per job). ListJobs is filtered by one tag at a time because its filter's meaning for
 * several tags is not documented (the emulator matches any of them); ownership must not hang on it.
 */
async function jobsWithTags(glue, tags) {
    const sets = await Promise.all(Object.entries(tags).map(([k, v]) => jobsWithTag(glue, k, v)));
    if (sets.length === 0)
        return new Set();
    return new Set([...sets[0]].filter((n) => sets.every((s) => s.has(n))));
}
async function jobsWithTag(glue, key, value) {
    const names = new Set();
    let NextToken;
    do {
        const page = await glue.send(new ListJobsCommand/* ListJobsCommand */.u({ Tags: { [key]: value }, MaxResults: 1000, NextToken }));
        for (const n of page.JobNames ?? [])
            names.add(n);
        NextToken = page.NextToken;
    } while (NextToken);
    return names;
}
function jobArn(partition, region, account, name) {
    return `arn:${partition}:glue:${region}:${account}:job/${name}`;
}
/** A job's tags (GetTags). */
async function readJobTags(glue, arn) {
    return (await glue.send(new GetTagsCommand/* GetTagsCommand */.$({ ResourceArn: arn }))).Tags ?? {};
}
/** Applies the writes, a few at a time; returns the deletions left alone because the job was no longer ours. */
async function applyJobWrites(glue, writes, opts) {
    const limit = (0,p_limit/* default */.A)(WRITE_CONCURRENCY);
    const leftAlone = [];
    await Promise.all(writes.map((w) => limit(async () => {
        const reason = await applyOne(glue, w, opts);
        if (reason)
            leftAlone.push({ name: w.name, reason });
    })));
    return leftAlone.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
/** Returns why a deletion was not made (undefined when every write was made). */
async function applyOne(glue, w, opts) {
    const arn = opts.arnOf(w.name);
    if (w.action === 'delete') {
        if (opts.whyNotOurs) {
            let tags;
            try {
                tags = await readJobTags(glue, arn);
            }
            catch (e) {
                if (e.name === 'EntityNotFoundException')
                    return undefined;
                throw e;
            }
            const reason = opts.whyNotOurs(w.name, tags);
            if (reason)
                return reason;
        }
        // DeleteJob succeeds for a job that does not exist: repeating it is harmless.
        await glue.send(new DeleteJobCommand/* DeleteJobCommand */.M({ JobName: w.name }));
        return undefined;
    }
    if (w.action === 'create') {
        try {
            await glue.send(new CreateJobCommand/* CreateJobCommand */.n({
                Name: w.name,
                ...w.definition,
                Role: w.definition.Role ?? '',
                Command: w.definition.Command ?? {},
                Tags: w.tags,
            }));
            return undefined;
        }
        catch (e) {
            const name = e.name;
            if (name !== 'AlreadyExistsException' && name !== 'IdempotentParameterMismatchException')
                throw e;
            // Created by an earlier attempt whose response was lost (or concurrently): converge like an update.
            const { Job: existing } = await glue.send(new GetJobCommand/* GetJobCommand */.j({ JobName: w.name }));
            if (existing && changedFields(w.definition, existing).length > 0) {
                await glue.send(new UpdateJobCommand/* UpdateJobCommand */.w({ JobName: w.name, JobUpdate: w.definition }));
            }
        }
    }
    else if (w.action === 'update' && (w.fields?.length ?? 1) > 0) {
        await glue.send(new UpdateJobCommand/* UpdateJobCommand */.w({ JobName: w.name, JobUpdate: w.definition }));
    }
    // Tags go with the create or update, in the same deploy.
    if (w.tags && Object.keys(w.tags).length > 0) {
        await glue.send(new TagResourceCommand/* TagResourceCommand */.e({ ResourceArn: arn, TagsToAdd: w.tags }));
    }
    return undefined;
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-s3/dist-es/commands/ListObjectsV2Command.js
var ListObjectsV2Command = __webpack_require__(9693);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-s3/dist-es/commands/GetObjectCommand.js
var GetObjectCommand = __webpack_require__(40);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-s3/dist-es/commands/PutObjectCommand.js
var PutObjectCommand = __webpack_require__(5539);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-s3/dist-es/commands/GetObjectTaggingCommand.js
var GetObjectTaggingCommand = __webpack_require__(57);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-s3/dist-es/commands/DeleteObjectCommand.js
var DeleteObjectCommand = __webpack_require__(715);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-s3/dist-es/commands/DeleteObjectsCommand.js
var DeleteObjectsCommand = __webpack_require__(7358);
;// CONCATENATED MODULE: ./src/tags.ts
// Ownership tags: every resource the action creates carries them; prune and destroy only ever touch
// resources whose tags say they belong to this pipeline at this location.

const TAG_PIPELINE = 'glue-pipeline-deploy:pipeline';
const TAG_LOCATION = 'glue-pipeline-deploy:location';
function ownershipTags(stateMachineName, location) {
    return { [TAG_PIPELINE]: stateMachineName, [TAG_LOCATION]: s3Uri(location) };
}
/** User tags first; the ownership tags cannot be overridden. */
function resourceTags(userTags, stateMachineName, location) {
    return { ...userTags, ...ownershipTags(stateMachineName, location) };
}
/**
 * Whose a resource is, from its tags: ours when both ownership tags equal ours; foreign when either
 * names another pipeline or location; unowned when it carries neither (made by hand, or by other tools).
 */
function ownershipOf(tags, ours) {
    const keys = [TAG_PIPELINE, TAG_LOCATION];
    if (keys.every((k) => tags[k] === ours[k]))
        return 'ours';
    return keys.some((k) => tags[k] !== undefined) ? 'foreign' : 'unowned';
}
/** "pipeline X at s3://…", for messages about a resource owned by someone else. */
function describeOwner(tags) {
    return `pipeline ${tags[TAG_PIPELINE] ?? '(none)'} at ${tags[TAG_LOCATION] ?? '(no location)'}`;
}
/**
 * Why a resource is not ours to delete, from the tags read right before the delete (undefined: it
 * is ours). A listing a few seconds old may be stale: another pipeline may have taken it over since.
 */
function notOursReason(tags, ours) {
    const owner = ownershipOf(tags, ours);
    if (owner === 'ours')
        return undefined;
    return owner === 'foreign'
        ? `it is now tagged as ${describeOwner(tags)}`
        : "it no longer carries this pipeline's ownership tags";
}
/** The pull request a preview was deployed for: how mode sweep finds previews whose PR is closed. */
const TAG_PULL_REQUEST = 'glue-pipeline-deploy:pull-request';
/** `{TAG_PULL_REQUEST: "<n>"}` in a pull_request run (GITHUB_REF refs/pull/<n>/merge), else `{}`. */
function pullRequestTags(env) {
    if (!/^pull_request/.test(env.GITHUB_EVENT_NAME ?? ''))
        return {};
    const n = /^refs\/pull\/(\d+)\//.exec(env.GITHUB_REF ?? '')?.[1];
    return n ? { [TAG_PULL_REQUEST]: n } : {};
}

;// CONCATENATED MODULE: ./src/artifacts/identity.ts
// Content identity of a local file (its git blob id), computed while streaming: a large file is
// never held in memory whole.


const CHUNK = 1024 * 1024;
/**
 * Calls `feed` with the file's bytes, chunk by chunk, through one reused buffer (a read stream
 * allocates a new chunk per read: hundreds of MiB of garbage on large files before the GC runs).
 * `feed` must not keep the chunk. Returns the number of bytes read.
 */
async function readChunks(path, feed) {
    const fh = await (0,promises_.open)(path, 'r');
    try {
        const buf = Buffer.allocUnsafe(CHUNK);
        let total = 0;
        for (;;) {
            const { bytesRead } = await fh.read(buf, 0, CHUNK, null);
            if (bytesRead === 0)
                return total;
            feed(buf.subarray(0, bytesRead));
            total += bytesRead;
        }
    }
    finally {
        await fh.close();
    }
}
/** The git blob id of some bytes: sha1(`blob <size>\0` + bytes), what `git hash-object` prints. */
function gitBlobIdOf(body) {
    return (0,external_node_crypto_.createHash)('sha1').update(`blob ${body.length}\0`).update(body).digest('hex');
}
/** The git blob id of a file, streamed. `size` must be the file's size (from stat). */
async function gitBlobIdOfFile(path, size) {
    const h = (0,external_node_crypto_.createHash)('sha1').update(`blob ${size}\0`);
    const seen = await readChunks(path, (chunk) => h.update(chunk));
    // The file changed between stat and read: an id of a size it no longer has would be wrong.
    if (seen !== size)
        throw new Error(`${path} changed while it was being read (${size} → ${seen} bytes)`);
    return h.digest('hex');
}

;// CONCATENATED MODULE: ./src/s3-sync/etag.ts
// The ETags S3 would give local bytes (plain MD5, or the multipart form for a given part size), so
// an object this action has no record of can be compared without downloading it.


/**
 * The ETag S3 gives an object uploaded in parts of `partSize` bytes: MD5 of the concatenated
 * binary part MD5s, then `-<number of parts>`. Objects of at most `partSize` bytes are uploaded
 * in one PUT: their ETag is the plain MD5.
 */
function multipartEtag(partMd5s) {
    const h = (0,external_node_crypto_.createHash)('md5');
    for (const d of partMd5s)
        h.update(d);
    return `${h.digest('hex')}-${partMd5s.length}`;
}
/** Number of parts a `size`-byte object has when uploaded with `partSize` (1 = single PUT). */
function partCount(size, partSize) {
    return size <= partSize ? 1 : Math.ceil(size / partSize);
}
/**
 * ETags the bytes would have, for each part size asked (one read however many sizes): the plain
 * MD5 when the object fits in one part, else the multipart form.
 */
async function localEtags(source, partSizes) {
    const whole = (0,external_node_crypto_.createHash)('md5');
    const cuts = partSizes.map((partSize) => ({
        partSize,
        parts: [],
        cur: (0,external_node_crypto_.createHash)('md5'),
        fill: 0,
    }));
    const feed = (buf) => {
        whole.update(buf);
        for (const c of cuts) {
            let off = 0;
            while (off < buf.length) {
                const n = Math.min(c.partSize - c.fill, buf.length - off);
                c.cur.update(buf.subarray(off, off + n));
                c.fill += n;
                off += n;
                if (c.fill === c.partSize)
                    closePart(c);
            }
        }
    };
    if (source.body !== undefined)
        feed(source.body);
    else if (source.path !== undefined)
        await readChunks(source.path, feed);
    else
        throw new Error('localEtags needs a path or a body');
    const md5 = whole.digest('hex');
    const out = new Map();
    for (const c of cuts) {
        if (c.fill > 0)
            closePart(c);
        out.set(c.partSize, c.parts.length <= 1 ? md5 : multipartEtag(c.parts));
    }
    return out;
}
function closePart(c) {
    c.parts.push(c.cur.digest());
    c.cur = (0,external_node_crypto_.createHash)('md5');
    c.fill = 0;
}
/**
 * Whether an ETag S3 returned is the MD5 of the bytes: true unless the object is encrypted with
 * KMS or a customer key (their ETags are not MD5s) or the answer has no plain 32-hex ETag.
 */
function etagIsMd5(etag, encryption) {
    if (encryption.sseCustomer)
        return false;
    if (encryption.sse && encryption.sse !== 'AES256')
        return false;
    return /^[0-9a-f]{32}$/.test(etag);
}

;// CONCATENATED MODULE: ./src/s3-sync/aws.ts
// The S3 calls (but multipart uploads, in aws-multipart.ts): listing, single PUTs, the state object,
// tags, deletes.



/**
 * Tagging of every object this action writes: the ownership tag the Glue jobs and the state machine
 * carry, valued with the pipeline name.
 */
function ownerTagging(pipeline) {
    return `${encodeURIComponent(TAG_PIPELINE)}=${encodeURIComponent(pipeline)}`;
}
const unquote = (etag) => etag.replace(/^"|"$/g, '');
/**
 * Size and ETag of every key under `prefix` + each folder (pages of 1,000), keyed relative to
 * `prefix`. Listing only the folders the sync touches keeps a large `databases/` out of it.
 */
async function listFolders(s3, bucket, prefix, folders) {
    const out = new Map();
    for (const folder of folders) {
        let token;
        do {
            const page = await s3.send(new ListObjectsV2Command/* ListObjectsV2Command */.u({ Bucket: bucket, Prefix: prefix + folder, ContinuationToken: token }));
            for (const o of page.Contents ?? []) {
                if (o.Key === undefined || !o.Key.startsWith(prefix))
                    continue;
                out.set(o.Key.slice(prefix.length), { etag: unquote(o.ETag ?? ''), size: o.Size ?? 0 });
            }
            token = page.IsTruncated ? page.NextContinuationToken : undefined;
        } while (token);
    }
    return out;
}
/** The body of an object, or undefined when there is none. */
async function getText(s3, bucket, key) {
    try {
        const r = await s3.send(new GetObjectCommand/* GetObjectCommand */.j({ Bucket: bucket, Key: key }));
        return await r.Body?.transformToString('utf8');
    }
    catch (e) {
        if (isNotFound(e))
            return undefined;
        throw e;
    }
}
/**
 * One PUT with the body in memory (the SDK can retry it; a stream could not be replayed), sent as an
 * unsigned payload: no SHA-256 of the body for the signature and (with the client's
 * requestChecksumCalculation: WHEN_REQUIRED) no SDK checksum; the caller's MD5 of the body is checked
 * against the ETag S3 answers instead, the one hash of each byte. Returns the ETag.
 */
async function putObject(t, body, contentType, md5) {
    const r = await t.s3.send(unsignedPayload(new PutObjectCommand/* PutObjectCommand */.w({
        Bucket: t.bucket,
        Key: t.key,
        Body: body,
        ContentType: contentType,
        Tagging: t.tagging,
    })));
    const etag = unquote(r.ETag ?? '');
    checkEtag(t.key, etag, md5, { sse: r.ServerSideEncryption, sseCustomer: r.SSECustomerAlgorithm });
    return etag;
}
/**
 * Signs the command's body as UNSIGNED-PAYLOAD (the signer takes a preset x-amz-content-sha256 as
 * the payload hash) instead of hashing it with SHA-256: the body is covered by its MD5 instead.
 */
function unsignedPayload(command) {
    command.middlewareStack.add((next) => async (args) => {
        const req = args.request;
        if (req.headers)
            req.headers['x-amz-content-sha256'] = 'UNSIGNED-PAYLOAD';
        return next(args);
    }, { step: 'build', name: 'glue-pipeline-deploy-unsigned-payload' });
    return command;
}
/** Throws when S3's ETag is an MD5 and not the one of the bytes sent (they were damaged on the way). */
function checkEtag(what, etag, md5, encryption) {
    if (etagIsMd5(etag, encryption) && etag !== md5.toString('hex')) {
        throw new Error(`${what}: S3 stored other bytes than were sent (ETag ${etag}, MD5 ${md5.toString('hex')})`);
    }
}
/** Writes a small JSON object (a retried PUT of the same bytes is harmless). */
async function putJson(s3, bucket, key, body, tagging) {
    await s3.send(new PutObjectCommand/* PutObjectCommand */.w({
        Bucket: bucket,
        Key: key,
        Body: body,
        ContentType: 'application/json',
        Tagging: tagging,
    }));
}
/** The pipeline named by the object's owner tag, if any. */
async function ownerOf(s3, bucket, key) {
    try {
        const r = await s3.send(new GetObjectTaggingCommand/* GetObjectTaggingCommand */.u({ Bucket: bucket, Key: key }));
        return r.TagSet?.find((t) => t.Key === TAG_PIPELINE)?.Value;
    }
    catch (e) {
        if (isNotFound(e))
            return undefined;
        throw e;
    }
}
/** Deletes one key (deleting a missing key succeeds). */
async function deleteObject(s3, bucket, key) {
    await s3.send(new DeleteObjectCommand/* DeleteObjectCommand */.k({ Bucket: bucket, Key: key }));
}
/**
 * Deletes keys in batches of 1,000 (DeleteObjects' limit). Deleting a missing key succeeds, so a
 * retried batch is harmless. Per-key failures are returned, not thrown, so the caller can still
 * record what was deleted.
 */
async function deleteKeys(s3, bucket, keys) {
    const deleted = new Set();
    const failed = [];
    for (let i = 0; i < keys.length; i += 1000) {
        const batch = keys.slice(i, i + 1000);
        const r = await s3.send(new DeleteObjectsCommand/* DeleteObjectsCommand */.x({
            Bucket: bucket,
            Delete: { Quiet: true, Objects: batch.map((Key) => ({ Key })) },
        }));
        const errs = new Map((r.Errors ?? []).map((e) => [e.Key, `${e.Code}: ${e.Message}`]));
        for (const k of batch)
            if (!errs.has(k))
                deleted.add(k);
        for (const [k, m] of errs)
            failed.push(`${k} (${m})`);
    }
    return { deleted, failed };
}
function isNotFound(e) {
    const err = e;
    if (err?.name === 'NoSuchBucket')
        return false;
    return err?.name === 'NoSuchKey' || err?.name === 'NotFound' || err?.$metadata?.httpStatusCode === 404;
}

// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(7075);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-s3/dist-es/commands/CreateMultipartUploadCommand.js
var CreateMultipartUploadCommand = __webpack_require__(9210);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-s3/dist-es/commands/AbortMultipartUploadCommand.js
var AbortMultipartUploadCommand = __webpack_require__(1694);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-s3/dist-es/commands/CompleteMultipartUploadCommand.js
var CompleteMultipartUploadCommand = __webpack_require__(5309);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-s3/dist-es/commands/HeadObjectCommand.js
var HeadObjectCommand = __webpack_require__(7076);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-s3/dist-es/commands/UploadPartCommand.js
var UploadPartCommand = __webpack_require__(6963);
// EXTERNAL MODULE: external "node:timers/promises"
var external_node_timers_promises_ = __webpack_require__(8500);
// EXTERNAL MODULE: ./node_modules/@smithy/core/dist-cjs/submodules/retry/index.js
var retry = __webpack_require__(3609);
;// CONCATENATED MODULE: ./src/aws/replay.ts
// Retries for calls whose body is a stream: the SDK does not retry those (a stream read once cannot
// be sent again), so each attempt here makes its body and command anew. Whether and when to retry
// is decided by the client's own retry strategy (the same attempts, backoff and adaptive rate
// limiting as every other call) and the SDK's own error classification.


/** The SDK's retry classes of an error (its retry middleware classifies the same way). */
function errorType(error) {
    const e = error;
    if ((0,retry.isThrottlingError)(e))
        return 'THROTTLING';
    if ((0,retry.isTransientError)(e))
        return 'TRANSIENT';
    if ((0,retry.isServerError)(e))
        return 'SERVER_ERROR';
    return 'CLIENT_ERROR';
}
/**
 * Runs `attempt` (which builds its body and sends it) until it succeeds or the client's retry
 * strategy gives up; throws the last error then. `signal` stops the waiting between attempts.
 */
async function withReplays(client, attempt, signal) {
    const strategy = (await client.config.retryStrategy());
    let token = await strategy.acquireInitialRetryToken('');
    for (let n = 1;; n++) {
        try {
            const out = await attempt(n);
            strategy.recordSuccess(token);
            return out;
        }
        catch (error) {
            if (signal?.aborted)
                throw error;
            try {
                token = await strategy.refreshRetryTokenForRetry(token, { errorType: errorType(error), error });
            }
            catch {
                throw error;
            }
            const delay = token.getRetryDelay();
            if (delay > 0)
                await (0,external_node_timers_promises_.setTimeout)(delay, undefined, { signal }).catch(() => Promise.reject(error));
        }
    }
}
// Only `warn`: the SDK's request logging (`info`, `error`) is skipped without a method to call.
const STREAM_LOGGER = { warn: () => undefined };
/**
 * Keeps the SDK from printing "An error was encountered in a non-retryable streaming request." on
 * a failed attempt of this command: the attempt is made again by withReplays, so the line would
 * mislead whoever reads the log.
 */
function replayedStream(command) {
    const quiet = (next, context) => (args) => {
        context.logger = STREAM_LOGGER;
        return next(args);
    };
    command.middlewareStack.add(quiet, {
        step: 'initialize',
        priority: 'high',
        name: 'glue-pipeline-deploy:replayed-stream',
    });
    return command;
}

;// CONCATENATED MODULE: ./src/s3-sync/aws-multipart.ts
// Multipart upload read from disk part by part. Written out (instead of lib-storage's Upload)
// because memory is then exact: a part read from a file is streamed from its offset (a read buffer
// in memory, not the part), and hashed on its way out. lib-storage concatenates stream chunks
// into part buffers: the garbage made RSS swing from 210 to 310 MiB on 10 × 64 MiB.
// The SDK cannot replay a stream, so a streamed part is retried here (aws/replay.ts) with a new
// stream; a CompleteMultipartUpload retried after its answer was lost is recognised.








// Read size of a streamed part: 8 MiB goes out in 32 reads, and each part in flight holds about
// two of them (one read ahead).
const READ_BYTES = 256 * 1024;
/** Uploads in parts of `partSize` (last one shorter), `queueSize` at once. Returns the ETag. */
async function uploadMultipart(t, src, partSize, queueSize) {
    const count = Math.ceil(src.size / partSize);
    // With the SDK's default checksums every part carries a CRC32; S3 then wants the upload to
    // declare it (as lib-storage does), or it refuses the parts.
    // (The action's client uses WHEN_REQUIRED: each part is covered by its MD5, checked against its ETag.)
    const withCrc = (await t.s3.config.requestChecksumCalculation()) === 'WHEN_SUPPORTED';
    const created = await t.s3.send(new CreateMultipartUploadCommand/* CreateMultipartUploadCommand */.n({
        Bucket: t.bucket,
        Key: t.key,
        ContentType: t.contentType,
        Tagging: t.tagging,
        ...(withCrc ? { ChecksumAlgorithm: 'CRC32' } : {}),
    }));
    const uploadId = created.UploadId;
    const encryption = { sse: created.ServerSideEncryption, sseCustomer: created.SSECustomerAlgorithm };
    const parts = new Array(count);
    const md5s = new Array(count);
    try {
        let next = 0;
        const worker = async () => {
            for (let i = next++; i < count; i = next++) {
                const offset = i * partSize;
                const len = Math.min(partSize, src.size - offset);
                const part = { uploadId, partNumber: i + 1, offset, len };
                const sent = src.body
                    ? await sendBuffer(t, part, src.body.subarray(offset, offset + len))
                    : withCrc
                        ? await sendRead(t, part, src.path)
                        : await withReplays(t.s3, () => sendStreamed(t, part, src.path));
                md5s[i] = sent.md5;
                const r = sent.output;
                checkEtag(`${t.key} part ${i + 1}`, unquote(r.ETag ?? ''), md5s[i], encryption);
                parts[i] = {
                    PartNumber: i + 1,
                    ETag: r.ETag,
                    ...(r.ChecksumCRC32 ? { ChecksumCRC32: r.ChecksumCRC32 } : {}),
                };
            }
        };
        await Promise.all(Array.from({ length: Math.min(queueSize, count) }, worker));
    }
    catch (e) {
        await t.s3
            .send(new AbortMultipartUploadCommand/* AbortMultipartUploadCommand */.t({ Bucket: t.bucket, Key: t.key, UploadId: uploadId }))
            .catch(() => undefined);
        throw e;
    }
    const expected = multipartEtag(md5s);
    try {
        const done = await t.s3.send(new CompleteMultipartUploadCommand/* CompleteMultipartUploadCommand */.G({
            Bucket: t.bucket,
            Key: t.key,
            UploadId: uploadId,
            MultipartUpload: { Parts: parts },
        }));
        return unquote(done.ETag ?? expected);
    }
    catch (e) {
        // A retry of a Complete that S3 already applied finds no upload: the object is there if its
        // ETag is the one these parts make.
        if (e.name === 'NoSuchUpload') {
            const head = await t.s3.send(new HeadObjectCommand/* HeadObjectCommand */.l({ Bucket: t.bucket, Key: t.key }));
            if (unquote(head.ETag ?? '') === expected)
                return expected;
        }
        throw e;
    }
}
/** A part already in memory: the SDK retries it itself. */
async function sendBuffer(t, p, body) {
    const md5 = (0,external_node_crypto_.createHash)('md5').update(body).digest();
    return { output: await t.s3.send(partCommand(t, p, body)), md5 };
}
/**
 * One attempt of a part streamed from the file, hashed as it is sent. A read error, or a file that
 * ends early (it changed), aborts the request at once instead of leaving it to the socket timeout.
 */
async function sendStreamed(t, p, path) {
    const hashing = new HashingPass(p);
    const file = (0,external_node_fs_.createReadStream)(path, {
        start: p.offset,
        end: p.offset + p.len - 1,
        highWaterMark: READ_BYTES,
    });
    const abort = new AbortController();
    const fail = (e) => {
        if (!abort.signal.aborted)
            abort.abort(e);
    };
    file.on('error', (e) => hashing.destroy(e));
    hashing.on('error', fail);
    file.pipe(hashing);
    try {
        const output = await t.s3.send(replayedStream(partCommand(t, p, hashing)), { abortSignal: abort.signal });
        return { output, md5: hashing.hash.digest() };
    }
    catch (e) {
        throw abort.signal.aborted ? abort.signal.reason : e;
    }
    finally {
        file.destroy();
    }
}
/** A part read into memory (for a client that adds its own checksums, which read the body). */
async function sendRead(t, p, path) {
    const fh = await (0,promises_.open)(path, 'r');
    try {
        const body = Buffer.allocUnsafe(p.len);
        const { bytesRead } = await fh.read(body, 0, p.len, p.offset);
        if (bytesRead !== p.len)
            throw changed(p, bytesRead);
        return await sendBuffer(t, p, body);
    }
    finally {
        await fh.close();
    }
}
const changed = (p, got) => new Error(`part ${p.partNumber}: the file ended ${got} bytes into it, expected ${p.len}: it changed`);
function partCommand(t, p, body) {
    return unsignedPayload(new UploadPartCommand/* UploadPartCommand */.i({
        Bucket: t.bucket,
        Key: t.key,
        UploadId: p.uploadId,
        PartNumber: p.partNumber,
        Body: body,
        ContentLength: p.len,
    }));
}
/** Passes the bytes through and takes their MD5 on the way (one hash per byte). */
class HashingPass extends external_node_stream_.Transform {
    part;
    hash = (0,external_node_crypto_.createHash)('md5');
    bytes = 0;
    constructor(part) {
        super();
        this.part = part;
    }
    _transform(chunk, _enc, done) {
        this.hash.update(chunk);
        this.bytes += chunk.length;
        done(null, chunk);
    }
    _flush(done) {
        done(this.bytes === this.part.len ? null : changed(this.part, this.bytes));
    }
}

// EXTERNAL MODULE: external "node:v8"
var external_node_v8_ = __webpack_require__(8877);
// EXTERNAL MODULE: external "node:vm"
var external_node_vm_ = __webpack_require__(714);
;// CONCATENATED MODULE: ./src/s3-sync/memory.ts
// Memory of the uploads: a byte budget for the bodies held at once, and full garbage collections
// between uploads.
//
// V8 lets the heap grow far beyond the live data before it collects: during thousands of small
// uploads the SDK's per-request garbage, promoted out of the young generation, grows the old one
// until V8's own (throughput-minded) limit. The action's thread has a bounded young generation
// (thread.ts); a full collection whenever V8's used heap grew 8 MiB since its low point keeps the
// old one near the live data. Measured on bench item 1 (5,000 small + 10 × 64 MiB files, versitygw,
// A/B runs against the bundle before): peak RSS 178-198 MiB and no more CPU, where triggering on
// RSS above 170 MiB gave 182-192 MiB for 1.5-2.5 s more CPU (RSS does not fall after a collection,
// so every check collected), and 16 / 32 MiB of growth 190-193 / 200-212 MiB.
// The collection is started through `vm.measureMemory` with eager execution, documented to start
// a garbage collection at once: no `--expose-gc` set at run time (changing V8 flags after start-up
// is documented as unsafe).


/** At most `capacity` bytes of file bodies held in memory by uploads at once. */
class ByteBudget {
    capacity;
    used = 0;
    waiting = [];
    constructor(capacity) {
        this.capacity = capacity;
    }
    /** Runs `fn` once `n` bytes (capped at the capacity, so a big body still runs alone) are free. */
    async use(bytes, fn) {
        const n = Math.min(Math.max(bytes, 0), this.capacity);
        if (this.waiting.length > 0 || this.used + n > this.capacity) {
            await new Promise((go) => this.waiting.push({ n, go }));
        }
        else {
            this.used += n;
        }
        try {
            return await fn();
        }
        finally {
            this.used -= n;
            // First come, first served: a large body is not starved by a stream of small ones.
            while (this.waiting.length > 0 && this.used + this.waiting[0].n <= this.capacity) {
                const next = this.waiting.shift();
                this.used += next.n;
                next.go();
            }
        }
    }
}
/** Starts a full garbage collection (it runs on this thread; nothing waits for its result). */
function collectGarbage() {
    // measureMemory is experimental and says so once per process on stderr, in every action log;
    // only that call's warning is held back (it is emitted synchronously).
    const emitWarning = process.emitWarning;
    process.emitWarning = () => undefined;
    try {
        (0,external_node_vm_.measureMemory)({ mode: 'summary', execution: 'eager' }).catch(() => undefined);
    }
    catch {
        // A runtime without it: no collection, as before there was one.
    }
    finally {
        process.emitWarning = emitWarning;
    }
}
/**
 * Returns a function to call after each upload: every `every` calls it looks at V8's used heap
 * (cheap) and collects when it grew more than `growthBytes` above its lowest value seen since the
 * last collection, i.e. when that much garbage may have piled up. Small syncs never pay for a
 * collection; large ones pay one per `growthBytes` of promoted garbage, not one per check.
 */
function gcOnGrowth(growthBytes, every = 100, used = heapUsed, collect = collectGarbage) {
    let n = 0;
    let low = used();
    return () => {
        if (++n % every !== 0)
            return;
        const now = used();
        if (now < low)
            low = now;
        else if (now - low > growthBytes) {
            collect();
            // The collection finishes later: the next check finds the heap lower and starts from there.
            low = now;
        }
    };
}
function heapUsed() {
    return (0,external_node_v8_.getHeapStatistics)().used_heap_size;
}

;// CONCATENATED MODULE: ./src/state-machine/durations.ts
// Measured job durations as the schedule builder's expectations. The state object keeps the last
// few measured durations of each job (seconds); the expectation is their median, which smooths the
// run-to-run noise of one job and ignores a single odd run (a backfill, a run that waited for
// capacity), where a mean or the last run alone would follow it.
/** Measured durations kept per job: enough for a stable median, few enough to follow a real change. */
const DURATIONS_KEPT = 5;
/** The job's history with one more measurement, oldest dropped beyond DURATIONS_KEPT. */
function withMeasurement(history, seconds) {
    return [...(history ?? []), seconds].slice(-DURATIONS_KEPT);
}
/** Median of the measurements (mean of the middle two for an even count); undefined for none. */
function expectedDuration(history) {
    if (!history || history.length === 0)
        return undefined;
    const sorted = [...history].sort((a, b) => a - b);
    const mid = sorted.length >> 1;
    return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

;// CONCATENATED MODULE: ./src/s3-sync/state.ts
// The state object: for each key this action uploaded, the identity of the content it came from
// and the ETag S3 gave it. One GET tells what is unchanged without reading any file.

/** Folder (under the prefix) of this action's own bookkeeping. */
const STATE_FOLDER = '.glue-pipeline-deploy';
/** Full key of a pipeline's state object. One per pipeline, so pipelines sharing a prefix never race. */
function stateKey(prefix, pipeline) {
    return `${prefix}${STATE_FOLDER}/${encodeURIComponent(pipeline)}/state.json`;
}
function emptyState(pipeline) {
    return { version: 1, pipeline, files: {} };
}
/** Parses the stored state. Anything unreadable counts as no state: every file falls back to ETags. */
function parseState(text, pipeline) {
    let raw;
    try {
        raw = JSON.parse(text);
    }
    catch {
        return emptyState(pipeline);
    }
    const r = raw;
    if (r?.version !== 1 || typeof r.files !== 'object' || r.files === null)
        return emptyState(pipeline);
    const files = {};
    for (const [key, e] of Object.entries(r.files)) {
        const v = e;
        if (v && typeof v.identity === 'string' && typeof v.etag === 'string' && typeof v.size === 'number') {
            files[key] = { identity: v.identity, etag: v.etag, size: v.size, owned: v.owned === true };
        }
    }
    const jobs = {};
    if (r.jobs && typeof r.jobs === 'object') {
        for (const [name, fields] of Object.entries(r.jobs)) {
            if (Array.isArray(fields) && fields.every((f) => typeof f === 'string'))
                jobs[name] = fields;
        }
    }
    const durations = {};
    if (r.durations && typeof r.durations === 'object') {
        for (const [name, ds] of Object.entries(r.durations)) {
            if (Array.isArray(ds) && ds.length > 0 && ds.every((d) => typeof d === 'number' && d >= 0)) {
                durations[name] = ds;
            }
        }
    }
    const scheduleGroup = r.scheduleGroup === null || typeof r.scheduleGroup === 'string' ? r.scheduleGroup : undefined;
    return withOptional({ version: 1, pipeline, files }, jobs, durations, scheduleGroup);
}
/** The optional records are left out when empty, so a state without them keeps its old bytes. */
function withOptional(base, jobs, durations, scheduleGroup) {
    const out = { ...base };
    if (jobs && Object.keys(jobs).length > 0)
        out.jobs = jobs;
    if (durations && Object.keys(durations).length > 0)
        out.durations = durations;
    if (scheduleGroup !== undefined)
        out.scheduleGroup = scheduleGroup;
    return out;
}
/** Stable text: keys sorted, so an unchanged state serializes to the same bytes. */
function serializeState(state) {
    const files = {};
    for (const key of Object.keys(state.files).sort()) {
        const e = state.files[key];
        files[key] = { identity: e.identity, etag: e.etag, size: e.size, owned: e.owned };
    }
    const jobs = {};
    for (const name of Object.keys(state.jobs ?? {}).sort())
        jobs[name] = [...state.jobs[name]].sort();
    const durations = {};
    for (const name of Object.keys(state.durations ?? {}).sort())
        durations[name] = [...state.durations[name]];
    const body = withOptional({ version: 1, pipeline: state.pipeline, files }, jobs, durations, state.scheduleGroup);
    return `${JSON.stringify(body, null, 1)}\n`;
}
/** The state after applying a plan (pure). Failed uploads keep their old entry. */
function nextState(prev, files, orphans, outcome) {
    const next = { ...prev.files };
    const desired = new Set(files.map((f) => f.key));
    for (const f of files) {
        const etag = outcome.uploaded.get(f.key);
        if (etag !== undefined) {
            next[f.key] = { identity: f.file.identity, etag, size: f.size, owned: true };
        }
        else if (f.action === 'unchanged' && f.adopt) {
            next[f.key] = f.adopt;
        }
    }
    for (const key of Object.keys(next)) {
        // An adopted (not owned) object that is no longer wanted is simply forgotten.
        if (!desired.has(key) && !next[key].owned)
            delete next[key];
    }
    if (outcome.prune) {
        for (const o of orphans) {
            // Deleted, already gone, or overwritten by someone else: in every case no longer ours.
            if (outcome.deleted.has(o.key) || !o.deletable)
                delete next[o.key];
        }
    }
    return withOptional({ version: 1, pipeline: prev.pipeline, files: next }, outcome.jobs ?? prev.jobs, prev.durations, outcome.scheduleGroup !== undefined ? outcome.scheduleGroup : prev.scheduleGroup);
}
/**
 * The state with one more measured duration (seconds) per job of a followed execution; other jobs
 * keep theirs, jobs no longer in the pipeline (`current`: Glue names) are forgotten. Pure.
 */
function withDurations(state, measured, current) {
    const durations = {};
    for (const [name, ds] of Object.entries(state.durations ?? {}))
        if (current.has(name))
            durations[name] = ds;
    for (const [name, seconds] of measured) {
        if (current.has(name))
            durations[name] = withMeasurement(durations[name], Math.round(seconds));
    }
    return withOptional({ version: 1, pipeline: state.pipeline, files: state.files }, state.jobs, durations, state.scheduleGroup);
}

;// CONCATENATED MODULE: ./src/s3-sync/apply.ts
// applySync: upload what the plan says (bounded concurrency and memory), prune owned orphans,
// then write the state object once. Each write is safe to repeat: a PUT of the same bytes, a
// delete of a gone key. The state goes last, so an interrupted run only uploads again.








const MiB = 1024 * 1024;
// Files up to this size are read synchronously: from the page cache that takes microseconds, while
// an async readFile costs four thread-pool round trips (open, fstat, read, close) of main-thread work
// each. Measured on 5,000 small files: about 1 s less CPU and wall time in the sync (bench item 1).
const SYNC_READ_MAX = 256 * 1024;
class SyncError extends Error {
    result;
    constructor(message, result) {
        super(message);
        this.result = result;
        this.name = 'SyncError';
    }
}
async function applySync(s3, plan, opts = {}) {
    const todo = plan.files.filter((f) => f.action !== 'unchanged');
    const deletable = opts.prune ? plan.orphans.filter((o) => o.deletable).map((o) => o.key) : [];
    const total = todo.length + deletable.length;
    let done = 0;
    const progress = (key, action, bytes) => opts.onProgress?.({ key, action, bytes, done: ++done, total });
    const tagging = ownerTagging(plan.pipeline);
    const single = (0,p_limit/* default */.A)(opts.concurrency ?? 16);
    const multi = (0,p_limit/* default */.A)(opts.multipartConcurrency ?? 2);
    const budget = new ByteBudget(opts.maxBufferedBytes ?? 64 * MiB);
    const uploaded = new Map();
    const errors = [];
    let bytes = 0;
    const tidy = gcOnGrowth(opts.gcAfterGrowthBytes ?? 8 * MiB);
    await Promise.all(todo.map(async (f) => {
        const target = { s3, bucket: plan.bucket, key: plan.prefix + f.key, tagging };
        try {
            const etag = f.size > plan.partSize
                ? await multi(() => uploadInParts(target, f.file, plan.partSize, opts.queueSize ?? 2))
                : await single(() => budget.use(f.size, () => uploadWhole(target, f)));
            uploaded.set(f.key, etag);
            bytes += f.size;
            tidy();
            progress(f.key, 'upload', f.size);
        }
        catch (e) {
            errors.push(`${f.key}: ${e.message}`);
        }
    }));
    let deleted = new Set();
    if (deletable.length > 0) {
        try {
            const r = await deleteKeys(s3, plan.bucket, deletable.map((k) => plan.prefix + k));
            deleted = new Set([...r.deleted].map((k) => k.slice(plan.prefix.length)));
            errors.push(...r.failed);
            for (const k of deleted)
                progress(k, 'delete', 0);
        }
        catch (e) {
            errors.push(`delete: ${e.message}`);
        }
    }
    // Written even after a partial failure, so what did succeed is remembered as ours.
    const next = nextState(plan.state, plan.files, plan.orphans, {
        uploaded,
        deleted,
        prune: opts.prune === true,
        jobs: opts.jobs,
        scheduleGroup: opts.scheduleGroup,
    });
    const text = serializeState(next);
    const changed = plan.stateExisted
        ? text !== serializeState(plan.state)
        : Object.keys(next.files).length > 0;
    const result = {
        uploaded: uploaded.size,
        unchanged: plan.files.length - todo.length,
        deleted: deleted.size,
        bytes,
        stateWritten: false,
        state: changed ? next : plan.state,
    };
    if (changed && !opts.noStateWrite) {
        await putJson(s3, plan.bucket, plan.stateKey, text, tagging);
        result.stateWritten = true;
    }
    if (errors.length > 0) {
        throw new SyncError(`S3 sync failed for ${errors.length} object(s):\n${errors.join('\n')}`, result);
    }
    return result;
}
/**
 * Records the jobs' declared fields and the schedule group once they are written: one PUT of the
 * state object, only when the record differs from `current` (the state as the sync left it).
 * Returns the state now stored.
 */
async function recordDeploy(s3, plan, current, record) {
    const next = { ...current, ...record };
    const text = serializeState(next);
    if (text === serializeState(current))
        return current;
    await putJson(s3, plan.bucket, plan.stateKey, text, ownerTagging(plan.pipeline));
    return next;
}
/**
 * Records the durations measured in a followed execution: one PUT of the state object (`current`:
 * the state as the deploy left it), none when nothing was measured. Returns the state now stored.
 */
async function recordDurations(s3, plan, current, measured, jobs) {
    if (measured.size === 0)
        return current;
    const next = withDurations(current, measured, jobs);
    const text = serializeState(next);
    if (text === serializeState(current))
        return current;
    await putJson(s3, plan.bucket, plan.stateKey, text, ownerTagging(plan.pipeline));
    return next;
}
/** Deletes the pipeline's state object (destroy: nothing of it is left to track), when there was one. */
async function deleteSyncState(s3, plan) {
    if (plan.stateExisted)
        await deleteObject(s3, plan.bucket, plan.stateKey);
}
/** One PUT with the body in memory, checked against the size the plan saw. */
async function uploadWhole(t, f) {
    const body = f.file.body ?? (f.size <= SYNC_READ_MAX ? (0,external_node_fs_.readFileSync)(f.file.path) : await (0,promises_.readFile)(f.file.path));
    if (body.length !== f.size)
        throw new Error(`${f.file.source} changed since the plan (${f.size} → ${body.length} bytes)`);
    return putObject(t, body, f.file.contentType, (0,external_node_crypto_.hash)('md5', body, 'buffer'));
}
/** Multipart upload streamed from disk part by part, queueSize parts at once. */
function uploadInParts(t, file, partSize, queueSize) {
    return uploadMultipart({ ...t, contentType: file.contentType }, file, partSize, queueSize);
}

;// CONCATENATED MODULE: ./src/s3-sync/decide.ts

const decide_MiB = 1024 * 1024;
/** Part sizes common uploaders use (aws cli 8 MiB, SDKs 5 MiB, …), tried when the ETag is multipart. */
const COMMON_PART_SIZES = [5 * decide_MiB, 8 * decide_MiB, 16 * decide_MiB, 15 * decide_MiB, 64 * decide_MiB, 100 * decide_MiB];
/**
 * The decision from the listing and the state alone. A state entry is trusted only while the
 * listing still shows the ETag and size recorded for it (nobody overwrote the object since).
 */
function decideFile(file, remote, entry, partSize) {
    if (!remote)
        return { action: 'create', reason: 'not in the bucket' };
    if (entry && entry.etag === remote.etag && entry.size === remote.size) {
        return entry.identity === file.identity && file.size === remote.size
            ? { action: 'unchanged', reason: 'same content as last upload' }
            : { action: 'update', reason: 'content changed' };
    }
    const why = entry ? 'changed in the bucket since last upload' : 'not uploaded by this action';
    if (remote.size !== file.size) {
        return { action: 'update', reason: `${why}; size differs (${remote.size} → ${file.size} bytes)` };
    }
    return { action: 'check-etag', partSizes: etagPartSizes(remote.etag, file.size, partSize) };
}
/** Part sizes under which `size` bytes give the ETag's part count (the plain MD5 when not multipart). */
function etagPartSizes(etag, size, partSize) {
    const m = /-(\d+)$/.exec(etag);
    if (!m)
        return [Number.MAX_SAFE_INTEGER];
    const parts = Number(m[1]);
    return [...new Set([partSize, ...COMMON_PART_SIZES])].filter((p) => partCount(size, p) === parts);
}
/** The decision once the local ETags for the candidate part sizes are known. */
function decideByEtag(remote, localEtags) {
    for (const e of localEtags) {
        if (e === remote.etag)
            return { action: 'unchanged', reason: 'same bytes (ETag matches)' };
    }
    return { action: 'update', reason: 'content differs (ETag)' };
}
/**
 * Keys this action uploaded (owned in the state) that are no longer wanted. Only those whose
 * listing still shows the recorded ETag may be deleted: anything else is not ours any more.
 */
function findOrphans(state, desired, listing) {
    const out = [];
    for (const key of Object.keys(state.files).sort()) {
        const e = state.files[key];
        if (desired.has(key) || !e.owned)
            continue;
        const remote = listing.get(key);
        if (!remote)
            out.push({ key, size: e.size, deletable: false, reason: 'no longer in the repository; already gone' });
        else if (remote.etag !== e.etag)
            out.push({
                key,
                size: remote.size,
                deletable: false,
                reason: 'no longer in the repository; overwritten by someone else, left alone',
            });
        else
            out.push({ key, size: e.size, deletable: true, reason: 'no longer in the repository' });
    }
    return out;
}

;// CONCATENATED MODULE: ./src/s3-sync/plan.ts






const plan_MiB = 1024 * 1024;
/** Default multipart part size; also the size above which a file is uploaded in parts. */
const DEFAULT_PART_SIZE = 8 * plan_MiB;
/** S3 refuses smaller parts (except the last). */
const MIN_PART_SIZE = 5 * plan_MiB;
/**
 * The plan's reads, which need only the folders, not the files: one GET of the state object and the
 * listing of `folders` (e.g. `src_code/`), so they can run while the files are collected.
 */
async function readSyncRemote(s3, opts) {
    const prefix = normalizePrefix(opts.prefix);
    const [stateText, listing] = await Promise.all([
        getText(s3, opts.bucket, stateKey(prefix, opts.pipeline)),
        listFolders(s3, opts.bucket, prefix, opts.folders),
    ]);
    return { stateText, listing, folders: opts.folders };
}
/**
 * Decides, without writing, which files to create, update or leave, and which recorded keys are
 * orphans. Requests: one GET of the state object, ListObjectsV2 pages for the folders involved,
 * and, only for an object this action has no record of but whose size matches, a local read
 * (MD5/multipart ETag) and one GetObjectTagging when it matches.
 */
async function planSync(s3, opts) {
    const prefix = normalizePrefix(opts.prefix);
    const partSize = opts.partSize ?? DEFAULT_PART_SIZE;
    if (partSize < MIN_PART_SIZE)
        throw new Error(`partSize must be at least ${MIN_PART_SIZE} bytes`);
    const key = stateKey(prefix, opts.pipeline);
    const desiredFolders = topFolders(opts.files.map((f) => f.key));
    const remote = await (opts.remote ??
        readSyncRemote(s3, { bucket: opts.bucket, prefix, pipeline: opts.pipeline, folders: desiredFolders }));
    const { stateText, listing } = remote;
    const state = stateText === undefined ? emptyState(opts.pipeline) : parseState(stateText, opts.pipeline);
    // Folders of the files or of the state that the early listing did not cover.
    const more = [...new Set([...desiredFolders, ...topFolders(Object.keys(state.files))])].filter((f) => !remote.folders.includes(f));
    if (more.length)
        for (const [k, v] of await listFolders(s3, opts.bucket, prefix, more))
            listing.set(k, v);
    const limit = (0,p_limit/* default */.A)(opts.hashConcurrency ?? 4);
    const files = await Promise.all(opts.files.map((file) => limit(() => planFile(s3, opts, prefix, partSize, file, listing.get(file.key), state))));
    const orphans = findOrphans(state, new Set(opts.files.map((f) => f.key)), listing);
    return {
        bucket: opts.bucket,
        prefix,
        pipeline: opts.pipeline,
        stateKey: key,
        partSize,
        files,
        orphans,
        state,
        stateExisted: stateText !== undefined,
    };
}
async function planFile(s3, opts, prefix, partSize, file, remote, state) {
    const base = { key: file.key, size: file.size, file };
    const d = decideFile(file, remote, state.files[file.key], partSize);
    if (d.action !== 'check-etag')
        return { ...base, ...d };
    // Only reached with a listed object of the same size that this action has no valid record of.
    const r = remote;
    const byEtag = decideByEtag(r, (await localEtags(file, d.partSizes)).values());
    if (byEtag.action !== 'unchanged')
        return { ...base, ...byEtag };
    const owned = (await ownerOf(s3, opts.bucket, prefix + file.key)) === opts.pipeline;
    return { ...base, ...byEtag, adopt: { identity: file.identity, etag: r.etag, size: r.size, owned } };
}
/** First path segment of each key: the folders to list instead of the whole prefix. */
function topFolders(keys) {
    const out = new Set();
    for (const k of keys) {
        const i = k.indexOf('/');
        out.add(i < 0 ? k : k.slice(0, i + 1));
    }
    return [...out].sort();
}
/** Counts per action, for outputs and the summary line. */
function planCounts(plan, opts = {}) {
    const c = { create: 0, update: 0, unchanged: 0, delete: 0, bytes: 0 };
    for (const f of plan.files) {
        c[f.action]++;
        if (f.action !== 'unchanged')
            c.bytes += f.size;
    }
    if (opts.prune)
        c.delete = plan.orphans.filter((o) => o.deletable).length;
    return c;
}

;// CONCATENATED MODULE: ./src/s3-sync/index.ts
// Public API of the content-addressed S3 sync (the S3 side; the files come from artifacts/).
//
//   const plan = await planSync(s3, { bucket, prefix, files, pipeline });   // no writes
//   const result = await applySync(s3, plan, { prune, onProgress });        // uploads, prune, state
//
// A file is unchanged when the listing still shows the ETag recorded in the pipeline's state
// object and the recorded content identity (git blob id) equals the local one; without a record,
// the local MD5 / multipart ETag is compared. An empty plan makes no write request.





// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-scheduler/dist-es/commands/GetScheduleGroupCommand.js
var GetScheduleGroupCommand = __webpack_require__(1204);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-scheduler/dist-es/commands/GetScheduleCommand.js
var GetScheduleCommand = __webpack_require__(8579);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-scheduler/dist-es/commands/ListTagsForResourceCommand.js
var ListTagsForResourceCommand = __webpack_require__(892);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-scheduler/dist-es/commands/CreateScheduleGroupCommand.js
var CreateScheduleGroupCommand = __webpack_require__(7724);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-scheduler/dist-es/models/errors.js
var errors = __webpack_require__(2978);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-scheduler/dist-es/commands/TagResourceCommand.js
var commands_TagResourceCommand = __webpack_require__(1604);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-scheduler/dist-es/commands/CreateScheduleCommand.js
var CreateScheduleCommand = __webpack_require__(1771);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-scheduler/dist-es/commands/UpdateScheduleCommand.js
var UpdateScheduleCommand = __webpack_require__(9860);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-scheduler/dist-es/commands/DeleteScheduleCommand.js
var DeleteScheduleCommand = __webpack_require__(9098);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-scheduler/dist-es/commands/DeleteScheduleGroupCommand.js
var DeleteScheduleGroupCommand = __webpack_require__(7175);
;// CONCATENATED MODULE: ./src/schedule/desired.ts
// The pipeline's EventBridge Scheduler schedule: what the manifest asks for, what is compared with
// what GetSchedule returns, and the plan's decision. Pure; the calls are in aws.ts.
//
// Ownership: a schedule carries no tags in EventBridge Scheduler, its group does. Each pipeline
// gets its own schedule group (named after the state machine) tagged like every other resource,
// with one schedule in it; prune and destroy delete both, and only when the group's tags say ours.


/** The one schedule in the pipeline's group. */
const SCHEDULE_NAME = 'run';
const MAX_GROUP_NAME = 64;
/** Retries of a failed StartExecution: a few, within the hour (not EventBridge's default of a day). */
const SCHEDULE_RETRY = { MaximumEventAgeInSeconds: 3600, MaximumRetryAttempts: 5 };
/**
 * The schedule group's name: the state machine's when it fits (1-64 of [0-9A-Za-z_.-]); else other
 * characters become "_" and a long name keeps its start (the name-prefix, which IAM policies match)
 * plus a hash of the whole name.
 */
function scheduleGroupName(stateMachineName) {
    const safe = stateMachineName.replace(/[^0-9A-Za-z_.-]/g, '_');
    if (safe === stateMachineName && safe.length <= MAX_GROUP_NAME)
        return safe;
    return `${safe.slice(0, MAX_GROUP_NAME - 9)}-${hash8(stateMachineName)}`;
}
/**
 * Previews (pull requests) get no schedule unless asked: a deploy is a preview when its name-prefix
 * is "pr" and a digit (pr12-, as the preview workflow names them) or its prefix is under previews/.
 */
function isPreview(namePrefix, prefix) {
    return /^pr[0-9]/.test(namePrefix) || prefix.startsWith('previews/');
}
/** Fields that differ between the desired schedule and the one read back. */
function scheduleChanges(desired, actual) {
    const s = actual.schedule;
    if (!s)
        return ['schedule'];
    const changed = [];
    if (s.expression !== desired.expression)
        changed.push('ScheduleExpression');
    if ((s.timezone ?? 'UTC') !== 'UTC')
        changed.push('ScheduleExpressionTimezone');
    if ((s.state ?? 'ENABLED') !== 'ENABLED')
        changed.push('State');
    if ((s.flexibleWindow ?? 'OFF') !== 'OFF')
        changed.push('FlexibleTimeWindow');
    if (desired.targetArn !== '' && s.targetArn !== desired.targetArn)
        changed.push('Target.Arn');
    if (desired.roleArn !== '' && s.roleArn !== desired.roleArn)
        changed.push('Target.RoleArn');
    if (canonicalJson(s.input ?? '{}') !== canonicalJson(desired.input))
        changed.push('Target.Input');
    if (s.retry?.MaximumEventAgeInSeconds !== SCHEDULE_RETRY.MaximumEventAgeInSeconds ||
        s.retry?.MaximumRetryAttempts !== SCHEDULE_RETRY.MaximumRetryAttempts)
        changed.push('Target.RetryPolicy');
    if (Object.entries(desired.tags).some(([k, v]) => actual.groupTags[k] !== v))
        changed.push('Tags');
    return changed;
}
/**
 * The plan's decision. `desired` is undefined when the manifest declares no schedule (or the deploy
 * is a preview: `skipped`); `ours` are the ownership tags every resource of this pipeline carries.
 */
function diffSchedule(groupName, desired, actual, opts) {
    const base = { groupName, desired, actual };
    const owner = actual ? ownershipOf(actual.groupTags, opts.ours) : undefined;
    if (!desired) {
        if (opts.skipped && !(actual && owner === 'ours'))
            return { ...base, action: 'skip', fields: [] };
        if (!actual || owner !== 'ours')
            return { ...base, action: 'unchanged', fields: [] };
        return { ...base, action: opts.prune ? 'delete' : 'keep', fields: [] };
    }
    if (!actual)
        return { ...base, action: 'create', fields: [] };
    if (owner === 'foreign')
        return { ...base, action: 'refuse', fields: [], reason: describeOwner(actual.groupTags) };
    const fields = scheduleChanges(desired, actual);
    if (owner === 'unowned')
        return { ...base, action: 'adopt', fields };
    if (!actual.schedule)
        return { ...base, action: 'create', fields: [] };
    return { ...base, action: fields.length > 0 ? 'update' : 'unchanged', fields };
}
/** FNV-1a, 32 bits, as 8 hex digits. */
function hash8(text) {
    let h = 0x811c9dc5;
    for (const byte of new TextEncoder().encode(text))
        h = Math.imul(h ^ byte, 0x01000193);
    return (h >>> 0).toString(16).padStart(8, '0');
}

;// CONCATENATED MODULE: ./src/schedule/aws.ts
// The EventBridge Scheduler calls: read the pipeline's schedule group (tags) and schedule, write
// them where the plan says they differ, delete them (prune, destroy) after re-reading the group's
// tags. A schedule starts the state machine with StartExecution (a universal target), the input as
// the execution input.


const notFound = (e) => e.name === 'ResourceNotFoundException';
/** The pipeline's schedule group and its schedule, or undefined when the group does not exist. */
async function readSchedule(scheduler, groupName) {
    let groupArn;
    try {
        groupArn = (await scheduler.send(new GetScheduleGroupCommand/* GetScheduleGroupCommand */.e({ Name: groupName }))).Arn;
    }
    catch (e) {
        if (notFound(e))
            return undefined;
        throw e;
    }
    const [groupTags, schedule] = await Promise.all([
        readGroupTags(scheduler, groupArn),
        scheduler.send(new GetScheduleCommand/* GetScheduleCommand */.n({ GroupName: groupName, Name: SCHEDULE_NAME })).catch((e) => {
            if (notFound(e))
                return undefined;
            throw e;
        }),
    ]);
    return {
        groupArn,
        groupTags,
        schedule: schedule && {
            expression: schedule.ScheduleExpression ?? '',
            timezone: schedule.ScheduleExpressionTimezone,
            state: schedule.State,
            flexibleWindow: schedule.FlexibleTimeWindow?.Mode,
            targetArn: schedule.Target?.Arn ?? '',
            roleArn: schedule.Target?.RoleArn ?? '',
            input: schedule.Target?.Input,
            retry: schedule.Target?.RetryPolicy,
        },
    };
}
async function readGroupTags(scheduler, groupArn) {
    const out = await scheduler.send(new ListTagsForResourceCommand/* ListTagsForResourceCommand */.a({ ResourceArn: groupArn }));
    return Object.fromEntries((out.Tags ?? []).map((t) => [t.Key ?? '', t.Value ?? '']));
}
/** Creates or updates the group and the schedule, sending only what differs. */
async function applySchedule(scheduler, desired, actual, fields) {
    const tags = Object.entries(desired.tags).map(([Key, Value]) => ({ Key, Value }));
    if (!actual) {
        try {
            await scheduler.send(new CreateScheduleGroupCommand/* CreateScheduleGroupCommand */.O({ Name: desired.groupName, Tags: tags }));
        }
        catch (e) {
            // A retried create whose first attempt was applied: the group is there, tag it below.
            if (!(e instanceof errors/* ConflictException */.cb))
                throw e;
            fields = [...fields, 'Tags'];
        }
    }
    if (actual && fields.includes('Tags'))
        await scheduler.send(new commands_TagResourceCommand/* TagResourceCommand */.e({ ResourceArn: actual.groupArn, Tags: tags }));
    const request = {
        GroupName: desired.groupName,
        Name: desired.name,
        Description: `Starts ${desired.targetArn.split(':').at(-1)} (glue-pipeline-deploy)`,
        ScheduleExpression: desired.expression,
        ScheduleExpressionTimezone: 'UTC',
        FlexibleTimeWindow: { Mode: 'OFF' },
        State: 'ENABLED',
        Target: {
            Arn: desired.targetArn,
            RoleArn: desired.roleArn,
            Input: desired.input,
            RetryPolicy: { ...SCHEDULE_RETRY },
        },
    };
    if (!actual?.schedule) {
        await scheduler.send(new CreateScheduleCommand/* CreateScheduleCommand */.t(request));
    }
    else if (fields.some((f) => f !== 'Tags')) {
        await scheduler.send(new UpdateScheduleCommand/* UpdateScheduleCommand */.C(request));
    }
}
/**
 * Deletes the schedule and its group when the group's tags, read again now, still say ours; false
 * when it was left alone (or was already gone).
 */
async function deleteSchedule(scheduler, groupName, stillOurs) {
    const actual = await readSchedule(scheduler, groupName);
    if (!actual || !stillOurs(actual.groupTags))
        return false;
    if (actual.schedule) {
        await scheduler
            .send(new DeleteScheduleCommand/* DeleteScheduleCommand */.M({ GroupName: groupName, Name: SCHEDULE_NAME }))
            .catch((e) => {
            if (!notFound(e))
                throw e;
        });
    }
    await scheduler.send(new DeleteScheduleGroupCommand/* DeleteScheduleGroupCommand */.r({ Name: groupName })).catch((e) => {
        if (!notFound(e))
            throw e;
    });
    return true;
}

;// CONCATENATED MODULE: ./src/schedule/expression.ts
// EventBridge Scheduler expressions the manifest's `schedule` accepts: `rate(<n> <unit>)` and
// `cron(<minutes> <hours> <day-of-month> <month> <day-of-week> <year>)` (UTC unless a time zone is
// set on the schedule). Checked before any write, so a typo fails the step at its line instead of
// CreateSchedule half-way through a deploy. Pure.
const RATE = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/;
const CRON = /^cron\(([^()]*)\)$/;
const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];
const FIELDS = [
    { name: 'minutes', min: 0, max: 59 },
    { name: 'hours', min: 0, max: 23 },
    { name: 'day-of-month', min: 1, max: 31, question: true, last: true, weekday: true },
    { name: 'month', min: 1, max: 12, names: MONTHS },
    { name: 'day-of-week', min: 1, max: 7, names: DAYS, question: true, last: true, nth: true },
    { name: 'year', min: 1970, max: 2199 },
];
/** What is wrong with a schedule expression, or undefined when it is one EventBridge Scheduler takes. */
function scheduleExpressionProblem(expression) {
    const rate = RATE.exec(expression);
    if (rate) {
        const n = Number(rate[1]);
        const unit = rate[2];
        if (n < 1)
            return 'a rate must be at least 1';
        if (n === 1 && unit.endsWith('s'))
            return `write rate(1 ${unit.slice(0, -1)})`;
        if (n > 1 && !unit.endsWith('s'))
            return `write rate(${n} ${unit}s)`;
        return undefined;
    }
    if (expression.startsWith('rate('))
        return 'a rate is rate(<number> minute(s)|hour(s)|day(s))';
    const cron = CRON.exec(expression);
    if (!cron)
        return 'use cron(<minutes> <hours> <day-of-month> <month> <day-of-week> <year>) or rate(<n> <unit>)';
    const parts = cron[1].trim().split(/\s+/);
    if (parts.length !== 6)
        return `a cron expression has 6 fields (minutes hours day-of-month month day-of-week year), this one has ${parts.length}`;
    for (const [i, field] of FIELDS.entries()) {
        const problem = fieldProblem(parts[i], field);
        if (problem)
            return `${field.name} "${parts[i]}": ${problem}`;
    }
    const [dom, dow] = [parts[2], parts[4]];
    if ((dom === '?') === (dow === '?'))
        return 'exactly one of day-of-month and day-of-week must be "?" (e.g. cron(0 3 * * ? *))';
    return undefined;
}
function fieldProblem(text, f) {
    if (text === '?')
        return f.question ? undefined : '"?" is only for day-of-month or day-of-week';
    for (const item of text.split(',')) {
        const problem = itemProblem(item, f);
        if (problem)
            return problem;
    }
    return undefined;
}
function itemProblem(item, f) {
    if (item === '')
        return 'an empty list item';
    if (f.last && item === 'L')
        return undefined;
    if (f.weekday && (item === 'LW' || /^\d+W$/.test(item)))
        return item === 'LW' ? undefined : valueProblem(item.slice(0, -1), f);
    if (f.last && f.nth && /^[^L]+L$/.test(item))
        return valueProblem(item.slice(0, -1), f);
    if (f.nth && item.includes('#')) {
        const [day, nth] = item.split('#');
        if (!/^[1-5]$/.test(nth ?? ''))
            return '"#" takes 1 to 5 (the nth weekday of the month)';
        return valueProblem(day, f);
    }
    const [range, step] = item.split('/');
    if (step !== undefined && !/^\d+$/.test(step))
        return `step "/${step}" is not a number`;
    if (step !== undefined && Number(step) < 1)
        return 'a step is at least 1';
    if (range === '*')
        return undefined;
    const bounds = range.split('-');
    if (bounds.length > 2)
        return `"${range}" is not a value or a range`;
    for (const b of bounds) {
        const problem = valueProblem(b, f);
        if (problem)
            return problem;
    }
    return undefined;
}
function valueProblem(value, f) {
    if (f.names?.includes(value.toUpperCase()))
        return undefined;
    if (!/^\d+$/.test(value))
        return `"${value}" is not a number${f.names ? ` or a name (${f.names[0]}-${f.names.at(-1)})` : ''}`;
    const n = Number(value);
    if (n < f.min || n > f.max)
        return `${value} is outside ${f.min}-${f.max}`;
    return undefined;
}

;// CONCATENATED MODULE: ./src/schedule/index.ts
// The pipeline's EventBridge Scheduler schedule (manifest `schedule`): desired.ts decides,
// aws.ts reads and writes, expression.ts checks the expression.




// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-sfn/dist-es/commands/ListStateMachinesCommand.js
var ListStateMachinesCommand = __webpack_require__(4681);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-sfn/dist-es/commands/DescribeStateMachineCommand.js
var DescribeStateMachineCommand = __webpack_require__(3753);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-sfn/dist-es/commands/ListTagsForResourceCommand.js
var commands_ListTagsForResourceCommand = __webpack_require__(6152);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-sfn/dist-es/commands/CreateStateMachineCommand.js
var CreateStateMachineCommand = __webpack_require__(7618);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-sfn/dist-es/commands/UpdateStateMachineCommand.js
var UpdateStateMachineCommand = __webpack_require__(3977);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-sfn/dist-es/commands/TagResourceCommand.js
var dist_es_commands_TagResourceCommand = __webpack_require__(8912);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-sfn/dist-es/commands/DeleteStateMachineCommand.js
var DeleteStateMachineCommand = __webpack_require__(8043);
;// CONCATENATED MODULE: ./src/state-machine/compare.ts
// What the plan compares for the state machine: the desired one (built from the manifest) against
// the one Step Functions describes. Pure: the calls are in aws.ts.

/** Fields that differ: definition (compared as JSON, not text), roleArn, tags (missing or different). */
function stateMachineChanges(desired, actual) {
    const changed = [];
    if (canonicalJson(desired.definition) !== canonicalJson(actual.definition))
        changed.push('definition');
    if (desired.roleArn !== '' && desired.roleArn !== actual.roleArn)
        changed.push('roleArn');
    if (Object.entries(desired.tags).some(([k, v]) => actual.tags[k] !== v))
        changed.push('tags');
    return changed;
}

;// CONCATENATED MODULE: ./src/state-machine/aws.ts
// The Step Functions calls: find the pipeline's state machine by name, then create or update it only
// where compare.ts finds a difference (definition, role, ownership tags). A CreateStateMachine retried
// after its first attempt was applied answers StateMachineAlreadyExists (AWS) or returns the same ARN
// (same definition): both converge to the same state.


async function findStateMachineArn(sfn, name) {
    let nextToken;
    do {
        const page = await sfn.send(new ListStateMachinesCommand/* ListStateMachinesCommand */.b({ maxResults: 1000, nextToken }));
        const hit = page.stateMachines?.find((s) => s.name === name);
        if (hit)
            return hit.stateMachineArn;
        nextToken = page.nextToken;
    } while (nextToken);
    return undefined;
}
async function readStateMachine(sfn, name) {
    const arn = await findStateMachineArn(sfn, name);
    if (!arn)
        return undefined;
    const [desc, tags] = await Promise.all([
        sfn.send(new DescribeStateMachineCommand/* DescribeStateMachineCommand */.L({ stateMachineArn: arn })),
        sfn.send(new commands_ListTagsForResourceCommand/* ListTagsForResourceCommand */.a({ resourceArn: arn })),
    ]);
    return {
        arn,
        definition: desc.definition ?? '',
        roleArn: desc.roleArn ?? '',
        tags: Object.fromEntries((tags.tags ?? []).map((t) => [t.key ?? '', t.value ?? ''])),
    };
}
async function applyStateMachine(sfn, desired, actual, changes) {
    const tagList = Object.entries(desired.tags).map(([key, value]) => ({ key, value }));
    if (!actual) {
        try {
            const created = await sfn.send(new CreateStateMachineCommand/* CreateStateMachineCommand */.O({
                name: desired.name,
                definition: desired.definition,
                roleArn: desired.roleArn,
                type: 'STANDARD',
                tags: tagList,
            }));
            return created.stateMachineArn;
        }
        catch (e) {
            if (e.name !== 'StateMachineAlreadyExists')
                throw e;
            const existing = await readStateMachine(sfn, desired.name);
            if (!existing)
                throw e;
            return applyStateMachine(sfn, desired, existing, stateMachineChanges(desired, existing));
        }
    }
    if (changes.includes('definition') || changes.includes('roleArn')) {
        await sfn.send(new UpdateStateMachineCommand/* UpdateStateMachineCommand */.R({
            stateMachineArn: actual.arn,
            definition: desired.definition,
            roleArn: desired.roleArn,
        }));
    }
    if (changes.includes('tags')) {
        await sfn.send(new dist_es_commands_TagResourceCommand/* TagResourceCommand */.e({ resourceArn: actual.arn, tags: tagList }));
    }
    return actual.arn;
}
/** A state machine's tags, read again (destroy checks them right before deleting). */
async function readStateMachineTags(sfn, arn) {
    const tags = await sfn.send(new commands_ListTagsForResourceCommand/* ListTagsForResourceCommand */.a({ resourceArn: arn }));
    return Object.fromEntries((tags.tags ?? []).map((t) => [t.key ?? '', t.value ?? '']));
}
async function deleteStateMachine(sfn, arn) {
    await sfn.send(new DeleteStateMachineCommand/* DeleteStateMachineCommand */.v({ stateMachineArn: arn }));
}

;// CONCATENATED MODULE: ./src/apply/index.ts
// Apply a computed plan, in an order where a failure half-way leaves nothing broken: objects first
// (scripts and libs exist before any job points at them), then jobs (tags written with each create or
// update), then the state machine that starts them, then pruning. Each step writes only what the plan
// says differs. The fields each job declares are recorded in the state object: before the job writes
// as the union with the previous record (a failed update must not forget a field to reset), and
// exactly once the jobs are written.






async function applyPlan(plan, clients, opts) {
    const previous = plan.sync.state.jobs ?? {};
    const declared = plan.jobs.filter((j) => j.declared !== undefined && j.action !== 'refuse');
    const finalRecord = Object.fromEntries(declared.map((j) => [j.glueName, j.declared]));
    const unionRecord = Object.fromEntries(declared.map((j) => [j.glueName, [...new Set([...(previous[j.glueName] ?? []), ...j.declared])].sort()]));
    // The schedule group is recorded like the fields: as "may exist" before the writes, exactly after.
    const sc = plan.schedule;
    const sync = await applySync(clients.s3, plan.sync, {
        prune: opts.prune,
        jobs: unionRecord,
        scheduleGroup: sc.desired || sc.actual ? sc.groupName : (plan.sync.state.scheduleGroup ?? null),
        onProgress: (p) => {
            if (p.done === p.total || p.done % 500 === 0)
                core/* info */.pq(`  s3: ${p.done}/${p.total} ${p.action}s done`);
        },
    });
    const arnOf = (name) => jobArn(opts.partition, opts.region, opts.account, name);
    const upserts = plan.jobs.map(toWrite).filter((w) => w !== undefined);
    await applyJobWrites(clients.glue, upserts, { arnOf });
    const sm = plan.stateMachine;
    const stateMachineArn = sm.action === 'unchanged' && sm.actual
        ? sm.actual.arn
        : await applyStateMachine(clients.sfn, sm.desired, sm.actual, sm.fields);
    // The schedule targets the state machine: written once it exists (with its real ARN).
    let scheduleLeft = sc.actual !== undefined && sc.action !== 'skip';
    if (sc.desired && (sc.action === 'create' || sc.action === 'update' || sc.action === 'adopt')) {
        await applySchedule(clients.scheduler, { ...sc.desired, targetArn: stateMachineArn }, sc.actual, sc.fields);
        scheduleLeft = true;
    }
    else if (sc.action === 'delete' && opts.prune) {
        const deleted = await deleteSchedule(clients.scheduler, sc.groupName, (tags) => ownershipOf(tags, plan.tags) === 'ours');
        if (!deleted)
            core/* warning */.$e(`schedule group ${sc.groupName} is no longer tagged as this pipeline's: left alone`);
        scheduleLeft = false;
    }
    // Deletions wait until the new state machine no longer references the pruned jobs, and re-read
    // each job's tags (and check its name) right before deleting it.
    const deletes = opts.prune
        ? plan.jobs.filter((j) => j.action === 'delete').map((j) => ({ name: j.glueName, action: 'delete' }))
        : [];
    const skippedDeletes = await applyJobWrites(clients.glue, deletes, {
        arnOf,
        whyNotOurs: (name, tags) => name.startsWith(opts.namePrefix)
            ? notOursReason(tags, plan.tags)
            : `its name does not start with the name-prefix ${opts.namePrefix}`,
    });
    for (const s of skippedDeletes)
        core/* warning */.$e(`Glue job ${s.name} not pruned: ${s.reason}`);
    const state = await recordDeploy(clients.s3, plan.sync, sync.state, {
        jobs: finalRecord,
        scheduleGroup: scheduleLeft ? sc.groupName : null,
    });
    return {
        uploaded: sync.uploaded,
        unchanged: sync.unchanged,
        deletedFiles: sync.deleted,
        stateMachineArn,
        skippedDeletes,
        state,
    };
}
function toWrite(j) {
    switch (j.action) {
        case 'create':
            return { name: j.glueName, action: 'create', definition: j.definition, tags: j.tags };
        case 'update':
        case 'adopt':
            return { name: j.glueName, action: 'update', definition: j.definition, tags: j.tags, fields: j.fields };
        case 'tag':
            return { name: j.glueName, action: 'tag', tags: j.tags };
        default:
            return undefined;
    }
}

// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-s3/dist-es/models/errors.js
var models_errors = __webpack_require__(275);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-s3/dist-es/models/S3ServiceException.js
var S3ServiceException = __webpack_require__(8734);
;// CONCATENATED MODULE: ./src/lock/aws.ts
// The deploy lock: one S3 object per pipeline and prefix, created with a conditional write
// (If-None-Match: *), so two workflow runs deploying to the same environment never interleave their
// writes. The object names its holder and an expiry; a crashed holder's lock expires and is taken
// over with If-Match on the expired object's ETag (only one taker can win). A holder renews it while
// it works. Every write here is safe to repeat: each attempt carries a random token, and a write
// whose answer was lost is recognised by reading the token back.


const systemClock = {
    now: () => Date.now(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};
class LockTimeoutError extends Error {
    holder;
    constructor(key, holder, waitedMs) {
        super(`another deploy holds the lock s3://…/${key}: ${holder.description}` +
            `${holder.commit ? ` deploying ${holder.commit.slice(0, 12)}` : ''}` +
            `${holder.url ? ` (${holder.url})` : ''}, since ${holder.acquiredAt}, until ${holder.expiresAt}. ` +
            `Waited ${Math.round(waitedMs / 1000)} s. Re-run this workflow when it is done, or serialise ` +
            'deploys of one environment with a workflow `concurrency:` group.');
        this.name = 'LockTimeoutError';
        this.holder = holder;
    }
}
const DEFAULT_TTL_MS = 15 * 60_000;
const DEFAULT_WAIT_MS = 10 * 60_000;
/** Takes the lock, waiting (with backoff) while another unexpired holder has it. */
async function acquireLock(o) {
    const clock = o.clock ?? systemClock;
    const ttl = o.ttlMs ?? DEFAULT_TTL_MS;
    const waitMs = o.waitMs ?? DEFAULT_WAIT_MS;
    const progressEvery = o.progressEveryMs ?? 30_000;
    const start = clock.now();
    let lastProgress = Number.NEGATIVE_INFINITY;
    for (let attempt = 0;; attempt++) {
        const record = newRecord(o.holder, clock.now(), ttl);
        const current = await readLock(o.s3, o.bucket, o.key);
        let etag;
        if (!current) {
            etag = await conditionalPut(o, record, { IfNoneMatch: '*' });
        }
        else if (Date.parse(current.record.expiresAt) <= clock.now()) {
            // Expired: take it over, but only from the exact object we read (another waiter may race us).
            etag = await conditionalPut(o, record, { IfMatch: current.etag });
        }
        else {
            const waited = clock.now() - start;
            if (waited >= waitMs)
                throw new LockTimeoutError(o.key, current.record, waited);
            if (clock.now() - lastProgress >= progressEvery) {
                o.onWait?.(current.record, waited);
                lastProgress = clock.now();
            }
            await clock.sleep(Math.min(2_000 * 1.5 ** Math.min(attempt, 6), 15_000, Math.max(0, waitMs - waited)));
            continue;
        }
        if (etag)
            return held(o, record, etag, ttl, clock);
        // Lost the race (or our own write's answer was lost): look again; a lock with our token is ours.
        const after = await readLock(o.s3, o.bucket, o.key);
        if (after?.record.token === record.token)
            return held(o, record, after.etag, ttl, clock);
    }
}
function newRecord(holder, now, ttl) {
    return {
        ...holder,
        token: (0,external_node_crypto_.randomBytes)(12).toString('hex'),
        acquiredAt: new Date(now).toISOString(),
        expiresAt: new Date(now + ttl).toISOString(),
    };
}
function held(o, first, firstEtag, ttl, clock) {
    let record = first;
    let etag = firstEtag;
    let released = false;
    return {
        get record() {
            return record;
        },
        async renew() {
            if (released)
                return;
            const next = { ...record, expiresAt: new Date(clock.now() + ttl).toISOString() };
            const put = await conditionalPut(o, next, { IfMatch: etag });
            if (put) {
                record = next;
                etag = put;
                return;
            }
            // A renewal whose answer was lost was applied: the stored record then equals `next`.
            const now = await readLock(o.s3, o.bucket, o.key);
            if (now?.record.token === record.token) {
                record = now.record;
                etag = now.etag;
                return;
            }
            throw new Error(`lost the deploy lock s3://${o.bucket}/${o.key}: it expired and ${now ? now.record.description : 'nobody'} holds it now`);
        },
        async release() {
            if (released)
                return;
            const now = await readLock(o.s3, o.bucket, o.key);
            if (now?.record.token === record.token) {
                try {
                    await o.s3.send(new DeleteObjectCommand/* DeleteObjectCommand */.k({ Bucket: o.bucket, Key: o.key, IfMatch: now.etag }));
                }
                catch (e) {
                    // Already deleted (a retried delete) or replaced by a new holder after expiry: not ours.
                    if (!isStatus(e, 412) && !isStatus(e, 404))
                        throw e;
                }
            }
            released = true;
        },
    };
}
async function readLock(s3, bucket, key) {
    try {
        const r = await s3.send(new GetObjectCommand/* GetObjectCommand */.j({ Bucket: bucket, Key: key }));
        const text = (await r.Body?.transformToString()) ?? '';
        return { record: parseRecord(text), etag: r.ETag ?? '' };
    }
    catch (e) {
        if (e instanceof models_errors/* NoSuchKey */._k || isStatus(e, 404))
            return undefined;
        throw e;
    }
}
/** An unreadable lock object counts as expired, so a corrupt object can never block deploys forever. */
function parseRecord(text) {
    try {
        const r = JSON.parse(text);
        if (typeof r.token === 'string' &&
            typeof r.expiresAt === 'string' &&
            !Number.isNaN(Date.parse(r.expiresAt))) {
            return {
                token: r.token,
                description: String(r.description ?? 'unknown holder'),
                acquiredAt: String(r.acquiredAt ?? ''),
                expiresAt: r.expiresAt,
                ...(r.commit ? { commit: String(r.commit) } : {}),
                ...(r.url ? { url: String(r.url) } : {}),
            };
        }
    }
    catch {
        // fall through
    }
    return {
        token: '',
        description: 'an unreadable lock object',
        acquiredAt: '',
        expiresAt: new Date(0).toISOString(),
    };
}
/** The ETag of the written object, or undefined when the condition failed (someone else's object). */
async function conditionalPut(o, record, condition) {
    try {
        const r = await o.s3.send(new PutObjectCommand/* PutObjectCommand */.w({
            Bucket: o.bucket,
            Key: o.key,
            Body: `${JSON.stringify(record, null, 1)}\n`,
            ContentType: 'application/json',
            ...condition,
        }));
        return r.ETag ?? '';
    }
    catch (e) {
        // 412: the condition failed. 409: a concurrent conditional write to the same key is in flight.
        // 404: If-Match on an object that was deleted meanwhile (its holder released it).
        if (isStatus(e, 412) || isStatus(e, 409) || isStatus(e, 404))
            return undefined;
        throw e;
    }
}
function isStatus(e, status) {
    return e instanceof S3ServiceException/* S3ServiceException */.H && e.$metadata.httpStatusCode === status;
}

;// CONCATENATED MODULE: ./src/apply/lock.ts



/** The lock's key: `<prefix>.glue-pipeline-deploy/<pipeline>/deploy.lock`, next to `state.json`. */
function lockKey(prefix, pipeline) {
    return stateKey(prefix, pipeline).replace(/state\.json$/, 'deploy.lock');
}
/** Who is deploying, from the runner's environment (a local run says so). */
function holderFromEnv(env) {
    const repo = env.GITHUB_REPOSITORY;
    const runId = env.GITHUB_RUN_ID;
    const description = runId
        ? `run ${runId} (attempt ${env.GITHUB_RUN_ATTEMPT ?? '1'})${repo ? ` of ${repo}` : ''}`
        : `a local run (pid ${process.pid})`;
    const url = runId && repo
        ? `${env.GITHUB_SERVER_URL ?? 'https://github.com'}/${repo}/actions/runs/${runId}`
        : undefined;
    return { description, ...(env.GITHUB_SHA ? { commit: env.GITHUB_SHA } : {}), ...(url ? { url } : {}) };
}
/** Takes the lock, runs `fn` while renewing it every third of its lifetime, then releases it. */
async function withDeployLock(o, fn) {
    const key = lockKey(o.prefix, o.pipeline);
    const ttlMs = o.ttlMs ?? 15 * 60_000;
    const lock = await acquireLock({
        s3: o.s3,
        bucket: o.bucket,
        key,
        holder: o.holder,
        ttlMs,
        waitMs: o.waitMs,
        clock: abortableClock(o.signal),
        onWait: (h, waited) => o.log(`waiting for the deploy lock (${Math.round(waited / 1000)} s so far): held by ${h.description}` +
            `${h.commit ? ` deploying ${h.commit.slice(0, 12)}` : ''}${h.url ? ` (${h.url})` : ''} until ${h.expiresAt}`),
    });
    o.log(`deploy lock taken: s3://${o.bucket}/${key}`);
    const timer = setInterval(() => {
        lock.renew().catch((e) => o.onLost(e));
    }, ttlMs / 3);
    timer.unref();
    try {
        return await fn(lock);
    }
    finally {
        clearInterval(timer);
        await lock
            .release()
            .catch((e) => o.log(`could not release the deploy lock (it expires by itself): ${e.message}`));
    }
}
/** Sleeps that end when the step is cancelled, then stop the wait with the cancellation's error. */
function abortableClock(signal) {
    return {
        now: () => Date.now(),
        sleep: (ms) => new Promise((resolve, reject) => {
            const fail = () => reject(new Error('cancelled while waiting for the deploy lock'));
            if (signal.aborted)
                return fail();
            const t = setTimeout(() => {
                signal.removeEventListener('abort', onAbort);
                resolve();
            }, ms);
            const onAbort = () => {
                clearTimeout(t);
                fail();
            };
            signal.addEventListener('abort', onAbort, { once: true });
        }),
    };
}

// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-sts/dist-es/commands/GetCallerIdentityCommand.js + 1 modules
var GetCallerIdentityCommand = __webpack_require__(869);
;// CONCATENATED MODULE: ./src/aws/aws-account.ts
// The account id of the credentials in use, for when no role ARN input names it (mode plan, destroy
// or sweep without role-arn). STS GetCallerIdentity needs no IAM permission: any credentials may call it.

async function callerAccount(sts) {
    return (await sts.send(new GetCallerIdentityCommand/* GetCallerIdentityCommand */.z({}))).Account || undefined;
}

// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-cloudwatch-logs/dist-es/CloudWatchLogsClient.js + 8 modules
var CloudWatchLogsClient = __webpack_require__(2900);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-glue/dist-es/GlueClient.js + 8 modules
var GlueClient = __webpack_require__(2743);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-s3/dist-es/S3Client.js + 9 modules
var S3Client = __webpack_require__(8897);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-scheduler/dist-es/SchedulerClient.js + 8 modules
var SchedulerClient = __webpack_require__(4030);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-sfn/dist-es/SFNClient.js + 8 modules
var SFNClient = __webpack_require__(7126);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-sts/dist-es/STSClient.js + 8 modules
var STSClient = __webpack_require__(4928);
;// CONCATENATED MODULE: ./src/aws/calls.ts
// Two rules applied to every AWS call, as client middleware, so no call site can forget them:
// - an error names the operation and the resource it was about (`s3:PutObject s3://b/k: read
//   ECONNRESET`), and a timeout says which setting bounds it;
// - once the step is cancelled, nothing new starts: only reads, stops and the lock's release go out;
//   a call that would change something and is on the wire is aborted (an abort is not retried).
/** Thrown instead of sending a call that would start or change something after cancellation. */
class CancelledError extends Error {
    constructor(operation) {
        super(`cancelled: ${operation} was not started`);
        this.name = 'CancelledError';
    }
}
/** The service prefix IAM uses, from the SDK client's name. */
const SERVICES = {
    S3Client: 's3',
    GlueClient: 'glue',
    SFNClient: 'states',
    CloudWatchLogsClient: 'logs',
};
function operationName(clientName, commandName) {
    const service = SERVICES[clientName ?? ''] ?? (clientName ?? 'aws').replace(/Client$/, '').toLowerCase();
    return `${service}:${(commandName ?? 'call').replace(/Command$/, '')}`;
}
/** The resource a call is about, from its input (the first of the usual identifying fields). */
function resourceOf(input, operation = '') {
    if (!input || typeof input !== 'object')
        return undefined;
    const i = input;
    const str = (v) => (typeof v === 'string' && v ? v : undefined);
    // EventBridge Scheduler names its groups and schedules `Name` too (Glue's CreateJob does as well).
    if (operation.startsWith('scheduler:') && str(i.Name))
        return str(i.GroupName) ? `schedule ${i.Name} in group ${i.GroupName}` : `schedule group ${i.Name}`;
    if (str(i.Bucket)) {
        const key = str(i.Key) ?? str(i.Prefix) ?? '';
        return `s3://${i.Bucket}/${key}`;
    }
    const job = str(i.JobName) ?? str(i.Name);
    if (job)
        return `job ${job}${str(i.RunId) ? ` run ${i.RunId}` : ''}`;
    if (Array.isArray(i.JobNames))
        return `jobs ${i.JobNames.slice(0, 3).join(', ')}${i.JobNames.length > 3 ? ', …' : ''}`;
    const arn = str(i.executionArn) ?? str(i.stateMachineArn) ?? str(i.resourceArn) ?? str(i.ResourceArn);
    if (arn)
        return arn;
    if (str(i.name))
        return `state machine ${i.name}`;
    if (str(i.logGroupName))
        return `log group ${i.logGroupName}${str(i.logStreamName) ? `/${i.logStreamName}` : ''}`;
    return undefined;
}
/** Reads and the calls that stop or release what this step holds: allowed after cancellation. */
function allowedAfterCancel(commandName, input) {
    const op = (commandName ?? '').replace(/Command$/, '');
    if (/^(Get|List|Describe|BatchGet|Head)/.test(op))
        return true;
    if (op === 'StopExecution' || op === 'BatchStopJobRun')
        return true;
    // The lock's release is the only conditional delete the action sends.
    return op === 'DeleteObject' && typeof input?.IfMatch === 'string';
}
/** Middleware (SDK `initialize` step, outside the retries): names failures, gates on cancellation. */
function callRules(opts) {
    return (next, context) => async (args) => {
        const operation = operationName(context.clientName, context.commandName);
        if (opts.signal?.aborted && !allowedAfterCancel(context.commandName, args.input)) {
            throw new CancelledError(operation);
        }
        try {
            return await next(args);
        }
        catch (e) {
            if (e instanceof Error && !(e instanceof CancelledError))
                describeFailure(e, operation, args.input, opts);
            throw e;
        }
    };
}
/** Prefixes the message in place: the error keeps its class, name and metadata for the callers' checks. */
function describeFailure(e, operation, input, opts) {
    if (e.$described)
        return;
    const resource = resourceOf(input, operation);
    const hint = e.name === 'TimeoutError'
        ? ` (no answer within aws-timeout-seconds=${opts.timeoutSeconds} on any attempt; check the network or endpoint-url, or raise aws-timeout-seconds)`
        : '';
    const message = e.message || e.name;
    try {
        e.message = `${operation}${resource ? ` ${resource}` : ''}: ${message}${hint}`;
        Object.defineProperty(e, '$described', { value: true, enumerable: false });
    }
    catch {
        // A frozen error keeps its message.
    }
}
/** The operation a JSON-protocol request names (`X-Amz-Target: AWSGlue.CreateJob` → CreateJob). */
function wireOperation(r) {
    const target = Object.entries(r.headers).find(([k]) => k.toLowerCase() === 'x-amz-target')?.[1];
    return target?.split('.').at(-1);
}
/** Reads, stops and the lock's conditional delete, told from the request on the wire. */
function wireAllowedAfterCancel(r) {
    if (r.method === 'GET' || r.method === 'HEAD')
        return true;
    const op = wireOperation(r);
    if (op)
        return allowedAfterCancel(op, undefined);
    const ifMatch = Object.keys(r.headers).some((k) => k.toLowerCase() === 'if-match');
    return r.method === 'DELETE' && ifMatch;
}
/** Makes the client's HTTP handler abort, on cancellation, every request that would change something. */
function abortChangesOnCancel(handler, signal) {
    const handle = handler.handle.bind(handler);
    handler.handle = (request, options = {}) => handle(request, options.abortSignal || wireAllowedAfterCancel(request) ? options : { ...options, abortSignal: signal });
}

;// CONCATENATED MODULE: ./src/aws/clients.ts
// Every AWS client is made here: one region, one optional endpoint (emulators), path-style S3 against
// an endpoint, adaptive retries with backoff for throttling and transient errors, credentials from the
// standard chain (e.g. configure-aws-credentials with OIDC), connection and idle timeouts (a timeout
// is a transient error: it is retried like a 5xx), and the call rules of calls.ts.








/**
 * With the default timeout, a call to an endpoint that accepts connections and never answers fails
 * after MAX_ATTEMPTS × DEFAULT_TIMEOUT_SECONDS plus the backoff between attempts: 93 s measured
 * (docs/reliability.md), under 2 minutes. A real AWS answer never leaves the socket silent that long.
 */
const DEFAULT_TIMEOUT_SECONDS = 8;
const MAX_ATTEMPTS = 8;
const USER_AGENT = [['glue-pipeline-deploy', '1']];
function makeClients({ region, endpointUrl, timeoutSeconds, signal }) {
    const seconds = timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS;
    const common = {
        region,
        customUserAgent: USER_AGENT,
        // Adaptive mode adds client-side rate limiting on top of exponential backoff with jitter:
        // Glue's control-plane APIs throttle quickly when hundreds of jobs are read or written.
        retryMode: 'adaptive',
        maxAttempts: MAX_ATTEMPTS,
        // An idle bound, not a total one: a large upload that keeps sending is never cut.
        requestHandler: { connectionTimeout: seconds * 1000, socketTimeout: seconds * 1000 },
        ...(endpointUrl ? { endpoint: endpointUrl } : {}),
    };
    const clients = {
        s3: new S3Client/* S3Client */.Y({
            ...common,
            forcePathStyle: Boolean(endpointUrl),
            // The sync checks each upload against the MD5 it takes on the way (one hash per byte); the
            // SDK's own CRC32 of every body would hash each byte again.
            requestChecksumCalculation: 'WHEN_REQUIRED',
            responseChecksumValidation: 'WHEN_REQUIRED',
        }),
        glue: new GlueClient/* GlueClient */.l(common),
        glueSingleAttempt: new GlueClient/* GlueClient */.l({ ...common, maxAttempts: 1 }),
        sfn: new SFNClient/* SFNClient */.Z(common),
        logs: new CloudWatchLogsClient/* CloudWatchLogsClient */.T(common),
        scheduler: new SchedulerClient/* SchedulerClient */.d(common),
        sts: new STSClient/* STSClient */.i(common),
    };
    const rules = callRules({ signal, timeoutSeconds: seconds });
    for (const client of Object.values(clients)) {
        client.middlewareStack.add(rules, {
            step: 'initialize',
            name: 'glue-pipeline-deploy:call-rules',
            priority: 'high',
        });
        if (signal)
            abortChangesOnCancel(client.config.requestHandler, signal);
    }
    return clients;
}

;// CONCATENATED MODULE: ./src/destroy/index.ts
// mode: destroy — delete what this pipeline owns at this location, and nothing else: jobs that carry
// both ownership tags, the state machine when its tags say it is ours, and the S3 objects the sync
// state records as uploaded by this pipeline (then the state object). Data written by the jobs
// themselves (databases/, work_files/) is not the action's to delete. Each resource's tags (and the
// name-prefix of its name) are checked again right before it is deleted: a listing a few seconds old
// does not decide a deletion (listOwned reads it, deleteListed re-checks and deletes).






async function destroyPipeline(clients, opts) {
    return deleteListed(clients, await listOwned(clients, opts), opts);
}
/** Jobs carrying both ownership tags, the state machine with the pipeline's name, the sync state. */
async function listOwned(clients, opts) {
    const owned = ownershipTags(opts.stateMachineName, opts.location);
    const [jobs, sm, sync] = await Promise.all([
        jobsWithTags(clients.glue, owned),
        readStateMachine(clients.sfn, opts.stateMachineName),
        planSync(clients.s3, {
            ...opts.location,
            files: [],
            pipeline: opts.stateMachineName,
        }),
    ]);
    return { jobs: [...jobs].sort(), stateMachineArn: sm?.arn, sync };
}
/**
 * Deletes what the listing holds, each resource only if its tags (and a job's name-prefix), read
 * again right before its delete, still say it is this pipeline's.
 */
async function deleteListed(clients, listing, opts) {
    const owned = ownershipTags(opts.stateMachineName, opts.location);
    const leftAlone = [];
    const keep = (resource, name, reason) => {
        core/* warning */.$e(`${resource} ${name} not deleted: ${reason}`);
        leftAlone.push({ resource, name, reason });
    };
    // The schedule first, then the state machine: nothing may start a job while its jobs are being
    // deleted. The group's tags are read right before its delete.
    const groupName = scheduleGroupName(opts.stateMachineName);
    const scheduleDeleted = await deleteSchedule(clients.scheduler, groupName, (tags) => ownershipOf(tags, owned) === 'ours');
    let deletedArn;
    const smArn = listing.stateMachineArn;
    if (smArn) {
        const tags = await readStateMachineTags(clients.sfn, smArn).catch((e) => {
            if (e.name === 'ResourceNotFound')
                return undefined;
            throw e;
        });
        const reason = tags && notOursReason(tags, owned);
        if (reason)
            keep('state machine', smArn, reason);
        else if (tags) {
            await deleteStateMachine(clients.sfn, smArn);
            deletedArn = smArn;
        }
    }
    const outside = listing.jobs.filter((n) => !n.startsWith(opts.namePrefix));
    for (const n of outside)
        keep('Glue job', n, `it carries this pipeline's tags but its name does not start with ${opts.namePrefix}`);
    const account = opts.account || smArn?.split(':')[4] || '';
    let names = listing.jobs.filter((n) => n.startsWith(opts.namePrefix));
    // Without an account no job ARN can be built: the tag listing is read again instead.
    if (!account) {
        const again = await jobsWithTags(clients.glue, owned);
        for (const n of names.filter((n) => !again.has(n)))
            keep('Glue job', n, "it no longer carries this pipeline's ownership tags");
        names = names.filter((n) => again.has(n));
    }
    const skipped = await applyJobWrites(clients.glue, names.map((name) => ({ name, action: 'delete' })), {
        arnOf: (name) => jobArn(opts.partition, opts.region, account, name),
        whyNotOurs: account ? (_name, tags) => notOursReason(tags, owned) : undefined,
    });
    for (const s of skipped)
        keep('Glue job', s.name, s.reason);
    const result = await applySync(clients.s3, listing.sync, { prune: true, noStateWrite: true });
    await deleteSyncState(clients.s3, listing.sync);
    const kept = new Set(skipped.map((s) => s.name));
    return {
        jobs: names.filter((n) => !kept.has(n)),
        stateMachineArn: deletedArn,
        objects: result.deleted,
        leftAlone,
        ...(scheduleDeleted ? { scheduleGroup: groupName } : {}),
    };
}

;// CONCATENATED MODULE: ./src/destroy/aws.ts
// The reads mode sweep needs: every state machine (name, ARN) and its tags. Previews are found by
// their state machine's tags; the rest of a preview is then found like any destroy finds it.


/** State machines whose name starts with `namePrefix`, with their tags (a few tag reads in flight). */
async function stateMachinesWithTags(sfn, namePrefix) {
    const found = [];
    let nextToken;
    do {
        const page = await sfn.send(new ListStateMachinesCommand/* ListStateMachinesCommand */.b({ maxResults: 1000, nextToken }));
        for (const s of page.stateMachines ?? []) {
            if (s.name && s.stateMachineArn && s.name.startsWith(namePrefix))
                found.push({ name: s.name, arn: s.stateMachineArn });
        }
        nextToken = page.nextToken;
    } while (nextToken);
    const limit = (0,p_limit/* default */.A)(4);
    return Promise.all(found.map((s) => limit(async () => {
        try {
            const r = await sfn.send(new commands_ListTagsForResourceCommand/* ListTagsForResourceCommand */.a({ resourceArn: s.arn }));
            return { ...s, tags: Object.fromEntries((r.tags ?? []).map((t) => [t.key ?? '', t.value ?? ''])) };
        }
        catch (e) {
            // Deleted since the listing (e.g. by its pull request's teardown): nothing to sweep.
            if (e.name === 'ResourceNotFound')
                return undefined;
            throw e;
        }
    }))).then((all) => all.filter((s) => s !== undefined));
}

;// CONCATENATED MODULE: ./src/destroy/sweep.ts



/** The previews to destroy among tagged state machines (pure: what sweep decides, tested alone). */
function closedPreviews(machines, o) {
    const open = new Set(o.openPullRequests);
    const out = [];
    for (const m of machines) {
        const pr = Number(m.tags[TAG_PULL_REQUEST]);
        const location = parseS3Uri(m.tags[TAG_LOCATION] ?? '');
        if (!Number.isInteger(pr) || pr <= 0 || !location)
            continue;
        // Ours, and as named: the pipeline tag is this state machine's own name.
        if (m.tags[TAG_PIPELINE] !== m.name || !m.name.startsWith(o.namePrefix))
            continue;
        if (location.bucket !== o.location.bucket || !location.prefix.startsWith(o.location.prefix))
            continue;
        if (open.has(pr))
            continue;
        out.push({ pullRequest: pr, stateMachineName: m.name, location });
    }
    return out.sort((a, b) => a.pullRequest - b.pullRequest || a.stateMachineName.localeCompare(b.stateMachineName));
}
function parseS3Uri(uri) {
    const m = /^s3:\/\/([^/]+)\/(.*)$/.exec(uri);
    return m ? { bucket: m[1], prefix: m[2] } : undefined;
}
async function sweepPreviews(clients, o) {
    const machines = await stateMachinesWithTags(clients.sfn, o.namePrefix);
    const closed = closedPreviews(machines, o);
    o.log(`sweep: ${machines.length} state machine(s) named ${o.namePrefix || ''}*, ${closed.length} preview(s) of closed pull requests` +
        ` (open: ${o.openPullRequests.length ? o.openPullRequests.join(', ') : 'none'})`);
    const swept = [];
    // One at a time: each destroy already runs its deletes in parallel.
    for (const p of closed) {
        o.log(`sweep: destroying ${p.stateMachineName} (pull request #${p.pullRequest}, s3://${p.location.bucket}/${p.location.prefix})`);
        const r = await destroyPipeline(clients, {
            stateMachineName: p.stateMachineName,
            location: p.location,
            region: o.region,
            account: o.account,
            partition: o.partition,
            namePrefix: o.namePrefix,
        });
        swept.push({ ...r, ...p });
    }
    return swept;
}

;// CONCATENATED MODULE: ./src/errors.ts
// Errors caused by the user's input (manifest, inputs, files). main turns each into a workflow
// annotation (`::error file=...,line=...::`) and fails the step before any write.
class InputError extends Error {
    location;
    /** What the user should do about it. */
    fix;
    constructor(message, location = {}, fix) {
        super(message);
        this.name = 'InputError';
        this.location = location;
        this.fix = fix;
    }
}
/** Several input errors found in one pass, reported together. */
class InputErrors extends Error {
    errors;
    constructor(errors) {
        super(errors.map((e) => e.message).join('\n'));
        this.name = 'InputErrors';
        this.errors = errors;
    }
}

// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(8815);
// EXTERNAL MODULE: ./node_modules/zod/v4/classic/schemas.js + 17 modules
var schemas = __webpack_require__(8816);
;// CONCATENATED MODULE: ./src/inputs.ts
// Reads every action input into one record, then validates and converts it, input by input, from
// one table of name, default and parser. The table's names and defaults are checked against
// action.yml by a unit test. Input errors name the input and the fix; nothing is written before
// this passes. Only main.ts sees `Inputs`: it hands each module the few values that module uses.





const inputs_text = (value) => value;
const optional = (value) => value || undefined;
const bool = (value, ctx) => {
    const v = value.toLowerCase();
    if (['true', 'yes', '1'].includes(v))
        return true;
    if (['false', 'no', '0'].includes(v))
        return false;
    ctx.fail(`"${value}" is not a boolean`, 'use true or false');
    return false;
};
const wholeNumber = (min) => (value, ctx) => {
    const n = Number(value);
    if (Number.isInteger(n) && n >= min)
        return n;
    ctx.fail(`"${value}" is not a whole number ≥ ${min}`, `set ${ctx.name} to a whole number`);
    return min;
};
// Fractions are allowed (0.5 = 30 s): handy for smoke checks and tests.
const positiveMinutes = (value, ctx) => {
    const n = Number(value);
    if (Number.isFinite(n) && n > 0)
        return n;
    ctx.fail(`"${value}" is not a positive number`, `set ${ctx.name} to a number of minutes`);
    return 1;
};
const positiveSeconds = (value, ctx) => {
    const n = Number(value);
    if (Number.isFinite(n) && n > 0 && n <= 600)
        return n;
    ctx.fail(`"${value}" is not a number of seconds between 0 and 600`, `set ${ctx.name} to e.g. 8`);
    return 8;
};
const map = (value, ctx) => {
    if (value === '')
        return {};
    try {
        // A YAML warning (an unknown tag, a directive) fails the input here instead of printing on stderr.
        const doc = (0,dist/* parseDocument */.Tp)(value, { prettyErrors: false, logLevel: 'error' });
        const problem = doc.errors[0] ?? doc.warnings[0];
        if (problem)
            throw problem;
        const v = doc.toJS();
        if (v === null || v === undefined)
            return {};
        if (typeof v !== 'object' || Array.isArray(v))
            throw new Error('not a map');
        return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, typeof x === 'string' ? x : JSON.stringify(x)]));
    }
    catch (e) {
        ctx.fail(`is not a YAML/JSON map (${e.message.split('\n')[0]})`, 'write it as {"KEY": "value"}');
        return {};
    }
};
/** A map of Glue job arguments: every name starts with "--". */
const argumentMap = (value, ctx) => {
    const args = map(value, ctx);
    for (const k of Object.keys(args)) {
        if (!k.startsWith('--'))
            ctx.fail(`argument "${k}"`, 'names start with --', 'default-arguments/run-job-arguments');
    }
    return args;
};
const roleArnSchema = schemas/* string */.YjP().regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/, 'must be an IAM role ARN');
const roleArn = (value, ctx) => {
    if (!value) {
        if (ctx.mode === 'deploy')
            ctx.fail('is required in deploy mode', `set ${ctx.name} (an output of infra/bootstrap.yml)`);
        return undefined;
    }
    const r = roleArnSchema.safeParse(value);
    if (!r.success)
        ctx.fail(`"${value}" ${r.error.issues[0].message}`, 'use arn:aws:iam::<account>:role/<name>');
    return value;
};
/** A JSON list of pull request numbers (what `gh pr list --json number --jq '[.[].number]'` prints). */
const pullRequestList = (value, ctx) => {
    if (!value) {
        // Without the list every preview would look closed: refuse rather than destroy them all.
        if (ctx.mode === 'sweep')
            ctx.fail('is required in sweep mode', "pass the open PR numbers, e.g. from gh pr list --json number --jq '[.[].number]'");
        return undefined;
    }
    let list;
    try {
        list = JSON.parse(value);
    }
    catch {
        list = undefined;
    }
    if (Array.isArray(list) && list.every((n) => Number.isInteger(n) && n > 0))
        return list;
    ctx.fail(`"${value.slice(0, 80)}" is not a JSON list of pull request numbers`, 'write it as [12, 15]');
    return undefined;
};
const MODES = ['deploy', 'plan', 'destroy', 'sweep'];
/** Every input, in the order its problems are reported. */
const INPUTS = {
    mode: {
        name: 'mode',
        default: 'deploy',
        parse: (value, ctx) => {
            if (!MODES.includes(value))
                ctx.fail(`"${value}" is not a mode`, 'use deploy, plan, destroy or sweep');
            return value;
        },
    },
    region: {
        name: 'aws-region',
        default: '',
        parse: (value, ctx) => {
            const region = value || ctx.env.AWS_REGION || ctx.env.AWS_DEFAULT_REGION || '';
            if (!region)
                ctx.fail('no region', 'set aws-region or AWS_REGION (configure-aws-credentials sets it)');
            return region;
        },
    },
    bucket: {
        name: 'bucket',
        parse: (value, ctx) => {
            if (!value)
                ctx.fail('is required', 'set bucket to the artifact bucket (see infra/bootstrap.yml)');
            else if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(value))
                ctx.fail(`"${value}" is not a valid bucket name`, 'use the bucket name only, without s3://');
            return value;
        },
    },
    executionInput: {
        name: 'execution-input',
        default: '{}',
        parse: (value, ctx) => {
            try {
                JSON.parse(value);
            }
            catch {
                ctx.fail('is not valid JSON', 'pass a JSON object such as {"date": "2024-01-01"}');
            }
            return value;
        },
    },
    runJobArguments: { name: 'run-job-arguments', default: '{}', parse: argumentMap },
    defaultArguments: { name: 'default-arguments', default: '', parse: argumentMap },
    endpointUrl: {
        name: 'endpoint-url',
        default: '',
        parse: (value, ctx) => {
            if (value && !/^https?:\/\//.test(value))
                ctx.fail(`"${value}" is not a URL`, 'use http://host:port');
            return value || undefined;
        },
    },
    roleArn: { name: 'role-arn', default: '', parse: roleArn },
    stateMachineRoleArn: { name: 'state-machine-role-arn', default: '', parse: roleArn },
    numberOfWorkers: { name: 'number-of-workers', default: '2', parse: wholeNumber(2) },
    tags: { name: 'tags', default: '', parse: map },
    startExecution: { name: 'start-execution', default: 'false', parse: bool },
    wait: { name: 'wait', default: 'true', parse: bool },
    waitTimeoutMinutes: { name: 'wait-timeout-minutes', default: '60', parse: positiveMinutes },
    prune: { name: 'prune', default: 'false', parse: bool },
    adoptExisting: { name: 'adopt-existing', default: 'false', parse: bool },
    logLines: {
        name: 'log-lines',
        default: '50',
        parse: (value, ctx) => {
            const n = Number(value);
            // 10000: the most GetLogEvents returns in one call.
            if (Number.isInteger(n) && n >= 0 && n <= 10_000)
                return n;
            ctx.fail(`"${value}" is not a whole number from 0 to 10000`, 'set log-lines to 50, or 0 to show no log lines');
            return 0;
        },
    },
    prefix: {
        name: 'prefix',
        default: '',
        parse: (value, ctx) => {
            const problem = prefixProblem(value);
            if (problem)
                ctx.fail(`"${value}" ${problem}`, 'use plain folder names separated by single "/", e.g. previews/pr-42/');
            return normalizePrefix(value);
        },
    },
    namePrefix: {
        name: 'name-prefix',
        default: '',
        parse: (value, ctx) => {
            // The characters every Glue job and Step Functions state machine name accepts; the full names'
            // lengths are checked once the manifest is read.
            if (!/^[A-Za-z0-9_-]*$/.test(value))
                ctx.fail(`"${value}" has characters a job or state machine name cannot use`, 'use letters, digits, "-" and "_" only');
            else if (value.length >= 80)
                ctx.fail(`is ${value.length} characters long`, 'keep it under 80 characters: the state machine name starts with it');
            return value;
        },
    },
    pipelineFile: { name: 'pipeline-file', default: 'glue-jobs/pipeline.yml', parse: inputs_text },
    jobsDir: { name: 'jobs-dir', default: 'glue-jobs', parse: inputs_text },
    externalLibsDir: { name: 'external-libs-dir', default: 'external_libs', parse: inputs_text },
    dataDir: { name: 'data-dir', default: 'data', parse: inputs_text },
    dbDir: { name: 'db-dir', default: 'db', parse: inputs_text },
    glueVersion: { name: 'glue-version', default: '5.0', parse: inputs_text },
    workerType: { name: 'worker-type', default: 'G.1X', parse: inputs_text },
    runJob: { name: 'run-job', default: '', parse: optional },
    awsTimeoutSeconds: { name: 'aws-timeout-seconds', default: '8', parse: positiveSeconds },
    stopOnTimeout: { name: 'stop-on-timeout', default: 'true', parse: bool },
    lockWaitMinutes: { name: 'lock-wait-minutes', default: '10', parse: positiveMinutes },
    openPullRequests: { name: 'open-pull-requests', default: '', parse: pullRequestList },
    // Required only when the manifest declares a schedule: main checks that once the manifest is read.
    schedulerRoleArn: {
        name: 'scheduler-role-arn',
        default: '',
        parse: (value, ctx) => {
            if (!value)
                return undefined;
            const r = roleArnSchema.safeParse(value);
            if (!r.success)
                ctx.fail(`"${value}" ${r.error.issues[0].message}`, 'use arn:aws:iam::<account>:role/<name>');
            return value;
        },
    },
    schedulePreviews: { name: 'schedule-previews', default: 'false', parse: bool },
};
const NAMES = Object.values(INPUTS).map((s) => s.name);
/** Raw values as the runner passes them (INPUT_* variables), trimmed. */
function readRawInputs() {
    return Object.fromEntries(NAMES.map((n) => [n, core/* getInput */.V4(n)]));
}
function parseInputs(raw, env = process.env) {
    const errors = [];
    const context = (name, mode) => ({
        name,
        mode,
        env,
        fail: (message, fix, label = name) => errors.push(new InputError(`input ${label}: ${message}`, {}, fix)),
    });
    const value = (spec) => raw[spec.name] || (spec.default ?? '');
    // Mode first: what else is required depends on it.
    const mode = INPUTS.mode.parse(value(INPUTS.mode), context('mode', 'deploy'));
    const inputs = Object.fromEntries(Object.entries(INPUTS).map(([key, spec]) => [
        key,
        key === 'mode' ? mode : spec.parse(value(spec), context(spec.name, mode)),
    ]));
    if (errors.length > 0)
        throw new InputErrors(errors);
    return inputs;
}
/** The AWS account id, read from a role ARN (no STS call needed). */
function accountOf(inputs) {
    return (inputs.roleArn ?? inputs.stateMachineRoleArn)?.split(':')[4];
}

;// CONCATENATED MODULE: ./src/manifest/schema.ts
// The manifest's schema (glue-jobs/pipeline.yml). Keys are kebab-case (as the action inputs are); unknown keys
// are errors so that a typo never silently falls back to a default.


// YAML reads an unquoted 5.0 as the number 5: accept it and give back "5.0".
const glueVersion = schemas/* union */.KCZ([schemas/* string */.YjP(), schemas/* number */.aig()])
    .transform((v) => (typeof v === 'number' ? v.toFixed(1) : v.trim()));
const stringList = schemas/* union */.KCZ([schemas/* array */.YOg(schemas/* string */.YjP()), schemas/* string */.YjP()])
    .transform((v) => (typeof v === 'string' ? v.split(',').map((s) => s.trim()) : v).filter((s) => s !== ''));
const argumentValue = schemas/* union */.KCZ([schemas/* string */.YjP(), schemas/* number */.aig(), schemas/* boolean */.zMY()]).transform((v) => String(v));
const argumentsSchema = schemas/* record */.g1P(schemas/* string */.YjP().regex(/^--[A-Za-z0-9_.-]+$/, 'argument names look like --NAME'), argumentValue);
// 3.9 in YAML is a number: give back the text as written ("3.9", "3").
const versionText = schemas/* union */.KCZ([schemas/* string */.YjP(), schemas/* number */.aig()]).transform((v) => String(v).trim());
const stringMap = schemas/* record */.g1P(schemas/* string */.YjP(), argumentValue);
const jobSettings = {
    type: schemas/* enum */.k5n(['glueetl', 'pythonshell', 'gluestreaming', 'glueray']).optional(),
    description: schemas/* string */.YjP().max(2048).optional(),
    'python-version': versionText.optional(),
    runtime: schemas/* string */.YjP().min(1).optional(),
    'max-capacity': schemas/* number */.aig().positive().optional(),
    connections: stringList.optional(),
    'security-configuration': schemas/* string */.YjP().min(1).max(255).optional(),
    'max-concurrent-runs': schemas/* number */.aig().int().min(1).max(1000).optional(),
    'notify-delay-after': schemas/* number */.aig().int().min(1).optional(),
    'non-overridable-arguments': argumentsSchema.optional(),
    'job-run-queuing': schemas/* boolean */.zMY().optional(),
    'maintenance-window': schemas/* string */.YjP()
        .regex(/^(Sun|Mon|Tue|Wed|Thu|Fri|Sat):([0-9]|1[0-9]|2[0-3])$/, 'write it as Day:Hour, e.g. "Sun:2" (UTC)')
        .optional(),
    'job-bookmark': schemas/* enum */.k5n(['enable', 'disable', 'pause']).optional(),
    'spark-ui': schemas/* boolean */.zMY().optional(),
    'spark-conf': stringMap.optional(),
    'extra-jars': stringList.optional(),
    'extra-files': stringList.optional(),
    tags: stringMap.optional(),
    'glue-version': glueVersion.optional(),
    'worker-type': schemas/* string */.YjP().optional(),
    'number-of-workers': schemas/* number */.aig().int().min(2).max(1000).optional(),
    timeout: schemas/* number */.aig().int().min(1).max(10080).optional(),
    'max-retries': schemas/* number */.aig().int().min(0).max(10).optional(),
    'execution-class': schemas/* enum */.k5n(['STANDARD', 'FLEX']).optional(),
    'additional-python-modules': stringList.optional(),
    arguments: argumentsSchema.optional(),
    // Arguments whose values are secrets (masked in every log, output and summary). A job's list adds
    // to the defaults' list.
    'secret-arguments': schemas/* array */.YOg(schemas/* string */.YjP().regex(/^--[A-Za-z0-9_.-]+$/, 'argument names look like --NAME'))
        .optional(),
    // Not a Glue setting: a rough duration that lets the state-machine builder pick a schedule
    // closer to the critical path on graphs that are not series-parallel.
    'expected-minutes': schemas/* number */.aig().positive().max(10080).optional(),
    // Not a Glue setting either: retries of a run start refused for a transient reason.
    'start-retries': schemas/* number */.aig().int().min(0).max(10).optional(),
};
const defaultsSchema = schemas/* strictObject */.rej(jobSettings);
const jobSchema = schemas/* strictObject */.rej({
    ...jobSettings,
    script: schemas/* string */.YjP().min(1).optional(),
    'depends-on': stringList.optional(),
});
// The pipeline's name names the state machine and is the value of the ownership tags on every job,
// schedule group and object. Step Functions accepts more characters (no whitespace, control
// characters or < > { } [ ] ? * " # % \ ^ | ~ ` $ & , ; : /), but tag values (Glue's
// [\p{L}\p{Z}\p{N}_.:/=+\-@]*) and CloudWatch logging accept less: ASCII letters, digits, ".", "-"
// and "_" are valid everywhere, so a name that passes here can never fail half way through a deploy.
const STATE_MACHINE_NAME_CHARS = /^[A-Za-z0-9._-]*$/;
const stateMachineName = schemas/* string */.YjP()
    .min(1)
    .max(80)
    .regex(STATE_MACHINE_NAME_CHARS, 'use ASCII letters, digits, ".", "-" and "_" only');
// SNS topic ARNs; placeholders ({region}, {account}, {name-prefix}) are expanded, then the ARN is
// checked (resolve.ts, TOPIC_ARN), so that one manifest can name each environment's topic.
const topicArn = schemas/* string */.YjP().min(1);
const notifySchema = schemas/* strictObject */.rej({
    'on-failure': topicArn.optional(),
    'on-success': topicArn.optional(),
});
const scheduleExpression = schemas/* string */.YjP().superRefine((value, ctx) => {
    const problem = scheduleExpressionProblem(value.trim());
    if (problem)
        ctx.addIssue({ code: 'custom', message: `"${value}" is not a schedule expression: ${problem}` });
});
// A map in YAML, or a string holding a JSON object; kept as JSON text (the StartExecution input).
const scheduleInput = schemas/* union */.KCZ([
    schemas/* record */.g1P(schemas/* string */.YjP(), schemas/* unknown */.L5J()).transform((v) => JSON.stringify(v)),
    schemas/* string */.YjP().refine((text) => {
        try {
            const v = JSON.parse(text);
            return typeof v === 'object' && v !== null && !Array.isArray(v);
        }
        catch {
            return false;
        }
    }, 'is not a JSON object'),
]);
const manifestSchema = schemas/* strictObject */.rej({
    name: stateMachineName.optional(),
    notify: notifySchema.optional(),
    schedule: scheduleExpression.optional(),
    'schedule-input': scheduleInput.optional(),
    defaults: defaultsSchema.optional(),
    jobs: schemas/* record */.g1P(schemas/* string */.YjP().regex(/^[A-Za-z0-9_-]{1,80}$/, 'job names use letters, digits, "-" and "_"'), jobSchema.nullable()),
});

;// CONCATENATED MODULE: ./src/manifest/parse.ts
// YAML → validated manifest object, with every error located at its file:line. The YAML library's
// warnings (an unknown tag, an ignored directive, a list or map used as a key) are returned as
// warnings at their line, for annotations: the library would otherwise print them on stderr, where
// nobody reading the run's annotations sees them.



function parseManifest(text, file) {
    const lineCounter = new dist/* LineCounter */.HN();
    // logLevel 'error': the library reports nothing itself; its warnings are returned below.
    const doc = (0,dist/* parseDocument */.Tp)(text, { lineCounter, uniqueKeys: true, prettyErrors: false, logLevel: 'error' });
    if (doc.errors.length > 0) {
        throw new InputErrors(doc.errors.map((e) => {
            const { line, col } = lineCounter.linePos(e.pos[0]);
            return new InputError(`YAML syntax error: ${firstLine(e.message)}`, { file, line, col }, 'fix the YAML syntax at that line (indentation, quotes, ":" after each key)');
        }));
    }
    const lineOf = (path) => locate(doc, lineCounter, path);
    const result = manifestSchema.safeParse(doc.toJS() ?? {});
    if (!result.success) {
        throw new InputErrors(result.error.issues.map((issue) => issueToError(issue, file, lineOf)));
    }
    const jobLines = new Map();
    for (const name of Object.keys(result.data.jobs)) {
        const line = lineOf(['jobs', name]);
        if (line !== undefined)
            jobLines.set(name, line);
    }
    return { manifest: result.data, jobLines, lineOf, warnings: yamlWarnings(doc, lineCounter, file) };
}
function yamlWarnings(doc, lineCounter, file) {
    const at = (offset) => lineCounter.linePos(offset).line;
    const out = doc.warnings.map((w) => {
        const line = at(w.pos[0]);
        const text = firstLine(w.message);
        if (w.code === 'TAG_RESOLVE_FAILED') {
            const tag = text.replace(/^Unresolved tag:\s*/, '');
            return {
                message: `unknown YAML tag ${tag}: the value after it is read as plain text. Fix: remove the tag (the manifest needs no YAML tags)`,
                file,
                line,
            };
        }
        if (w.code === 'BAD_DIRECTIVE')
            return { message: `YAML directive ignored (${text}). Fix: remove that line`, file, line };
        return { message: `YAML: ${text}`, file, line };
    });
    // A list or map as a key becomes its text as a key (`? [a]` → "[ a ]"): surely not what was meant.
    (0,dist/* visit */.YR)(doc, {
        Pair(_key, pair) {
            if (pair.key && !(0,dist/* isScalar */.jn)(pair.key) && typeof pair.key === 'object' && 'range' in pair.key) {
                const offset = pair.key.range?.[0] ?? 0;
                out.push({
                    message: 'a list or map used as a key is read as one text key (the list or map written out). Fix: use a plain text key',
                    file,
                    line: at(offset),
                });
            }
        },
    });
    return out.sort((a, b) => a.line - b.line);
}
function issueToError(issue, file, lineOf) {
    const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
    const where = path.length > 0 ? path.join('.') : 'the top level';
    if (issue.code === 'unrecognized_keys') {
        const keys = issue.keys;
        const allowed = allowedKeys(path);
        return new InputError(`unknown key${keys.length > 1 ? 's' : ''} ${keys.map((k) => `"${k}"`).join(', ')} in ${where}`, { file, line: lineOf([...path, keys[0]]) ?? lineOf(path) }, `remove or rename it; allowed keys here: ${allowed.join(', ')}`);
    }
    if (issue.code === 'invalid_type' && issue.input === undefined) {
        return new InputError(`missing required key "${path.at(-1)}"`, { file, line: lineOf(path.slice(0, -1)) }, `add "${path.at(-1)}:" to ${path.slice(0, -1).join('.') || 'the manifest'}`);
    }
    return new InputError(`${where}: ${issue.message}`, { file, line: lineOf(path) ?? lineOf(path.slice(0, -1)) }, 'see the manifest reference in the README');
}
function allowedKeys(path) {
    const shape = path.length === 0
        ? manifestSchema.shape
        : path[0] === 'defaults'
            ? manifestSchema.shape.defaults.unwrap().shape
            : path[0] === 'notify'
                ? manifestSchema.shape.notify.unwrap().shape
                : manifestSchema.shape.jobs.valueType.unwrap().shape;
    return Object.keys(shape);
}
/** 1-based line of the key (for map entries) or node at `path`. */
function locate(doc, lineCounter, path) {
    let node = doc.contents;
    let offset;
    for (const step of path) {
        if ((0,dist/* isMap */.jh)(node)) {
            const pair = node.items.find((p) => (0,dist/* isScalar */.jn)(p.key) && String(p.key.value) === String(step));
            if (!pair)
                return undefined;
            offset = (0,dist/* isScalar */.jn)(pair.key) ? pair.key.range?.[0] : offset;
            node = pair.value;
        }
        else if (node && typeof node === 'object' && 'items' in node && typeof step === 'number') {
            const item = node.items[step];
            if (!item)
                return undefined;
            offset = item.range?.[0] ?? offset;
            node = item;
        }
        else {
            return undefined;
        }
    }
    return offset === undefined ? undefined : lineCounter.linePos(offset).line;
}
function firstLine(message) {
    return message.split('\n')[0].trim();
}

;// CONCATENATED MODULE: ./src/manifest/glue-limits.ts
const GLUE_VERSIONS = ['2.0', '3.0', '4.0', '5.0', '5.1'];
const NEWEST = Number(GLUE_VERSIONS.at(-1));
const SPARK_WORKERS = {
    'G.1X': () => true,
    'G.2X': () => true,
    'G.4X': (v) => v >= 3,
    'G.8X': (v) => v >= 3,
    'G.12X': (v) => v >= 4,
    'G.16X': (v) => v >= 4,
    'R.1X': (v) => v >= 4,
    'R.2X': (v) => v >= 4,
    'R.4X': (v) => v >= 4,
    'R.8X': (v) => v >= 4,
};
/** Worker types of one job type only, with the type they belong to. */
const KIND_WORKERS = {
    'G.025X': { type: 'gluestreaming', label: 'streaming jobs (type: gluestreaming)', minVersion: 3 },
    'Z.2X': { type: 'glueray', label: 'Ray jobs (type: glueray)', minVersion: 4 },
};
/** pythonshell DPUs Glue accepts. */
const PYTHONSHELL_CAPACITIES = [0.0625, 1];
function checkGlueVersion(glueVersion) {
    if (GLUE_VERSIONS.includes(glueVersion))
        return {};
    if (/^\d+\.\d+$/.test(glueVersion) && Number(glueVersion) > NEWEST) {
        return {
            warning: `glue-version "${glueVersion}" is newer than the versions this action knows (${GLUE_VERSIONS.join(', ')}): passed to Glue as is`,
        };
    }
    return { error: `glue-version "${glueVersion}" is not supported; use one of ${GLUE_VERSIONS.join(', ')}` };
}
/** Returns an error message, or undefined when the worker type suits the job type and version. */
function checkWorker(type, glueVersion, workerType) {
    const version = Number(glueVersion);
    const kind = KIND_WORKERS[workerType];
    if (type === 'glueray') {
        return workerType === 'Z.2X' ? undefined : `Ray jobs run on Z.2X workers (got ${workerType})`;
    }
    if (kind) {
        if (kind.type !== type)
            return `worker-type ${workerType} is only for ${kind.label}, not ${type} jobs`;
        if (version < kind.minVersion)
            return `worker-type ${workerType} needs glue-version ${kind.minVersion.toFixed(1)} or later (got ${glueVersion})`;
        return undefined;
    }
    if (workerType === 'Standard')
        return 'worker-type Standard is only for Glue 0.9/1.0 jobs';
    const allowed = SPARK_WORKERS[workerType];
    if (!allowed) {
        const extra = type === 'gluestreaming' ? ', G.025X' : '';
        return `worker-type "${workerType}" is unknown; use one of ${Object.keys(SPARK_WORKERS).join(', ')}${extra}`;
    }
    if (!allowed(version)) {
        const ok = Object.keys(SPARK_WORKERS).filter((w) => SPARK_WORKERS[w](version));
        return `worker-type ${workerType} needs a newer Glue version than ${glueVersion} (valid there: ${ok.join(', ')})`;
    }
    return undefined;
}
function checkExecutionClass(type, executionClass, glueVersion, workerType) {
    if (executionClass !== 'FLEX')
        return undefined;
    if (type !== 'glueetl')
        return `execution-class FLEX is only for Spark ETL jobs (type: glueetl), not ${type}`;
    if (Number(glueVersion) < 3)
        return `execution-class FLEX needs glue-version 3.0 or later (got ${glueVersion})`;
    if (workerType !== 'G.1X' && workerType !== 'G.2X') {
        return `execution-class FLEX runs only on G.1X or G.2X workers (got ${workerType})`;
    }
    return undefined;
}

;// CONCATENATED MODULE: ./src/manifest/graph.ts
// Dependency-graph check on job names: cycles.
/** Returns one cycle as a list of names (first repeated at the end), or undefined if the graph is acyclic. */
function findCycle(deps) {
    const state = new Map();
    const stack = [];
    const visit = (node) => {
        state.set(node, 'visiting');
        stack.push(node);
        for (const dep of deps.get(node) ?? []) {
            if (!deps.has(dep))
                continue;
            const s = state.get(dep);
            if (s === 'visiting')
                return [...stack.slice(stack.indexOf(dep)), dep];
            if (s === undefined) {
                const found = visit(dep);
                if (found)
                    return found;
            }
        }
        stack.pop();
        state.set(node, 'done');
        return undefined;
    };
    for (const node of [...deps.keys()].sort()) {
        if (state.has(node))
            continue;
        const cycle = visit(node);
        // A cycle was found walking dependencies (node → its deps); print it in run order.
        if (cycle)
            return cycle.reverse();
    }
    return undefined;
}

;// CONCATENATED MODULE: ./src/manifest/resolve.ts
// Manifest → Pipeline: defaults merged, placeholders expanded, graph and scripts checked.
// Every problem is collected and reported together, each at its file:line.





const BUILT_IN_DEFAULTS = { timeout: 30, 'max-retries': 0, 'execution-class': 'STANDARD' };
function resolvePipeline(manifest, ctx, jobLines = new Map(), lineOf = () => undefined) {
    const file = ctx.manifestFile;
    const errors = [];
    const names = Object.keys(manifest.jobs);
    if (names.length === 0) {
        errors.push(new InputError('the pipeline declares no jobs', { file, line: lineOf(['jobs']) }, 'add at least one job under "jobs:"'));
    }
    const glueNames = new Map();
    const warnings = [];
    const jobs = names.map((name) => resolveJob(name, manifest, ctx, { file, line: jobLines.get(name), lineOf, errors, glueNames, warnings }));
    errors.push(...graphErrors(jobs, names, file, jobLines, lineOf));
    if (manifest['schedule-input'] !== undefined && manifest.schedule === undefined) {
        errors.push(new InputError('schedule-input is set but there is no schedule', { file, line: lineOf(['schedule-input']) }, 'add "schedule:" (e.g. "cron(0 3 * * ? *)") or remove schedule-input'));
    }
    const orch = orchestration(manifest, ctx, lineOf, errors);
    if (errors.length > 0)
        throw new InputErrors(errors);
    const name = manifest.name ?? ctx.defaultName;
    return {
        name,
        stateMachineName: `${ctx.namePrefix}${name}`,
        jobs,
        manifestFile: file,
        ...orch,
        warnings,
    };
}
// SNS standard topics (a FIFO topic would need a message group id on every publish).
const TOPIC_ARN = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/;
/** The manifest's `notify` (placeholders expanded, ARNs checked) and `schedule` (checked by the schema). */
function orchestration(manifest, ctx, lineOf, errors) {
    const out = {};
    const n = manifest.notify;
    const topic = (key) => {
        const raw = n?.[key];
        if (raw === undefined)
            return undefined;
        const at = { file: ctx.manifestFile, line: lineOf(['notify', key]) };
        let arn;
        try {
            arn = expandPlaceholders(raw.trim(), ctx.placeholders);
        }
        catch (e) {
            errors.push(new InputError(`notify.${key}: ${e.message}`, at, 'set the input the placeholder needs (role-arn for {account}) or write the ARN out'));
            return undefined;
        }
        if (!TOPIC_ARN.test(arn)) {
            errors.push(new InputError(`notify.${key}: "${arn}" is not the ARN of a standard SNS topic`, at, 'use arn:<partition>:sns:<region>:<account>:<topic> ({region}, {account} and {name-prefix} are expanded); FIFO topics are not supported'));
            return undefined;
        }
        return arn;
    };
    const [onFailure, onSuccess] = [topic('on-failure'), topic('on-success')];
    if (onFailure || onSuccess) {
        out.notify = {
            onFailure,
            onSuccess,
            lines: { onFailure: lineOf(['notify', 'on-failure']), onSuccess: lineOf(['notify', 'on-success']) },
        };
    }
    if (manifest.schedule !== undefined) {
        out.schedule = {
            expression: manifest.schedule.trim(),
            input: manifest['schedule-input'] ?? '{}',
            line: lineOf(['schedule']),
            inputLine: lineOf(['schedule-input']),
        };
    }
    return out;
}
/**
 * Keys that only some job types take. From `defaults` they reach only the jobs of those types (a
 * pythonshell job does not inherit the Spark workers); set on a job of another type they are errors.
 */
const KEY_TYPES = {
    'worker-type': ['glueetl', 'gluestreaming', 'glueray'],
    'number-of-workers': ['glueetl', 'gluestreaming', 'glueray'],
    'execution-class': ['glueetl', 'gluestreaming'],
    'max-capacity': ['pythonshell'],
    'maintenance-window': ['gluestreaming'],
    'job-bookmark': ['glueetl', 'gluestreaming'],
    'spark-ui': ['glueetl', 'gluestreaming'],
    'spark-conf': ['glueetl', 'gluestreaming'],
    'extra-jars': ['glueetl', 'gluestreaming'],
    'extra-files': ['glueetl', 'gluestreaming'],
    runtime: ['glueray'],
};
/** Per type: the Glue version and Python version when the job sets none (defaults' glue-version is for Spark). */
const TYPE_DEFAULTS = {
    glueetl: { pythonVersion: '3' },
    gluestreaming: { pythonVersion: '3' },
    pythonshell: { glueVersion: '3.0', pythonVersion: '3.9' },
    glueray: { glueVersion: '4.0', pythonVersion: '3.9' },
};
const PYTHON_VERSIONS = {
    glueetl: ['3'],
    gluestreaming: ['3'],
    pythonshell: ['3', '3.9'],
    glueray: ['3.9'],
};
/** One job: defaults merged, Glue limits and script checked, argument placeholders expanded. */
function resolveJob(name, manifest, ctx, scope) {
    const { file, line, lineOf, errors } = scope;
    const glueName = `${ctx.namePrefix}${name}`;
    const defaults = manifest.defaults ?? {};
    const job = manifest.jobs[name] ?? {};
    // Line of a setting: on the job, else in defaults, else the job's key.
    const settingLine = (...key) => lineOf(['jobs', name, ...key]) ?? lineOf(['defaults', ...key]) ?? line;
    const fail = (message, at, fix) => errors.push(new InputError(`job "${name}"${message}`, { file, line: at }, fix));
    const type = job.type ?? defaults.type ?? 'glueetl';
    const typeDefaults = TYPE_DEFAULTS[type];
    // Defaults reach a job only where they fit its type; what the job sets itself must fit.
    const inherited = withoutUndefined(defaults);
    for (const [key, types] of Object.entries(KEY_TYPES)) {
        if (!types.includes(type))
            delete inherited[key];
        if (!types.includes(type) && job[key] !== undefined) {
            fail(`: ${key} is not a setting of ${type} jobs (it is for ${types.join(', ')})`, lineOf(['jobs', name, key]) ?? line, `remove ${key} from this job, or change its type`);
        }
    }
    if (typeDefaults.glueVersion)
        delete inherited['glue-version'];
    // The defaults' workers are Spark workers: a Ray job takes only its own (Z.2X by default).
    if (type === 'glueray') {
        delete inherited['worker-type'];
        delete inherited['number-of-workers'];
    }
    if (type !== 'glueetl' && inherited['execution-class'] === 'FLEX')
        delete inherited['execution-class'];
    // Arguments merge name by name; every other key is replaced whole (the same rule as the README's manifest section).
    const merged = { ...BUILT_IN_DEFAULTS, ...inherited, ...withoutUndefined(job) };
    const glueVersion = merged['glue-version'] ?? typeDefaults.glueVersion ?? ctx.inputDefaults.glueVersion;
    const version = checkGlueVersion(glueVersion);
    if (version.error)
        fail(`: ${version.error}`, settingLine('glue-version'), 'change glue-version');
    if (version.warning)
        scope.warnings.push({
            message: `job "${name}": ${version.warning}`,
            file,
            line: settingLine('glue-version'),
        });
    const workers = type !== 'pythonshell';
    const workerType = workers
        ? (merged['worker-type'] ?? (type === 'glueray' ? 'Z.2X' : ctx.inputDefaults.workerType))
        : undefined;
    const executionClass = type === 'glueetl' || type === 'gluestreaming' ? merged['execution-class'] : undefined;
    if (workerType !== undefined && !version.error) {
        const workerError = checkWorker(type, glueVersion, workerType);
        if (workerError)
            fail(`: ${workerError}`, settingLine('worker-type'), 'change worker-type, type or glue-version');
        const classError = checkExecutionClass(type, executionClass ?? 'STANDARD', glueVersion, workerType);
        if (classError) {
            fail(`: ${classError}`, settingLine('execution-class'), 'use execution-class STANDARD for this job, or a glueetl job on G.1X/G.2X workers with Glue 3.0 or later');
        }
    }
    const maxCapacity = type === 'pythonshell' ? (merged['max-capacity'] ?? 0.0625) : undefined;
    if (maxCapacity !== undefined && !PYTHONSHELL_CAPACITIES.includes(maxCapacity)) {
        fail(`: max-capacity ${maxCapacity} is not a pythonshell capacity`, settingLine('max-capacity'), `use one of ${PYTHONSHELL_CAPACITIES.join(', ')}`);
    }
    const pythonVersion = merged['python-version'] ?? typeDefaults.pythonVersion;
    if (!PYTHON_VERSIONS[type].includes(pythonVersion)) {
        fail(`: python-version ${pythonVersion} is not one of ${type} jobs`, settingLine('python-version'), `use ${PYTHON_VERSIONS[type].map((v) => `"${v}"`).join(' or ')}`);
    }
    errors.push(...glueNameErrors(name, glueName, scope));
    const script = job.script ?? (0,external_node_path_.join)(ctx.jobsDir, `${name}.py`).split('\\').join('/');
    checkRepoFile(ctx.root, script, () => fail(`: script ${script} does not exist`, lineOf(['jobs', name, 'script']) ?? line, `create ${script} or set "script:" to the job's file`));
    for (const key of ['extra-jars', 'extra-files']) {
        if (!KEY_TYPES[key].includes(type))
            continue; // already reported as a key of another type
        (merged[key] ?? []).forEach((path, i) => {
            if (path.startsWith('s3://'))
                return;
            checkRepoFile(ctx.root, path, () => fail(`: ${key} entry ${path} is neither an s3:// URI nor a file of the repository`, lineOf(['jobs', name, key, i]) ?? settingLine(key), 'give a path from the repository root, or an s3:// URI'));
        });
    }
    const values = { ...ctx.placeholders, job: name };
    const expandMap = (key, map) => {
        const out = {};
        for (const [k, value] of Object.entries(map)) {
            try {
                out[k] = expandPlaceholders(value, values);
            }
            catch (e) {
                fail(`, ${key} ${k}: ${e.message}`, settingLine(key, k), 'set the input the placeholder needs (e.g. role-arn for {account}) or remove the placeholder');
            }
        }
        return out;
    };
    const args = expandMap('arguments', {
        ...ctx.inputDefaults.arguments,
        ...defaults.arguments,
        ...job.arguments,
    });
    const nonOverridable = merged['non-overridable-arguments'];
    return {
        name,
        glueName,
        script,
        dependsOn: job['depends-on'] ?? [],
        type,
        glueVersion,
        workerType,
        numberOfWorkers: workers ? (merged['number-of-workers'] ?? ctx.inputDefaults.numberOfWorkers) : undefined,
        timeout: merged.timeout,
        maxRetries: merged['max-retries'],
        executionClass: executionClass ?? (type === 'glueetl' ? 'STANDARD' : undefined),
        additionalPythonModules: merged['additional-python-modules'] ?? [],
        arguments: args,
        ...secretArguments(defaults, job),
        description: merged.description,
        expectedMinutes: merged['expected-minutes'],
        startRetries: merged['start-retries'],
        line,
        pythonVersion,
        runtime: type === 'glueray' ? (merged.runtime ?? 'Ray2.4') : undefined,
        maxCapacity,
        connections: merged.connections,
        securityConfiguration: merged['security-configuration'],
        maxConcurrentRuns: merged['max-concurrent-runs'],
        notifyDelayAfter: merged['notify-delay-after'],
        nonOverridableArguments: nonOverridable
            ? expandMap('non-overridable-arguments', nonOverridable)
            : undefined,
        jobRunQueuing: merged['job-run-queuing'],
        maintenanceWindow: merged['maintenance-window'],
        jobBookmark: merged['job-bookmark'],
        sparkUi: merged['spark-ui'],
        sparkConf: merged['spark-conf'] ? expandMap('spark-conf', merged['spark-conf']) : undefined,
        extraJars: merged['extra-jars'],
        extraFiles: merged['extra-files'],
        tags: merged.tags,
    };
}
function checkRepoFile(root, path, onMissing) {
    const abs = (0,external_node_path_.join)(root, path);
    if (!(0,external_node_fs_.existsSync)(abs) || !(0,external_node_fs_.statSync)(abs).isFile())
        onMissing();
}
/** A Glue name that collides with an earlier job's (not case-sensitive here) or is too long. */
function glueNameErrors(name, glueName, scope) {
    const errors = [];
    const at = { file: scope.file, line: scope.line };
    const other = scope.glueNames.get(glueName.toLowerCase());
    if (other !== undefined) {
        errors.push(new InputError(`jobs "${other}" and "${name}" give the same Glue job name "${glueName}" (Glue names are not case-sensitive here)`, at, 'rename one of them'));
    }
    scope.glueNames.set(glueName.toLowerCase(), name);
    if (glueName.length > 255) {
        errors.push(new InputError(`Glue job name "${glueName}" is longer than 255 characters`, at, 'shorten it'));
    }
    return errors;
}
/** Unknown or self dependencies, then one cycle if there is one. */
function graphErrors(jobs, names, file, jobLines, lineOf) {
    const errors = [];
    const known = new Set(names);
    for (const job of jobs) {
        job.dependsOn.forEach((dep, i) => {
            if (dep === job.name || !known.has(dep)) {
                errors.push(new InputError(dep === job.name
                    ? `job "${job.name}" depends on itself`
                    : `job "${job.name}" depends on "${dep}", which is not a job of this pipeline`, { file, line: lineOf(['jobs', job.name, 'depends-on', i]) ?? job.line }, `use one of: ${names.filter((n) => n !== job.name).join(', ')}`));
            }
        });
    }
    const cycle = findCycle(new Map(jobs.map((j) => [j.name, j.dependsOn.filter((d) => d !== j.name)])));
    if (cycle) {
        errors.push(new InputError(`depends-on cycle: ${cycle.join(' → ')}`, { file, line: jobLines.get(cycle[0]) }, 'remove one of these depends-on entries so that the jobs can run in some order'));
    }
    return errors;
}
/** Expands {bucket} {prefix} {region} {account} {name-prefix} {job}; other braces are left alone. */
function expandPlaceholders(value, values) {
    return value.replace(/\{(bucket|prefix|region|account|name-prefix|job)\}/g, (_, key) => {
        const v = values[key];
        if (v === undefined)
            throw new Error(`placeholder {${key}} has no value`);
        return v;
    });
}
/** The arguments marked secret: the defaults' list and the job's together (a job cannot unmark one). */
function secretArguments(defaults, job) {
    const names = [...new Set([...(defaults['secret-arguments'] ?? []), ...(job['secret-arguments'] ?? [])])];
    return names.length > 0 ? { secretArguments: names } : {};
}
function withoutUndefined(o) {
    return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

;// CONCATENATED MODULE: ./src/manifest/index.ts
// Loads the pipeline: from the manifest when it exists, else every *.py directly in jobs-dir,
// chained one after another in file-name order.






function loadPipeline(pipelineFile, ctx) {
    const manifestPath = (0,external_node_path_.join)(ctx.root, pipelineFile);
    if ((0,external_node_fs_.existsSync)(manifestPath)) {
        const parsed = parseManifest((0,external_node_fs_.readFileSync)(manifestPath, 'utf8'), pipelineFile);
        const { manifest, jobLines, lineOf } = parsed;
        const pipeline = resolvePipeline(manifest, { ...ctx, manifestFile: pipelineFile }, jobLines, lineOf);
        return { ...pipeline, warnings: [...parsed.warnings, ...(pipeline.warnings ?? [])] };
    }
    const dir = (0,external_node_path_.join)(ctx.root, ctx.jobsDir);
    if (!(0,external_node_fs_.existsSync)(dir)) {
        throw new InputErrors([
            new InputError(`neither ${pipelineFile} nor the jobs folder ${ctx.jobsDir} exists`, { file: pipelineFile }, 'set pipeline-file or jobs-dir to where your Glue scripts are'),
        ]);
    }
    const scripts = (0,external_node_fs_.readdirSync)(dir, { withFileTypes: true })
        .filter((e) => e.isFile() && e.name.endsWith('.py'))
        .map((e) => e.name)
        .sort();
    const jobs = {};
    let previous;
    for (const script of scripts) {
        const name = script.slice(0, -3);
        jobs[name] = previous ? { 'depends-on': [previous] } : {};
        previous = name;
    }
    if (scripts.length === 0) {
        throw new InputErrors([
            new InputError(`no manifest (${pipelineFile}) and no *.py script in ${ctx.jobsDir}`, { file: ctx.jobsDir }, `add ${pipelineFile} or put the job scripts directly in ${ctx.jobsDir}`),
        ]);
    }
    return resolvePipeline({ jobs }, { ...ctx, manifestFile: undefined });
}

;// CONCATENATED MODULE: ./src/repo-path.ts
// Paths the action reads (pipeline-file, jobs-dir, external-libs-dir, data-dir, db-dir, job
// scripts) must stay inside the repository and out of its .git folder, symlinks included: a
// path or a link that leads elsewhere could upload files of the runner (credentials, other
// checkouts) to the bucket. Checked on the path as written, then on its real path.



/** Why `path` (repository-relative) is refused, or undefined when it is fine. */
function repoPathProblem(root, path) {
    if ((0,external_node_path_.isAbsolute)(path))
        return 'is an absolute path; paths are relative to the repository root';
    const lexical = problemOf((0,external_node_path_.relative)((0,external_node_path_.resolve)(root), (0,external_node_path_.resolve)(root, path)));
    if (lexical)
        return lexical;
    // The real path of the deepest part that exists (the rest cannot hold a link yet).
    let existing = (0,external_node_path_.resolve)(root, path);
    while (!(0,external_node_fs_.existsSync)(existing) && (0,external_node_path_.dirname)(existing) !== existing)
        existing = (0,external_node_path_.dirname)(existing);
    const real = problemOf((0,external_node_path_.relative)((0,external_node_fs_.realpathSync)(root), (0,external_node_fs_.realpathSync)(existing)));
    return real ? `${real} (through a symbolic link)` : undefined;
}
function problemOf(rel) {
    const parts = rel.split(external_node_path_.sep);
    if (parts[0] === '..' || (0,external_node_path_.isAbsolute)(rel))
        return 'resolves outside the repository';
    if (parts[0]?.toLowerCase() === '.git')
        return 'resolves into the .git folder';
    return undefined;
}
/** One error per refused path; `label` names the input or the manifest key that holds it. */
function repoPathErrors(root, paths) {
    return paths.flatMap(({ label, path, file, line }) => {
        const problem = repoPathProblem(root, path);
        return problem
            ? [
                new InputError(`${label} "${path}" ${problem}`, { file, line }, 'use a path inside the repository, outside .git, that is not reached through a link out of it'),
            ]
            : [];
    });
}

;// CONCATENATED MODULE: ./src/state-machine/dag.ts
// The job graph in the form the schedulers need: nodes indexed in name order, ASAP levels and the
// transitive closure as bitsets (the schedulers ask "is u before v?" O(n²) times).

/**
 * Indexes the graph and checks, cheaply, what the manifest validation already guarantees:
 * unique names, known dependencies, no cycles. A failure here is a bug upstream, not user input.
 */
function buildDag(input) {
    const nodes = [...input].sort((a, b) => compareCodeUnits(a.name, b.name));
    const names = nodes.map((n) => n.name);
    const index = new Map();
    names.forEach((name, i) => {
        if (index.has(name))
            throw new Error(`job graph: duplicate job name "${name}"`);
        index.set(name, i);
    });
    const preds = nodes.map((node) => {
        const ids = new Set();
        for (const dep of node.dependsOn) {
            const id = index.get(dep);
            if (id === undefined)
                throw new Error(`job graph: "${node.name}" depends on unknown job "${dep}"`);
            if (dep === node.name)
                throw new Error(`job graph: "${node.name}" depends on itself`);
            ids.add(id);
        }
        return [...ids].sort((a, b) => a - b);
    });
    const n = nodes.length;
    const succs = names.map(() => []);
    preds.forEach((ps, v) => {
        for (const u of ps)
            succs[u].push(v);
    });
    // Kahn's algorithm: topological order + levels; anything left over is on a cycle.
    const missing = preds.map((ps) => ps.length);
    const level = new Array(n).fill(0);
    const order = [];
    for (let v = 0; v < n; v++)
        if (missing[v] === 0)
            order.push(v);
    for (let i = 0; i < order.length; i++) {
        const u = order[i];
        for (const v of succs[u]) {
            level[v] = Math.max(level[v], level[u] + 1);
            if (--missing[v] === 0)
                order.push(v);
        }
    }
    if (order.length < n) {
        const stuck = names.filter((_, v) => missing[v] > 0);
        throw new Error(`job graph: dependency cycle among ${stuck.join(', ')}`);
    }
    const words = Math.ceil(n / 32) || 1;
    const reach = new Uint32Array(n * words);
    for (let i = n - 1; i >= 0; i--) {
        const u = order[i];
        const row = u * words;
        for (const v of succs[u]) {
            reach[row + (v >>> 5)] |= 1 << (v & 31);
            const vrow = v * words;
            for (let w = 0; w < words; w++)
                reach[row + w] |= reach[vrow + w];
        }
    }
    return { names, nodes, preds, level, reach, words };
}
/** True when v (transitively) depends on u. */
function before(dag, u, v) {
    return ((dag.reach[u * dag.words + (v >>> 5)] >>> (v & 31)) & 1) === 1;
}
function comparable(dag, u, v) {
    return before(dag, u, v) || before(dag, v, u);
}
/** Longest path when each job takes durations[i]: the lower bound of any schedule. */
function criticalPath(dag, durations) {
    const finish = new Array(dag.names.length).fill(0);
    // Index order is not topological; levels are.
    const byLevel = dag.names.map((_, i) => i).sort((a, b) => dag.level[a] - dag.level[b]);
    let longest = 0;
    for (const v of byLevel) {
        let start = 0;
        for (const u of dag.preds[v])
            start = Math.max(start, finish[u]);
        finish[v] = start + durations[v];
        longest = Math.max(longest, finish[v]);
    }
    return longest;
}

;// CONCATENATED MODULE: ./src/state-machine/schedule.ts
// Turning a job DAG into a series-parallel schedule (what nested Step Functions Parallel states can
// express: a Parallel waits for all its branches, a branch runs its states one after another).
//
// A schedule is a series-parallel *order* on the jobs. The orders it can express exactly are the
// series-parallel (N-free) partial orders (Valdes, Tarjan & Lawler, "The recognition of series
// parallel digraphs", SIAM J. Comput. 11(2), 1982): a poset is SP iff every part with at least two
// elements splits either into parts with no order between them (parallel: the comparability graph is
// disconnected) or into parts that are totally ordered one after another (series: the
// incomparability graph is disconnected). So we decompose recursively (modular decomposition):
//   - comparability graph disconnected   → Parallel of its components (adds no waiting);
//   - incomparability graph disconnected → sequence of its components (adds no waiting);
//   - neither ("prime", it contains an N: a→c, b→c, b→d) → some waiting must be added. We cut the
//     part into A → B where A = the jobs of ASAP level ≤ k, and recurse into both halves.
// This is SP-ization by adding edges (González-Escribano, van Gemund & Cardeñoso-Payo, "Mapping
// unstructured applications into nested parallelism", VECPAR 2002), restricted to one family of
// cuts. The restriction is what makes the result never slower than plain layering, for ANY job
// durations: every pair we order, a → b, has level(a) < level(b), which layering orders too, so our
// order is a subset of layering's and every path in ours is a path in layering's.
// On an SP graph no cut is taken, so the makespan equals the critical path.
//
// Which cut: every level boundary of the part is tried, recursively (memoised), and the one whose
// schedule has the smallest mean makespan over a fixed set of pseudo-random job durations is kept
// (a sample-average estimate: durations are unknown on a first deploy).
// With expected durations (manifest hints or learned from earlier runs) more searches run, scored at
// those durations, each with its own cut families: the part's own ASAP and ALAP levels; the start
// times of the part's own earliest and latest schedules; and those start times together with the
// finish times (the jobs done by t also form a valid cut). They share one work budget, so big graphs
// stay fast. The fastest candidate is kept if, at those durations, it is no slower than layering
// (else the guaranteed construction is used). Measured in bench/schedule.ts (makespan / critical
// path): 1.12 without durations (layering: 1.38), 1.04
// with durations off by up to 1.5x, 1.018 learned from earlier runs, 1.013 with exact ones.

/** One Parallel per ASAP level: the baseline. */
function layeredSchedule(dag) {
    const depth = Math.max(...dag.level) + 1;
    const levels = Array.from({ length: depth }, () => []);
    dag.level.forEach((l, v) => {
        levels[l].push(v);
    });
    return series(levels.map((vs) => parallel(vs.map(job))));
}
/**
 * Work (jobs summed over the subproblems explored and the cuts tried, plus the pair tests that
 * make the cuts) the wide searches of one build may share: a search that runs out gives up and
 * leaves the other candidates. Small graphs are searched in full; on big ones it bounds the time.
 */
const WORK_BUDGET = 3_000_000;
class BudgetExceeded extends Error {
}
function seriesParallelSchedule(dag, options = {}) {
    if (dag.names.length === 0)
        return series([]);
    const safeFamilies = ['global-asap'];
    if (!options.durations)
        return search(dag, sampleDurations(dag.names.length, SAMPLES), SAMPLES, safeFamilies);
    const durations = Float64Array.from(options.durations);
    // Wider cuts can order pairs layering leaves parallel: each family set gives a candidate, and the
    // fastest at the expected durations wins, with the guaranteed construction as the fallback (ties
    // keep the earlier candidate, so the choice is deterministic). A search over its budget is skipped.
    let best = search(dag, durations, 1, safeFamilies);
    let bestCost = makespan(best, durations);
    const layeredCost = makespan(layeredSchedule(dag), durations);
    const budget = { left: WORK_BUDGET };
    for (const families of WIDE_FAMILIES) {
        let candidate;
        try {
            candidate = search(dag, durations, 1, families, budget);
        }
        catch (e) {
            if (e instanceof BudgetExceeded)
                break;
            throw e;
        }
        const cost = makespan(candidate, durations);
        if (cost <= layeredCost && cost < bestCost - 1e-9) {
            best = candidate;
            bestCost = cost;
        }
    }
    return best;
}
/** The cut families tried, one search each, when durations are known. */
const WIDE_FAMILIES = [
    ['local-asap', 'local-alap'],
    ['time-asap', 'time-alap'],
    ['time-asap', 'finish-asap'],
    ['time-alap', 'finish-alap'],
];
/** Makespan of a schedule for one duration vector (index order). */
function makespan(schedule, durations) {
    if (schedule.kind === 'job')
        return durations[schedule.node];
    if (schedule.kind === 'series')
        return schedule.steps.reduce((t, s) => t + makespan(s, durations), 0);
    return Math.max(...schedule.branches.map((b) => makespan(b, durations)));
}
const SAMPLES = 32;
function search(dag, durations, samples, families, budget = { left: Number.POSITIVE_INFINITY }) {
    const n = dag.names.length;
    const memo = new Map();
    const spend = (work) => {
        budget.left -= work;
        if (budget.left < 0)
            throw new BudgetExceeded();
    };
    const combine = (parts, how) => {
        const out = new Float64Array(samples);
        for (const p of parts) {
            for (let s = 0; s < samples; s++) {
                out[s] = how === 'series' ? out[s] + p.cost[s] : Math.max(out[s], p.cost[s]);
            }
        }
        return out;
    };
    const solve = (part) => {
        if (part.length === 1) {
            const v = part[0];
            const cost = new Float64Array(samples);
            for (let s = 0; s < samples; s++)
                cost[s] = durations[s * n + v];
            return { schedule: job(v), cost };
        }
        const key = part.join(',');
        const known = memo.get(key);
        if (known)
            return known;
        spend(part.length);
        let result;
        const independent = components(dag, part, true);
        if (independent.length > 1) {
            const parts = independent.map(solve);
            result = { schedule: parallel(parts.map((p) => p.schedule)), cost: combine(parts, 'parallel') };
        }
        else {
            const ordered = components(dag, part, false);
            if (ordered.length > 1) {
                // Every job of one block is before every job of the next: sort blocks by any member.
                ordered.sort((a, b) => (before(dag, a[0], b[0]) ? -1 : 1));
                const parts = ordered.map(solve);
                result = { schedule: series(parts.map((p) => p.schedule)), cost: combine(parts, 'series') };
            }
            else {
                result = cutPrime(part);
            }
        }
        memo.set(key, result);
        return result;
    };
    const cutPrime = (part) => {
        // Generating the cuts tests pairs of the part (levels, start times).
        spend((part.length * part.length) >>> 4);
        let best;
        const tried = new Set();
        // Time cuts can all coincide (jobs measured at 0 s start together): then the level cuts, which
        // a prime part always has, are the candidates.
        const cuts = [...candidateCuts(dag, part, families, durations)];
        if (cuts.length === 0)
            cuts.push(...candidateCuts(dag, part, ['global-asap'], durations));
        for (const a of cuts) {
            const key = a.join(',');
            if (tried.has(key))
                continue;
            spend(part.length);
            tried.add(key);
            const inA = new Set(a);
            const b = part.filter((v) => !inA.has(v));
            const sa = solve(a);
            const sb = solve(b);
            const cost = combine([sa, sb], 'series');
            const score = mean(cost);
            // Strictly better only: ties keep the earliest candidate, deterministically.
            if (!best || score < best.score - 1e-9) {
                best = { solved: { schedule: series([sa.schedule, sb.schedule]), cost }, score };
            }
        }
        // A prime part has at least two levels (one level would be an antichain, hence parallel).
        if (!best)
            throw new Error('internal: prime part without a cut');
        return best.solved;
    };
    return solve(dag.names.map((_, i) => i)).schedule;
}
/** Candidate ideals A of a prime part (A → rest). */
function* candidateCuts(dag, part, families, durations) {
    for (const family of families) {
        if (family === 'time-asap' || family === 'time-alap') {
            yield* timeCuts(dag, part, durations, family === 'time-alap', false);
            continue;
        }
        if (family === 'finish-asap' || family === 'finish-alap') {
            yield* timeCuts(dag, part, durations, family === 'finish-alap', true);
            continue;
        }
        const lvl = family === 'global-asap'
            ? part.map((v) => dag.level[v])
            : localLevels(dag, part, family === 'local-alap');
        const levels = [...new Set(lvl)].sort((x, y) => x - y);
        for (const k of levels.slice(0, -1))
            yield part.filter((_, i) => lvl[i] <= k);
    }
}
/**
 * Cuts by time in the part's own earliest (or latest) schedule at the expected durations: the jobs
 * that have started before t form an ideal (a job starts after its dependencies), one per distinct
 * start time. Only used with one duration vector.
 */
function* timeCuts(dag, part, durations, alap, finish) {
    const idx = part.map((_, i) => i).sort((x, y) => dag.level[part[x]] - dag.level[part[y]]);
    const start = new Float64Array(part.length);
    if (!alap) {
        for (const i of idx)
            for (const j of idx)
                if (before(dag, part[j], part[i]))
                    start[i] = Math.max(start[i], start[j] + durations[part[j]]);
    }
    else {
        // Latest start = -(longest tail from the job to the end of the part, its own duration included).
        const tail = new Float64Array(part.length);
        for (const i of [...idx].reverse()) {
            let t = 0;
            for (const j of idx)
                if (before(dag, part[i], part[j]))
                    t = Math.max(t, tail[j]);
            tail[i] = t + durations[part[i]];
            start[i] = -tail[i];
        }
    }
    if (finish) {
        // Jobs finished by t: an ideal too (a job finishes after its dependencies finish).
        const end = start.map((s, i) => s + durations[part[i]]);
        const ends = [...new Set(end)].sort((x, y) => x - y);
        for (const t of ends.slice(0, -1))
            yield part.filter((_, i) => end[i] <= t);
        return;
    }
    const times = [...new Set(start)].sort((x, y) => x - y);
    for (const t of times.slice(1))
        yield part.filter((_, i) => start[i] < t);
}
/** Longest chain within part ending at each member (ASAP), or, with alap, the ALAP slot. */
function localLevels(dag, part, alap) {
    const idx = part.map((_, i) => i).sort((x, y) => dag.level[part[x]] - dag.level[part[y]]);
    const lvl = new Array(part.length).fill(0);
    if (!alap) {
        for (const i of idx)
            for (const j of idx)
                if (before(dag, part[j], part[i]))
                    lvl[i] = Math.max(lvl[i], lvl[j] + 1);
        return lvl;
    }
    const h = new Array(part.length).fill(0);
    for (const i of [...idx].reverse())
        for (const j of idx)
            if (before(dag, part[i], part[j]))
                h[i] = Math.max(h[i], h[j] + 1);
    const top = Math.max(...h);
    return h.map((x) => top - x);
}
/**
 * Connected components of `part` in the comparability graph (`comparable`: u and v ordered either
 * way) or in its complement. A breadth-first search over bitsets: a node's neighbours are one
 * OR/AND-NOT over its descendant and ancestor rows, so a part of k jobs costs O(k·n/32) word
 * operations instead of the O(k²) pair tests of a plain union-find. Components are ordered by first
 * member, members sorted.
 */
function components(dag, part, comparable) {
    const { words, reach } = dag;
    const anc = ancestors(dag);
    const inPart = new Uint32Array(words);
    for (const v of part)
        inPart[v >>> 5] |= 1 << (v & 31);
    const unseen = inPart.slice();
    const groups = [];
    for (const seed of part) {
        if (((unseen[seed >>> 5] >>> (seed & 31)) & 1) === 0)
            continue;
        unseen[seed >>> 5] &= ~(1 << (seed & 31));
        const group = [seed];
        for (let q = 0; q < group.length; q++) {
            const u = group[q];
            const row = u * words;
            for (let w = 0; w < words; w++) {
                const related = reach[row + w] | anc[row + w];
                let next = (comparable ? related : ~related) & unseen[w];
                if (next === 0)
                    continue;
                unseen[w] &= ~next;
                while (next !== 0) {
                    const bit = next & -next;
                    group.push(w * 32 + 31 - Math.clz32(bit));
                    next ^= bit;
                }
            }
        }
        groups.push(group.sort((a, b) => a - b));
    }
    return groups.sort((a, b) => a[0] - b[0]);
}
const ancestorRows = new WeakMap();
/** Bitset rows: bit u of row v is set when v depends on u (the transpose of `reach`), cached per DAG. */
function ancestors(dag) {
    const cached = ancestorRows.get(dag);
    if (cached)
        return cached;
    const n = dag.names.length;
    const anc = new Uint32Array(n * dag.words);
    for (let u = 0; u < n; u++) {
        for (let w = 0; w < dag.words; w++) {
            let bits = dag.reach[u * dag.words + w];
            while (bits !== 0) {
                const bit = bits & -bits;
                const v = w * 32 + 31 - Math.clz32(bit);
                anc[v * dag.words + (u >>> 5)] |= 1 << (u & 31);
                bits ^= bit;
            }
        }
    }
    ancestorRows.set(dag, anc);
    return anc;
}
/**
 * Fixed pseudo-random durations (log-uniform over two orders of magnitude, as Glue jobs of one
 * pipeline tend to be): only the relative cost of candidate cuts matters, and a fixed seed keeps
 * the output deterministic.
 */
function sampleDurations(n, samples) {
    const out = new Float64Array(n * samples);
    let state = 0x9e3779b9;
    for (let i = 0; i < out.length; i++) {
        // mulberry32
        state = (state + 0x6d2b79f5) | 0;
        let t = Math.imul(state ^ (state >>> 15), 1 | state);
        t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
        const u = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
        out[i] = 100 ** u;
    }
    return out;
}
function mean(xs) {
    let sum = 0;
    for (const x of xs)
        sum += x;
    return sum / xs.length;
}
function job(node) {
    return { kind: 'job', node };
}
/** A sequence, flattened (a sequence inside a sequence is the same sequence). */
function series(steps) {
    const flat = steps.flatMap((s) => (s.kind === 'series' ? s.steps : [s]));
    return flat.length === 1 ? flat[0] : { kind: 'series', steps: flat };
}
/** Parallel branches, flattened and sorted by their first job (index order = name order). */
function parallel(branches) {
    const flat = branches.flatMap((b) => (b.kind === 'parallel' ? b.branches : [b]));
    if (flat.length === 1)
        return flat[0];
    return { kind: 'parallel', branches: [...flat].sort((x, y) => firstJob(x) - firstJob(y)) };
}
function firstJob(s) {
    if (s.kind === 'job')
        return s.node;
    if (s.kind === 'series')
        return Math.min(...s.steps.map(firstJob));
    return Math.min(...s.branches.map(firstJob));
}

;// CONCATENATED MODULE: ./src/state-machine/asl.ts
// The pipeline's Step Functions definition (Amazon States Language), built from the job graph.
//
// Shape: a series-parallel schedule (see schedule.ts) rendered as nested Parallel states; each job
// is one Task "glue:startJobRun.sync" (start the run and wait for it to end), run exactly once.
// Jobs with no dependency path between them run at the same time unless the graph is not
// series-parallel, where the fewest, cheapest extra waits are added (never more than layering).
//
// Why not an exact schedule on every DAG? Step Functions has no way for one branch of a Parallel to
// wait for a state in another branch. Running one branch per job that waits for its dependencies
// would need either (a) a polling loop per job (Wait → aws-sdk:glue:getJobRuns → Choice): ~3
// billed transitions and ~8 history events per poll per waiting job, e.g. 60 jobs polling every
// 30 s through a 30-minute pipeline is ~3,600 polls, ~29,000 events, over the hard limit of 25,000
// history events per execution, plus half a poll interval of latency per dependency and Glue API
// throttling; and telling *this* execution's run apart needs an extra job argument; or (b) task
// tokens (.waitForTaskToken) handed from finishing jobs to waiting ones through a store and a
// function (DynamoDB + Lambda or EventBridge): infrastructure this action does not own. The
// series-parallel schedule costs nothing extra per run and is within a few percent of the critical
// path on random DAGs (bench/schedule.ts prints the figures).
//
// Failure behaviour (the default of Task inside Parallel, deliberately): a Glue run that ends
// FAILED, TIMEOUT or STOPPED makes its Task fail with error "States.TaskFailed" and the run's
// details (JSON with ErrorMessage, JobRunId, ...) as cause; the failure fails each enclosing
// Parallel, which stops its other branches, and the execution fails with that same error and
// cause. Jobs that did not start yet are not started. A failed run is not retried here: Glue's own
// MaxRetries (the manifest's max-retries) retries the run inside the Task. What the Task retries
// (manifest `start-retries`) are the transient errors of *starting* a run (START_RETRY_ERRORS):
// they happen before any run exists, so a retry never runs a job twice.
//
// Run arguments: the execution input may carry {"arguments": {...}, "jobs": {"<job>": {"arguments":
// {...}}}} (both optional). Three Pass states first fill in what is missing (intrinsic functions fail
// on a missing path, and States.JsonMerge only merges shallowly, hence one level per state); each
// Task then starts its run with States.JsonMerge(pipeline arguments, its own), so per-job values win.
//
// Data: after the Pass states the state data is the normalised arguments (its size follows the
// input, not the number of runs); every Task and Parallel has ResultPath null, so no state output
// grows with the number of jobs (the 256 KiB payload limit). The original input stays in
// $$.Execution.Input. Run details are in the execution history (TaskSucceeded/TaskFailed events,
// per state name: see jobsByStateName).



const GLUE_START_JOB_RUN_SYNC = 'arn:aws:states:::glue:startJobRun.sync';
/** The Glue task's resource in a partition (aws-cn and aws-us-gov name their own). */
const glueStartJobRunSync = (partition = 'aws') => `arn:${partition}:states:::glue:startJobRun.sync`;
/** Hard quota of Step Functions on the definition (UTF-8 bytes). */
const MAX_DEFINITION_BYTES = 1024 * 1024;
/** Hard quota on the events of one Standard execution's history. */
const MAX_HISTORY_EVENTS = 25_000;
/** Errors of glue:startJobRun that mean "try again later": no run was started. */
const START_RETRY_ERRORS = [
    'Glue.ConcurrentRunsExceededException',
    'Glue.ThrottlingException',
    'Glue.InternalServiceException',
    'Glue.OperationTimeoutException',
];
/** Retries of a job start when the manifest gives no `start-retries`. */
const DEFAULT_START_RETRIES = 3;
/**
 * Backoff of start retries: ~10 s, 30 s, 90 s... (full jitter, so that jobs refused together do not
 * come back together), never more than 5 minutes apart.
 */
const START_RETRY_BACKOFF = { IntervalSeconds: 10, BackoffRate: 3, MaxDelaySeconds: 300 };
/**
 * The state machine definition for these jobs. Deterministic: the same jobs in any order give
 * byte-identical JSON (JSON.stringify keeps the insertion order used here).
 */
function buildDefinition(nodes, opts = {}) {
    if (nodes.length === 0)
        throw new Error('state machine: no jobs');
    const dag = buildDag(nodes);
    const schedule = opts.schedule === 'layered'
        ? layeredSchedule(dag)
        : (opts.chooseSchedule?.(dag) ??
            seriesParallelSchedule(dag, { durations: expected(dag.names, opts.expectedDurations) }));
    const taskNames = assignStateNames(dag.names);
    const renderer = new Renderer(dag, taskNames, glueStartJobRunSync(opts.partition));
    const machine = renderer.withRunArguments(renderer.machine(schedule));
    const definition = opts.comment === undefined ? machine : { Comment: opts.comment, ...machine };
    checkQuotas(definition, nodes.length, renderer.parallelCount);
    return definition;
}
/** Durations in index order; jobs without one get the median of the known ones. */
function expected(names, known) {
    if (!known || known.size === 0)
        return undefined;
    const values = names.map((n) => known.get(n)).filter((d) => d !== undefined && d >= 0);
    values.sort((a, b) => a - b);
    const median = values.length > 0 ? values[Math.floor(values.length / 2)] : 1;
    return names.map((n) => {
        const d = known.get(n);
        return d !== undefined && d >= 0 ? d : median;
    });
}
/** Task state name → job, so execution history events (which carry state names) map to jobs. */
function jobsByStateName(nodes) {
    const sorted = [...nodes].sort((a, b) => compareCodeUnits(a.name, b.name));
    const names = assignStateNames(sorted.map((n) => n.name));
    return new Map(sorted.map((node, i) => [names[i], node]));
}
/** The JSON sent to Step Functions (stable formatting, so definitions can be compared as text). */
function serializeDefinition(definition) {
    return JSON.stringify(definition, null, 2);
}
// State names: at most 80 characters, and only letters, digits, '-' and '_', which is what
// CloudWatch logging accepts (Step Functions itself forbids whitespace, brackets and
// "#%\^|~`$&,;:/?*). A manifest name that fits is used as is.
const MAX_STATE_NAME = 80;
const SAFE_NAME = /^[A-Za-z0-9_-]{1,80}$/;
function assignStateNames(names) {
    const taken = new Set(names.filter((n) => SAFE_NAME.test(n)));
    return names.map((name) => {
        if (SAFE_NAME.test(name))
            return name;
        // Replace what is not allowed, then make it unique with a hash of the original name.
        const base = name.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, MAX_STATE_NAME - 9);
        let candidate = `${base}_${asl_hash8(name)}`;
        for (let i = 2; taken.has(candidate); i++)
            candidate = `${base}_${asl_hash8(`${name}#${i}`)}`;
        taken.add(candidate);
        return candidate;
    });
}
/** FNV-1a, 32 bits, as 8 hex digits: short, stable, no crypto needed. */
function asl_hash8(text) {
    let h = 0x811c9dc5;
    for (const byte of new TextEncoder().encode(text))
        h = Math.imul(h ^ byte, 0x01000193);
    return (h >>> 0).toString(16).padStart(8, '0');
}
class Renderer {
    dag;
    taskNames;
    taskResource;
    parallelCount = 0;
    used;
    constructor(dag, taskNames, taskResource = GLUE_START_JOB_RUN_SYNC) {
        this.dag = dag;
        this.taskNames = taskNames;
        this.taskResource = taskResource;
        this.used = new Set(taskNames);
    }
    /** A (sub-)state machine running `schedule`: its steps chained with Next, the last one End. */
    machine(schedule) {
        const steps = schedule.kind === 'series' ? schedule.steps : [schedule];
        const named = steps.map((step) => [this.nameOf(step), step]);
        const States = {};
        named.forEach(([name, step], i) => {
            const next = named[i + 1]?.[0];
            States[name] = this.state(step, next);
        });
        return { StartAt: named[0][0], States };
    }
    /**
     * The four Pass states that normalise the execution input, then `machine`. After them the state
     * data is {"arguments": {...}, "jobs": {"<key>": {"arguments": {...}}}} with every key present
     * (keys from runArgumentsKey: a job name may hold "-", which a path inside an intrinsic function
     * cannot).
     */
    withRunArguments(machine) {
        const [input, jobs, keys, args] = ['Run_input', 'Run_jobs', 'Run_job_keys', 'Run_arguments'].map((n) => this.reserve(n));
        const names = this.dag.names.filter(hasRunArguments);
        const byKey = {};
        const defaulted = {};
        for (const name of names) {
            const key = runArgumentsKey(name);
            byKey[`${key}.$`] = `$.jobs['${name}']`;
            defaulted[`${key}.$`] = `States.JsonMerge(${literal({ arguments: {} })}, $.jobs.${key}, false)`;
        }
        const States = {
            [input]: {
                Type: 'Pass',
                Parameters: { 'input.$': `States.JsonMerge(${literal({ arguments: {}, jobs: {} })}, $, false)` },
                Next: jobs,
            },
            [jobs]: {
                Type: 'Pass',
                Parameters: {
                    'arguments.$': '$.input.arguments',
                    'jobs.$': `States.JsonMerge(${literal(Object.fromEntries(names.map((n) => [n, {}])))}, $.input.jobs, false)`,
                },
                Next: keys,
            },
            [keys]: { Type: 'Pass', Parameters: { 'arguments.$': '$.arguments', jobs: byKey }, Next: args },
            [args]: {
                Type: 'Pass',
                Parameters: { 'arguments.$': '$.arguments', jobs: defaulted },
                Next: machine.StartAt,
            },
            ...machine.States,
        };
        return { StartAt: input, States };
    }
    state(step, next) {
        const tail = next === undefined ? { End: true } : { Next: next };
        if (step.kind === 'job') {
            const node = this.dag.nodes[step.node];
            const retries = node.startRetries ?? DEFAULT_START_RETRIES;
            return {
                Type: 'Task',
                Resource: this.taskResource,
                Parameters: {
                    JobName: node.glueName,
                    'Arguments.$': hasRunArguments(node.name)
                        ? `States.JsonMerge($.arguments, $.jobs.${runArgumentsKey(node.name)}.arguments, false)`
                        : '$.arguments',
                },
                ResultPath: null,
                ...(retries > 0
                    ? {
                        Retry: [
                            {
                                ErrorEquals: [...START_RETRY_ERRORS],
                                ...START_RETRY_BACKOFF,
                                MaxAttempts: retries,
                                JitterStrategy: 'FULL',
                            },
                        ],
                    }
                    : {}),
                ...tail,
            };
        }
        if (step.kind === 'parallel') {
            return {
                Type: 'Parallel',
                Branches: step.branches.map((b) => this.machine(b)),
                ResultPath: null,
                ...tail,
            };
        }
        throw new Error('internal: a series step inside a series');
    }
    /**
     * Tasks keep their job's name; Parallel states are numbered in the order they are laid out
     * ("Parallel_1"...), skipping any name a job already uses.
     */
    nameOf(step) {
        if (step.kind === 'job')
            return this.taskNames[step.node];
        let name;
        do
            name = `Parallel_${++this.parallelCount}`;
        while (this.used.has(name));
        this.used.add(name);
        return name;
    }
    /** `base`, or `base_2`, `base_3`... when a job already has that name. */
    reserve(base) {
        let name = base;
        for (let i = 2; this.used.has(name); i++)
            name = `${base}_${i}`;
        this.used.add(name);
        return name;
    }
}
/**
 * Whether a job can be given its own run arguments: its name must be usable as a JSONPath step and
 * inside a quoted intrinsic argument. Manifest names always are; a script name from jobs-dir alone
 * may not be (such a job gets the pipeline's arguments only).
 */
function hasRunArguments(name) {
    return /^[A-Za-z0-9_-]{1,80}$/.test(name);
}
/** A job's key in the normalised arguments: letters, digits and "_" only, one per name ("_" → "__", "-" → "_h"). */
function runArgumentsKey(name) {
    return `j_${name.replace(/_/g, '__').replace(/-/g, '_h')}`;
}
/** A JSON value as an intrinsic-function argument: States.StringToJson('<json>'). */
function literal(value) {
    return `States.StringToJson('${JSON.stringify(value)}')`;
}
function checkQuotas(definition, jobs, parallels) {
    const bytes = Buffer.byteLength(JSON.stringify(definition), 'utf8');
    if (bytes > MAX_DEFINITION_BYTES) {
        throw new Error(`state machine: definition is ${bytes} bytes, over the Step Functions limit of ${MAX_DEFINITION_BYTES}`);
    }
    // A successful Task logs 6 events (entered, scheduled, started, submitted, succeeded, exited), a
    // Parallel 4, the execution 2.
    const events = 6 * jobs + 4 * parallels + 2;
    if (events > MAX_HISTORY_EVENTS) {
        throw new Error(`state machine: an execution would log ~${events} history events, over the limit of ${MAX_HISTORY_EVENTS}; split the pipeline`);
    }
}

;// CONCATENATED MODULE: ./src/state-machine/run-input.ts
// The execution input the state machine understands: {"arguments": {...}, "jobs": {"<job>":
// {"arguments": {...}}}} (both optional, other keys ignored). Checked before anything is written, so a
// typo in a job name or a number where Glue wants a string fails the step instead of the execution.


/** Problems of an execution input (already valid JSON) for these jobs; `label` names where it came from. */
function runInputErrors(json, jobNames, label) {
    const errors = [];
    const fail = (message, fix) => errors.push(new InputError(`${label}: ${message}`, {}, fix));
    let input;
    try {
        input = JSON.parse(json);
    }
    catch {
        fail('is not valid JSON', 'pass a JSON object such as {"arguments": {"--RUN_DATE": "2026-12-01"}}');
        return errors;
    }
    if (!isObject(input)) {
        fail('is not a JSON object', 'pass a JSON object such as {"arguments": {"--RUN_DATE": "2026-12-01"}}');
        return errors;
    }
    if ('arguments' in input)
        checkArguments(input.arguments, '"arguments"', fail);
    if (!('jobs' in input))
        return errors;
    if (!isObject(input.jobs)) {
        fail('"jobs" is not an object', 'use {"jobs": {"<job>": {"arguments": {...}}}}');
        return errors;
    }
    const known = jobNames.filter(hasRunArguments);
    for (const [job, value] of Object.entries(input.jobs)) {
        if (!known.includes(job)) {
            fail(`"jobs" names "${job}", which is not a job of this pipeline`, `use a job name from the manifest: ${known.join(', ')}`);
            continue;
        }
        if (!isObject(value)) {
            fail(`"jobs"."${job}" is not an object`, `use {"jobs": {"${job}": {"arguments": {...}}}}`);
            continue;
        }
        if ('arguments' in value)
            checkArguments(value.arguments, `"jobs"."${job}"."arguments"`, fail);
    }
    return errors;
}
function checkArguments(value, where, fail) {
    if (!isObject(value)) {
        fail(`${where} is not an object`, 'use {"--NAME": "value", ...}');
        return;
    }
    for (const [name, v] of Object.entries(value)) {
        if (!/^--[A-Za-z0-9_.-]+$/.test(name))
            fail(`${where}: "${name}" is not an argument name`, 'argument names look like --NAME');
        else if (typeof v !== 'string')
            fail(`${where}: ${name} is ${JSON.stringify(v)}, not a string`, `quote it: "${name}": "${String(v)}"`);
    }
}
function isObject(v) {
    return typeof v === 'object' && v !== null && !Array.isArray(v);
}

;// CONCATENATED MODULE: ./src/manifest/input-checks.ts
// Checks of the resolved pipeline against the action's inputs, made before any AWS call: the job
// scripts stay inside the repository, the state machine name fits Step Functions, and `run-job`
// names a job of this pipeline.



/** Step Functions' longest state machine name. */
const MAX_STATE_MACHINE_NAME = 80;
function pipelineInputErrors(pipeline, opts) {
    const file = pipeline.manifestFile;
    const errors = repoPathErrors(opts.root, pipeline.jobs.map((j) => ({ label: `job "${j.name}": script`, path: j.script, file, line: j.line })));
    if (pipeline.stateMachineName.length > MAX_STATE_MACHINE_NAME) {
        errors.push(new InputError(`input name-prefix: the state machine name "${pipeline.stateMachineName}" is longer than ${MAX_STATE_MACHINE_NAME} characters`, { file }, 'shorten name-prefix or the manifest\'s "name"'));
    }
    if (opts.runJob && !pipeline.jobs.some((j) => j.name === opts.runJob || j.glueName === opts.runJob)) {
        errors.push(new InputError(`input run-job: "${opts.runJob}" is not a job of this pipeline`, { file }, `use one of: ${pipeline.jobs.map((j) => j.name).join(', ')}`));
    }
    if (opts.partition)
        errors.push(...notifyErrors(pipeline, opts.partition));
    if (pipeline.schedule) {
        const at = { file, line: pipeline.schedule.inputLine ?? pipeline.schedule.line };
        const names = pipeline.jobs.map((j) => j.name);
        for (const e of runInputErrors(pipeline.schedule.input, names, 'schedule-input'))
            errors.push(new InputError(e.message, at, e.fix));
    }
    return errors;
}
/** A topic in another partition than the deploy's cannot be published to by its state machine. */
function notifyErrors(pipeline, partition) {
    const n = pipeline.notify;
    if (!n)
        return [];
    const errors = [];
    for (const [key, arn, line] of [
        ['on-failure', n.onFailure, n.lines?.onFailure],
        ['on-success', n.onSuccess, n.lines?.onSuccess],
    ]) {
        const topicPartition = arn?.split(':')[1];
        if (arn && topicPartition !== partition) {
            errors.push(new InputError(`notify.${key}: the topic is in partition ${topicPartition}, this deploy is in ${partition}`, { file: pipeline.manifestFile, line }, `use a topic ARN that starts with arn:${partition}:sns: (a topic in this account and region)`));
        }
    }
    return errors;
}

;// CONCATENATED MODULE: ./src/manifest/name.ts
// The pipeline's name alone, for teardown: destroy must work when the rest of the manifest no longer
// does (a deleted script, a missing role ARN, a key this version does not know). Only the YAML
// syntax and the `name` key are read; everything else in the file is ignored.





function loadPipelineName(pipelineFile, ctx) {
    const path = (0,external_node_path_.join)(ctx.root, pipelineFile);
    if (!(0,external_node_fs_.existsSync)(path))
        return ctx.defaultName;
    const lineCounter = new dist/* LineCounter */.HN();
    const doc = (0,dist/* parseDocument */.Tp)((0,external_node_fs_.readFileSync)(path, 'utf8'), { lineCounter, prettyErrors: false });
    const fail = (message, pos, fix) => {
        const where = pos === undefined ? {} : lineCounter.linePos(pos);
        throw new InputErrors([new InputError(message, { file: pipelineFile, ...where }, fix)]);
    };
    if (doc.errors.length > 0) {
        fail(`YAML syntax error: ${doc.errors[0].message.split('\n')[0]}`, doc.errors[0].pos[0], "destroy reads only the manifest's name, but the file must still be YAML: fix that line");
    }
    if (!(0,dist/* isMap */.jh)(doc.contents))
        return ctx.defaultName;
    const node = doc.contents.items.find((p) => p.key?.value === 'name');
    if (!node)
        return ctx.defaultName;
    const value = node.value?.value;
    const r = stateMachineName.safeParse(value);
    if (!r.success) {
        fail(`name: ${JSON.stringify(value) ?? 'empty'} is not a state machine name`, node.value?.range?.[0], 'use letters, digits, "-" and "_" only (1-80 characters)');
    }
    return r.data;
}

;// CONCATENATED MODULE: ./src/manifest/secrets.ts
const SECRET_NAME = /PASSWORD|SECRET|TOKEN/i;
/** True when an argument's value must be masked: it is marked, or its name says it is a secret. */
function isSecretArgument(name, marked = []) {
    return marked.includes(name) || SECRET_NAME.test(name);
}
/** The values of the secret arguments of every job (input defaults included: they are merged in). */
function pipelineSecretValues(pipeline) {
    return pipeline.jobs.flatMap((job) => Object.entries(job.arguments)
        .filter(([name]) => isSecretArgument(name, job.secretArguments))
        .map(([, value]) => value));
}
/** The secret values among the run inputs, known before the manifest is read. */
function runSecretValues(inputs) {
    const fromDefaults = Object.entries(inputs.defaultArguments)
        .filter(([name]) => isSecretArgument(name))
        .map(([, value]) => value);
    // The execution input whole, and each string in it (Step Functions may show them reformatted).
    const trimmed = inputs.executionInput.trim();
    const execution = trimmed === '{}' || trimmed === '' ? [] : [trimmed, ...jsonStrings(trimmed)];
    return [...Object.values(inputs.runJobArguments), ...execution, ...fromDefaults];
}
function jsonStrings(text) {
    const out = [];
    const walk = (v) => {
        if (typeof v === 'string')
            out.push(v);
        else if (v && typeof v === 'object')
            for (const x of Object.values(v))
                walk(x);
    };
    try {
        walk(JSON.parse(text));
    }
    catch {
        // Not JSON: the inputs check refuses it; the whole text is masked anyway.
    }
    return out;
}

;// CONCATENATED MODULE: ./src/partition.ts
// The AWS partition of every ARN the action builds: from the role ARN when there is one
// (arn:aws-cn:iam::…), else from the region (cn-north-1 → aws-cn, us-gov-west-1 → aws-us-gov).
function partitionOf(region, roleArn) {
    const fromArn = roleArn?.split(':')[1];
    if (fromArn === 'aws' || fromArn === 'aws-cn' || fromArn === 'aws-us-gov')
        return fromArn;
    if (region.startsWith('cn-'))
        return 'aws-cn';
    if (region.startsWith('us-gov-'))
        return 'aws-us-gov';
    return 'aws';
}

// EXTERNAL MODULE: ./node_modules/mime-types/index.js
var mime_types = __webpack_require__(4096);
;// CONCATENATED MODULE: ./src/artifacts/content-type.ts
// Content-Type of an uploaded object, from its extension.

// Types the mime-types database lacks or that Glue/Athena users expect spelled this way.
const OVERRIDES = {
    '.py': 'text/x-python',
    '.sql': 'application/sql',
    '.csv': 'text/csv',
    '.zip': 'application/zip',
    '.parquet': 'application/vnd.apache.parquet',
};
const DEFAULT_CONTENT_TYPE = 'application/octet-stream';
function contentTypeFor(name) {
    const dot = name.lastIndexOf('.');
    const slash = name.lastIndexOf('/');
    const ext = dot > slash + 1 ? name.slice(dot).toLowerCase() : '';
    return OVERRIDES[ext] ?? ((ext && mime_types.lookup(ext)) || DEFAULT_CONTENT_TYPE);
}

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
// EXTERNAL MODULE: external "node:util"
var external_node_util_ = __webpack_require__(7975);
;// CONCATENATED MODULE: ./src/artifacts/git-index.ts
// Content identities from git, without reading any file: `git ls-files -s` gives the blob id of
// every tracked file, `git status` says which of them differ from it. About 10 ms for a repository,
// against seconds of hashing. Anything git cannot vouch for is left to the caller to hash.




const run = (0,external_node_util_.promisify)(external_node_child_process_.execFile);
const MAX_BUFFER = 256 * 1024 * 1024;
/**
 * Reads the index and the status of the work tree holding `root` (undefined when it is not in a git
 * work tree or git is missing). Needs no file list, so it can run while the files are walked: on a
 * fresh checkout `git status` re-hashes the files written in the checkout's last second (git's
 * "racily clean" entries), which can take seconds for large files.
 */
async function readGitIndex(root) {
    let top;
    try {
        top = await (0,promises_.realpath)((await git(root, ['rev-parse', '--show-toplevel'])).trim());
    }
    catch {
        return undefined;
    }
    const [lsFiles, status] = await Promise.all([
        // -v tags skip-worktree entries `S` and assume-unchanged ones in lowercase: git status does not
        // look at those files, so their index blob id says nothing about the bytes on disk.
        git(top, ['ls-files', '-s', '-v', '-z', '--full-name']),
        git(top, ['status', '--porcelain=v1', '-z', '--untracked-files=no', '--ignore-submodules=all']),
    ]);
    const clean = parseLsFiles(lsFiles);
    for (const p of parseStatusPaths(status))
        clean.delete(p);
    return { top, clean };
}
/**
 * Blob ids for the candidates git can vouch for: tracked as a regular file at that exact path,
 * unmodified per `git status`, and with a blob size equal to the file's size (a clean/smudge
 * filter such as Git LFS or CRLF conversion makes the checked-out bytes differ from the blob).
 * Returns an empty map when `root` is not in a git work tree or git is missing. `index`: the
 * result of `readGitIndex(root)` when it was started earlier.
 */
async function gitBlobIds(root, candidates, index) {
    const out = new Map();
    const git = await (index ?? readGitIndex(root));
    if (candidates.length === 0 || git === undefined)
        return out;
    const { top, clean } = git;
    const realRoot = await (0,promises_.realpath)(root);
    const wanted = new Map();
    for (const c of candidates) {
        const rel = external_node_path_default().relative(top, external_node_path_default().join(realRoot, external_node_path_default().relative(external_node_path_default().resolve(root), c.abs)));
        const id = clean.get(rel.split((external_node_path_default()).sep).join('/'));
        if (id !== undefined)
            wanted.set(c.abs, { ...c, id });
    }
    if (wanted.size === 0)
        return out;
    const sizes = await blobSizes(top, [...wanted.values()].map((w) => w.id));
    for (const [abs, w] of wanted)
        if (sizes.get(w.id) === w.size)
            out.set(abs, w.id);
    return out;
}
/** `ls-files -s -v -z` → path → blob id, regular files with the plain `H` tag only. */
function parseLsFiles(text) {
    const out = new Map();
    for (const rec of text.split('\0')) {
        // "<tag> <mode> <object> <stage>\t<path>"
        const m = /^(\S) (\d{6}) ([0-9a-f]{40,64}) (\d)\t(.*)$/s.exec(rec);
        if (!m)
            continue;
        const [, tag, mode, id, stage, p] = m;
        if (tag !== 'H' || stage !== '0' || (mode !== '100644' && mode !== '100755'))
            continue;
        out.set(p, id);
    }
    return out;
}
/** Every path `status --porcelain=v1 -z` mentions (both sides of a rename). */
function parseStatusPaths(text) {
    const out = [];
    const recs = text.split('\0');
    for (let i = 0; i < recs.length; i++) {
        const rec = recs[i];
        if (rec.length < 4)
            continue;
        out.push(rec.slice(3));
        // Renames and copies are followed by the original path as its own record.
        if (rec[0] === 'R' || rec[0] === 'C' || rec[1] === 'R' || rec[1] === 'C') {
            const from = recs[++i];
            if (from)
                out.push(from);
        }
    }
    return out;
}
async function blobSizes(top, ids) {
    const unique = [...new Set(ids)];
    const text = await git(top, ['cat-file', '--batch-check=%(objectname) %(objecttype) %(objectsize)'], unique.join('\n'));
    const out = new Map();
    for (const line of text.split('\n')) {
        const [id, type, size] = line.split(' ');
        if (id && type === 'blob' && size)
            out.set(id, Number(size));
    }
    return out;
}
async function git(cwd, args, input) {
    if (input === undefined) {
        const { stdout } = await run('git', ['-C', cwd, ...args], { maxBuffer: MAX_BUFFER, encoding: 'utf8' });
        return stdout;
    }
    return await new Promise((resolve, reject) => {
        const child = (0,external_node_child_process_.execFile)('git', ['-C', cwd, ...args], { maxBuffer: MAX_BUFFER, encoding: 'utf8' }, (err, stdout) => (err ? reject(err) : resolve(stdout)));
        child.stdin?.end(`${input}\n`);
    });
}

;// CONCATENATED MODULE: ./src/artifacts/junk.ts
// What never belongs in a deployed artifact. Two rules: data files keep everything but version
// control files; the Python library zip also drops caches and OS litter.
const VCS_DIRS = new Set(['.git', '.svn', '.hg', '.bzr', 'CVS']);
const VCS_FILES = new Set(['.git', '.gitignore', '.gitattributes', '.gitkeep', '.gitmodules', '.hgignore']);
const PY_JUNK_DIRS = new Set([
    '__pycache__',
    '.pytest_cache',
    '.mypy_cache',
    '.ruff_cache',
    '.ipynb_checkpoints',
]);
const OS_JUNK_FILES = new Set(['.DS_Store', 'Thumbs.db', 'desktop.ini']);
/** Version-control files and folders (the only thing left out of data uploads). */
function isVcsJunk(name, isDir) {
    return isDir ? VCS_DIRS.has(name) : VCS_FILES.has(name);
}
/** VCS files, Python caches and bytecode, editor/OS litter (left out of the library zip). */
function isPythonJunk(name, isDir) {
    if (isVcsJunk(name, isDir))
        return true;
    if (isDir)
        return PY_JUNK_DIRS.has(name);
    return (OS_JUNK_FILES.has(name) ||
        name.endsWith('.pyc') ||
        name.endsWith('.pyo') ||
        name.startsWith('._') || // macOS resource forks
        name.endsWith('~') ||
        name.endsWith('.swp'));
}

;// CONCATENATED MODULE: ./src/artifacts/libs.ts
// The shared-libraries rule, one place for the zip, the deploy and the local runner
// (local/run_jobs.py applies the same rule to a folder):
// - a libs folder with `__init__.py` is one package: `import external_libs.x`;
// - without it, it is a source root: its sub-folders and modules are imported by their own names
//   (`import holdlib` for external_libs/holdlib/), as a PYTHONPATH entry would be;
// - `*.whl` files are not zipped: each is uploaded to src_code/wheels/<file> and installed through
//   --additional-python-modules; so are the pinned lines of a top-level requirements.txt.




const WHEELS_FOLDER = `${SRC_CODE}/wheels`;
const REQUIREMENTS_FILE = 'requirements.txt';
const wheelKey = (fileName) => `${WHEELS_FOLDER}/${fileName}`;
/** `package` when the folder holds `__init__.py` at its top, else `source-root`. */
function libsLayout(relPaths) {
    return relPaths.includes('__init__.py') ? 'package' : 'source-root';
}
/** Files of the libs folder that are installed rather than zipped. */
function isInstalledNotZipped(rel) {
    return rel.toLowerCase().endsWith('.whl') || rel === REQUIREMENTS_FILE;
}
/**
 * The requirement lines of `<dir>/requirements.txt` (none without the file). Each must be pinned
 * (`name==version`, optionally with extras or markers), so that every deploy installs the same thing.
 */
function readRequirements(dir, repoRelDir = dir) {
    const file = (0,external_node_path_.join)(dir, REQUIREMENTS_FILE);
    if (!(0,external_node_fs_.existsSync)(file))
        return [];
    const out = [];
    const errors = [];
    (0,external_node_fs_.readFileSync)(file, 'utf8')
        .split(/\r?\n/)
        .forEach((raw, i) => {
        const line = raw.replace(/(^|\s)#.*$/, '').trim();
        if (line === '')
            return;
        if (!/^[A-Za-z0-9][A-Za-z0-9._-]*(\[[^\]]*\])?\s*==\s*[^\s,;]+(\s*;.*)?$/.test(line)) {
            errors.push(new InputError(`${REQUIREMENTS_FILE}: "${line}" is not a pinned requirement`, { file: `${repoRelDir}/${REQUIREMENTS_FILE}`, line: i + 1 }, 'write it as name==version (Glue installs these lines with --additional-python-modules)'));
            return;
        }
        out.push(line.replace(/\s+/g, ''));
    });
    if (errors.length > 0)
        throw new InputErrors(errors);
    return out;
}

;// CONCATENATED MODULE: ./src/artifacts/walk.ts
// Walks a folder the same way on every machine: sorted, symlinks followed (but never out of the
// repository, never in a loop), junk left out by the caller's rule. Returns regular files only.




/** Files under `dir`, sorted by `rel`. A missing `dir` gives `[]`. */
async function walkTree(dir, opts = {}) {
    const absDir = external_node_path_default().resolve(dir);
    const realRoot = opts.root === undefined ? undefined : await (0,promises_.realpath)(external_node_path_default().resolve(opts.root));
    const show = (p) => displayPath(p, opts.root);
    let top;
    try {
        top = await resolveLink(absDir, realRoot, show);
    }
    catch (e) {
        if (walk_isNotFound(e))
            return [];
        throw e;
    }
    const topStat = await (0,promises_.stat)(top);
    if (!topStat.isDirectory()) {
        throw new InputError(`${show(absDir)} is not a folder`, { file: show(absDir) }, 'Point the input at a folder.');
    }
    const out = [];
    await walkDir(absDir, '', new Set([top]), out, opts.skip, realRoot, show);
    return out.sort((a, b) => compareCodeUnits(a.rel, b.rel));
}
async function walkDir(absDir, relDir, ancestors, out, skip, realRoot, show) {
    const names = await (0,promises_.readdir)(absDir);
    for (const name of names.sort()) {
        const abs = external_node_path_default().join(absDir, name);
        const rel = (relDir ? `${relDir}/${name}` : name).normalize('NFC');
        const lst = await (0,promises_.lstat)(abs);
        let real = abs;
        let st = lst;
        if (lst.isSymbolicLink()) {
            real = await resolveLink(abs, realRoot, show);
            st = await (0,promises_.stat)(real);
        }
        if (st.isDirectory()) {
            if (skip?.(name, true))
                continue;
            const realDir = lst.isSymbolicLink() ? real : await (0,promises_.realpath)(abs);
            if (ancestors.has(realDir)) {
                throw new InputError(`Symlink ${show(abs)} points at one of its own parent folders (a loop)`, { file: show(abs) }, 'Remove the link or point it at a folder outside its own parents.');
            }
            await walkDir(abs, rel, new Set([...ancestors, realDir]), out, skip, realRoot, show);
        }
        else if (st.isFile()) {
            if (skip?.(name, false))
                continue;
            out.push({ rel, abs, size: st.size });
        }
        // Sockets, FIFOs, devices: nothing to upload.
    }
}
/**
 * One file, with the same symlink rule as walkTree. Undefined when it does not exist; an
 * InputError when it is not a regular file.
 */
async function statFile(file, opts = {}) {
    const abs = external_node_path_default().resolve(file);
    const realRoot = opts.root === undefined ? undefined : await (0,promises_.realpath)(external_node_path_default().resolve(opts.root));
    const show = (p) => displayPath(p, opts.root);
    let real;
    try {
        real = await resolveLink(abs, realRoot, show);
    }
    catch (e) {
        if (walk_isNotFound(e))
            return undefined;
        throw e;
    }
    const st = await (0,promises_.stat)(real);
    if (!st.isFile()) {
        throw new InputError(`${show(abs)} is not a regular file`, { file: show(abs) }, 'Point the input at a file.');
    }
    return { rel: external_node_path_default().basename(abs).normalize('NFC'), abs, size: st.size };
}
/** Follows a symlink, checking that it resolves inside the repository. */
async function resolveLink(abs, realRoot, show) {
    let real;
    try {
        real = await (0,promises_.realpath)(abs);
    }
    catch (e) {
        const lst = await (0,promises_.lstat)(abs); // a missing path itself propagates as ENOENT
        if (lst.isSymbolicLink() && walk_isNotFound(e)) {
            throw new InputError(`Symlink ${show(abs)} points at a path that does not exist`, { file: show(abs) }, 'Fix or remove the broken link.');
        }
        throw e;
    }
    if (realRoot !== undefined && !isInside(realRoot, real)) {
        const what = (await (0,promises_.lstat)(abs)).isSymbolicLink() ? 'Symlink ' : '';
        throw new InputError(`${what}${show(abs)} resolves to ${real}, outside the repository`, { file: show(abs) }, 'Copy the file into the repository (or point the link at a path inside it): only files in the checkout are deployed.');
    }
    // A link into .git could ship the checkout's config (and the credentials a checkout may keep there).
    if (realRoot !== undefined && external_node_path_default().relative(realRoot, real).split((external_node_path_default()).sep)[0]?.toLowerCase() === '.git') {
        throw new InputError(`${show(abs)} resolves into the repository's .git folder`, { file: show(abs) }, 'Remove the link: only the checked-out files are deployed, never .git.');
    }
    return real;
}
function isInside(parent, child) {
    const rel = external_node_path_default().relative(parent, child);
    return rel === '' || (rel.split((external_node_path_default()).sep)[0] !== '..' && !external_node_path_default().isAbsolute(rel));
}
function displayPath(p, root) {
    if (root === undefined)
        return p;
    const rel = external_node_path_default().relative(external_node_path_default().resolve(root), p);
    return rel.split((external_node_path_default()).sep).join('/') || '.';
}
function walk_isNotFound(e) {
    return e?.code === 'ENOENT';
}

// EXTERNAL MODULE: ./node_modules/archiver/index.js + 33 modules
var archiver = __webpack_require__(8014);
;// CONCATENATED MODULE: ./src/artifacts/zip.ts
// Deterministic zip of a folder: same tree, same bytes, on any machine, in any time zone, whatever
// the files' mtimes and modes. That is what lets the S3 sync skip an unchanged library zip.







/** Every entry gets this date (DOS time starts in 1980; archiver writes it in UTC). */
const ZIP_EPOCH = new Date(Date.UTC(1980, 0, 1, 0, 0, 0));
const FILE_MODE = 0o644;
const DIR_MODE = 0o755;
/** Entry names of the zip of `dir`, in archive order (folders end in `/`). */
async function zipEntries(dir, opts = {}) {
    return (await plannedEntries(dir, opts)).map((e) => e.name);
}
/**
 * Zips `dir` by the libs rule (libs.ts): a folder with `__init__.py` is one package, zipped under its
 * own name (`external_libs/__init__.py`); without it the folder is a source root, zipped by its
 * contents (`holdlib/__init__.py`), as a PYTHONPATH entry would see it. Wheels and a top-level
 * requirements.txt are not zipped (they are installed instead). Entries sorted, fixed date and modes,
 * junk left out. Folder entries are written only for folders that
 * hold a file, so an empty folder (which git would not check out anyway) changes nothing.
 */
async function buildZip(dir, opts = {}) {
    const entries = await plannedEntries(dir, opts);
    const archive = new archiver/* ZipArchive */.SJ({ zlib: { level: 9 } });
    const chunks = [];
    archive.on('data', (c) => chunks.push(c));
    const done = new Promise((resolve, reject) => {
        archive.on('end', () => resolve());
        archive.on('error', reject);
        archive.on('warning', reject);
    });
    for (const e of entries) {
        if (e.abs === undefined) {
            archive.append(Buffer.alloc(0), { name: e.name, type: 'directory', date: ZIP_EPOCH, mode: DIR_MODE });
        }
        else {
            // A Buffer (not a stream) gives sizes up front: no data descriptors, plain local headers.
            archive.append(await (0,promises_.readFile)(e.abs), { name: e.name, date: ZIP_EPOCH, mode: FILE_MODE });
        }
    }
    await archive.finalize();
    await done;
    return Buffer.concat(chunks);
}
async function plannedEntries(dir, opts) {
    const all = await walkTree(dir, { root: opts.root, skip: opts.skip ?? isPythonJunk });
    const files = all.filter((f) => !isInstalledNotZipped(f.rel));
    const top = libsLayout(all.map((f) => f.rel)) === 'package'
        ? [external_node_path_default().basename(external_node_path_default().resolve(dir)).normalize('NFC')]
        : [];
    const dirs = new Set();
    for (const f of files) {
        const parts = f.rel.split('/');
        for (let i = top.length === 0 ? 1 : 0; i < parts.length; i++)
            dirs.add(`${[...top, ...parts.slice(0, i)].join('/')}/`);
    }
    const entries = [
        ...[...dirs].map((name) => ({ name })),
        ...files.map((f) => ({ name: [...top, f.rel].join('/'), abs: f.abs })),
    ];
    return entries.sort((a, b) => compareCodeUnits(a.name, b.name));
}

;// CONCATENATED MODULE: ./src/artifacts/collect.ts
// The desired objects: scripts, the library zip, DDL and data files, each with its key, size,
// Content-Type and content identity. Reads only what git cannot vouch for.












async function collectFiles(opts) {
    const root = external_node_path_default().resolve(opts.root);
    const rel = (abs) => external_node_path_default().relative(root, abs).split((external_node_path_default()).sep).join('/');
    const at = (p) => external_node_path_default().resolve(root, p);
    // git's view of the work tree does not depend on the walk: both run at once.
    const gitIndex = readGitIndex(root);
    gitIndex.catch(() => undefined); // awaited below
    const disk = [];
    for (const s of opts.scripts) {
        const f = await statFile(at(s.path), { root });
        if (!f) {
            throw new InputError(`Script ${s.path} of job ${s.job} does not exist`, { file: s.path }, 'Add the script or fix the job name.');
        }
        disk.push({ key: scriptKey(s.job), source: rel(f.abs), file: f });
    }
    if (opts.dbDir !== undefined) {
        for (const f of await walkTree(at(opts.dbDir), { root, skip: isVcsJunk })) {
            if (f.rel.toLowerCase().endsWith('.sql'))
                disk.push({ key: ddlKey(f.rel), source: rel(f.abs), file: f });
        }
    }
    if (opts.dataDir !== undefined) {
        for (const f of await walkTree(at(opts.dataDir), { root, skip: isVcsJunk })) {
            disk.push({ key: dataKey(f.rel), source: rel(f.abs), file: f });
        }
    }
    for (const p of new Set(opts.extraFiles ?? [])) {
        const f = await statFile(at(p), { root });
        if (!f)
            throw new InputError(`extra file ${p} does not exist`, { file: p }, 'Add the file or fix its path.');
        disk.push({ key: extraFileKey(rel(f.abs)), source: rel(f.abs), file: f });
    }
    const out = [];
    if (opts.externalLibsDir !== undefined) {
        const dir = at(opts.externalLibsDir);
        // Wheels are uploaded as they are, each under its own name, and installed by the jobs.
        for (const f of await walkTree(dir, { root, skip: isPythonJunk })) {
            if (f.rel.toLowerCase().endsWith('.whl')) {
                disk.push({ key: wheelKey(external_node_path_default().posix.basename(f.rel)), source: rel(f.abs), file: f });
            }
        }
        // No library folder, or nothing but junk in it: no zip.
        if ((await zipEntries(dir, { root })).length > 0) {
            const body = await buildZip(dir, { root });
            out.push({
                key: EXTERNAL_LIBS_KEY,
                source: rel(dir),
                size: body.length,
                contentType: contentTypeFor(EXTERNAL_LIBS_KEY),
                identity: gitBlobIdOf(body),
                body,
            });
        }
    }
    const fromGit = await gitBlobIds(root, disk.map((d) => d.file), gitIndex);
    const limit = (0,p_limit/* default */.A)(opts.hashConcurrency ?? 4);
    const hashed = await Promise.all(disk.map((d) => fromGit.has(d.file.abs)
        ? fromGit.get(d.file.abs)
        : limit(() => gitBlobIdOfFile(d.file.abs, d.file.size))));
    disk.forEach((d, i) => {
        out.push({
            key: d.key,
            source: d.source,
            size: d.file.size,
            contentType: contentTypeFor(d.key),
            identity: hashed[i],
            path: d.file.abs,
        });
    });
    checkKeys(out);
    return out.sort((a, b) => compareCodeUnits(a.key, b.key));
}
function checkKeys(files) {
    const seen = new Map();
    for (const f of files) {
        const other = seen.get(f.key);
        if (other !== undefined) {
            throw new InputError(`${f.source} and ${other} would both be uploaded to ${f.key}`, { file: f.source }, 'Rename one of them (names that differ only in Unicode normalization count as the same).');
        }
        seen.set(f.key, f.source);
        if (Buffer.byteLength(f.key) > MAX_KEY_BYTES) {
            throw new InputError(`${f.source} would get an S3 key longer than ${MAX_KEY_BYTES} bytes`, { file: f.source }, 'Shorten its path.');
        }
    }
}

;// CONCATENATED MODULE: ./src/artifacts/index.ts
// The local side of a deploy: every file to upload, collected from the checkout with its key,
// Content-Type and content identity (git blob id), and the deterministic zip of the shared library.
//
//   const files = await collectFiles({ root, scripts, externalLibsDir, dbDir, dataDir });
//
// Nothing here talks to AWS: the S3 side (s3-sync/) plans and uploads these files.








;// CONCATENATED MODULE: ./src/state-machine/learned.ts
// The schedule a deploy builds once job durations have been measured: the fresh schedule at the
// expected durations, unless the deployed one is within RESTRUCTURE_GAIN of it. Durations move
// a little with every run; without the threshold each deploy after a run could reorder the
// Parallel states (an update, a new version) for a gain smaller than that noise.


/** The fresh schedule replaces the deployed one only when its predicted makespan is this much shorter. */
const RESTRUCTURE_GAIN = 0.05;
/**
 * Expected seconds by manifest name: `expected-minutes` where the manifest gives it, else the
 * median of the job's measured durations (state object, by Glue name). Undefined when no job
 * without a hint has a measurement: the manifest alone decides, as on a first deploy.
 */
function expectedSeconds(jobs, measured) {
    const out = new Map();
    let learned = 0;
    for (const job of jobs) {
        if (job.expectedMinutes !== undefined) {
            out.set(job.name, job.expectedMinutes * 60);
            continue;
        }
        const d = expectedDuration(measured?.[job.glueName]);
        if (d === undefined)
            continue;
        out.set(job.name, d);
        learned++;
    }
    return learned > 0 ? out : undefined;
}
/**
 * The schedule to deploy: fresh at `durations` (index order), or the deployed one when it
 * honours the graph and the fresh one is not more than RESTRUCTURE_GAIN faster at those durations.
 * Deterministic: the same graph, durations and deployed definition give the same schedule.
 */
function chooseSchedule(dag, durations, deployed) {
    const fresh = seriesParallelSchedule(dag, { durations });
    const kept = deployed === undefined ? undefined : deployedSchedule(deployed, dag);
    if (!kept)
        return fresh;
    return makespan(fresh, durations) < (1 - RESTRUCTURE_GAIN) * makespan(kept, durations) ? fresh : kept;
}
/**
 * The schedule a deployed definition runs, read back from its Glue tasks (by JobName) and
 * Parallel states; other states (the run-argument Pass states, anything not starting a Glue job)
 * are skipped. Undefined when it does not run each job of `dag` exactly once after its
 * dependencies (jobs added, removed, renamed or re-wired), or cannot be read.
 */
function deployedSchedule(definition, dag) {
    let parsed;
    try {
        parsed = JSON.parse(definition);
    }
    catch {
        return undefined;
    }
    const index = new Map(dag.nodes.map((node, i) => [node.glueName, i]));
    const seen = new Set();
    // null: a (sub-)machine without Glue tasks; undefined: unreadable.
    const read = (machine, depth) => {
        if (!machine || typeof machine.States !== 'object' || depth > 100)
            return undefined;
        const steps = [];
        const visited = new Set();
        for (let name = machine.StartAt; name !== undefined;) {
            const state = machine.States[name];
            if (!state || visited.has(name))
                return undefined;
            visited.add(name);
            if (state.Type === 'Parallel') {
                const branches = (state.Branches ?? []).map((b) => read(b, depth + 1));
                if (branches.some((b) => b === undefined))
                    return undefined;
                const present = branches.filter((b) => b !== null && b !== undefined);
                if (present.length > 0)
                    steps.push(parallel(present));
            }
            else if (state.Type === 'Task' && String(state.Resource).includes(':glue:startJobRun')) {
                const v = index.get(String(state.Parameters?.JobName));
                if (v === undefined || seen.has(v))
                    return undefined;
                seen.add(v);
                steps.push({ kind: 'job', node: v });
            }
            name = 'Next' in state ? state.Next : undefined;
        }
        return steps.length > 0 ? series(steps) : null;
    };
    const schedule = read(parsed, 0);
    if (!schedule || seen.size !== dag.names.length)
        return undefined;
    return honoursGraph(schedule, dag) ? schedule : undefined;
}
/** Every dependency u → v of the graph has u in an earlier step of a sequence than v. */
function honoursGraph(schedule, dag) {
    const n = dag.names.length;
    // after[v]: the jobs the schedule runs before v starts.
    const after = Array.from({ length: n }, () => new Set());
    const jobsOf = (s) => s.kind === 'job' ? [s.node] : (s.kind === 'series' ? s.steps : s.branches).flatMap(jobsOf);
    const walk = (s, earlier) => {
        if (s.kind === 'job') {
            for (const u of earlier)
                after[s.node].add(u);
        }
        else if (s.kind === 'parallel') {
            for (const b of s.branches)
                walk(b, earlier);
        }
        else {
            let acc = earlier;
            for (const step of s.steps) {
                walk(step, acc);
                acc = [...acc, ...jobsOf(step)];
            }
        }
    };
    walk(schedule, []);
    for (let v = 0; v < n; v++)
        for (const u of dag.preds[v])
            if (!after[v].has(u))
                return false;
    // Direct dependencies suffice: the schedule's order is transitive.
    return true;
}

;// CONCATENATED MODULE: ./src/state-machine/notify.ts
const snsPublish = (partition) => `arn:${partition}:states:::sns:publish`;
/** The console's host per partition (aws-cn and aws-us-gov have their own). */
function consoleHost(partition, region) {
    if (partition === 'aws-cn')
        return `https://console.amazonaws.cn`;
    if (partition === 'aws-us-gov')
        return `https://console.amazonaws-us-gov.com`;
    return `https://${region}.console.aws.amazon.com`;
}
/** States.Format giving the execution's console link ($$.Execution.Id is its ARN). */
function consoleLink(partition, region) {
    // '{}' is the only placeholder; the URL has no quote, brace or backslash to escape.
    return `States.Format('${consoleHost(partition, region)}/states/home?region=${region}#/v2/executions/details/{}', $$.Execution.Id)`;
}
// SNS publishes retried a little (throttling, a transient error); a notification never blocks for long.
const PUBLISH_RETRY = {
    ErrorEquals: ['States.ALL'],
    IntervalSeconds: 2,
    BackoffRate: 2,
    MaxAttempts: 3,
    MaxDelaySeconds: 20,
    JitterStrategy: 'FULL',
};
// SNS subjects: at most 100 printable ASCII characters.
const subject = (text) => text.replace(/[^\x20-\x7e]/g, '?').slice(0, 100);
function withNotifications(definition, opts) {
    if (!opts.onFailure && !opts.onSuccess)
        return definition;
    const names = new Names(definition);
    const top = { StartAt: definition.StartAt, States: { ...definition.States } };
    if (opts.onSuccess)
        addSuccess(top, opts, names);
    if (opts.onFailure)
        addFailure(top, opts, names);
    return definition.Comment === undefined ? top : { Comment: definition.Comment, ...top };
}
function addSuccess(machine, opts, names) {
    const [message, notify, done] = ['Success_message', 'Notify_success', 'Succeeded'].map((n) => names.reserve(n));
    const last = Object.entries(machine.States).find(([, s]) => 'End' in s && s.End === true);
    const { End: _end, ...rest } = last[1];
    machine.States[last[0]] = { ...rest, Next: message };
    machine.States[message] = {
        Type: 'Pass',
        Parameters: {
            message: {
                pipeline: opts.pipeline,
                status: 'SUCCEEDED',
                'execution.$': '$$.Execution.Id',
                'console.$': consoleLink(opts.partition, opts.region),
            },
        },
        Next: notify,
    };
    machine.States[notify] = publish(opts, opts.onSuccess, `Glue pipeline ${opts.pipeline} succeeded`, done);
    machine.States[done] = { Type: 'Succeed' };
}
function addFailure(machine, opts, names) {
    const [fromBranch, kind, run, fields, withRun, withoutRun, notify, failed] = [
        'Failure_from_branch',
        'Failure_kind',
        'Failure_run',
        'Failure_run_fields',
        'Failure_message_run',
        'Failure_message',
        'Notify_failure',
        'Failed',
    ].map((n) => names.reserve(n));
    const catchTo = (next) => [
        { ErrorEquals: ['States.ALL'], ResultPath: '$.failure', Next: next },
    ];
    // Job tasks at any depth: record the job, then fail the branch (or, at the top, report).
    let branchFailures = false;
    const instrument = (m, atTop) => {
        for (const [name, state] of Object.entries(m.States)) {
            if (state.Type === 'Parallel') {
                const branches = state.Branches.map((b) => ({ StartAt: b.StartAt, States: { ...b.States } }));
                for (const b of branches)
                    instrument(b, false);
                m.States[name] = { ...state, Branches: branches, ...(atTop ? { Catch: catchTo(fromBranch) } : {}) };
                if (atTop)
                    branchFailures = true;
                continue;
            }
            if (state.Type !== 'Task' || !('JobName' in state.Parameters))
                continue;
            const glueJob = String(state.Parameters.JobName);
            const record = names.reserve(`${name.slice(0, 72)}_failed`);
            m.States[name] = { ...state, Catch: catchTo(record) };
            const pass = {
                Type: 'Pass',
                Parameters: {
                    job: opts.jobNames.get(glueJob) ?? glueJob,
                    glueJob,
                    'error.$': '$.failure.Error',
                    'cause.$': '$.failure.Cause',
                },
                ResultPath: '$.failure',
                Next: kind,
            };
            if (!atTop) {
                const fail = names.reserve(`${name.slice(0, 74)}_fail`);
                pass.Next = fail;
                m.States[fail] = {
                    Type: 'Fail',
                    ErrorPath: '$.failure.error',
                    CausePath: 'States.JsonToString($.failure)',
                };
            }
            m.States[record] = pass;
        }
    };
    instrument(machine, true);
    const message = (runId, errorMessage) => ({
        pipeline: opts.pipeline,
        'job.$': '$.failure.job',
        'glueJob.$': '$.failure.glueJob',
        ...(runId === null ? { runId: null } : { 'runId.$': runId }),
        'error.$': '$.failure.error',
        'errorMessage.$': errorMessage,
        'execution.$': '$$.Execution.Id',
        'console.$': consoleLink(opts.partition, opts.region),
    });
    // Only reachable from a top-level Parallel (a definition without one must not carry it).
    if (branchFailures) {
        machine.States[fromBranch] = {
            Type: 'Pass',
            Parameters: { 'failure.$': 'States.StringToJson($.failure.Cause)' },
            Next: kind,
        };
    }
    Object.assign(machine.States, {
        // A run that ended FAILED/TIMEOUT/STOPPED: the cause is the JobRun (JSON). Any other error
        // (a start refused, a permission missing) has a plain-text cause.
        [kind]: {
            Type: 'Choice',
            Choices: [{ Variable: '$.failure.error', StringEquals: 'States.TaskFailed', Next: run }],
            Default: withoutRun,
        },
        [run]: {
            Type: 'Pass',
            Parameters: { 'failure.$': '$.failure', 'run.$': 'States.StringToJson($.failure.cause)' },
            Next: fields,
        },
        [fields]: {
            Type: 'Choice',
            Choices: [
                {
                    And: [
                        { Variable: '$.run.Id', IsPresent: true },
                        { Variable: '$.run.ErrorMessage', IsPresent: true },
                    ],
                    Next: withRun,
                },
            ],
            Default: withoutRun,
        },
        [withRun]: {
            Type: 'Pass',
            Parameters: { 'failure.$': '$.failure', message: message('$.run.Id', '$.run.ErrorMessage') },
            Next: notify,
        },
        [withoutRun]: {
            Type: 'Pass',
            Parameters: { 'failure.$': '$.failure', message: message(null, '$.failure.cause') },
            Next: notify,
        },
        [notify]: publish(opts, opts.onFailure, `Glue pipeline ${opts.pipeline} failed`, failed),
        // The execution fails with the job's own error and cause, as it would without a notification.
        [failed]: { Type: 'Fail', ErrorPath: '$.failure.error', CausePath: '$.failure.cause' },
    });
}
function publish(opts, topicArn, title, next) {
    return {
        Type: 'Task',
        Resource: snsPublish(opts.partition),
        Parameters: {
            TopicArn: topicArn,
            Subject: subject(title),
            'Message.$': 'States.JsonToString($.message)',
        },
        ResultPath: null,
        Retry: [PUBLISH_RETRY],
        // A notification that cannot be sent does not change how the execution ends.
        Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.notifyError', Next: next }],
        Next: next,
    };
}
/** State names already used anywhere in the definition, and new ones made unique against them. */
class Names {
    used = new Set();
    constructor(definition) {
        const collect = (m) => {
            for (const [name, state] of Object.entries(m.States)) {
                this.used.add(name);
                if (state.Type === 'Parallel')
                    for (const b of state.Branches)
                        collect(b);
            }
        };
        collect(definition);
    }
    reserve(base) {
        let name = base;
        for (let i = 2; this.used.has(name); i++)
            name = `${base.slice(0, 75)}_${i}`;
        this.used.add(name);
        return name;
    }
}

;// CONCATENATED MODULE: ./src/plan/desired.ts
// The desired Glue jobs and state machine of a pipeline (pure): for each job the fields the manifest
// declares and its tags; the complete definitions are made in diff.ts, on top of what GetJob returned.





/** Each job's Glue name and tag set: user tags, its own tags, the ownership tags (which win). */
function jobsWithTheirTags(pipeline, userTags, location) {
    return pipeline.jobs.map((job) => ({
        glueName: job.glueName,
        tags: resourceTags({ ...userTags, ...job.tags }, pipeline.stateMachineName, location),
    }));
}
function desiredResources(pipeline, opts) {
    const tags = resourceTags(opts.userTags, pipeline.stateMachineName, opts.location);
    const jobTags = jobsWithTheirTags(pipeline, opts.userTags, opts.location);
    const jobs = pipeline.jobs.map((job, i) => ({
        name: job.name,
        glueName: job.glueName,
        declared: declaredDefinition(job, {
            ...opts.location,
            roleArn: opts.roleArn,
            extraPyFilesKey: opts.extraPyFilesKey,
            libModules: opts.libModules,
        }),
        tags: jobTags[i].tags,
    }));
    const stateMachine = {
        name: pipeline.stateMachineName,
        definition: stateMachineDefinition(pipeline, opts, { expectedDurations: hints(pipeline) }),
        roleArn: opts.stateMachineRoleArn,
        tags,
    };
    return { jobs, stateMachine, tags };
}
/**
 * The desired state machine once the state object and the deployed definition are known: with
 * measured durations for jobs the manifest gives no `expected-minutes`, the schedule is chosen at
 * those (learned.ts: the deployed one is kept unless the new one is more than 5 % faster).
 * Without any, `desired` is returned as it is.
 */
function withMeasuredDurations(desired, pipeline, measured, deployed, where) {
    const seconds = expectedSeconds(pipeline.jobs, measured);
    if (!seconds)
        return desired;
    const definition = stateMachineDefinition(pipeline, where, {
        chooseSchedule: (dag) => chooseSchedule(dag, expected(dag.names, seconds), deployed),
    });
    return { ...desired, stateMachine: { ...desired.stateMachine, definition } };
}
/**
 * The one place the state machine's definition is made: the jobs' schedule (from hints or a
 * chooser), then the manifest's notifications around it, so every path gets both.
 */
function stateMachineDefinition(pipeline, where, schedule) {
    return serializeDefinition(withNotifications(buildDefinition(pipeline.jobs, {
        comment: `Glue pipeline ${pipeline.name}`,
        partition: where.partition,
        ...schedule,
    }), {
        pipeline: pipeline.stateMachineName,
        onFailure: pipeline.notify?.onFailure,
        onSuccess: pipeline.notify?.onSuccess,
        partition: where.partition ?? 'aws',
        region: where.region ?? 'us-east-1',
        jobNames: new Map(pipeline.jobs.map((j) => [j.glueName, j.name])),
    }));
}
/** Manifest `expected-minutes` as the builder's duration hints; undefined when no job has one. */
function hints(pipeline) {
    const known = pipeline.jobs.filter((j) => j.expectedMinutes !== undefined);
    return known.length > 0 ? new Map(known.map((j) => [j.name, j.expectedMinutes])) : undefined;
}

;// CONCATENATED MODULE: ./src/plan/diff.ts



function diffPlan(desired, remote, options) {
    const jobs = desired.jobs.map(({ name, glueName, declared, tags }) => {
        const declaredNames = declaredFieldNames(declared);
        const actual = remote.jobs.get(glueName);
        if (!actual) {
            return {
                name,
                glueName,
                action: 'create',
                fields: [],
                definition: declared,
                tags,
                kept: [],
                declared: declaredNames,
            };
        }
        const fullyTagged = remote.fullyTagged.has(glueName);
        const actualTags = remote.jobTags?.get(glueName);
        const owner = fullyTagged
            ? 'ours'
            : actualTags
                ? ownershipOf(actualTags, tags)
                : remote.owned?.has(glueName)
                    ? 'ours'
                    : 'unowned';
        if (owner === 'foreign') {
            return {
                name,
                glueName,
                action: 'refuse',
                fields: [],
                kept: [],
                reason: describeOwner(actualTags ?? {}),
            };
        }
        const before = remote.declaredBefore?.[glueName] ?? (owner === 'ours' ? FIELDS_BEFORE_RECORDS : []);
        const definition = overlayDefinition(declared, actual, before);
        const fields = changedFields(definition, actual);
        const base = {
            name,
            glueName,
            fields,
            definition,
            kept: keptFields(declared, definition),
            declared: declaredNames,
        };
        const withTags = fullyTagged ? {} : { tags };
        if (owner === 'unowned')
            return { ...base, action: 'adopt', tags };
        if (fields.length > 0)
            return { ...base, action: 'update', ...withTags };
        if (!fullyTagged)
            return { ...base, action: 'tag', fields: ['Tags'], tags };
        return { name, glueName, action: 'unchanged', fields: [], kept: base.kept, declared: declaredNames };
    });
    if (options.prune) {
        const declaredJobs = new Set(desired.jobs.map((j) => j.glueName));
        for (const name of [...(remote.owned ?? remote.fullyTagged)].sort()) {
            if (!declaredJobs.has(name))
                jobs.push({ name, glueName: name, action: 'delete', fields: [], kept: [] });
        }
    }
    return { jobs, stateMachine: diffStateMachine(desired.stateMachine, remote.stateMachine) };
}
function diffStateMachine(desired, actual) {
    const base = { name: desired.name, desired, actual };
    if (!actual)
        return { ...base, action: 'create', fields: [] };
    const fields = stateMachineChanges(desired, actual);
    const owner = ownershipOf(actual.tags, desired.tags);
    if (owner === 'foreign')
        return { ...base, action: 'refuse', fields: [], reason: describeOwner(actual.tags) };
    if (owner === 'unowned')
        return { ...base, action: 'adopt', fields };
    return { ...base, action: fields.length > 0 ? 'update' : 'unchanged', fields };
}
function ownershipProblems(diff) {
    const adopt = [];
    const refuse = [];
    const sc = diff.schedule;
    if (sc?.action === 'adopt')
        adopt.push(`schedule group ${sc.groupName}`);
    if (sc?.action === 'refuse')
        refuse.push(`schedule group ${sc.groupName} (owned by ${sc.reason})`);
    const sm = diff.stateMachine;
    if (sm.action === 'adopt')
        adopt.push(`state machine ${sm.name}`);
    if (sm.action === 'refuse')
        refuse.push(`state machine ${sm.name} (owned by ${sm.reason})`);
    for (const j of diff.jobs) {
        if (j.action === 'adopt')
            adopt.push(`Glue job ${j.glueName}`);
        if (j.action === 'refuse')
            refuse.push(`Glue job ${j.glueName} (owned by ${j.reason})`);
    }
    return { adopt, refuse };
}

;// CONCATENATED MODULE: ./src/plan/schedule.ts


async function planSchedule(pipeline, opts, tags, 
/** Resolves to true when the state object says no deploy left a schedule group. */
recordedNone) {
    const groupName = scheduleGroupName(pipeline.stateMachineName);
    const skipped = opts.schedule?.skipped ?? false;
    // Without a schedule to deploy, Scheduler is only read for one an earlier deploy may have left.
    const wanted = pipeline.schedule !== undefined && !skipped;
    const actual = wanted || !(await recordedNone) ? await readSchedule(opts.clients.scheduler, groupName) : undefined;
    const declared = pipeline.schedule && !skipped ? pipeline.schedule : undefined;
    const desired = declared && {
        groupName,
        name: SCHEDULE_NAME,
        expression: declared.expression,
        input: declared.input,
        roleArn: opts.schedule?.roleArn ?? '',
        // Known before the state machine exists when the account is (deploy mode); apply uses the real one.
        targetArn: opts.account
            ? `arn:${opts.partition}:states:${opts.region}:${opts.account}:stateMachine:${pipeline.stateMachineName}`
            : '',
        tags,
    };
    return diffSchedule(groupName, desired, actual, {
        prune: opts.prune,
        ours: ownershipTags(pipeline.stateMachineName, opts.location),
        skipped: skipped && pipeline.schedule !== undefined,
    });
}

;// CONCATENATED MODULE: ./src/plan/index.ts
// Plan before apply: collect the files, compute the complete desired state (objects, jobs, state
// machine), read the actual state with a handful of batched reads, and diff. Nothing here writes.












/** The whole plan of a loaded pipeline: what main runs and what the plan benchmark times. */
async function planPipeline(pipeline, opts) {
    // The desired definitions need the libs folder's wheels and requirements, not the whole file walk.
    const files = opts.files
        ? Promise.resolve(opts.files)
        : collectFiles({
            root: opts.root,
            scripts: pipeline.jobs.map((j) => ({ job: j.name, path: j.script })),
            extraFiles: pipeline.jobs
                .flatMap((j) => [...(j.extraJars ?? []), ...(j.extraFiles ?? [])])
                .filter((p) => !p.startsWith('s3://')),
            ...opts.folders,
        });
    files.catch(() => undefined); // awaited below
    // The state object and the listing need the folders, not the files: read while git and the walk run.
    const folders = [
        `${SRC_CODE}/`,
        ...(isDirectory((0,external_node_path_.resolve)(opts.root, opts.folders.dataDir)) ? [`${INPUT_FILES}/`] : []),
    ];
    const syncRemote = readSyncRemote(opts.clients.s3, {
        ...opts.location,
        pipeline: pipeline.stateMachineName,
        folders,
    });
    syncRemote.catch(() => undefined); // awaited in planSync
    // Reads only: they need the names and tags, not the files, so they overlap the walk and hashing.
    const remote = readRemoteState(pipeline, opts);
    remote.catch(() => undefined);
    const requirements = readRequirements((0,external_node_path_.join)(opts.root, opts.folders.externalLibsDir), opts.folders.externalLibsDir);
    const collected = await files;
    const desired = desiredResources(pipeline, {
        location: opts.location,
        roleArn: opts.roleArn,
        stateMachineRoleArn: opts.stateMachineRoleArn,
        userTags: opts.userTags,
        extraPyFilesKey: collected.some((f) => f.key === EXTERNAL_LIBS_KEY) ? EXTERNAL_LIBS_KEY : undefined,
        libModules: [
            ...collected
                .filter((f) => f.key.startsWith(`${WHEELS_FOLDER}/`))
                .map((f) => s3Uri(opts.location, f.key)),
            ...requirements,
        ],
        partition: opts.partition,
        region: opts.region,
    });
    const syncPlan = planSync(opts.clients.s3, {
        ...opts.location,
        files: collected,
        pipeline: pipeline.stateMachineName,
        remote: syncRemote,
    });
    const recordedNone = syncPlan.then((p) => p.state.scheduleGroup === null, () => false);
    const [sync, actual, schedule] = await Promise.all([
        syncPlan,
        remote,
        planSchedule(pipeline, opts, desired.tags, recordedNone),
    ]);
    const { jobs, stateMachine } = diffPlan(withMeasuredDurations(desired, pipeline, sync.state.durations, actual.stateMachine?.definition, {
        partition: opts.partition,
        region: opts.region,
    }), { ...actual, declaredBefore: sync.state.jobs }, { prune: opts.prune });
    return { pipeline, sync, jobs, stateMachine, schedule, tags: desired.tags, files: collected };
}
/**
 * The Glue and Step Functions reads: BatchGetJobs (1,000 names a request), one tag listing per distinct tag set
 * (one, unless jobs have their own tags), the ownership listing for prune, the state machine; then,
 * only for existing jobs that lack their tags (adoption, collisions), each one's tags.
 */
async function readRemoteState(pipeline, opts) {
    const { glue, sfn } = opts.clients;
    const owned = ownershipTags(pipeline.stateMachineName, opts.location);
    const desired = { jobs: jobsWithTheirTags(pipeline, opts.userTags, opts.location) };
    // One listing per distinct tag (key and value), shared by every job and the ownership check.
    const pairs = new Map();
    for (const tags of [owned, ...desired.jobs.map((j) => j.tags)]) {
        for (const [k, v] of Object.entries(tags))
            pairs.set(JSON.stringify([k, v]), [k, v]);
    }
    const [jobs, listings, stateMachine] = await Promise.all([
        readJobs(glue, desired.jobs.map((j) => j.glueName)),
        Promise.all([...pairs].map(async ([id, [k, v]]) => [id, await jobsWithTag(glue, k, v)])),
        readStateMachine(sfn, pipeline.stateMachineName),
    ]);
    const byPair = new Map(listings);
    const carriesAll = (name, tags) => Object.entries(tags).every(([k, v]) => byPair.get(JSON.stringify([k, v])).has(name));
    const fullyTagged = new Set(desired.jobs.filter((j) => carriesAll(j.glueName, j.tags)).map((j) => j.glueName));
    const ownedJobs = new Set([...byPair.get(JSON.stringify([TAG_PIPELINE, owned[TAG_PIPELINE]]))].filter((n) => carriesAll(n, owned)));
    const jobTags = new Map();
    if (opts.account) {
        const untagged = desired.jobs.filter((j) => jobs.has(j.glueName) && !fullyTagged.has(j.glueName));
        for (const j of untagged) {
            jobTags.set(j.glueName, await readJobTags(glue, jobArn(opts.partition, opts.region, opts.account, j.glueName)));
        }
    }
    return { jobs, fullyTagged, jobTags, owned: ownedJobs, stateMachine };
}
function countPlan(plan, prune) {
    const files = planCounts(plan.sync, { prune });
    const uploads = files.create + files.update;
    const jobChanges = plan.jobs.filter((j) => j.action !== 'unchanged' && j.action !== 'refuse').length;
    const smChange = plan.stateMachine.action === 'unchanged' || plan.stateMachine.action === 'refuse' ? 0 : 1;
    const scheduleChange = ['create', 'update', 'adopt', ...(prune ? ['delete'] : [])].includes(plan.schedule.action)
        ? 1
        : 0;
    return {
        uploads,
        unchanged: files.unchanged,
        changes: uploads + files.delete + jobChanges + smChange + scheduleChange,
    };
}
function isDirectory(path) {
    try {
        return (0,external_node_fs_.statSync)(path).isDirectory();
    }
    catch {
        return false;
    }
}

;// CONCATENATED MODULE: ./src/aws/console-links.ts
// AWS console deep links. Each partition has its own console host: a link to console.aws.amazon.com
// for a China or GovCloud resource opens the wrong sign-in. The commercial console has documented
// regional hosts (<region>.console.aws.amazon.com); the others are linked at their main host, and
// every link names its region in `?region=`.

const HOSTS = {
    aws: (region) => `${region}.console.aws.amazon.com`,
    'aws-cn': () => 'console.amazonaws.cn',
    'aws-us-gov': () => 'console.amazonaws-us-gov.com',
};
const base = (region, service) => `https://${HOSTS[partitionOf(region)](region)}/${service}/home?region=${region}`;
const stateMachineUrl = (region, arn) => `${base(region, 'states')}#/statemachines/view/${encodeURIComponent(arn)}`;
const executionUrl = (region, arn) => `${base(region, 'states')}#/v2/executions/details/${encodeURIComponent(arn)}`;
const jobRunUrl = (region, jobName, runId) => `${base(region, 'gluestudio')}#/job/${encodeURIComponent(jobName)}/run/${encodeURIComponent(runId)}`;

;// CONCATENATED MODULE: ./src/report/plan-json.ts
// The plan as JSON (output `plan-json`), for other tooling: every resource with its action and the
// names of the fields that change, as CloudFormation's deploy action gives a change set. Field names
// only, never values (values may be secrets). Unchanged S3 objects are only counted, and the changed
// ones are listed up to a bound, so the output stays far below the runner's 1 MiB output limit.

const PLAN_JSON_MAX_OBJECTS = 1000;
function planJson(plan, prune) {
    const counts = countPlan(plan, prune);
    const sm = plan.stateMachine;
    const resources = [
        {
            type: 'state-machine',
            name: sm.name,
            action: sm.action,
            changedFields: sm.fields,
            ...(sm.reason ? { reason: sm.reason } : {}),
        },
    ];
    for (const j of plan.jobs) {
        resources.push({
            type: 'glue-job',
            name: j.glueName,
            job: j.name,
            action: j.action,
            changedFields: j.fields,
            ...(j.kept?.length ? { keptFields: j.kept } : {}),
            ...(j.reason ? { reason: j.reason } : {}),
        });
    }
    // The schedule, when the manifest declares one or one is left over (as the plan table shows it).
    const sc = plan.schedule;
    if (sc && (sc.action !== 'unchanged' || sc.desired)) {
        resources.push({
            type: 'schedule',
            name: sc.groupName,
            action: sc.action === 'delete' && !prune ? 'keep' : sc.action,
            changedFields: sc.fields,
            ...(sc.reason ? { reason: sc.reason } : {}),
        });
    }
    const objects = [];
    for (const f of plan.sync.files) {
        if (f.action === 'unchanged')
            continue;
        objects.push({
            type: 's3-object',
            name: f.key,
            action: f.action,
            size: f.size,
            ...(f.reason ? { reason: f.reason } : {}),
        });
    }
    for (const o of plan.sync.orphans) {
        objects.push({
            type: 's3-object',
            name: o.key,
            action: prune && o.deletable ? 'delete' : 'keep',
            reason: o.reason,
        });
    }
    resources.push(...objects.slice(0, PLAN_JSON_MAX_OBJECTS));
    return {
        version: 1,
        pipeline: plan.pipeline.stateMachineName,
        changes: counts.changes,
        uploads: counts.uploads,
        unchanged: counts.unchanged,
        prune,
        resources,
        objectsNotListed: Math.max(0, objects.length - PLAN_JSON_MAX_OBJECTS),
    };
}

;// CONCATENATED MODULE: ./src/report/format.ts
// How times and sizes are written in the log and the job summary.
/** "42s", "3m 07s". */
function duration(ms) {
    const s = Math.max(0, Math.round(ms / 1000));
    return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
}
/** "512 B", "2.0 KiB", "3.1 MiB". */
function formatBytes(n) {
    if (n < 1024)
        return `${n} B`;
    if (n < 1024 * 1024)
        return `${(n / 1024).toFixed(1)} KiB`;
    return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}
/** First line of a message, at most 300 characters (one log line). */
function format_firstLine(s) {
    return s.split('\n')[0].slice(0, 300);
}

;// CONCATENATED MODULE: ./src/report/untrusted.ts
// Text the action did not write itself (job logs, error messages and names from AWS) must not be
// able to act on the workflow. The runner reads every stdout/stderr line for commands: `::name::`
// at the start of a line (after spaces) and the older `##[name]` anywhere in it. Such text is
// printed inside a `::stop-commands::<token>` … `::<token>::` block with a random token the text
// cannot know; in the job summary it is HTML-escaped, so it cannot close a block or add markup.

/** True when the runner could read a command in this text. */
function mayHoldCommand(text) {
    return text.includes('::') || text.includes('##[');
}
/**
 * The lines to print for `lines` of untrusted text: unchanged when none could hold a command,
 * else inside a stop-commands block whose token appears nowhere in them.
 */
function commandProofLines(lines, newToken = randomToken) {
    const split = lines.flatMap((l) => l.split(/\r?\n|\r/));
    if (!split.some(mayHoldCommand))
        return split;
    let token = newToken();
    while (split.some((l) => l.toLowerCase().includes(token.toLowerCase())))
        token = newToken();
    return [`::stop-commands::${token}`, ...split, `::${token}::`];
}
function randomToken() {
    return `gpd-${(0,external_node_crypto_.randomBytes)(16).toString('hex')}`;
}
const HTML = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
function escapeHtml(text) {
    return text.replace(/[&<>"']/g, (c) => HTML[c]);
}
/**
 * Untrusted text inline in markdown (a table cell, a heading, a paragraph), on one line:
 * HTML-escaped, and the characters that end a table cell, open a code span or make a link or an
 * image written as entities. Emphasis characters are left alone: they change looks, nothing more.
 */
function markdownText(text) {
    return escapeHtml(text)
        .replace(/\r?\n|\r/g, ' ')
        .replace(/[|`[\]]/g, (c) => `&#${c.charCodeAt(0)};`);
}
/**
 * Untrusted lines as a code block the content cannot close: `<pre>` with the text HTML-escaped
 * (a fenced block would end at the first line of backticks in the text).
 */
function preBlock(lines) {
    return `<pre><code>${lines.map(escapeHtml).join('\n')}</code></pre>`;
}

;// CONCATENATED MODULE: ./src/report/plan-table.ts


const MAX_FILE_ROWS = 50;
function planMarkdown(plan, prune) {
    const rows = [];
    const sm = plan.stateMachine;
    rows.push([
        'state machine',
        sm.name,
        sm.action,
        sm.reason ? `owned by ${sm.reason}` : sm.fields.join(', '),
    ]);
    const sc = plan.schedule;
    if (sc.action !== 'unchanged' || sc.desired) {
        const detail = sc.action === 'skip'
            ? 'a preview: set schedule-previews to schedule it'
            : sc.action === 'keep'
                ? 'no longer declared: prune deletes it'
                : sc.reason
                    ? `owned by ${sc.reason}`
                    : [sc.desired?.expression, ...sc.fields].filter(Boolean).join(', ');
        const action = sc.action === 'delete' && !prune ? 'keep' : sc.action;
        rows.push(['schedule', sc.groupName, action, detail]);
    }
    for (const j of plan.jobs) {
        if (j.action === 'unchanged')
            continue;
        // An adopted or updated job keeps what the manifest does not declare: say so next to the changes.
        const kept = j.kept?.length ? `kept: ${fieldList(j.kept)}` : '';
        const changes = j.reason
            ? `owned by ${j.reason}`
            : [fieldList(j.fields), kept].filter(Boolean).join('; ');
        rows.push(['Glue job', j.glueName, j.action, changes]);
    }
    const unchangedJobs = plan.jobs.filter((j) => j.action === 'unchanged').length;
    if (unchangedJobs > 0)
        rows.push(['Glue job', `${unchangedJobs} job(s)`, 'unchanged', '']);
    const changedFiles = plan.sync.files.filter((f) => f.action !== 'unchanged');
    for (const f of changedFiles.slice(0, MAX_FILE_ROWS)) {
        rows.push([
            'S3 object',
            code(f.key),
            f.action,
            `${formatBytes(f.size)}${f.reason ? `; ${f.reason}` : ''}`,
        ]);
    }
    if (changedFiles.length > MAX_FILE_ROWS) {
        rows.push(['S3 object', `… ${changedFiles.length - MAX_FILE_ROWS} more`, 'create/update', '']);
    }
    for (const o of plan.sync.orphans) {
        const action = prune && o.deletable ? 'delete' : 'keep (not declared)';
        rows.push(['S3 object', code(o.key), action, o.reason]);
    }
    const unchangedFiles = plan.sync.files.length - changedFiles.length;
    if (unchangedFiles > 0)
        rows.push(['S3 object', `${unchangedFiles} file(s)`, 'unchanged', '']);
    const header = '| resource | name | action | changes |\n|---|---|---|---|';
    return `${header}\n${rows.map((r) => `| ${r.map(escapeCell).join(' | ')} |`).join('\n')}`;
}
/** Top-level fields first, all of them; then at most 4 arguments by name and a count of the rest. */
function fieldList(fields) {
    const args = fields.filter((f) => f.startsWith('DefaultArguments.'));
    const top = fields.filter((f) => !f.startsWith('DefaultArguments.'));
    const shown = args.length > 4 ? [...args.slice(0, 4), `… (+${args.length - 4} arguments)`] : args;
    return [...top, ...shown].join(', ');
}
/** A code span: marked so that escapeCell keeps it (a code span shows its content as is). */
const CODE = '\u0000code\u0000';
function code(s) {
    return `${CODE}${s}`;
}
function escapeCell(s) {
    if (!s.startsWith(CODE))
        return markdownText(s);
    const text = s.slice(CODE.length).replace(/[`\r\n]/g, (c) => (c === '`' ? "'" : ' '));
    return `\`${text.replace(/\|/g, '\\|')}\``;
}

;// CONCATENATED MODULE: ./src/report/mermaid.ts
const STYLES = {
    SUCCEEDED: 'fill:#d4f7d4,stroke:#2da44e',
    FAILED: 'fill:#ffd7d5,stroke:#cf222e',
    ERROR: 'fill:#ffd7d5,stroke:#cf222e',
    TIMEOUT: 'fill:#ffd7d5,stroke:#cf222e',
    STOPPED: 'fill:#eaeef2,stroke:#6e7781',
    RUNNING: 'fill:#ddf4ff,stroke:#0969da',
    STARTING: 'fill:#ddf4ff,stroke:#0969da',
    WAITING: 'fill:#fff8c5,stroke:#9a6700',
};
function mermaidGraph(nodes, states = new Map()) {
    const id = new Map(nodes.map((n, i) => [n.name, `j${i}`]));
    const lines = ['flowchart LR'];
    for (const n of nodes) {
        const state = states.get(n.name);
        const label = state ? `${n.name}<br/>${state}` : n.name;
        lines.push(`  ${id.get(n.name)}["${label.replace(/"/g, "'")}"]`);
    }
    for (const n of nodes) {
        for (const d of n.dependsOn)
            lines.push(`  ${id.get(d)} --> ${id.get(n.name)}`);
    }
    const used = new Set();
    for (const n of nodes) {
        const state = states.get(n.name);
        if (state && STYLES[state]) {
            lines.push(`  class ${id.get(n.name)} ${state.toLowerCase()}`);
            used.add(state);
        }
    }
    for (const s of used)
        lines.push(`  classDef ${s.toLowerCase()} ${STYLES[s]}`);
    return lines.join('\n');
}

;// CONCATENATED MODULE: ./src/report/secrets.ts
// Values that must never be printed: the runner masks its log once told (`core.setSecret`), but the
// step outputs and the job summary are files it does not mask, and a run on a machine without the
// runner masks nothing. So every value registered here is also replaced by *** in everything
// report/ writes (see write.ts).

/** Shorter values are not secrets worth masking, and masking them would garble every output. */
const MIN_SECRET_LENGTH = 4;
const secrets = new Set();
/** Masks these values from now on: in the runner's log and in every write of report/. */
function maskSecrets(values) {
    for (const value of values) {
        for (const v of [value, ...value.split(/\r?\n/)].map((s) => s.trim())) {
            if (v.length < MIN_SECRET_LENGTH || secrets.has(v))
                continue;
            secrets.add(v);
            core/* setSecret */.Pq(v);
        }
    }
}
/** `text` with every masked value replaced by ***, longest first (a value may contain another). */
function redact(text) {
    let out = text;
    for (const s of [...secrets].sort((a, b) => b.length - a.length))
        out = out.split(s).join('***');
    return out;
}
/** For tests: forget every value. */
function clearSecrets() {
    secrets.clear();
}

;// CONCATENATED MODULE: ./src/report/write.ts
// The one way report/ writes anything a person or a later step sees: log lines, annotations, step
// outputs, the job summary and the step's failure. Each write first replaces masked values by ***
// (secrets.ts); text that did not come from the action goes through `untrusted`, which keeps the
// runner from reading commands in it (untrusted.ts). Annotations go through @actions/core, which
// escapes their message and properties.



/** A log line written by the action (it may quote names the action chose, nothing from outside). */
function info(line) {
    core/* info */.pq(redact(line));
}
/** Lines that hold text from AWS or from a job's output. */
function untrusted(lines) {
    for (const l of commandProofLines(lines.map(redact)))
        core/* info */.pq(l);
}
function warning(message) {
    core/* warning */.$e(redact(message));
}
function write_error(message, properties = {}) {
    const props = Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, typeof v === 'string' ? redact(v) : v]));
    core/* error */.z3(redact(message), props);
}
function setFailed(message) {
    core/* setFailed */.C1(redact(message));
}
function setOutput(name, value) {
    core/* setOutput */.uH(name, redact(value));
}
function debug(message) {
    core/* debug */.Yz(redact(message));
}
function startGroup(name) {
    core/* startGroup */.Oh(redact(name));
}
function endGroup() {
    core/* endGroup */.N4();
}
/** Appends markdown to the job summary, when the runner gives one. */
async function appendSummary(markdown) {
    if (!process.env.GITHUB_STEP_SUMMARY)
        return;
    await core/* summary */.z.addRaw(redact(markdown), true).write();
}

;// CONCATENATED MODULE: ./src/report/run-summary.ts
// What a run did, for the log, the annotations and the job summary. Error messages, log lines,
// states and run ids come from AWS or from the job: the summary shows them HTML-escaped (in <pre>
// blocks they cannot close), the log inside stop-commands blocks, the annotation escaped by
// @actions/core.





/** A log line longer than this is cut: one line of a tail must not fill the summary. */
const MAX_LINE = 2000;
const clip = (line) => (line.length > MAX_LINE ? `${line.slice(0, MAX_LINE)} … (cut)` : line);
function runMarkdown(report, pipeline, region) {
    const title = report.kind === 'execution'
        ? `### Execution: ${report.status}${report.executionArn ? ` ([console](${executionUrl(region, report.executionArn)}))` : ''}`
        : `### Job run: ${report.status}`;
    const lines = [title, ''];
    if (report.message)
        lines.push(markdownText(report.message), '');
    if (report.kind === 'execution') {
        const states = new Map([...report.jobs].map(([k, v]) => [k, v.status]));
        lines.push('```mermaid', mermaidGraph(pipeline.jobs, states), '```', '');
    }
    lines.push('| job | state | duration | run |', '|---|---|---|---|');
    const names = report.kind === 'execution' ? pipeline.jobs.map((j) => j.name) : [...report.jobs.keys()];
    for (const name of names) {
        const r = report.jobs.get(name);
        const glueName = pipeline.jobs.find((j) => j.name === name)?.glueName ?? name;
        const took = r?.startedAt && r.endedAt ? duration(r.endedAt.getTime() - r.startedAt.getTime()) : '';
        const run = r?.runId
            ? `[${markdownText(r.runId.slice(0, 16))}](${jobRunUrl(region, glueName, r.runId)})`
            : '';
        lines.push(`| ${markdownText(name)} | ${markdownText(r?.status ?? 'not started')} | ${took} | ${run} |`);
    }
    for (const f of report.failures)
        lines.push('', ...failureMarkdown(f, region));
    return lines.join('\n');
}
/** Console links of a failed job (its run, when the run is known). */
function failureLinks(f, region) {
    return f.runId ? [{ label: 'job run', url: jobRunUrl(region, f.glueName, f.runId) }] : [];
}
function failureMarkdown(f, region) {
    const out = [
        `#### ✖ ${markdownText(f.glueName)}${f.runId ? ` (run ${markdownText(f.runId)})` : ''}`,
        '',
        preBlock(f.errorMessage.split('\n').map(clip)),
    ];
    for (const t of f.logs)
        out.push('', `Last ${t.lines.length} line(s) of \`${t.group}\`:`, '', preBlock(t.lines.map(clip)));
    for (const l of failureLinks(f, region))
        out.push('', `[${l.label}](${l.url})`);
    return out;
}
/** One ::error annotation per failed job, with the error, the log tail and the console link. */
function annotateFailures(report, region) {
    for (const f of report.failures) {
        const logText = f.logs.map((t) => [
            `--- ${t.group} (last ${t.lines.length} lines)`,
            ...t.lines.map(clip),
        ]);
        startGroup(`✖ ${f.glueName}: error and logs`);
        untrusted([f.errorMessage, ...logText.flat()]);
        endGroup();
        write_error([
            f.errorMessage,
            ...logText.map((l) => l.join('\n')),
            ...failureLinks(f, region).map((l) => `${l.label}: ${l.url}`),
        ]
            .filter(Boolean)
            .join('\n'), {
            title: `Glue job ${f.glueName} failed${f.runId ? ` (run ${f.runId})` : ''}`,
        });
    }
}

;// CONCATENATED MODULE: ./src/report/summary.ts
// The job summary: what changed (or would change), and the pipeline as a mermaid graph.




function deploySummaryMarkdown(plan, opts, status) {
    const counts = countPlan(plan, opts.prune);
    const where = s3Uri(opts.location);
    return [
        `## Glue pipeline \`${plan.pipeline.stateMachineName}\`: ${status}`,
        '',
        `${plan.pipeline.jobs.length} job(s) · ${counts.changes} change(s) · ${counts.uploads} file(s) ` +
            `${status === 'PLANNED' ? 'to upload' : 'uploaded'} · ` +
            `${counts.unchanged} unchanged · artifacts in \`${where}\``,
        '',
        '### Plan',
        '',
        planMarkdown(plan, opts.prune),
        '',
        '### Pipeline',
        '',
        '```mermaid',
        mermaidGraph(plan.pipeline.jobs),
        '```',
        '',
    ].join('\n');
}

;// CONCATENATED MODULE: ./src/report/outputs.ts










/** Outputs every deploy or plan has: job names, the change counts and the plan table. */
function reportPlan(plan, opts) {
    const counts = countPlan(plan, opts.prune);
    info(`plan: ${counts.changes} change(s), ${counts.uploads} file(s) to upload, ${counts.unchanged} unchanged`);
    setOutput('job-names', JSON.stringify(plan.pipeline.jobs.map((j) => j.glueName)));
    setOutput('has-changes', String(counts.changes > 0));
    setOutput('changes', String(counts.changes));
    setOutput('plan', planMarkdown(plan, opts.prune));
    setOutput('plan-json', JSON.stringify(planJson(plan, opts.prune)));
    reportSchedulePlan(plan, opts.prune);
}
/** One log line for a schedule that changes, is skipped (a preview) or is left over (prune off). */
function reportSchedulePlan(plan, prune) {
    const sc = plan.schedule;
    const what = `schedule ${sc.groupName}`;
    if (sc.action === 'keep' || (sc.action === 'delete' && !prune))
        warning(`${what} is no longer declared and is kept (it still starts the pipeline); prune: true deletes it`);
    else if (sc.action === 'skip')
        info(`${what}: skip (a preview deploy; schedule-previews: true creates it)`);
    else if (sc.action !== 'unchanged' && sc.action !== 'refuse')
        info(`${what}: ${sc.action}${sc.fields.length > 0 ? ` (${sc.fields.join(', ')})` : ''}`);
}
/** The outputs of mode plan, where nothing is applied. */
function reportPlanned(plan, opts) {
    setOutput('status', 'PLANNED');
    setOutput('uploaded', '0');
    setOutput('unchanged', String(countPlan(plan, opts.prune).unchanged));
    if (plan.stateMachine.actual)
        setOutput('state-machine-arn', plan.stateMachine.actual.arn);
}
function reportDeploy(result, opts) {
    setOutput('status', 'DEPLOYED');
    setOutput('state-machine-arn', result.stateMachineArn);
    setOutput('uploaded', String(result.uploaded));
    setOutput('unchanged', String(result.unchanged));
    setOutput('console-url', stateMachineUrl(opts.region, result.stateMachineArn));
    info(`deployed ${result.stateMachineArn}: ${result.uploaded} uploaded, ${result.unchanged} unchanged`);
}
/** Outputs of the runs; returns the failure message when a run did not succeed. */
function reportRuns(reports, opts) {
    let failed;
    for (const r of reports) {
        if (r.executionArn) {
            setOutput('execution-arn', r.executionArn);
            setOutput('console-url', executionUrl(opts.region, r.executionArn));
        }
        if (r.jobRunId) {
            setOutput('job-run-id', r.jobRunId);
            if (r.jobRunState)
                setOutput('job-run-state', r.jobRunState);
            if (!r.executionArn)
                setOutput('console-url', jobRunUrl(opts.region, r.glueName ?? '', r.jobRunId));
        }
        annotateFailures(r, opts.region);
        if (r.status !== 'SUCCEEDED' && r.status !== 'STARTED')
            failed ??= `${r.status}: ${r.message ?? ''}`;
    }
    // The worst status wins: one failed run fails the step. A run not waited for leaves DEPLOYED.
    const worst = reports.find((r) => r.status !== 'SUCCEEDED' && r.status !== 'STARTED')?.status;
    const last = reports.at(-1)?.status;
    const status = worst ?? (last === 'SUCCEEDED' ? 'SUCCEEDED' : 'DEPLOYED');
    setOutput('status', status);
    return { status, failed };
}
/** The job summary: the plan, then one section per run. */
async function writeSummary(plan, opts, status, runs = []) {
    const sections = runs.map((r) => runMarkdown(r, plan.pipeline, opts.region));
    await appendSummary([deploySummaryMarkdown(plan, opts, status), ...sections].join('\n\n'));
}
async function reportDestroy(r, opts, stateMachineName) {
    const changes = r.jobs.length + r.objects + (r.stateMachineArn ? 1 : 0) + (r.scheduleGroup ? 1 : 0);
    info(`destroyed ${stateMachineName}: ${r.stateMachineArn ? 'state machine, ' : ''}${r.jobs.length} job(s), ${r.objects} object(s)`);
    setOutput('status', 'DESTROYED');
    setOutput('changes', String(changes));
    setOutput('has-changes', String(changes > 0));
    setOutput('job-names', JSON.stringify(r.jobs));
    if (r.stateMachineArn)
        setOutput('state-machine-arn', r.stateMachineArn);
    const rows = [
        ...(r.stateMachineArn ? [`| state machine | ${stateMachineName} | delete |`] : []),
        ...(r.scheduleGroup ? [`| schedule | ${markdownText(r.scheduleGroup)} | delete |`] : []),
        ...r.jobs.map((j) => `| Glue job | ${markdownText(j)} | delete |`),
        `| S3 object | ${r.objects} object(s) under \`${s3Uri(opts.location)}\` | delete |`,
        ...r.leftAlone.map((k) => `| ${k.resource} | ${markdownText(k.name)} | kept: ${markdownText(k.reason)} |`),
    ];
    const table = `| resource | name | action |\n|---|---|---|\n${rows.join('\n')}`;
    await appendSummary(`## Glue pipeline \`${stateMachineName}\`: DESTROYED\n\n${table}\n`);
}
/** Input problems become file:line annotations with their fix; anything else fails with its message. */
function reportFailure(error) {
    const errors = error instanceof InputErrors ? error.errors : error instanceof InputError ? [error] : undefined;
    if (errors) {
        for (const e of errors) {
            write_error(e.fix ? `${e.message}. Fix: ${e.fix}` : e.message, {
                title: 'glue-pipeline-deploy: invalid input',
                file: e.location.file,
                startLine: e.location.line,
                startColumn: e.location.col,
            });
        }
        setFailed(`${errors.length} problem(s) in the input; nothing was changed.`);
        return;
    }
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof Error && error.stack)
        debug(error.stack);
    setFailed(message);
}
/** The step was cancelled (SIGINT/SIGTERM): status ABORTED, and what was stopped or left undone. */
function reportAborted(phase, detail) {
    setOutput('status', 'ABORTED');
    setFailed(`ABORTED: the workflow was cancelled during ${phase}; nothing was started after the signal` +
        `${detail ? ` (${detail})` : ''}. The next deploy converges from whatever was written.`);
}
/** Mode sweep: the previews destroyed, one row each. */
async function reportSweep(swept) {
    const changes = swept.reduce((n, r) => n + r.jobs.length + r.objects + (r.stateMachineArn ? 1 : 0), 0);
    info(`sweep: destroyed ${swept.length} preview(s), ${changes} resource(s)`);
    setOutput('status', 'DESTROYED');
    setOutput('changes', String(changes));
    setOutput('has-changes', String(changes > 0));
    setOutput('job-names', JSON.stringify(swept.flatMap((r) => r.jobs)));
    if (!process.env.GITHUB_STEP_SUMMARY)
        return;
    const rows = swept.map((r) => `| #${r.pullRequest} | ${r.stateMachineName} | \`${s3Uri(r.location)}\` | ${r.jobs.length} | ${r.objects} |`);
    const table = rows.length > 0
        ? `| pull request | state machine | location | jobs | objects |\n|---|---|---|---|---|\n${rows.join('\n')}`
        : 'No preview of a closed pull request was found.';
    await appendSummary(`## Glue pipeline previews swept: DESTROYED\n\n${table}\n`);
}

;// CONCATENATED MODULE: ./src/report/run-progress.ts
// The log lines of a run as it happens (run/ calls these; see run/progress.ts). State names, states
// and error messages come from AWS: they are printed as untrusted text.



function logProgress(region) {
    return {
        cancelling: (signal) => warning(`received ${signal}: stopping what this step started`),
        executionStarted: (arn) => {
            untrusted([`started execution ${arn}`, `  ${executionUrl(region, arn)}`]);
        },
        followingExecution: (name) => startGroup(`Execution of ${name}`),
        doneFollowing: () => endGroup(),
        stillRunning: (elapsedMs, running) => untrusted([`… ${duration(elapsedMs)} elapsed; running: ${running.join(', ') || '(between jobs)'}`]),
        jobEvent: (e, r) => {
            const secs = r.endedAt && r.startedAt ? ` in ${duration(r.endedAt.getTime() - r.startedAt.getTime())}` : '';
            if (e.kind === 'started')
                untrusted([`▶ ${e.state} started`]);
            else if (e.kind === 'succeeded')
                untrusted([`✔ ${e.state} SUCCEEDED${secs}${r.runId ? ` (${r.runId})` : ''}`]);
            else
                untrusted([`✖ ${e.state} FAILED${secs}: ${format_firstLine(r.errorMessage ?? r.error ?? '')}`]);
        },
        jobRunStarted: (glueName, runId) => {
            untrusted([`started ${glueName} run ${runId}`, `  ${jobRunUrl(region, glueName, runId)}`]);
        },
        jobRunState: (job, state) => untrusted([`  ${job}: ${state}`]),
    };
}

;// CONCATENATED MODULE: ./src/run/durations.ts


/**
 * Glue job name → seconds from its Task state's entry to its success, as the execution history
 * shows them: what the state machine waits for (start retries included). Only executions (a
 * `run-job` smoke run may use other arguments) and only jobs that succeeded (a failed run's time
 * says little about a full one).
 */
function measuredDurations(reports, pipeline) {
    const byState = jobsByStateName(pipeline.jobs);
    const out = new Map();
    for (const report of reports) {
        if (report.kind !== 'execution')
            continue;
        for (const [state, record] of report.jobs) {
            const node = byState.get(state);
            if (!node || record.status !== 'SUCCEEDED' || !record.startedAt || !record.endedAt)
                continue;
            out.set(node.glueName, Math.max(0, (record.endedAt.getTime() - record.startedAt.getTime()) / 1000));
        }
    }
    return out;
}
/**
 * Stores the durations measured in `reports` in the state object (one PUT, none when nothing was
 * measured). `state`: the state as the deploy left it. A failed write only warns: the run itself
 * is what the step reports.
 */
async function rememberDurations(s3, sync, state, reports, pipeline, warn) {
    const measured = measuredDurations(reports, pipeline);
    try {
        await recordDurations(s3, sync, state, measured, new Set(pipeline.jobs.map((j) => j.glueName)));
    }
    catch (e) {
        warn(`could not record the measured job durations in the state object: ${e.message}`);
    }
}

// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-cloudwatch-logs/dist-es/commands/GetLogEventsCommand.js + 1 modules
var GetLogEventsCommand = __webpack_require__(8093);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-glue/dist-es/commands/StartJobRunCommand.js
var StartJobRunCommand = __webpack_require__(5150);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-glue/dist-es/commands/GetJobRunCommand.js
var GetJobRunCommand = __webpack_require__(1246);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-glue/dist-es/commands/GetJobRunsCommand.js
var GetJobRunsCommand = __webpack_require__(8461);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-glue/dist-es/commands/BatchStopJobRunCommand.js
var BatchStopJobRunCommand = __webpack_require__(3826);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-sfn/dist-es/commands/StartExecutionCommand.js
var StartExecutionCommand = __webpack_require__(650);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-sfn/dist-es/commands/DescribeExecutionCommand.js
var DescribeExecutionCommand = __webpack_require__(3503);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-sfn/dist-es/commands/StopExecutionCommand.js
var StopExecutionCommand = __webpack_require__(962);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-sfn/dist-es/commands/GetExecutionHistoryCommand.js
var GetExecutionHistoryCommand = __webpack_require__(7886);
;// CONCATENATED MODULE: ./src/run/aws.ts
// The calls a run makes: Step Functions executions and their history, Glue job runs, and the
// CloudWatch Logs of a failed run. Thin wrappers; the waiting and the decisions are in the
// modules that use them.



/**
 * StartExecution is idempotent by name in AWS (same name and input return the same execution), so a
 * retry after a lost response is harmless; an emulator that answers ExecutionAlreadyExists instead
 * gets the same result.
 */
async function startExecution(sfn, stateMachineArn, name, input) {
    try {
        const r = await sfn.send(new StartExecutionCommand/* StartExecutionCommand */.M({ stateMachineArn, name, input }));
        return r.executionArn;
    }
    catch (e) {
        if (e.name !== 'ExecutionAlreadyExists')
            throw e;
        return executionArnOf(stateMachineArn, name);
    }
}
function executionArnOf(stateMachineArn, name) {
    return `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;
}
async function describeExecution(sfn, executionArn) {
    const d = await sfn.send(new DescribeExecutionCommand/* DescribeExecutionCommand */.t({ executionArn }));
    return { status: d.status, error: d.error, cause: d.cause };
}
async function stopExecution(sfn, executionArn, error, cause) {
    await sfn.send(new StopExecutionCommand/* StopExecutionCommand */.W({ executionArn, error, cause }));
}
/** One page of the history, newest first, with the events' input and output. */
async function historyPage(sfn, executionArn, nextToken) {
    const r = await sfn.send(new GetExecutionHistoryCommand/* GetExecutionHistoryCommand */.e({
        executionArn,
        reverseOrder: true,
        maxResults: 1000,
        nextToken,
        includeExecutionData: true,
    }));
    return { events: r.events ?? [], nextToken: r.nextToken };
}
/** One StartJobRun (no idempotency token: the caller decides about retries, see job-run.ts). */
async function startJobRunOnce(glue, jobName, args) {
    const r = await glue.send(new StartJobRunCommand/* StartJobRunCommand */.G({ JobName: jobName, Arguments: args }));
    return r.JobRunId;
}
async function getJobRun(glue, jobName, runId) {
    const { JobRun: run } = await glue.send(new GetJobRunCommand/* GetJobRunCommand */.A({ JobName: jobName, RunId: runId }));
    return run;
}
/** The job's most recent runs, newest first. */
async function recentJobRuns(glue, jobName, maxResults) {
    const r = await glue.send(new GetJobRunsCommand/* GetJobRunsCommand */.X({ JobName: jobName, MaxResults: maxResults }));
    return r.JobRuns ?? [];
}
async function stopJobRun(glue, jobName, runId) {
    await glue.send(new BatchStopJobRunCommand/* BatchStopJobRunCommand */.O({ JobName: jobName, JobRunIds: [runId] }));
}
/** The newest `limit` lines of one log stream (throws ResourceNotFoundException when there is none). */
async function logTail(logs, group, stream, limit) {
    // startFromHead=false + limit returns the newest `limit` events.
    const r = await logs.send(new GetLogEventsCommand/* GetLogEventsCommand */.h({ logGroupName: group, logStreamName: stream, limit, startFromHead: false }));
    return (r.events ?? []).map((e) => (e.message ?? '').replace(/\n$/, ''));
}

;// CONCATENATED MODULE: ./src/run/history.ts

class HistoryReader {
    sfn;
    executionArn;
    lastId = 0;
    /** Task-related event id → state name (following previousEventId back to TaskStateEntered). */
    stateOf = new Map();
    constructor(sfn, executionArn) {
        this.sfn = sfn;
        this.executionArn = executionArn;
    }
    async readNew() {
        const fresh = [];
        let nextToken;
        page: do {
            const r = await historyPage(this.sfn, this.executionArn, nextToken);
            for (const e of r.events) {
                if ((e.id ?? 0) <= this.lastId)
                    break page;
                fresh.push(e);
            }
            nextToken = r.nextToken;
        } while (nextToken);
        fresh.sort((a, b) => (a.id ?? 0) - (b.id ?? 0));
        if (fresh.length > 0)
            this.lastId = fresh.at(-1).id ?? this.lastId;
        return fresh.flatMap((e) => this.toJobEvent(e));
    }
    toJobEvent(e) {
        const id = e.id ?? 0;
        const time = e.timestamp ?? new Date();
        if (e.type === 'TaskStateEntered') {
            const state = e.stateEnteredEventDetails?.name ?? '?';
            this.stateOf.set(id, state);
            return [{ state, kind: 'started', time }];
        }
        const state = e.previousEventId !== undefined ? this.stateOf.get(e.previousEventId) : undefined;
        if (state === undefined)
            return [];
        this.stateOf.set(id, state);
        if (e.type === 'TaskSubmitted' || e.type === 'TaskStarted') {
            const run = parseJson(e.taskSubmittedEventDetails?.output);
            return run?.JobRunId || run?.Id
                ? [{ state, kind: 'started', time, runId: run.JobRunId ?? run.Id }]
                : [];
        }
        if (e.type === 'TaskSucceeded') {
            const run = parseJson(e.taskSucceededEventDetails?.output);
            return [{ state, kind: 'succeeded', time, runId: run?.Id, jobRun: run }];
        }
        if (e.type === 'TaskFailed' || e.type === 'TaskTimedOut') {
            const d = e.taskFailedEventDetails ?? e.taskTimedOutEventDetails;
            const run = parseJson(d?.cause);
            return [{ state, kind: 'failed', time, runId: run?.Id, error: d?.error, cause: d?.cause, jobRun: run }];
        }
        return [];
    }
}
// biome-ignore lint/suspicious/noExplicitAny: task outputs are free-form JSON
function parseJson(s) {
    if (!s)
        return undefined;
    try {
        return JSON.parse(s);
    }
    catch {
        return undefined;
    }
}

;// CONCATENATED MODULE: ./src/run/poll.ts
// Polling with backoff: start fast (a short job ends in seconds), grow by a factor, cap around 30 s,
// add jitter so many workflows polling one account do not align, and stop at an overall deadline.
// Clock and sleep are injectable so tests of backoff and timeouts do not wait.
const realClock = {
    now: () => Date.now(),
    sleep: (ms, signal) => new Promise((resolve) => {
        if (signal?.aborted)
            return resolve();
        const t = setTimeout(resolve, ms);
        signal?.addEventListener('abort', () => {
            clearTimeout(t);
            resolve();
        }, { once: true });
    }),
};
const DEFAULT_BACKOFF = { initialMs: 2_000, maxMs: 30_000, factor: 1.5, jitter: 0.2 };
/** DEFAULT_BACKOFF waiting at most `maxMs` between polls (local runs poll a local emulator). */
function cappedBackoff(maxMs) {
    return { ...DEFAULT_BACKOFF, initialMs: Math.min(DEFAULT_BACKOFF.initialMs, maxMs), maxMs };
}
/** GLUE_PIPELINE_DEPLOY_MAX_POLL_SECONDS (unset or empty: the default backoff) in milliseconds. */
function maxPollMsFromEnv(value) {
    if (value === undefined || value.trim() === '')
        return undefined;
    const seconds = Number(value);
    if (!Number.isFinite(seconds) || seconds < 0.1 || seconds > 300)
        throw new Error(`GLUE_PIPELINE_DEPLOY_MAX_POLL_SECONDS must be a number of seconds between 0.1 and 300, got "${value}"`);
    return Math.round(seconds * 1000);
}
/** Delay before poll number `attempt` (0-based). */
function backoffDelay(attempt, o = DEFAULT_BACKOFF, random = Math.random) {
    const d = Math.min(o.maxMs, o.initialMs * o.factor ** attempt);
    return Math.round(d * (1 - o.jitter * random()));
}
/**
 * Calls `check` until it reports done, the deadline passes (returns 'timeout'), or the signal aborts
 * (returns 'aborted').
 */
async function pollUntil(check, opts) {
    const clock = opts.clock ?? realClock;
    for (let attempt = 0;; attempt++) {
        if (opts.signal?.aborted)
            return 'aborted';
        const r = await check();
        if (r.done)
            return { value: r.value };
        const now = clock.now();
        if (now >= opts.deadline)
            return 'timeout';
        await clock.sleep(Math.min(backoffDelay(attempt, opts.backoff), opts.deadline - now), opts.signal);
    }
}

;// CONCATENATED MODULE: ./src/run/execution.ts



async function followExecution(sfn, executionArn, opts) {
    const reader = new HistoryReader(sfn, executionArn);
    const jobs = new Map();
    const absorb = (events) => {
        for (const e of events) {
            let record = jobs.get(e.state);
            const isNew = !record;
            if (!record) {
                record = { state: e.state, status: 'RUNNING', startedAt: e.time };
                jobs.set(e.state, record);
            }
            if (e.runId)
                record.runId = e.runId;
            if (e.kind === 'started') {
                if (isNew)
                    opts.onJobEvent?.(e, record);
                continue;
            }
            record.status = e.kind === 'succeeded' ? 'SUCCEEDED' : 'FAILED';
            record.endedAt = e.time;
            record.error = e.error;
            record.errorMessage = e.jobRun?.ErrorMessage ?? e.cause;
            opts.onJobEvent?.(e, record);
        }
    };
    const r = await pollUntil(async () => {
        absorb(await reader.readNew());
        const d = await describeExecution(sfn, executionArn);
        if (d.status === 'RUNNING' || d.status === 'PENDING_REDRIVE') {
            opts.onPoll?.(jobs);
            return { done: false };
        }
        absorb(await reader.readNew()); // events written between the history read and the status
        return { done: true, value: { status: d.status ?? 'FAILED', error: d.error, cause: d.cause } };
    }, { deadline: opts.deadline, clock: opts.clock, signal: opts.signal, backoff: opts.backoff });
    if (r === 'timeout')
        return { status: 'TIMED_OUT', jobs };
    if (r === 'aborted')
        return { status: 'ABORTED', jobs };
    const status = r.value.status === 'SUCCEEDED'
        ? 'SUCCEEDED'
        : r.value.status === 'TIMED_OUT'
            ? 'TIMED_OUT'
            : r.value.status === 'ABORTED'
                ? 'ABORTED'
                : 'FAILED';
    return { status, jobs, error: r.value.error, cause: r.value.cause };
}

;// CONCATENATED MODULE: ./src/run/job-run.ts


const RUN_TOKEN_ARG = '--glue-pipeline-deploy-run-token';
const FINAL_RUN_STATES = new Set(['SUCCEEDED', 'FAILED', 'STOPPED', 'TIMEOUT', 'ERROR', 'EXPIRED']);
async function startJobRun(
/** A client with maxAttempts 1 (Clients.glueSingleAttempt). */
glue, jobName, args, token, clock = realClock) {
    const Arguments = { ...args, [RUN_TOKEN_ARG]: token };
    let lastError;
    for (let attempt = 0; attempt < 5; attempt++) {
        try {
            // `glue` makes one attempt per send: retries are ours, after checking for an applied attempt.
            return await startJobRunOnce(glue, jobName, Arguments);
        }
        catch (e) {
            lastError = e;
            const status = e.$metadata?.httpStatusCode ?? 0;
            const retryable = status >= 500 || status === 429 || /Throttl|Timeout|ECONNRESET/i.test(e.name);
            if (!retryable)
                throw e;
            const existing = await findRunByToken(glue, jobName, token);
            if (existing)
                return existing;
            await clock.sleep(1000 * 2 ** attempt);
        }
    }
    throw lastError;
}
async function findRunByToken(glue, jobName, token) {
    const runs = await recentJobRuns(glue, jobName, 50);
    return runs.find((run) => run.Arguments?.[RUN_TOKEN_ARG] === token)?.Id;
}
async function followJobRun(glue, jobName, runId, opts) {
    let lastState = '';
    const r = await pollUntil(async () => {
        const run = await getJobRun(glue, jobName, runId);
        if (run?.JobRunState && run.JobRunState !== lastState) {
            lastState = run.JobRunState;
            opts.onState?.(run);
        }
        return run && FINAL_RUN_STATES.has(run.JobRunState ?? '')
            ? { done: true, value: run }
            : { done: false };
    }, { deadline: opts.deadline, clock: opts.clock, signal: opts.signal, backoff: opts.backoff });
    return r === 'timeout' || r === 'aborted' ? r : { run: r.value };
}

;// CONCATENATED MODULE: ./src/run/logs.ts

const LOG_GROUPS = ['/aws-glue/jobs/error', '/aws-glue/jobs/output'];
async function tailRunLogs(logs, runId, limit = 50) {
    const tails = await Promise.all(LOG_GROUPS.map(async (group) => {
        try {
            return { group, lines: await logTail(logs, group, runId, limit) };
        }
        catch (e) {
            // No stream (the run wrote nothing there) is normal; anything else is worth one line.
            const name = e.name;
            return {
                group,
                lines: name === 'ResourceNotFoundException' ? [] : [`(could not read logs: ${name})`],
            };
        }
    }));
    return tails.filter((t) => t.lines.length > 0);
}

;// CONCATENATED MODULE: ./src/run/index.ts
// After a deploy: start the execution and/or the smoke job run, follow them, stop them if the
// workflow is cancelled, and on failure collect the failing job's error and its last log lines.







/** After a stop request: confirm quickly, the runner kills the step a few seconds after cancelling. */
const STOP_BACKOFF = { initialMs: 300, maxMs: 1_000, factor: 1.5, jitter: 0 };
/**
 * Runs what the options ask for (run-job, then start-execution). Returns one report per run started.
 * After cancellation nothing more is started; what was started is stopped by the run function.
 */
async function runAfterDeploy(opts) {
    const ctx = { ...opts, clock: opts.clock ?? realClock };
    const reports = [];
    if (ctx.runJob && !ctx.signal.aborted)
        reports.push(await runOneJob(ctx, ctx.signal));
    if (ctx.startExecution && !ctx.signal.aborted)
        reports.push(await runExecution(ctx, ctx.signal));
    return reports;
}
/** Polls until the run leaves RUNNING, briefly: the runner kills the step a few seconds after cancelling. */
async function confirmStopped(ctx, check) {
    const stopped = await pollUntil(async () => {
        const s = await check();
        return s ? { done: true, value: s } : { done: false };
    }, { deadline: ctx.clock.now() + 10_000, clock: ctx.clock, backoff: STOP_BACKOFF });
    return typeof stopped === 'object' ? stopped.value : 'still stopping';
}
async function stopAndConfirmExecution(ctx, arn, cause) {
    await stopExecution(ctx.clients.sfn, arn, cause === 'timeout' ? 'TimedOut' : 'Cancelled', `workflow ${cause}`);
    return confirmStopped(ctx, async () => {
        const d = await describeExecution(ctx.clients.sfn, arn);
        return d.status === 'RUNNING' ? undefined : (d.status ?? '');
    });
}
async function stopAndConfirmJobRun(ctx, glueName, runId) {
    await stopJobRun(ctx.clients.glue, glueName, runId);
    return confirmStopped(ctx, async () => {
        const run = await getJobRun(ctx.clients.glue, glueName, runId);
        const state = run?.JobRunState ?? '';
        return FINAL_RUN_STATES.has(state) ? state : undefined;
    });
}
const uniqueName = (prefix) => `${prefix}-${process.env.GITHUB_RUN_ID ?? 'local'}-${process.env.GITHUB_RUN_ATTEMPT ?? '1'}-${(0,external_node_crypto_.randomBytes)(4).toString('hex')}`;
async function runExecution(ctx, signal) {
    const { sfn } = ctx.clients;
    const { clock, progress } = ctx;
    const arn = await startExecution(sfn, ctx.stateMachineArn, uniqueName('gpd').slice(0, 80), ctx.executionInput);
    progress.executionStarted(arn);
    const report = {
        kind: 'execution',
        status: 'STARTED',
        executionArn: arn,
        jobs: new Map(),
        failures: [],
    };
    if (!ctx.wait)
        return report;
    const start = clock.now();
    let lastProgress = start;
    progress.followingExecution(ctx.pipeline.stateMachineName);
    let outcome;
    try {
        outcome = await followExecution(sfn, arn, {
            deadline: start + ctx.waitTimeoutMinutes * 60_000,
            clock,
            signal,
            backoff: ctx.maxPollMs ? cappedBackoff(ctx.maxPollMs) : undefined,
            onPoll: (jobs) => {
                // A line a minute on long waits, so a quiet log never looks hung.
                const now = clock.now();
                if (now - lastProgress < 60_000)
                    return;
                lastProgress = now;
                const running = [...jobs.values()].filter((j) => j.status === 'RUNNING').map((j) => j.state);
                progress.stillRunning(now - start, running);
            },
            onJobEvent: (e, r) => progress.jobEvent(e, r),
        });
    }
    finally {
        progress.doneFollowing();
    }
    report.jobs = outcome.jobs;
    report.status = outcome.status;
    if (outcome.status === 'ABORTED' && signal.aborted) {
        const stopped = await stopAndConfirmExecution(ctx, arn, 'cancelled');
        report.message = `the workflow was cancelled: execution ${stopped}`;
    }
    else if (outcome.status === 'TIMED_OUT') {
        const running = [...outcome.jobs.values()].filter((j) => j.status === 'RUNNING').map((j) => j.state);
        const still = running.length ? ` (running: ${running.join(', ')})` : '';
        if (ctx.stopOnTimeout) {
            const stopped = await stopAndConfirmExecution(ctx, arn, 'timeout');
            report.message = `gave up waiting after ${ctx.waitTimeoutMinutes} minute(s)${still}; stop-on-timeout: execution ${stopped}`;
        }
        else {
            report.message = `gave up waiting after ${ctx.waitTimeoutMinutes} minute(s); the execution is still running${still}`;
        }
    }
    else if (outcome.status !== 'SUCCEEDED') {
        const failed = [...outcome.jobs.values()].filter((j) => j.status === 'FAILED');
        for (const j of failed)
            report.failures.push(await diagnose(ctx, j.state, j.runId, j.errorMessage, start));
        report.message =
            failed.length > 0
                ? `job(s) failed: ${failed.map((j) => j.state).join(', ')}`
                : `execution ${outcome.status}: ${outcome.error ?? ''} ${outcome.cause ?? ''}`.trim();
    }
    return report;
}
async function runOneJob(ctx, signal) {
    const { clients, pipeline, clock, progress } = ctx;
    const spec = pipeline.jobs.find((j) => j.name === ctx.runJob || j.glueName === ctx.runJob);
    if (!spec) {
        throw new Error(`run-job "${ctx.runJob}" is not a job of this pipeline; use one of: ${pipeline.jobs.map((j) => j.name).join(', ')}`);
    }
    const runId = await startJobRun(clients.glueSingleAttempt, spec.glueName, ctx.runJobArguments, (0,external_node_crypto_.randomBytes)(8).toString('hex'), clock);
    progress.jobRunStarted(spec.glueName, runId);
    const report = {
        kind: 'job-run',
        status: 'STARTED',
        glueName: spec.glueName,
        jobRunId: runId,
        jobs: new Map(),
        failures: [],
    };
    if (!ctx.wait)
        return report;
    const start = clock.now();
    const r = await followJobRun(clients.glue, spec.glueName, runId, {
        deadline: start + ctx.waitTimeoutMinutes * 60_000,
        clock,
        signal,
        backoff: ctx.maxPollMs ? cappedBackoff(ctx.maxPollMs) : undefined,
        onState: (run) => progress.jobRunState(spec.name, run.JobRunState ?? ''),
    });
    const record = { state: spec.name, status: 'RUNNING', runId };
    report.jobs.set(spec.name, record);
    if (r === 'aborted') {
        const stopped = await stopAndConfirmJobRun(ctx, spec.glueName, runId);
        report.status = 'ABORTED';
        report.jobRunState = stopped === 'still stopping' ? 'STOPPING' : stopped;
        report.message = `the workflow was cancelled: the job run ${stopped}`;
        return report;
    }
    if (r === 'timeout') {
        report.status = 'TIMED_OUT';
        if (ctx.stopOnTimeout) {
            const stopped = await stopAndConfirmJobRun(ctx, spec.glueName, runId);
            report.jobRunState = stopped === 'still stopping' ? 'STOPPING' : stopped;
            report.message = `gave up waiting after ${ctx.waitTimeoutMinutes} minute(s); stop-on-timeout: ${spec.name} ${stopped}`;
        }
        else {
            report.jobRunState = 'RUNNING';
            report.message = `gave up waiting after ${ctx.waitTimeoutMinutes} minute(s); ${spec.name} is still running`;
        }
        return report;
    }
    applyRun(record, r.run);
    report.jobRunState = r.run.JobRunState;
    report.status =
        r.run.JobRunState === 'SUCCEEDED'
            ? 'SUCCEEDED'
            : r.run.JobRunState === 'TIMEOUT'
                ? 'TIMED_OUT'
                : 'FAILED';
    if (report.status !== 'SUCCEEDED') {
        report.failures.push(await diagnose(ctx, spec.name, runId, r.run.ErrorMessage, start));
        report.message = `${spec.name} ${r.run.JobRunState}`;
    }
    return report;
}
function applyRun(record, run) {
    record.status = run.JobRunState === 'SUCCEEDED' ? 'SUCCEEDED' : 'FAILED';
    record.startedAt = run.StartedOn;
    record.endedAt = run.CompletedOn;
    record.errorMessage = run.ErrorMessage;
}
/** Error message, log tails and links of one failed job; finds the run id when the history had none. */
async function diagnose(ctx, job, runId, errorMessage, since) {
    const { clients, pipeline } = ctx;
    const glueName = pipeline.jobs.find((j) => j.name === job)?.glueName ?? job;
    let message = errorMessage;
    if (!runId || !message) {
        const runs = await recentJobRuns(clients.glue, glueName, 10);
        const run = runs.find((r) => (runId ? r.Id === runId : (r.StartedOn?.getTime() ?? 0) >= since - 60_000));
        runId ??= run?.Id;
        message ??= run?.ErrorMessage;
    }
    const limit = ctx.logLines ?? 50;
    const logs = runId && limit > 0 ? await tailRunLogs(clients.logs, runId, limit) : [];
    return { job, glueName, runId, errorMessage: message ?? 'no error message', logs };
}

// EXTERNAL MODULE: ./src/thread.ts
var thread = __webpack_require__(5183);
;// CONCATENATED MODULE: ./src/main.ts
// The action: read inputs → load the pipeline → plan → (apply) → (run) → outputs and job summary.
// Every input problem is found before the first AWS write and reported as a file:line annotation.
// Cancellation has one path: SIGINT/SIGTERM abort the step's one AbortController; from then on no
// AWS call that starts or changes something is sent (aws/calls.ts), what was started is stopped and
// confirmed (run/), and the step ends with status ABORTED.
// This is the only module that sees the whole `Inputs`: the mode is decided here, and each stage
// gets an options object with what it uses.



























async function main_run() {
    const cancel = new AbortController();
    const step = { phase: 'reading the inputs', cancel };
    const onSignal = (sig) => {
        if (cancel.signal.aborted)
            return;
        core/* warning */.$e(`${sig} received during ${step.phase}: starting nothing more, stopping what was started`);
        cancel.abort();
    };
    const stopListening = (0,thread/* onCancelSignal */.St)(onSignal);
    try {
        await act(parseInputs(readRawInputs()), step);
    }
    catch (error) {
        if (cancel.signal.aborted)
            reportAborted(step.phase, cancelDetail(error));
        else
            reportFailure(error);
    }
    finally {
        stopListening();
    }
}
/** One line about the error that ended a cancelled step (a refused call is expected, not news). */
function cancelDetail(error) {
    if (error instanceof CancelledError)
        return error.message;
    const first = (error instanceof Error ? error.message : String(error)).split('\n')[0];
    return first?.includes('cancelled') ? first : `then: ${first}`;
}
async function act(inputs, step) {
    const root = process.env.GITHUB_WORKSPACE || process.cwd();
    const defaultName = (0,external_node_path_.basename)(process.env.GITHUB_REPOSITORY ?? root);
    // Local runs (npm run local) poll the emulator every second instead of backing off to 30 s.
    const maxPollMs = maxPollMsFromEnv(process.env.GLUE_PIPELINE_DEPLOY_MAX_POLL_SECONDS);
    const location = { bucket: inputs.bucket, prefix: inputs.prefix };
    const partition = partitionOf(inputs.region, inputs.roleArn ?? inputs.stateMachineRoleArn);
    maskSecrets(runSecretValues(inputs));
    const pathErrors = repoPathErrors(root, [
        { label: 'input pipeline-file', path: inputs.pipelineFile },
        { label: 'input jobs-dir', path: inputs.jobsDir },
        { label: 'input external-libs-dir', path: inputs.externalLibsDir },
        { label: 'input data-dir', path: inputs.dataDir },
        { label: 'input db-dir', path: inputs.dbDir },
    ]);
    if (pathErrors.length > 0)
        throw new InputErrors(pathErrors);
    // A lost deploy lock stops the writes like a cancellation does, but fails as an error.
    const lockLost = new AbortController();
    const clients = makeClients({
        region: inputs.region,
        endpointUrl: inputs.endpointUrl,
        timeoutSeconds: inputs.awsTimeoutSeconds,
        signal: AbortSignal.any([step.cancel.signal, lockLost.signal]),
    });
    const account = accountOf(inputs) ?? (await accountFromCredentials(clients));
    if (inputs.mode === 'sweep') {
        step.phase = 'the sweep';
        const swept = await sweepPreviews(clients, {
            location,
            namePrefix: inputs.namePrefix,
            openPullRequests: inputs.openPullRequests ?? [],
            region: inputs.region,
            account: account ?? '',
            partition,
            log: (line) => core/* info */.pq(line),
        });
        await reportSweep(swept);
        return;
    }
    if (inputs.mode === 'destroy') {
        // Only the name is needed: a manifest whose scripts are gone can still be torn down.
        const name = loadPipelineName(inputs.pipelineFile, { root, defaultName });
        const stateMachineName = `${inputs.namePrefix}${name}`;
        step.phase = 'the destroy';
        const result = await destroyPipeline(clients, {
            stateMachineName,
            location,
            region: inputs.region,
            account: account ?? '',
            partition,
            namePrefix: inputs.namePrefix,
        });
        await reportDestroy(result, { location }, stateMachineName);
        return;
    }
    step.phase = 'the plan';
    const pipeline = loadPipeline(inputs.pipelineFile, {
        root,
        jobsDir: inputs.jobsDir,
        namePrefix: inputs.namePrefix,
        defaultName,
        inputDefaults: {
            glueVersion: inputs.glueVersion,
            workerType: inputs.workerType,
            numberOfWorkers: inputs.numberOfWorkers,
            arguments: inputs.defaultArguments,
        },
        placeholders: {
            bucket: inputs.bucket,
            prefix: inputs.prefix,
            region: inputs.region,
            account,
            'name-prefix': inputs.namePrefix,
        },
    });
    maskSecrets(pipelineSecretValues(pipeline));
    const pipelineErrors = pipelineInputErrors(pipeline, {
        root,
        runJob: inputs.runJob,
        partition,
    });
    // Previews get no schedule unless asked (docs/orchestration.md, "Schedules").
    const scheduleSkipped = !inputs.schedulePreviews && isPreview(inputs.namePrefix, inputs.prefix);
    if (pipeline.schedule && !scheduleSkipped && inputs.mode === 'deploy' && !inputs.schedulerRoleArn) {
        pipelineErrors.push(new InputError('input scheduler-role-arn is required: the manifest declares a schedule', { file: pipeline.manifestFile, line: pipeline.schedule.line }, 'set scheduler-role-arn (an output of infra/bootstrap.yml), or remove "schedule:"'));
    }
    if (pipelineErrors.length > 0)
        throw new InputErrors(pipelineErrors);
    for (const w of pipeline.warnings ?? [])
        core/* warning */.$e(w.message, { file: w.file, startLine: w.line });
    core/* info */.pq(`pipeline ${pipeline.stateMachineName}: ${pipeline.jobs.length} job(s)`);
    if (inputs.startExecution) {
        const names = pipeline.jobs.map((j) => j.name);
        const errors = runInputErrors(inputs.executionInput, names, 'input execution-input');
        if (errors.length > 0)
            throw new InputErrors(errors);
    }
    const makePlan = (files) => planPipeline(pipeline, {
        files,
        clients,
        root,
        location,
        folders: { externalLibsDir: inputs.externalLibsDir, dbDir: inputs.dbDir, dataDir: inputs.dataDir },
        roleArn: inputs.roleArn ?? '',
        stateMachineRoleArn: inputs.stateMachineRoleArn ?? '',
        userTags: { ...inputs.tags, ...pullRequestTags(process.env) },
        prune: inputs.prune,
        region: inputs.region,
        account,
        partition,
        schedule: { roleArn: inputs.schedulerRoleArn ?? '', skipped: scheduleSkipped },
    });
    let plan = await makePlan();
    const summary = { location, prune: inputs.prune, region: inputs.region };
    reportPlan(plan, { prune: inputs.prune });
    const refusal = ownershipRefusal(plan, inputs.adoptExisting);
    if (inputs.mode === 'plan') {
        if (refusal)
            core/* warning */.$e(`a deploy would be refused: ${refusal.message}. Fix: ${refusal.fix}`);
        reportPlanned(plan, { prune: inputs.prune });
        await writeSummary(plan, summary, 'PLANNED');
        return;
    }
    if (refusal)
        throw refusal;
    const apply = (p) => {
        step.phase = 'the writes (uploads, jobs, state machine)';
        return applyPlan(p, clients, {
            region: inputs.region,
            account: account ?? '',
            partition,
            prune: inputs.prune,
            namePrefix: inputs.namePrefix,
        });
    };
    // No change: no lock and no write. Changes: the lock, then the plan again under it, so this deploy
    // writes over what the previous holder left, never beside it.
    const result = countPlan(plan, inputs.prune).changes === 0
        ? await apply(plan)
        : await withDeployLock({
            s3: clients.s3,
            bucket: inputs.bucket,
            prefix: inputs.prefix,
            pipeline: pipeline.stateMachineName,
            holder: holderFromEnv(process.env),
            waitMs: inputs.lockWaitMinutes * 60_000,
            signal: step.cancel.signal,
            log: (line) => core/* info */.pq(line),
            onLost: (e) => {
                core/* error */.z3(e.message);
                lockLost.abort(e);
            },
        }, async () => {
            step.phase = 'the plan (under the deploy lock)';
            plan = await makePlan(plan.files);
            reportPlan(plan, { prune: inputs.prune });
            // What changed while this deploy waited is checked again, ownership included.
            const again = ownershipRefusal(plan, inputs.adoptExisting);
            if (again)
                throw again;
            // A lost lock refuses the remaining writes: say so, not which write was refused.
            const r = await apply(plan).catch((e) => {
                throw lockLost.signal.aborted ? lockLost.signal.reason : e;
            });
            if (lockLost.signal.aborted)
                throw lockLost.signal.reason;
            return r;
        });
    if (step.cancel.signal.aborted)
        throw new CancelledError('the runs');
    reportDeploy(result, { region: inputs.region });
    if (!inputs.runJob && !inputs.startExecution) {
        await writeSummary(plan, summary, 'DEPLOYED');
        return;
    }
    step.phase = 'the run';
    const runs = await runAfterDeploy({
        clients,
        pipeline,
        stateMachineArn: result.stateMachineArn,
        runJob: inputs.runJob,
        runJobArguments: inputs.runJobArguments,
        startExecution: inputs.startExecution,
        executionInput: inputs.executionInput,
        wait: inputs.wait,
        waitTimeoutMinutes: inputs.waitTimeoutMinutes,
        stopOnTimeout: inputs.stopOnTimeout,
        logLines: inputs.logLines,
        progress: logProgress(inputs.region),
        maxPollMs,
        signal: step.cancel.signal,
    });
    await rememberDurations(clients.s3, plan.sync, result.state, runs, pipeline, (m) => core/* warning */.$e(m));
    const { status, failed } = reportRuns(runs, { region: inputs.region });
    await writeSummary(plan, summary, status, runs);
    if (failed)
        setFailed(failed);
    else if (step.cancel.signal.aborted)
        reportAborted(step.phase, 'after the last run ended');
}
/**
 * Without a role ARN (mode plan, destroy, sweep) the account comes from STS. Without it no job ARN
 * can be built: ownership would be read from tag listings only, and another pipeline's job would
 * look unowned (`adopt`) instead of `refuse`.
 */
async function accountFromCredentials(clients) {
    try {
        return await callerAccount(clients.sts);
    }
    catch (e) {
        core/* warning */.$e(`could not read the AWS account (${e.message}): jobs' ownership is read from tag listings only`);
        return undefined;
    }
}
/**
 * Resources with a target name that are not this pipeline's: one error naming all of them, before
 * any write. Unowned ones are taken over only with adopt-existing; another pipeline's never.
 */
function ownershipRefusal(plan, adoptExisting) {
    const { adopt, refuse } = ownershipProblems(plan);
    const blocked = adoptExisting ? [] : adopt;
    if (blocked.length === 0 && refuse.length === 0)
        return undefined;
    const parts = [];
    if (blocked.length > 0)
        parts.push(`exist but are not tagged as this pipeline's: ${blocked.join(', ')}`);
    if (refuse.length > 0)
        parts.push(`belong to another pipeline or prefix: ${refuse.join(', ')}`);
    const fixes = [];
    if (blocked.length > 0)
        fixes.push('set adopt-existing: true to adopt the untagged ones (only the declared fields are managed)');
    if (refuse.length > 0)
        fixes.push("use another name-prefix or job names for this pipeline; the other pipeline's resources are never taken over");
    return new InputError(`resources with this pipeline's names ${parts.join('; ')}`, {}, fixes.join('; '));
}


/***/ })

};
