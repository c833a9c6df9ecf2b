//! JSONPath as Step Functions reads it (Jayway flavour): paths, reference paths, `$$` and `$var` roots
//! (asl-reference §2.1). Parsed once into [`Path`]; evaluated against an [`Env`].

use serde_json::{Map, Value};
use std::fmt::Write;

/// Where a path starts.
#[derive(Clone, Debug, PartialEq)]
pub enum Root {
    /// `$`: the document the field works on.
    Input,
    /// `$$`: the context object.
    Context,
    /// `$name`: a workflow variable.
    Variable(String),
}

#[derive(Clone, Debug, PartialEq)]
enum Segment {
    Field(String),
    Index(i64),
    /// `[a,b]` of names or indices.
    Union(Vec<Selector>),
    Slice(Option<i64>, Option<i64>, Option<i64>),
    Wildcard,
    /// `..` followed by a selector applied at every depth.
    Descendant(Box<Segment>),
    Filter(Filter),
    /// `.length()`
    Length,
}

#[derive(Clone, Debug, PartialEq)]
enum Selector {
    Field(String),
    Index(i64),
}

/// A parsed JSONPath. `Display` gives back the text as written.
#[derive(Clone, Debug, PartialEq)]
pub struct Path {
    text: String,
    root: Root,
    segments: Vec<Segment>,
}

/// What a document needs to answer a path: the current input, the context object and variables.
/// The context object is built only when a `$$` path asks for it.
pub struct Env<'a> {
    pub input: &'a Value,
    pub context: &'a dyn Fn() -> Value,
    pub variable: &'a dyn Fn(&str) -> Option<Value>,
}

fn no_context() -> Value {
    Value::Object(Map::new())
}

fn no_variable(_: &str) -> Option<Value> {
    None
}

impl<'a> Env<'a> {
    /// An environment with only a document: `$$` is `{}` and no variable exists.
    pub fn of(input: &'a Value) -> Env<'a> {
        Env { input, context: &no_context, variable: &no_variable }
    }

    /// The same context and variables over another document.
    pub fn with_input<'b>(&'b self, input: &'b Value) -> Env<'b> {
        Env { input, context: self.context, variable: self.variable }
    }
}

/// Why a path selected nothing, worded as the Jayway library AWS uses words it.
#[derive(Clone, Debug, PartialEq)]
pub enum PathError {
    /// The last step found nothing: `No results for path: $['x']`.
    NoResults(String),
    /// An inner step found nothing: `Missing property in path $['a']`.
    MissingProperty(String),
    /// A `$name` path names a variable that was never assigned.
    UnknownVariable(String),
}

impl std::fmt::Display for PathError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PathError::NoResults(p) => write!(f, "No results for path: {p}"),
            PathError::MissingProperty(p) => write!(f, "Missing property in path {p}"),
            PathError::UnknownVariable(v) => write!(f, "Undefined variable: {v}"),
        }
    }
}

const MAX_PATH_LEN: usize = 10_000;

impl Path {
    /// Parses any JSONPath accepted in `InputPath`, `OutputPath` and `.$` values.
    pub fn parse(text: &str) -> Result<Path, String> {
        if text.len() > MAX_PATH_LEN {
            return Err("path is too long".into());
        }
        Parser { s: text.as_bytes(), text, pos: 0 }.path()
    }

    /// Parses a reference path: member access and literal indices only (`ResultPath`, `ItemsPath`, `Variable`, ...).
    pub fn parse_reference(text: &str) -> Result<Path, String> {
        let path = Path::parse(text)?;
        if path.is_reference() { Ok(path) } else { Err(format!("'{text}' is not a valid Reference Path")) }
    }

