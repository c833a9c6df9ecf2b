//! The field tables of validation: which field is legal on which state and in which query language,
//! and what its value must be (asl-reference §1.3, §9.1, §10).

use serde_json::Value;

/// Bound on nested walks (blocks, rules, templates); text parsed by serde stops at 128 levels anyway.
pub(super) const MAX_DEPTH: usize = 128;
pub(super) const MAX: i64 = 99_999_999;
pub(super) const NOT_RECOGNIZED: &str = "is not recognized. The value is not a valid resource ARN, or the resource is not available in this region.";

#[derive(Clone, Copy, PartialEq, Eq, Default)]
pub(super) enum Lang {
    #[default]
    JsonPath,
    Jsonata,
}

impl Lang {
    /// A present value means JSONPath only when it is exactly `"JSONPath"` (floci #2968).
    pub(super) fn of(declared: Option<&Value>, inherited: Lang) -> Lang {
        match declared {
            None => inherited,
            Some(v) if v.as_str() == Some("JSONPath") => Lang::JsonPath,
            Some(_) => Lang::Jsonata,
        }
    }
}

/// Where a field may appear (§1.3 legend): both languages, JSONPath only, JSONata only, or not in this object.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Only {
    B,
    P,
    A,
    Never,
}
pub(super) use Only::{A, B, Never, P};

/// What a field's value must be. `Custom` fields are read by the function owning the object; `X` variants
/// also take a `{% %}` expression in JSONata states. `Text` is a plain string, `Str` one that may be JSONata;
/// `Path` is a JSONPath or null, `Ref` a reference path (§2.1); `Template` a JSONPath payload template (§2.3),
/// `Scan` a value whose strings may be JSONata, `Payload` one or the other by language; `ErrPath` is a
/// reference path or string-returning intrinsic (§11); `CondX` a Choice `Condition`.
#[derive(Clone, Copy)]
#[rustfmt::skip]
pub(super) enum Rule {
    Custom, Any, Text, Str, Bool, Path, Ref, ResultPath, Int(i64, i64), IntX(i64, i64), NumX(f64, f64), TimeX,
    ItemsX, CondX, Enum(&'static [&'static str]), Strings, Template, Scan, Payload, Assign, ErrPath, Label,
}
pub(super) use Rule::*;

