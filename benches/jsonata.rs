//! JSONata evaluations per second on benches/jsonata-cases.json, ours against the reference npm
//! `jsonata`: `npm --prefix www run bench:jsonata` runs both sides and prints the ratio table;
//! this side alone: `cargo bench --bench jsonata [-- NAME]`. Each result is first checked against
//! the case's `expected`, which npm jsonata wrote (`node www/scripts/bench-jsonata.mjs --update`).

use asl_sandbox::jsonata::{Context, Expr};

// The same allocator as the CLI binary.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
use serde_json::{Value, json};
use std::hint::black_box;
use std::time::Instant;

/// Doubles a batch until it takes 50 ms, sizes it to ~0.3 s, then the best of 3: (size, seconds).
fn measure(run: impl Fn()) -> (u64, f64) {
    let time = |n: u64| {
        let start = Instant::now();
        (0..n).for_each(|_| run());
        start.elapsed().as_secs_f64()
    };
    let mut n = 1;
    let mut t = time(n);
    while t < 0.05 {
        n *= 2;
        t = time(n);
    }
    let n = ((n as f64 * 0.3 / t).round() as u64).max(1);
    (n, (0..3).map(|_| time(n)).fold(f64::MAX, f64::min))
}

fn main() {
    // `cargo bench --bench jsonata -- sort` runs the cases whose name contains "sort".
    let filter: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with("--")).collect();
    let file: Value = serde_json::from_str(include_str!("jsonata-cases.json")).expect("jsonata-cases.json");
    let input = &file["input"];
    // A case with "states": true also sees $states = {"input": input}, as Step Functions binds it.
    let states = [("states", json!({ "input": input }))];
    for case in file["cases"].as_array().expect("cases") {
        let name = case["name"].as_str().expect("name");
        if !filter.iter().all(|f| name.contains(f.as_str())) {
            continue;
        }
        let expr = Expr::compile(case["expr"].as_str().expect("expr")).expect("compiles");
        let ctx = if case["states"] == true {
            Context { variables: &states, ..Context::default() }
        } else {
            Context::default()
        };
        let got = expr.evaluate(Some(input), &ctx).expect("evaluates").expect("a result");
        assert!(got == case["expected"], "{name}: we give {got}, npm jsonata {}", case["expected"]);
        let (n, best) = measure(|| {
            black_box(expr.evaluate(Some(input), &ctx).unwrap());
        });
        println!("{name:<20} {n:>8} evals {:>8.1} ms {:>12.0} evals/s", best * 1000.0, n as f64 / best);
    }
}