    pub fn root(&self) -> &Root {
        &self.root
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// True when the path can denote only one node (no wildcard, slice, union, filter or deep scan).
    pub fn is_definite(&self) -> bool {
        self.segments.iter().all(|s| matches!(s, Segment::Field(_) | Segment::Index(_) | Segment::Length))
    }

    pub fn is_reference(&self) -> bool {
        self.segments.iter().all(|s| matches!(s, Segment::Field(_) | Segment::Index(_)))
    }

    /// Selects from the environment. Definite paths give the node itself; others give an array of matches.
    pub fn select(&self, env: &Env) -> Result<Value, PathError> {
        match &self.root {
            Root::Input => self.select_in(env.input, env),
            Root::Context => self.select_in(&(env.context)(), env),
            Root::Variable(name) => match (env.variable)(name) {
                Some(v) => self.select_in(&v, env),
                None => Err(PathError::UnknownVariable(name.clone())),
            },
        }
    }

    /// Selects starting at `doc`, ignoring the root kind (used when the caller already has the root value).
    pub fn select_in(&self, doc: &Value, env: &Env) -> Result<Value, PathError> {
        if self.is_definite() {
            return self.select_definite(doc).cloned_or_length();
        }
        if let Some(object) = self.select_properties(doc) {
            return Ok(object);
        }
        let mut nodes: Vec<&Value> = vec![doc];
        let mut owned: Vec<Value> = Vec::new();
        for seg in &self.segments {
            if let Segment::Length = seg {
                owned = nodes.iter().filter_map(|n| length_of(n)).collect();
                return Ok(Value::Array(owned));
            }
            let mut next = Vec::new();
            for n in nodes {
                apply(seg, n, &mut next, env);
            }
            nodes = next;
        }
        owned.extend(nodes.into_iter().cloned());
        Ok(Value::Array(owned))
    }

    /// Jayway reads `$.a['x','y']` (several names at the end of an otherwise definite path) as an
    /// object with those of the names that exist, not as an array.
    fn select_properties(&self, doc: &Value) -> Option<Value> {
        let (Segment::Union(sels), prefix) = self.segments.split_last()? else { return None };
        if !prefix.iter().all(|s| matches!(s, Segment::Field(_) | Segment::Index(_))) {
            return None;
        }
        let names: Vec<&String> = sels
            .iter()
            .map(|s| if let Selector::Field(f) = s { Some(f) } else { None })
            .collect::<Option<_>>()?;
        let mut cur = doc;
        for seg in prefix {
            cur = match seg {
                Segment::Field(f) => cur.as_object()?.get(f)?,
                Segment::Index(ix) => cur.as_array().and_then(|a| index(a, *ix).map(|i| &a[i]))?,
                _ => return None,
            };
        }
        let obj = cur.as_object()?;
        Some(Value::Object(
            names.into_iter().filter_map(|n| Some((n.clone(), obj.get(n)?.clone()))).collect(),
        ))
    }

    fn select_definite<'v>(&self, doc: &'v Value) -> Definite<'v> {
        let mut cur = doc;
        let last = self.segments.len();
        for (i, seg) in self.segments.iter().enumerate() {
            let next = match seg {
                Segment::Field(name) => cur.as_object().and_then(|o| o.get(name)),
                Segment::Index(ix) => cur.as_array().and_then(|a| index(a, *ix).map(|i| &a[i])),
                Segment::Length => return Definite::Length(length_of(cur), self.canonical(i)),
                _ => None,
            };
            match next {
                Some(v) => cur = v,
                None if i + 1 == last || matches!(self.segments[i + 1], Segment::Length) => {
                    return Definite::Missing(PathError::NoResults(self.canonical(last)));
                }
                None => return Definite::Missing(PathError::MissingProperty(self.canonical(i + 1))),
            }
        }
        Definite::Found(cur)
    }

    /// Jayway's canonical spelling of the first `n` segments: `$['a'][0]`.
    fn canonical(&self, n: usize) -> String {
        let mut out = match &self.root {
            Root::Input => "$".to_string(),
            Root::Context => "$$".to_string(),
            Root::Variable(v) => format!("${v}"),
        };
        for seg in self.segments.iter().take(n) {
            match seg {
                Segment::Field(f) => {
                    let _ = write!(out, "['{f}']");
                }
                Segment::Index(i) => {
                    let _ = write!(out, "[{i}]");
                }
                Segment::Wildcard => out.push_str("[*]"),
                Segment::Length => out.push_str(".length()"),
                _ => out.push_str("[?]"),
            }
        }
        out
    }

    /// Writes `value` at this reference path inside `target`, creating objects on the way (ResultPath).
    /// Returns false when an existing node on the way is not an object (or the index is out of range).
    pub fn set(&self, target: &mut Value, value: Value) -> bool {
        self.set_inner(target, value).is_some()
    }

    fn set_inner(&self, target: &mut Value, value: Value) -> Option<()> {
        let mut cur = target;
        for seg in &self.segments {
            cur = match seg {
                Segment::Field(name) => {
                    let obj = cur.as_object_mut()?;
                    obj.entry(name.clone()).or_insert_with(|| Value::Object(Map::new()))
                }
                Segment::Index(ix) => {
                    let arr = cur.as_array_mut()?;
                    let i = index(arr, *ix)?;
                    &mut arr[i]
                }
                _ => return None,
            };
        }
        *cur = value;
        Some(())
    }

    /// For a `$name...` path: the variable name.
    pub fn variable(&self) -> Option<&str> {
        match &self.root {
            Root::Variable(v) => Some(v),
            _ => None,
        }
    }
}

