// Sums Stryker JSON reports (mutation.json files) per source file and in total: the figures of docs/testing.md's table.
//   node scripts/stryker/score.mjs reports/mutation/grammar-*.json reports/mutation/grammar-io/mutation.json
// A file that appears in several reports counts once, from the last report given.
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';

const byFile = new Map();
for (const report of process.argv.slice(2)) {
  const { files } = JSON.parse(readFileSync(report, 'utf8'));
  for (const [name, file] of Object.entries(files)) {
    const counts = { mutants: 0, Ignored: 0, Killed: 0, Timeout: 0, Survived: 0, NoCoverage: 0, other: 0 };
    for (const mutant of file.mutants) {
      counts.mutants++;
      if (mutant.status in counts) counts[mutant.status]++;
      else counts.other++;
    }
    byFile.set(relative(process.cwd(), name), counts);
  }
}
const score = (c) => {
  const valid = c.Killed + c.Timeout + c.Survived + c.NoCoverage;
  return valid === 0 ? '—' : `${((100 * (c.Killed + c.Timeout)) / valid).toFixed(1)} %`;
};
const total = { mutants: 0, Ignored: 0, Killed: 0, Timeout: 0, Survived: 0, NoCoverage: 0, other: 0 };
console.log('file\tmutants\tignored\tkilled\ttimeout\tsurvived\tno coverage\tother\tscore');
for (const [name, c] of [...byFile].sort()) {
  for (const key of Object.keys(total)) total[key] += c[key];
  console.log(`${name}\t${c.mutants}\t${c.Ignored}\t${c.Killed}\t${c.Timeout}\t${c.Survived}\t${c.NoCoverage}\t${c.other}\t${score(c)}`);
}
console.log(`total\t${total.mutants}\t${total.Ignored}\t${total.Killed}\t${total.Timeout}\t${total.Survived}\t${total.NoCoverage}\t${total.other}\t${score(total)}`);
