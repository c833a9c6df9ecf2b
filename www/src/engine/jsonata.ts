// Which wasm engine a request needs. The worker starts with the lean engine (built without the
// JSONata evaluator, half the size) and switches to the full one for the first text that may use
// JSONata. The check is textual on purpose: no ASL is parsed in JS, and it errs one way only. A
// JSONata definition always holds `"JSONata"` (its QueryLanguage) or a `{%` expression, and so does
// a mocks file with JSONata templates; a false positive (the word in a Comment) merely loads the full
// engine, which runs everything. The lean engine refuses JSONata with `Sandbox.NoJsonata`, never
// silently.

/** May this definition (or mocks file) use JSONata? */
export function needsJsonata(text: string): boolean {
  return text.includes('JSONata') || text.includes('{%');
}