impl std::fmt::Display for Path {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

enum Definite<'v> {
    Found(&'v Value),
    Length(Option<Value>, String),
    Missing(PathError),
}

impl Definite<'_> {
    fn cloned_or_length(self) -> Result<Value, PathError> {
        match self {
            Definite::Found(v) => Ok(v.clone()),
            Definite::Length(Some(n), _) => Ok(n),
            Definite::Length(None, p) => Err(PathError::NoResults(p)),
            Definite::Missing(e) => Err(e),
        }
    }
}

fn length_of(v: &Value) -> Option<Value> {
    match v {
        Value::Array(a) => Some(a.len().into()),
        Value::Object(o) => Some(o.len().into()),
        Value::String(s) => Some(s.chars().count().into()),
        _ => None,
    }
}

/// Resolves a possibly negative index against an array.
fn index(a: &[Value], ix: i64) -> Option<usize> {
    let len = a.len() as i64;
    let i = if ix < 0 { len + ix } else { ix };
    (0..len).contains(&i).then_some(i as usize)
}

fn apply<'v>(seg: &Segment, n: &'v Value, out: &mut Vec<&'v Value>, env: &Env) {
    match seg {
        Segment::Field(name) => out.extend(n.as_object().and_then(|o| o.get(name))),
        Segment::Index(ix) => {
            if let Some(a) = n.as_array() {
                out.extend(index(a, *ix).map(|i| &a[i]));
            }
        }
        Segment::Union(sels) => {
            for s in sels {
                match s {
                    Selector::Field(f) => out.extend(n.as_object().and_then(|o| o.get(f))),
                    Selector::Index(ix) => {
                        if let Some(a) = n.as_array() {
                            out.extend(index(a, *ix).map(|i| &a[i]));
                        }
                    }
                }
            }
        }
        Segment::Slice(start, end, step) => {
            if let Some(a) = n.as_array() {
                slice(a, *start, *end, *step, out);
            }
        }
        Segment::Wildcard => match n {
            Value::Array(a) => out.extend(a.iter()),
            Value::Object(o) => out.extend(o.values()),
            _ => {}
        },
        Segment::Descendant(inner) => descend(inner, n, out, env, 0),
        Segment::Filter(f) => match n {
            Value::Array(a) => out.extend(a.iter().filter(|item| f.test(item, env))),
            Value::Object(o) => out.extend(o.values().filter(|item| f.test(item, env))),
            _ => {}
        },
        Segment::Length => {}
    }
}

const MAX_DEPTH: usize = 512;

fn descend<'v>(inner: &Segment, n: &'v Value, out: &mut Vec<&'v Value>, env: &Env, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    apply(inner, n, out, env);
    match n {
        Value::Array(a) => a.iter().for_each(|c| descend(inner, c, out, env, depth + 1)),
        Value::Object(o) => o.values().for_each(|c| descend(inner, c, out, env, depth + 1)),
        _ => {}
    }
}

