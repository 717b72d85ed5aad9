// A rule that throws: its INTERNAL diagnostic sits on the element it was checking, in that element's file; the rule's
// earlier findings and the other rules' findings stay; listeners (the server's output channel) get the error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../grammar/src/analyze.js';
import { headSpan } from '../grammar/src/edits.js';
import { diagnose } from '../server/src/analysis/diagnose.js';
import { describeError, onRuleFailure, type RuleFailure } from '../server/src/analysis/rule-failure.js';
import { defineRule, type Rule } from '../server/src/rules/rule.js';
import { allRules } from '../server/src/rules/registry.js';

const files = [
  { uri: 'file:///stamp/hosts.stamp', text: 'host HV1 { os 2012R2; nic NIC1 { speed 10Gbps } }\nhost HV2 { os 2012R2 }\n' },
  { uri: 'file:///stamp/vms.stamp', text: 'import "hosts.stamp"\nvm OK1 on HV1 { os 2012R2; nic a { } }\nvm BAD on HV2 { nic first { }; nic second { } }\n' },
];

const meta: Omit<Rule, 'id' | 'check'> = { family: 'HV', severity: 'warning', seed: '—', title: 'test rule', explanation: 'A rule for this test.', sources: [] };

/** Reports every VM, then, on the VM's second adapter, reads a property of something absent (a bug). */
const buggy: Rule = defineRule({
  ...meta, id: 'HV901',
  check(model, report) {
    for (const vm of model.vms) {
      report({ element: vm.element, message: `checked ${vm.name}` });
      for (const [index, nic] of vm.nics.entries()) {
        if (index === 1) (nic.switch as unknown as { name: { length: number } }).name.length;
      }
    }
  },
});
const healthy: Rule = defineRule({ ...meta, id: 'HV902', check(model, report) { for (const host of model.hosts) report({ element: host.element, message: `host ${host.name}` }); } });

function run(rules: Rule[]): { diagnostics: ReturnType<typeof diagnose>; failures: RuleFailure[] } {
  const failures: RuleFailure[] = [];
  const stop = onRuleFailure((failure) => failures.push(failure));
  try {
    return { diagnostics: diagnose(analyze(files), undefined, rules), failures };
  } finally {
    stop();
  }
}

test('the internal error lands on the element being checked, in its own file, with the error message', () => {
  const { diagnostics, failures } = run([buggy, healthy]);
  const internal = diagnostics.filter((diagnostic) => diagnostic.code === 'INTERNAL');
  assert.equal(internal.length, 1);
  const vmsText = files[1].text;
  assert.equal(internal[0].uri, 'file:///stamp/vms.stamp');
  assert.equal(vmsText.slice(internal[0].start, internal[0].end), 'nic second', 'the adapter being read when the rule threw');
  assert.equal(internal[0].severity, 'error');
  assert.match(internal[0].message, /^Internal error: rule HV901 failed while checking nic second: Cannot read properties of undefined \(reading 'name'\)\. This is a bug in Stamp/);
  assert.equal(failures.length, 1);
  assert.equal(failures[0].ruleId, 'HV901');
  assert.equal(failures[0].element?.name, 'second');
  assert.ok(failures[0].error instanceof TypeError);
  assert.match((failures[0].error as Error).stack ?? '', /\n\s+at /);
});

test("the failing rule's findings before the failure and every other rule's findings are kept", () => {
  const { diagnostics } = run([buggy, healthy]);
  const messages = diagnostics.map((diagnostic) => `${diagnostic.code} ${diagnostic.message}`);
  assert.ok(messages.includes('HV901 checked OK1'));
  assert.ok(messages.includes('HV901 checked BAD'));
  assert.ok(messages.includes('HV902 host HV1'));
  assert.ok(messages.includes('HV902 host HV2'));
});

test('a rule that fails only once (not where it is re-run) is still reported, at the start of the first file', () => {
  let calls = 0;
  const flaky = defineRule({ ...meta, id: 'HV903', check() { if (calls++ === 0) throw new RangeError('only the first time'); } });
  const { diagnostics, failures } = run([flaky]);
  const internal = diagnostics.find((diagnostic) => diagnostic.code === 'INTERNAL');
  assert.ok(internal);
  assert.deepEqual([internal.uri, internal.start, internal.end], ['file:///stamp/hosts.stamp', 0, 0]);
  assert.match(internal.message, /rule HV903 failed: only the first time/);
  assert.equal(failures[0].element, undefined);
});

test('the re-run that locates a failure sees the same model: Map lookups, Map iteration and object identity still work', () => {
  const seen: string[] = [];
  const mapUser = defineRule({
    ...meta, id: 'HV904',
    check(model) {
      for (const vm of model.vms) {
        const host = vm.host;
        // Identity of objects reached by two paths, and a Map keyed by elements.
        if (host && model.hostOf.get(host.element) === host && model.vmOf.get(vm.element) === vm) seen.push(vm.name);
        for (const [element, typed] of model.vmOf) if (typed === vm && element === vm.element && vm.name === 'BAD') throw new Error(`stop at ${vm.name}`);
      }
    },
  });
  const { diagnostics } = run([mapUser]);
  const internal = diagnostics.find((diagnostic) => diagnostic.code === 'INTERNAL');
  assert.ok(internal);
  assert.equal(files[1].text.slice(internal.start, internal.end), 'vm BAD on HV2', 'the VM the rule stopped at');
  // Both runs (the real one and the locating one) resolved the same lookups.
  assert.deepEqual(seen, ['OK1', 'BAD', 'OK1', 'BAD']);
});

