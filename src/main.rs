//! The `asl-sandbox` binary: a thin shell over [`asl_sandbox::cli`].

// The engine allocates many small JSON values; mimalloc makes the native CLI about 1.6x faster.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let code = asl_sandbox::cli::main(args, &mut std::io::stdout(), &mut std::io::stderr());
    std::process::exit(code);
}