fn slice<'v>(
    a: &'v [Value],
    start: Option<i64>,
    end: Option<i64>,
    step: Option<i64>,
    out: &mut Vec<&'v Value>,
) {
    let len = a.len() as i64;
    let norm = |i: i64| if i < 0 { (len + i).max(0) } else { i.min(len) };
    let step = step.unwrap_or(1);
    if step <= 0 {
        return;
    }
    let (s, e) = (norm(start.unwrap_or(0)), norm(end.unwrap_or(len)));
    let mut i = s;
    while i < e {
        out.push(&a[i as usize]);
        i += step;
    }
}

// ---------- filters: [?( ... )] ----------

#[derive(Clone, Debug, PartialEq)]
enum Filter {
    Or(Box<Filter>, Box<Filter>),
    And(Box<Filter>, Box<Filter>),
    Not(Box<Filter>),
    Compare(Operand, CmpOp, Operand),
    Exists(Operand),
}

#[derive(Clone, Debug, PartialEq)]
enum Operand {
    /// `@...` relative to the current item, or `$...` absolute.
    Current(Vec<Segment>),
    Absolute(Box<Path>),
    Literal(Value),
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum CmpOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

impl Filter {
    fn test(&self, item: &Value, env: &Env) -> bool {
        match self {
            Filter::Or(a, b) => a.test(item, env) || b.test(item, env),
            Filter::And(a, b) => a.test(item, env) && b.test(item, env),
            Filter::Not(a) => !a.test(item, env),
            Filter::Exists(op) => op.value(item, env).is_some(),
            Filter::Compare(l, op, r) => match (l.value(item, env), r.value(item, env)) {
                (Some(a), Some(b)) => compare(&a, *op, &b),
                _ => false,
            },
        }
    }
}

impl Operand {
    fn value(&self, item: &Value, env: &Env) -> Option<Value> {
        match self {
            Operand::Literal(v) => Some(v.clone()),
            Operand::Absolute(p) => p.select(env).ok(),
            Operand::Current(segs) => {
                let mut cur = item;
                for s in segs {
                    cur = match s {
                        Segment::Field(f) => cur.as_object()?.get(f)?,
                        Segment::Index(ix) => {
                            let a = cur.as_array()?;
                            &a[index(a, *ix)?]
                        }
                        Segment::Length => return length_of(cur),
                        _ => return None,
                    };
                }
                Some(cur.clone())
            }
        }
    }
}

fn compare(a: &Value, op: CmpOp, b: &Value) -> bool {
    use std::cmp::Ordering;
    let ord = match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64().partial_cmp(&y.as_f64()),
        (Value::String(x), Value::String(y)) => Some(x.cmp(y)),
        _ => {
            return match op {
                CmpOp::Eq => a == b,
                CmpOp::Ne => a != b,
                _ => false,
            };
        }
    };
    match (op, ord) {
        (CmpOp::Eq, Some(o)) => o == Ordering::Equal,
        (CmpOp::Ne, o) => o != Some(Ordering::Equal),
        (CmpOp::Lt, Some(o)) => o == Ordering::Less,
        (CmpOp::Le, Some(o)) => o != Ordering::Greater,
        (CmpOp::Gt, Some(o)) => o == Ordering::Greater,
        (CmpOp::Ge, Some(o)) => o != Ordering::Less,
        _ => false,
    }
}

// ---------- parser ----------

