// SQL rules of the catalog (rules.md 2.3): SQL Server instances and the credentials components log in with.
import type { Fix } from '../../../grammar/src/diagnostic.js';
import type { Element } from '../../../grammar/src/elements.js';
import { childrenOf } from '../../../grammar/src/elements.js';
import { appendToList, insertStatement, nameText, setProperty } from '../../../grammar/src/edits.js';
import { componentLabel, type Component, type SqlInstance, type Wap } from '../../../grammar/src/model.js';
import { links } from '../../../grammar/src/schema.js';
import { wapDatabases } from './limits.js';
import { loginOn, replicaInstances } from './logins.js';
import { blockIsOneLine, childIndentation, joinNames, siblingsUseOneLineBlocks, statementWithBlock } from './fix-text.js';
import { defineRule, type Rule } from './rule.js';
import { declareReads, memoryFacts, reading } from './reads.js';

/** The instances a component's database server stands for: every replica of its group, or the one instance it names. */
function instancesBehind(component: Component): SqlInstance[] {
  const target = component.database;
  if (target?.ag) return replicaInstances(target.ag);
  // Stryker disable next-line ArrayDeclaration: equivalent as a stray entry for no instance: every reader looks instances up from the model's own list, and one entry is too few for SQL003 to compare (the mark also covers the killed emptied `[target.instance]`)
  return target?.instance ? [target.instance] : [];
}

/** The instance a component's setup runs against: the group's initial primary, or the instance it names. */
function setupInstance(component: Component): SqlInstance | undefined {
  const target = component.database;
  if (target?.ag) return target.ag.primary?.instance;
  return target?.instance;
}

const isWapDatabase = (database: { owner?: string; key: string }): boolean =>
  database.owner === 'wap' || wapDatabases.some((name) => name.toLowerCase() === database.key);

/** The element holding a credential's password on one instance: the `sa` block, or the login. */
function credentialOn(instance: SqlInstance, key: string): { element: Element; password?: string } | undefined {
  if (key === 'sa') return instance.sa.element ? { element: instance.sa.element, password: instance.sa.password } : undefined;
  const login = loginOn(instance, key);
  return login ? { element: login.element, password: login.password } : undefined;
}

// What this family reads (rules/reads.ts): after an edit that changes only values, its rules run again only
// when one of these changed, the memory of VMs and hosts excepted (no rule here reads it).
const sqlReads = reading(['availability_group', 'sql', 'vmm', 'spf', 'wap', 'app', 'cluster', 'vm', 'host', 'domain'], [...memoryFacts]);