pub(super) type Fields<'a> = &'a [(&'a str, Only, Rule)];

// State types as bits, so the field table can say where each field is legal.
pub(super) const TASK: u8 = 1;
pub(super) const PARALLEL: u8 = 2;
pub(super) const MAP: u8 = 4;
pub(super) const PASS: u8 = 8;
pub(super) const WAIT: u8 = 16;
pub(super) const CHOICE: u8 = 32;
pub(super) const SUCCEED: u8 = 64;
pub(super) const FAIL: u8 = 128;
pub(super) const ANY: u8 = u8::MAX;
pub(super) const WORK: u8 = TASK | PARALLEL | MAP;
pub(super) const FLOW: u8 = WORK | PASS | WAIT;
pub(super) const NOT_FAIL: u8 = ANY & !FAIL;

/// In the order AWS lists them in its `Type` message.
#[rustfmt::skip]
pub(super) const STATE_TYPES: &[(&str, u8)] = &[
    ("Task", TASK), ("Wait", WAIT), ("Pass", PASS), ("Succeed", SUCCEED), ("Fail", FAIL), ("Choice", CHOICE),
    ("Parallel", PARALLEL), ("Map", MAP),
];

/// Table 1.3 with each value's rule. Problems come out in this order (AWS: TimeoutSeconds, Catch, Retry).
#[rustfmt::skip]
pub(super) const STATE_FIELDS: &[(&str, u8, Only, Rule)] = &[
    ("Type", ANY, B, Custom), ("Comment", ANY, B, Text), ("QueryLanguage", ANY, B, Enum(LANGS)),
    ("Resource", TASK, B, Custom), ("InputPath", NOT_FAIL, P, Path), ("OutputPath", NOT_FAIL, P, Path),
    ("Parameters", WORK | PASS, P, Template), ("ResultSelector", WORK, P, Template),
    ("ResultPath", WORK | PASS, P, ResultPath), ("Arguments", TASK | PARALLEL, A, Scan),
    ("Output", NOT_FAIL, A, Scan), ("Assign", ANY & !(SUCCEED | FAIL), B, Assign),
    ("TimeoutSeconds", TASK, B, IntX(1, MAX)), ("TimeoutSecondsPath", TASK, P, Ref),
    ("HeartbeatSeconds", TASK, B, IntX(1, MAX)), ("HeartbeatSecondsPath", TASK, P, Ref),
    ("Credentials", TASK, B, Custom), ("Catch", WORK, B, Custom), ("Retry", WORK, B, Custom),
    ("Branches", PARALLEL, B, Custom), ("ItemProcessor", MAP, B, Custom), ("Iterator", MAP, B, Custom),
    ("ItemsPath", MAP, P, Ref), ("Items", MAP, A, ItemsX), ("ItemSelector", MAP, B, Payload),
    ("ItemReader", MAP, B, Custom), ("ItemBatcher", MAP, B, Custom), ("ResultWriter", MAP, B, Custom),
    ("MaxConcurrency", MAP, B, IntX(0, i64::MAX)), ("MaxConcurrencyPath", MAP, P, Ref),
    ("ToleratedFailureCount", MAP, B, IntX(0, i64::MAX)), ("ToleratedFailureCountPath", MAP, P, Ref),
    ("ToleratedFailurePercentage", MAP, B, NumX(0.0, 100.0)), ("ToleratedFailurePercentagePath", MAP, P, Ref),
    ("Label", MAP, B, Label), ("Result", PASS, P, Any),
    ("Seconds", WAIT, B, IntX(0, MAX)), ("Timestamp", WAIT, B, TimeX),
    ("SecondsPath", WAIT, P, Ref), ("TimestampPath", WAIT, P, Ref),
    ("Choices", CHOICE, B, Custom), ("Default", CHOICE, B, Custom),
    ("Error", FAIL, B, Str), ("Cause", FAIL, B, Str), ("ErrorPath", FAIL, P, ErrPath), ("CausePath", FAIL, P, ErrPath),
    ("Next", FLOW, B, Custom), ("End", FLOW, B, Custom),
];

pub(super) const LANGS: &[&str] = &["JSONPath", "JSONata"];
#[rustfmt::skip]
pub(super) const TOP_FIELDS: Fields = &[
    ("StartAt", B, Custom), ("States", B, Custom), ("Comment", B, Text), ("Version", B, Enum(&["1.0"])),
    ("TimeoutSeconds", B, Int(1, MAX)), ("QueryLanguage", B, Enum(LANGS)),
];
/// Branches and processors carry no `QueryLanguage` of their own ("Field 'QueryLanguage' is not supported").
pub(super) const BRANCH_FIELDS: Fields =
    &[("StartAt", B, Custom), ("States", B, Custom), ("Comment", B, Text)];
#[rustfmt::skip]
pub(super) const PROCESSOR_FIELDS: Fields =
    &[("StartAt", B, Custom), ("States", B, Custom), ("Comment", B, Text), ("ProcessorConfig", B, Custom)];
#[rustfmt::skip]
pub(super) const PROCESSOR_CONFIG_FIELDS: Fields =
    &[("Mode", B, Enum(&["INLINE", "DISTRIBUTED"])), ("ExecutionType", B, Enum(&["STANDARD", "EXPRESS"]))];
#[rustfmt::skip]
pub(super) const RETRIER_FIELDS: Fields = &[
    ("ErrorEquals", B, Custom), ("IntervalSeconds", B, Int(1, MAX)), ("MaxAttempts", B, Int(0, MAX)),
    ("BackoffRate", B, NumX(1.0, f64::MAX)), ("MaxDelaySeconds", B, Int(1, 31_622_400)),
    ("JitterStrategy", B, Enum(&["FULL", "NONE"])), ("Comment", B, Text),
];
#[rustfmt::skip]
pub(super) const CATCHER_FIELDS: Fields = &[
    ("ErrorEquals", B, Custom), ("Next", B, Custom), ("ResultPath", P, ResultPath), ("Output", A, Scan),
    ("Assign", B, Assign), ("Comment", B, Text),
];
pub(super) const CREDENTIALS_FIELDS: Fields = &[("RoleArn", B, Str), ("RoleArn.$", P, Custom)];
#[rustfmt::skip]
pub(super) const READER_FIELDS: Fields =
    &[("Resource", B, Custom), ("ReaderConfig", B, Custom), ("Parameters", P, Template), ("Arguments", A, Scan)];
#[rustfmt::skip]
pub(super) const READER_CONFIG_FIELDS: Fields = &[
    ("InputType", B, Enum(&["CSV", "JSON", "JSONL", "PARQUET", "MANIFEST"])),
    ("CSVHeaderLocation", B, Enum(&["FIRST_ROW", "GIVEN"])), ("CSVHeaders", B, Strings),
    ("CSVDelimiter", B, Enum(&["COMMA", "PIPE", "SEMICOLON", "SPACE", "TAB"])),
    ("MaxItems", B, IntX(0, 100_000_000)), ("MaxItemsPath", P, Ref),
    ("ManifestType", B, Enum(&["ATHENA_DATA", "S3_INVENTORY"])),
    ("Transformation", B, Enum(&["NONE", "LOAD_AND_FLATTEN"])), ("ItemsPointer", B, Text),
];
#[rustfmt::skip]
pub(super) const BATCHER_FIELDS: Fields = &[
    ("MaxItemsPerBatch", B, IntX(1, i64::MAX)), ("MaxItemsPerBatchPath", P, Ref),
    ("MaxInputBytesPerBatch", B, IntX(1, 262_144)), ("MaxInputBytesPerBatchPath", P, Ref),
    ("BatchInput", B, Payload),
];
#[rustfmt::skip]
pub(super) const WRITER_FIELDS: Fields =
    &[("Resource", B, Custom), ("Parameters", P, Template), ("Arguments", A, Scan), ("WriterConfig", B, Custom)];
#[rustfmt::skip]
pub(super) const WRITER_CONFIG_FIELDS: Fields = &[
    ("Transformation", B, Enum(&["NONE", "COMPACT", "FLATTEN"])), ("OutputType", B, Enum(&["JSON", "JSONL"])),
];

/// Pairs that may not appear together in one object (§15 rule 7). Located at the first (floci #2786).
#[rustfmt::skip]
pub(super) const EXCLUSIVE: &[(&str, &str)] = &[
    ("TimeoutSeconds", "TimeoutSecondsPath"), ("HeartbeatSeconds", "HeartbeatSecondsPath"),
    ("Error", "ErrorPath"), ("Cause", "CausePath"), ("ItemProcessor", "Iterator"), ("ItemSelector", "Parameters"),
    ("MaxConcurrency", "MaxConcurrencyPath"), ("ToleratedFailureCount", "ToleratedFailureCountPath"),
    ("ToleratedFailurePercentage", "ToleratedFailurePercentagePath"), ("MaxItems", "MaxItemsPath"),
    ("MaxItemsPerBatch", "MaxItemsPerBatchPath"), ("MaxInputBytesPerBatch", "MaxInputBytesPerBatchPath"),
];

/// Optimized integrations whose API list we are sure of (`arn:aws:states:::<service>:<api>[.pattern]`). Other
/// services pass unchecked rather than risk refusing what AWS accepts; `aws-sdk:` takes any action.
#[rustfmt::skip]
pub(super) const INTEGRATIONS: &[(&str, &[&str])] = &[
    ("lambda", &["invoke", "invoke.waitForTaskToken"]),
    ("dynamodb", &["getItem", "putItem", "updateItem", "deleteItem"]),
    ("sqs", &["sendMessage", "sendMessage.waitForTaskToken"]),
    ("sns", &["publish", "publish.waitForTaskToken"]),
    ("events", &["putEvents", "putEvents.waitForTaskToken"]),
    ("apigateway", &["invoke", "invoke.waitForTaskToken"]),
    ("http", &["invoke"]),
    ("states", &["startExecution", "startExecution.sync", "startExecution.sync:2", "startExecution.waitForTaskToken"]),
    ("batch", &["submitJob", "submitJob.sync", "submitJob.waitForTaskToken"]),
    ("ecs", &["runTask", "runTask.sync", "runTask.waitForTaskToken"]),
    ("glue", &["startJobRun", "startJobRun.sync", "startJobRun.waitForTaskToken"]),
];

/// Label characters AWS refuses besides whitespace and control characters (§10.5).
pub(super) const LABEL_FORBIDDEN: &str = "?*<>{}[]:;,\\|^~$#%&`\"";