struct Parser<'a> {
    s: &'a [u8],
    text: &'a str,
    pos: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.pos).copied()
    }

    fn eat(&mut self, c: u8) -> bool {
        if self.peek() == Some(c) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn err<T>(&self, what: &str) -> Result<T, String> {
        Err(format!("Invalid JSONPath '{}': {what} at position {}", self.text, self.pos))
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t')) {
            self.pos += 1;
        }
    }

    fn path(mut self) -> Result<Path, String> {
        let root = self.root()?;
        let segments = self.segments(false)?;
        if self.pos != self.s.len() {
            return self.err("unexpected character");
        }
        Ok(Path { text: self.text.to_string(), root, segments })
    }

    fn root(&mut self) -> Result<Root, String> {
        if !self.eat(b'$') {
            return self.err("a path must start with '$'");
        }
        if self.eat(b'$') {
            return Ok(Root::Context);
        }
        let start = self.pos;
        while let Some(c) = self.peek() {
            if c == b'.' || c == b'[' {
                break;
            }
            self.pos += 1;
        }
        if self.pos == start {
            return Ok(Root::Input);
        }
        let name = &self.text[start..self.pos];
        if !is_identifier(name) {
            self.pos = start;
            return self.err("invalid variable name");
        }
        Ok(Root::Variable(name.to_string()))
    }

    /// Segments until the end of input (or, inside a filter, until a character that ends an operand).
    fn segments(&mut self, in_filter: bool) -> Result<Vec<Segment>, String> {
        let mut segs = Vec::new();
        loop {
            match self.peek() {
                Some(b'.') => {
                    self.pos += 1;
                    if self.eat(b'.') {
                        let inner = if self.peek() == Some(b'[') {
                            self.bracket()?
                        } else if self.eat(b'*') {
                            Segment::Wildcard
                        } else {
                            Segment::Field(self.dot_name(in_filter)?)
                        };
                        segs.push(Segment::Descendant(Box::new(inner)));
                    } else if self.eat(b'*') {
                        segs.push(Segment::Wildcard);
                    } else if self.peek() == Some(b'[') {
                        // `$.abc.['def ghi']` is accepted by AWS.
                        segs.push(self.bracket()?);
                    } else {
                        let name = self.dot_name(in_filter)?;
                        if name == "length()" {
                            segs.push(Segment::Length);
                        } else {
                            segs.push(Segment::Field(name));
                        }
                    }
                }
                Some(b'[') => segs.push(self.bracket()?),
                _ => return Ok(segs),
            }
        }
    }

    fn dot_name(&mut self, in_filter: bool) -> Result<String, String> {
        let start = self.pos;
        while let Some(c) = self.peek() {
            let stop = c == b'.'
                || c == b'['
                || (in_filter && matches!(c, b' ' | b')' | b'=' | b'!' | b'<' | b'>' | b'&' | b'|'));
            if stop {
                break;
            }
            if c == b'(' && self.text[self.pos..].starts_with("()") {
                self.pos += 2;
                break;
            }
            self.pos += 1;
        }
        if self.pos == start {
            return self.err("expected a field name");
        }
        Ok(self.text[start..self.pos].to_string())
    }

    fn bracket(&mut self) -> Result<Segment, String> {
        self.pos += 1; // '['
        self.skip_ws();
        let seg = match self.peek() {
            Some(b'*') => {
                self.pos += 1;
                Segment::Wildcard
            }
            Some(b'?') => {
                self.pos += 1;
                self.skip_ws();
                if !self.eat(b'(') {
                    return self.err("expected '(' after '?'");
                }
                let f = self.filter_or()?;
                self.skip_ws();
                if !self.eat(b')') {
                    return self.err("expected ')'");
                }
                Segment::Filter(f)
            }
            Some(b'\'' | b'"') => {
                let mut names = vec![Selector::Field(self.quoted()?)];
                self.skip_ws();
                while self.eat(b',') {
                    self.skip_ws();
                    names.push(Selector::Field(self.quoted()?));
                    self.skip_ws();
                }
                if names.len() == 1 {
                    match names.pop() {
                        Some(Selector::Field(f)) => Segment::Field(f),
                        _ => return self.err("bad selector"),
                    }
                } else {
                    Segment::Union(names)
                }
            }
            _ => self.index_or_slice()?,
        };
        self.skip_ws();
        if !self.eat(b']') {
            return self.err("expected ']'");
        }
        Ok(seg)
    }

    fn quoted(&mut self) -> Result<String, String> {
        let q = self.peek().unwrap_or(b'\'');
        self.pos += 1;
        let mut out = String::new();
        let rest = &self.text[self.pos..];
        let mut chars = rest.char_indices();
        while let Some((i, c)) = chars.next() {
            if c == '\\' && rest[i + 1..].starts_with(q as char) {
                // Only the quote itself is escaped; any other backslash is kept (recorded on AWS).
                chars.next();
                out.push(q as char);
            } else if c as u32 == q as u32 {
                self.pos += i + 1;
                return Ok(out);
            } else {
                out.push(c);
            }
        }
        self.pos = self.s.len();
        self.err("unterminated string")
    }

    fn int(&mut self) -> Result<Option<i64>, String> {
        self.skip_ws();
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.pos += 1;
        }
        if self.pos == start {
            return Ok(None);
        }
        match self.text[start..self.pos].parse::<i64>() {
            Ok(n) => Ok(Some(n)),
            Err(_) => self.err("invalid index"),
        }
    }

    fn index_or_slice(&mut self) -> Result<Segment, String> {
        let first = self.int()?;
        self.skip_ws();
        if self.eat(b':') {
            let end = self.int()?;
            self.skip_ws();
            let step = if self.eat(b':') { self.int()? } else { None };
            return Ok(Segment::Slice(first, end, step));
        }
        let Some(first) = first else { return self.err("expected an index, a name, '*' or a filter") };
        let mut idx = vec![Selector::Index(first)];
        self.skip_ws();
        while self.eat(b',') {
            match self.int()? {
                Some(n) => idx.push(Selector::Index(n)),
                None => return self.err("expected an index"),
            }
            self.skip_ws();
        }
        Ok(if idx.len() == 1 { Segment::Index(first) } else { Segment::Union(idx) })
    }

    fn filter_or(&mut self) -> Result<Filter, String> {
        let mut left = self.filter_and()?;
        loop {
            self.skip_ws();
            if self.text[self.pos..].starts_with("||") {
                self.pos += 2;
                left = Filter::Or(Box::new(left), Box::new(self.filter_and()?));
            } else {
                return Ok(left);
            }
        }
    }

    fn filter_and(&mut self) -> Result<Filter, String> {
        let mut left = self.filter_atom()?;
        loop {
            self.skip_ws();
            if self.text[self.pos..].starts_with("&&") {
                self.pos += 2;
                left = Filter::And(Box::new(left), Box::new(self.filter_atom()?));
            } else {
                return Ok(left);
            }
        }
    }

    fn filter_atom(&mut self) -> Result<Filter, String> {
        self.skip_ws();
        if self.eat(b'!') {
            return Ok(Filter::Not(Box::new(self.filter_atom()?)));
        }
        if self.eat(b'(') {
            let f = self.filter_or()?;
            self.skip_ws();
            if !self.eat(b')') {
                return self.err("expected ')'");
            }
            return Ok(f);
        }
        let left = self.operand()?;
        self.skip_ws();
        let rest = &self.text[self.pos..];
        let op = [
            ("==", CmpOp::Eq),
            ("!=", CmpOp::Ne),
            ("<=", CmpOp::Le),
            (">=", CmpOp::Ge),
            ("<", CmpOp::Lt),
            (">", CmpOp::Gt),
        ]
        .into_iter()
        .find(|(t, _)| rest.starts_with(t));
        match op {
            Some((t, op)) => {
                self.pos += t.len();
                let right = self.operand()?;
                Ok(Filter::Compare(left, op, right))
            }
            None => Ok(Filter::Exists(left)),
        }
    }

    fn operand(&mut self) -> Result<Operand, String> {
        self.skip_ws();
        match self.peek() {
            Some(b'@') => {
                self.pos += 1;
                Ok(Operand::Current(self.segments(true)?))
            }
            Some(b'$') => {
                let start = self.pos;
                let root = self.root()?;
                let segments = self.segments(true)?;
                let text = self.text[start..self.pos].to_string();
                Ok(Operand::Absolute(Box::new(Path { text, root, segments })))
            }
            Some(b'\'' | b'"') => Ok(Operand::Literal(Value::String(self.quoted()?))),
            _ => {
                let start = self.pos;
                while let Some(c) = self.peek() {
                    if matches!(c, b' ' | b')' | b'=' | b'!' | b'<' | b'>' | b'&' | b'|') {
                        break;
                    }
                    self.pos += 1;
                }
                match serde_json::from_str::<Value>(&self.text[start..self.pos]) {
                    Ok(v) if !v.is_object() && !v.is_array() => Ok(Operand::Literal(v)),
                    _ => {
                        self.pos = start;
                        self.err("expected a value")
                    }
                }
            }
        }
    }
}

