//! Runs every runnable execution case of the AWS-recorded corpus and fails when the pass counts (all
//! cases, and the JSONata ones alone) drop below the floor checked in beside this file. `CASE=<id substring>` runs matching cases only
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
    let mut jsonata = Tally::default();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let mut t = Tally::default();
        for case in conformance::load_cases(&text).unwrap() {
            if !conformance::is_runnable(&case) {
                continue;
            }
            if filter.as_ref().is_some_and(|f| !case.id.contains(f.as_str())) {
                continue;
            }
            let verdict = match run_case(&case) {
                Ok(actual) => conformance::judge(&case, &actual),
                Err(e) => Verdict { result: Err(e), history: None },
            };
            t.count(&verdict);
            if conformance::uses_jsonata(&case) {
                jsonata.count(&verdict);
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
        total.add(&t);
    }
    total.print("TOTAL");
    jsonata.print("JSONata cases");
    if filter.is_none() {
        let floor: Value = serde_json::from_str(FLOOR).unwrap();
        let min = |k: &str| floor[k].as_u64().unwrap() as usize;
        for (tally, results, histories) in
            [(&total, "results", "histories"), (&jsonata, "jsonata_results", "jsonata_histories")]
        {
            assert!(tally.results >= min(results), "{results} fell below the floor of {}", min(results));
            assert!(
                tally.histories >= min(histories),
                "{histories} fell below the floor of {}",
                min(histories)
            );
        }
    }
}

impl Tally {
    fn count(&mut self, verdict: &Verdict) {
        self.cases += 1;
        self.results += usize::from(verdict.result.is_ok());
        if let Some(h) = &verdict.history {
            self.with_history += 1;
            self.histories += usize::from(h.is_ok());
        }
    }

    fn add(&mut self, other: &Tally) {
        self.cases += other.cases;
        self.results += other.results;
        self.histories += other.histories;
        self.with_history += other.with_history;
    }

    fn print(&self, label: &str) {
        let pct = |n: usize, of: usize| 100.0 * n as f64 / of.max(1) as f64;
        println!(
            "{label} results {}/{} ({:.1}%), histories {}/{} ({:.1}%)",
            self.results,
            self.cases,
            pct(self.results, self.cases),
            self.histories,
            self.with_history,
            pct(self.histories, self.with_history)
        );
    }
}