export const sqlRules: Rule[] = declareReads(sqlReads, [
  defineRule({
    id: 'SQL001', family: 'SQL', severity: 'error', seed: 'S',
    title: 'Windows Azure Pack needs mixed authentication',
    explanation:
      'The Windows Azure Pack configuration wizard connects with SQL Server authentication and creates SQL logins for its own services. Enable mixed mode (SQL Server and Windows authentication) on every replica before installing WAP.\n\n' +
      'Changing the authentication mode takes effect only after the SQL Server service restarts.',
    fix: 'Sets `auth mixed` on the instance.',
    sources: [
      { label: 'seed 001 ("requires SQL Server authentication in mixed mode … Repeat these steps on SQL2")' },
      { label: 'Windows Azure Pack: SQL Server requirements ("You must enable SQL authentication")', url: links.wapSql },
    ],
    check(model, report) {
      const needsMixed = new Set<SqlInstance>();
      for (const ag of model.availabilityGroups) {
        if (ag.databases.some(isWapDatabase)) for (const instance of replicaInstances(ag)) needsMixed.add(instance);
      }
      for (const wap of model.waps) for (const instance of instancesBehind(wap)) needsMixed.add(instance);
      for (const instance of model.sqlInstances) {
        if (!needsMixed.has(instance) || instance.auth === 'mixed') continue;
        report({
          element: instance.element,
          message: `Instance ${instance.name} uses Windows authentication only; Windows Azure Pack requires SQL Server and Windows (mixed) authentication.`,
          fixes: [{ title: `Set auth mixed on ${instance.name}`, edits: [setProperty(model.texts, instance.element, 'auth', 'mixed')], preferred: true }],
        });
      }
    },
  }),
  defineRule({
    id: 'SQL002', family: 'SQL', severity: 'error', seed: 'S',
    title: 'sa must be enabled where a component logs in as sa',
    explanation:
      'When setup selects Windows authentication, the `sa` login is created disabled, and it stays disabled after you switch to mixed mode. If a component (typically Windows Azure Pack) authenticates as `sa`, enable it with a strong password on every replica (ALTER LOGIN sa ENABLE).\n\n' +
      'The alternative is a dedicated SQL login with sysadmin rights, which avoids exposing the well-known `sa` account.',
    fix: 'Enables `sa` on the instance (`sa enabled`).',
    sources: [
      { label: 'seed 001 ("The System Administrator (SA) account is disabled when you change … Repeat these steps on SQL2")' },
      { label: 'Change server authentication mode', url: links.authMode },
    ],
    check(model, report) {
      // A label is a component (`WAP Portal`) or, with this prefix, a database whose users log in as sa.
      const databaseUsers = 'database users: ';
      const users = new Map<SqlInstance, string[]>();
      const use = (instances: SqlInstance[], label: string): void => {
        for (const instance of instances) {
          const list = users.get(instance) ?? [];
          if (!list.includes(label)) list.push(label);
          users.set(instance, list);
        }
      };
      for (const wap of model.waps) if (wap.sqlLogin?.text.toLowerCase() === 'sa') use(instancesBehind(wap), componentLabel(wap));
      for (const ag of model.availabilityGroups) {
        for (const database of ag.databases) {
          if (!database.contained && database.logins.some((login) => login.text.toLowerCase() === 'sa')) use(replicaInstances(ag), `${databaseUsers}${database.name}`);
        }
      }
      for (const instance of model.sqlInstances) {
        const labels = users.get(instance);
        if (!labels || instance.sa.enabled) continue;
        const components = labels.filter((label) => !label.startsWith(databaseUsers));
        // The components that log in as sa, else (every label is then a database) the users of the databases.
        const databases = labels.map((label) => label.slice(databaseUsers.length));
        const who = components.length > 0
          ? `${joinNames(components)} ${components.length === 1 ? 'authenticates' : 'authenticate'}`
          : `the users of ${databases.length === 1 ? 'database' : 'databases'} ${joinNames(databases)} authenticate`;
        const sa = instance.sa.element;
        // An `sa` block without a state is enabled (not reported), so a reported `sa` always has its state written.
        // Stryker disable next-line OptionalChaining: equivalent: see above
        const state = sa?.header.state?.[0];
        // Stryker disable next-line LogicalOperator: equivalent: see above
        const edit = sa && state
          ? { uri: sa.uri, start: state.start, end: state.end, newText: 'enabled' }
          : insertStatement(model.texts, instance.element, 'sa enabled');
        report({
          element: sa ?? instance.element,
          message: `The sa login is disabled on ${instance.name}, but ${who} as sa.`,
          fixes: [{ title: `Enable sa on ${instance.name}`, edits: [edit], preferred: true }],
        });
      }
    },
  }),
  defineRule({
    id: 'SQL003', family: 'SQL', severity: 'error', seed: 'S',
    title: 'WAP\'s SQL credential must have the same password on every replica',
    explanation:
      'Windows Azure Pack stores one SQL credential for one database server name, the listener. After a failover the same name and password are presented to the new primary, so the login must exist there with the same password.\n\n' +
      'Seed 001: "the SQL account and password should be identical on each SQL Server".',
    fix: 'Copies the password token of the credential from the initial primary.',
    sources: [{ label: 'seed 001 ("the SQL account and password should be identical on each SQL Server")' }],
    check(model, report) {
      const reported = new Set<Element>();
      for (const wap of model.waps as Wap[]) {
        const login = wap.sqlLogin;
        if (!login) continue;
        const key = login.text.toLowerCase();
        const instances = instancesBehind(wap);
        // Stryker disable next-line ConditionalExpression: equivalent: one instance is its own reference
        if (instances.length < 2) continue;
        const primary = setupInstance(wap);
        // Stryker disable next-line MethodExpression,ConditionalExpression: equivalent: the primary listed twice is met first either way
        const ordered = primary ? [primary, ...instances.filter((instance) => instance !== primary)] : instances;
        const reference = ordered.map((instance) => ({ instance, credential: credentialOn(instance, key) })).find((item) => item.credential?.password !== undefined);
        if (!reference) continue;
        for (const instance of instances) {
          const credential = credentialOn(instance, key);
          // Stryker disable next-line ConditionalExpression: equivalent: the reference's password equals itself, so the last test skips it too
          if (instance === reference.instance || !credential || credential.password === undefined || credential.password === reference.credential!.password) continue;
          if (reported.has(credential.element)) continue;
          reported.add(credential.element);
          const password = reference.credential!.password!;
          report({
            element: credential.element,
            message: `The password of '${login.text}' on ${instance.name} differs from ${reference.instance.name}; WAP's SQL credential must be identical on every SQL Server.`,
            related: [{ uri: reference.credential!.element.uri, start: reference.credential!.element.statement.start, end: reference.credential!.element.statement.end, message: `'${login.text}' on ${reference.instance.name}` }],
            fixes: [{ title: `Set the password of '${login.text}' on ${instance.name} to ${password} (as on ${reference.instance.name})`, edits: [setProperty(model.texts, credential.element, 'password', nameText(password))], preferred: true }],
          });
        }
      }
    },
  }),
  defineRule({
    id: 'SQL004', family: 'SQL', severity: 'warning', seed: 'S',
    title: 'The SPF service account needs sysadmin on the primary during setup',
    explanation:
      'SPF setup creates the SCSPFDB database and its objects with the rights of the SPF service account. Seed 000 grants that account the sysadmin role on the instance that is primary during the installation (SQL1), and later creates the same domain login on SQL2 (AG003).',
    fix: 'Adds the `sysadmin` role to the service account\'s login on the primary (creating the login when it is missing).',
    sources: [{ label: 'seed 000 ("Specify the Sysadmin role for the service account … on SQL1")' }],
    check(model, report) {
      for (const spf of model.spfs) {
        const account = spf.serviceAccount;
        const primary = setupInstance(spf);
        if (!account || !primary) continue;
        const login = loginOn(primary, account.text.toLowerCase());
        if (login?.roles.includes('sysadmin')) continue;
        const message = `SPF service account '${account.text}' needs the sysadmin role on ${primary.name}, the primary replica during SPF setup.`;
        let fix: Fix;
        if (login) {
          fix = { title: `Add role sysadmin to login '${login.name}' on ${primary.name}`, edits: [appendToList(model.texts, login.element, 'role', 'sysadmin')], preferred: true };
        } else {
          const instanceOneLine = blockIsOneLine(model.texts, primary.element);
          const oneLine = instanceOneLine || siblingsUseOneLineBlocks(model.texts, childrenOf(primary.element, 'login'));
          // Stryker disable next-line StringLiteral: equivalent: a statement for a one-line block is written on one line, without indentation
          const indentation = instanceOneLine ? '' : childIndentation(model.texts, primary.element);
          const statement = statementWithBlock(`login ${nameText(account.text)}`, ['type windows', 'role sysadmin'], oneLine, indentation);
          fix = { title: `Add login '${account.text}' with role sysadmin to ${primary.name}`, edits: [insertStatement(model.texts, primary.element, statement)], preferred: true };
        }
        report({ element: login?.element ?? primary.element, message, fixes: [fix] });
      }
    },
  }),
]);
