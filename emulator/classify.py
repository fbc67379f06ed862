"""Names every AWS request by service and operation, and says whether it changes state.

Pure functions over a WSGI environ (plus the form body for query protocols), so the request log
and fault matching agree on names, and the rules can be tested without a server.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs

# X-Amz-Target prefix -> IAM-style service prefix (what faults and the log call the service).
_TARGET_SERVICES = {
    "AWSGlue": "glue",
    "AWSStepFunctions": "states",
    "Logs_20140328": "logs",
    "AmazonSSM": "ssm",
    "secretsmanager": "secretsmanager",
    "AWSEvents": "events",
    "DynamoDB_20120810": "dynamodb",
}
# SigV4 credential-scope service names that differ from the IAM prefix.
_SCOPE_ALIASES = {"stepfunctions": "states"}

_SCOPE = re.compile(r"Credential=[^/]*/[^/]*/[^/]*/([^/]*)/")

# An operation whose name starts with one of these only reads. Everything else is mutating,
# so an unknown operation errs on the side of "changes state".
READ_PREFIXES = (
    "Get",
    "List",
    "Describe",
    "BatchGet",
    "Search",
    "Head",
    "Filter",
    "Query",
    "Scan",
    "Select",
    "Validate",
    "Test",
    "Simulate",
    "Lookup",
    "Check",
    "Preview",
    "Estimate",
)
# Services whose every call only reads (STS hands out credentials, it changes nothing).
_READ_ONLY_SERVICES = {"sts"}


def is_mutating(service: str, operation: str, method: str) -> bool:
    if service == "s3":
        return (
            method in ("PUT", "POST", "DELETE") and operation != "SelectObjectContent"
        )
    if service in _READ_ONLY_SERVICES:
        return False
    # REST services this module does not name operation by operation (EventBridge Scheduler): the
    # operation is the HTTP method, and GET/HEAD only read.
    if operation in ("GET", "HEAD") and operation == method:
        return False
    return not operation.startswith(READ_PREFIXES)


def service_from_auth(environ: dict) -> str | None:
    m = _SCOPE.search(environ.get("HTTP_AUTHORIZATION", ""))
    if not m:
        return None
    return _SCOPE_ALIASES.get(m.group(1), m.group(1))


def from_target(target: str) -> tuple[str, str]:
    prefix, _, op = target.partition(".")
    return _TARGET_SERVICES.get(prefix, prefix.lower()), op


def action_from_form(body: str | None, query: str) -> str | None:
    for text in (query, body or ""):
        action = parse_qs(text).get("Action")
        if action:
            return action[0]
    return None


# Bucket sub-resources named in the query string -> operation suffix.
_BUCKET_SUB = {
    "tagging": "BucketTagging",
    "policy": "BucketPolicy",
    "versioning": "BucketVersioning",
    "lifecycle": "BucketLifecycleConfiguration",
    "encryption": "BucketEncryption",
    "cors": "BucketCors",
    "notification": "BucketNotificationConfiguration",
    "publicAccessBlock": "PublicAccessBlock",
    "ownershipControls": "BucketOwnershipControls",
    "acl": "BucketAcl",
    "website": "BucketWebsite",
    "logging": "BucketLogging",
    "replication": "BucketReplication",
    "accelerate": "BucketAccelerateConfiguration",
    "object-lock": "ObjectLockConfiguration",
}
_VERB = {"GET": "Get", "PUT": "Put", "DELETE": "Delete", "HEAD": "Get"}


def s3_operation(method: str, path: str, query: str, headers: dict) -> str:
    """The S3 operation of a path-style request (`/bucket[/key]?query`)."""
    params = parse_qs(query, keep_blank_values=True)
    parts = path.lstrip("/").split("/", 1)
    bucket = parts[0]
    key = parts[1] if len(parts) > 1 else ""
    if not bucket:
        return "ListBuckets"
    if not key:
        if method == "POST" and "delete" in params:
            return "DeleteObjects"
        if method == "GET":
            if params.get("list-type") == ["2"]:
                return "ListObjectsV2"
            for sub, op in (
                ("versions", "ListObjectVersions"),
                ("uploads", "ListMultipartUploads"),
                ("location", "GetBucketLocation"),
            ):
                if sub in params:
                    return op
        for sub, suffix in _BUCKET_SUB.items():
            if sub in params and method in _VERB:
                return _VERB[method] + suffix
        return {
            "PUT": "CreateBucket",
            "DELETE": "DeleteBucket",
            "HEAD": "HeadBucket",
            "GET": "ListObjects",
        }.get(method, f"{method}Bucket")
    copy = "HTTP_X_AMZ_COPY_SOURCE" in headers
    if method == "PUT":
        if "partNumber" in params and "uploadId" in params:
            return "UploadPartCopy" if copy else "UploadPart"
        if "tagging" in params:
            return "PutObjectTagging"
        if "acl" in params:
            return "PutObjectAcl"
        return "CopyObject" if copy else "PutObject"
    if method == "POST":
        if "uploads" in params:
            return "CreateMultipartUpload"
        if "uploadId" in params:
            return "CompleteMultipartUpload"
        if "restore" in params:
            return "RestoreObject"
        if "select" in params:
            return "SelectObjectContent"
        return "PostObject"
    if method == "GET":
        if "uploadId" in params:
            return "ListParts"
        if "tagging" in params:
            return "GetObjectTagging"
        if "acl" in params:
            return "GetObjectAcl"
        if "attributes" in params:
            return "GetObjectAttributes"
        return "GetObject"
    if method == "HEAD":
        return "HeadObject"
    if method == "DELETE":
        if "uploadId" in params:
            return "AbortMultipartUpload"
        if "tagging" in params:
            return "DeleteObjectTagging"
        return "DeleteObject"
    return f"{method}Object"


def needs_form_body(environ: dict) -> bool:
    return environ.get("CONTENT_TYPE", "").startswith(
        "application/x-www-form-urlencoded"
    )


def classify(environ: dict, form_body: str | None) -> tuple[str, str]:
    """(service, operation) of one request; ("unknown", METHOD) when nothing names it."""
    method = environ.get("REQUEST_METHOD", "GET")
    path = environ.get("PATH_INFO", "/")
    if path.startswith("/moto-api"):
        return "moto-api", path[len("/moto-api") :] or "/"
    target = environ.get("HTTP_X_AMZ_TARGET")
    if target:
        return from_target(target)
    query = environ.get("QUERY_STRING", "")
    service = service_from_auth(environ)
    action = (
        action_from_form(form_body, query)
        if (form_body or "Action=" in query)
        else None
    )
    if action:
        return service or "unknown", action
    if service in (None, "s3"):
        return "s3", s3_operation(method, path, query, environ)
    return service, method
