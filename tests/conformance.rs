//! Runs every runnable JSONPath-only execution case of the AWS-recorded corpus and fails when the pass
//! counts drop below the floor checked in beside this file. `CASE=<id substring>` runs matching cases only
//! and prints their diffs.

use asl_sandbox::cli::run_case;
use asl_sandbox::conformance::{self, Verdict};
use serde_json::Value;

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/aws-recorded");
const FLOOR: &str = include_str!("conformance_floor.json");

#[derive(Default)]
struct Tally {
    cases: usize,
    results: usize,
    histories: usize,
    with_history: usize,
}

#[test]
fn aws_recorded_corpus_meets_the_floor() {
    let filter = std::env::var("CASE").ok();
    let mut files: Vec<_> = std::fs::read_dir(CORPUS)
        .expect("the corpus lives in ../shared/corpus/aws-recorded")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .collect();
    files.sort();
    let mut total = Tally::default();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let mut t = Tally::default();
        for case in conformance::load_cases(&text).unwrap() {
            if !conformance::is_runnable(&case) || conformance::uses_jsonata(&case) {
                continue;
            }
            if filter.as_ref().is_some_and(|f| !case.id.contains(f.as_str())) {
                continue;
            }
            let verdict = match run_case(&case) {
                Ok(actual) => conformance::judge(&case, &actual),
                Err(e) => Verdict { result: Err(e), history: None },
            };
            t.cases += 1;
            t.results += usize::from(verdict.result.is_ok());
            if let Some(h) = &verdict.history {
                t.with_history += 1;
                t.histories += usize::from(h.is_ok());
            }
            if filter.is_some() {
                println!("{}: result {:?}, history {:?}", case.id, verdict.result, verdict.history);
            }
        }
        if t.cases > 0 {
            let name = file.file_name().unwrap().to_string_lossy().to_string();
            println!(
                "{name:<28} results {:>4}/{:<4} histories {:>4}/{:<4}",
                t.results, t.cases, t.histories, t.with_history
            );
        }
        total.cases += t.cases;
        total.results += t.results;
        total.histories += t.histories;
        total.with_history += t.with_history;
    }
    println!(
        "TOTAL results {}/{} ({:.1}%), histories {}/{} ({:.1}%)",
        total.results,
        total.cases,
        100.0 * total.results as f64 / total.cases.max(1) as f64,
        total.histories,
        total.with_history,
        100.0 * total.histories as f64 / total.with_history.max(1) as f64
    );
    if filter.is_none() {
        let floor: Value = serde_json::from_str(FLOOR).unwrap();
        let min = |k: &str| floor[k].as_u64().unwrap() as usize;
        assert!(total.results >= min("results"), "exact results fell below the floor of {}", min("results"));
        assert!(
            total.histories >= min("histories"),
            "matching histories fell below the floor of {}",
            min("histories")
        );
    }
}