/// A workflow variable name: Unicode identifier start then identifier characters (ASCII approximation
/// extended to any alphabetic character).
pub fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    match chars.next() {
        Some(c) if c == '_' || c.is_alphabetic() => {}
        _ => return false,
    }
    chars.all(|c| c == '_' || c.is_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn sel(path: &str, doc: Value) -> Result<Value, String> {
        Path::parse(path).unwrap().select(&Env::of(&doc)).map_err(|e| e.to_string())
    }

    #[test]
    fn definite_paths_give_the_node() {
        assert_eq!(sel("$", json!({"a": 1})), Ok(json!({"a": 1})));
        assert_eq!(sel("$.a.b", json!({"a": {"b": [1]}})), Ok(json!([1])));
        assert_eq!(sel("$.items[10]", json!({"items": [0,1,2,3,4,5,6,7,8,9,10]})), Ok(json!(10)));
        assert_eq!(sel("$.items[-1]", json!({"items": [1, 2]})), Ok(json!(2)));
        assert_eq!(sel("$['a b'].c", json!({"a b": {"c": 3}})), Ok(json!(3)));
        assert_eq!(sel("$.abc.['def ghi']", json!({"abc": {"def ghi": 3}})), Ok(json!(3)));
    }

    #[test]
    fn indefinite_paths_give_arrays() {
        assert_eq!(sel("$[*]", json!({})), Ok(json!([])));
        assert_eq!(sel("$.items[*].x", json!({"items": [{"x": 1}, {"y": 2}, {"x": 3}]})), Ok(json!([1, 3])));
        assert_eq!(sel("$.items[1:]", json!({"items": [1, 2, 3]})), Ok(json!([2, 3])));
        assert_eq!(sel("$.items[:1]", json!({"items": [1, 2, 3]})), Ok(json!([1])));
        assert_eq!(sel("$..x", json!({"x": 1, "a": {"x": 2}})), Ok(json!([1, 2])));
        assert_eq!(sel("$.a[0,2]", json!({"a": [1, 2, 3]})), Ok(json!([1, 3])));
        assert_eq!(sel("$['a','b','x']", json!({"a": 1, "b": 2, "c": 3})), Ok(json!({"a": 1, "b": 2})));
        assert_eq!(
            sel("$.a[?(@.s == 0)].n", json!({"a": [{"s": 0, "n": 1}, {"s": 1, "n": 2}]})),
            Ok(json!([1]))
        );
        assert_eq!(
            sel("$.a[?(@.n > 1 && @.n < 4)]", json!({"a": [{"n": 1}, {"n": 3}]})),
            Ok(json!([{"n": 3}]))
        );
    }

    #[test]
    fn missing_nodes_are_worded_like_jayway() {
        assert_eq!(sel("$.X", json!({})), Err("No results for path: $['X']".into()));
        assert_eq!(sel("$.no.such.path", json!({})), Err("Missing property in path $['no']".into()));
    }

    #[test]
    fn roots_and_reference_paths() {
        assert_eq!(Path::parse("$$.Execution.Id").unwrap().root(), &Root::Context);
        assert_eq!(Path::parse("$var.x").unwrap().root(), &Root::Variable("var".into()));
        assert!(Path::parse_reference("$.a[*]").is_err());
        assert!(Path::parse_reference("$.a[0].b").is_ok());
        assert!(Path::parse("a.b").is_err());
        assert!(Path::parse("$.a[").is_err());
        assert!(Path::parse("$.a[?(@.x ==)]").is_err());
    }

    #[test]
    fn set_creates_intermediate_objects() {
        let p = Path::parse_reference("$.a.b").unwrap();
        let mut doc = json!({"x": 1});
        assert!(p.set(&mut doc, json!(2)));
        assert_eq!(doc, json!({"x": 1, "a": {"b": 2}}));
        assert!(!p.set(&mut json!("str"), json!(1)));
    }
}