test('the catalog rules do not fail on any of their own inputs (no INTERNAL diagnostic on the multi-file sample)', () => {
  assert.deepEqual(diagnose(analyze(files), undefined, allRules).filter((diagnostic) => diagnostic.code === 'INTERNAL'), []);
});

/** The text an INTERNAL diagnostic of a run underlines, with its file. */
function internalAt(rule: Rule): string {
  const internal = run([rule]).diagnostics.find((diagnostic) => diagnostic.code === 'INTERNAL');
  assert.ok(internal);
  const text = files.find((file) => file.uri === internal.uri)!.text;
  return `${internal.uri.split('/').pop()} ${JSON.stringify(text.slice(internal.start, internal.end))}`;
}

test('the failure lands on the last element read, also when arrays, Map sizes or Map callbacks were read after it', () => {
  // The VM's element, then its adapters' array (not an element): still on the VM.
  assert.equal(internalAt(defineRule({
    ...meta, id: 'HV906',
    check(model) {
      for (const vm of model.vms) if (vm.name === 'BAD' && vm.nics.length > 0) throw new Error('stop');
    },
  })), 'vms.stamp "vm BAD on HV2"');
  // An element reached through a Map's forEach callback (the callback's arguments are recorded too).
  assert.equal(internalAt(defineRule({
    ...meta, id: 'HV907',
    check(model) {
      model.vmOf.forEach((vm, element) => {
        if (element.name === 'BAD') throw new Error('stop');
      });
    },
  })), 'vms.stamp "vm BAD on HV2"');
  // A Map's size read after the element: a number, as in the first run.
  assert.equal(internalAt(defineRule({
    ...meta, id: 'HV908',
    check(model) {
      for (const host of model.hosts) if (host.name === 'HV2' && model.vmOf.size > 0) throw new Error('stop');
    },
  })), 'hosts.stamp "host HV2"');
  // An element taken from an array and not read further.
  const all = analyze(files).model.index.all;
  const last = all[all.length - 1];
  assert.equal(internalAt(defineRule({
    ...meta, id: 'HV909',
    check(model) {
      const elements = model.index.all;
      if (elements[elements.length - 1]) throw new Error('stop');
    },
  })), `${last.uri.split('/').pop()} ${JSON.stringify(files.find((file) => file.uri === last.uri)!.text.slice(headSpan(last).start, headSpan(last).end))}`);
});

test('a rule that froze part of the model still has its failure placed: the view hands back frozen values as they are', () => {
  // Reading a frozen property through the recording view must give the property's own value (a Proxy rule: anything
  // else throws there, at the first VM); the VM the rule throws on is where the failure lands.
  assert.equal(internalAt(defineRule({
    ...meta, id: 'HV910',
    check(model) {
      for (const vm of model.vms) {
        Object.freeze(vm);
        if (vm.nics.length >= 0 && vm.name === 'BAD') throw new Error('stop');
      }
    },
  })), 'vms.stamp "vm BAD on HV2"');
});

test('a listener that unsubscribed hears no more failures; the log shows the stack, or the name and message without one', () => {
  const heard: string[] = [];
  const stop = onRuleFailure((failure) => heard.push(failure.ruleId));
  stop();
  const { failures } = run([buggy]);
  assert.equal(failures.length, 1);
  assert.deepEqual(heard, []);
  const error = new RangeError('out of range');
  assert.equal(describeError(error), error.stack);
  error.stack = undefined;
  assert.equal(describeError(error), 'RangeError: out of range');
  assert.equal(describeError('a thrown string'), 'a thrown string');
});

test('a rule that works in steps (SPOF001) reports from `check` what its steps report: the locating run of a failure calls `check`', () => {
  const model = analyze([{ uri: 'file:///stamp/spof.stamp', text: 'host HV1\nvm V1 on HV1\nvm V2 on HV1\nvmm VMM { servers V1 }\nspf SPF { servers V2; vmm VMM }\n' }]).model;
  const stepped = allRules.filter((rule) => rule.checkInSteps);
  assert.deepEqual(stepped.map((rule) => rule.id), ['SPOF001']);
  for (const rule of stepped) {
    const seen = (finding: { element: { name: string }; span?: { start: number; end: number }; message: string }): string => `${finding.element.name} ${finding.span?.start}-${finding.span?.end} ${finding.message}`;
    const inSteps: string[] = [];
    for (const step of rule.checkInSteps!(model, (finding) => inSteps.push(seen(finding)))) void step;
    const atOnce: string[] = [];
    rule.check(model, (finding) => atOnce.push(seen(finding)));
    assert.deepEqual(atOnce, inSteps);
    assert.deepEqual(inSteps, [
      'HV1 0-8 Losing HV1 takes down VMM and SPF: HV1 runs V1 and V2.',
      'V1 9-21 Losing V1 takes down VMM and SPF: nothing takes over from V1.',
      'V2 22-34 Losing V2 takes down SPF: nothing takes over from V2.',
    ]);
  }
});
