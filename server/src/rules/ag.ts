// AG rules of the catalog (rules.md 2.1): availability groups, their replicas, databases and the logins they need.
import type { Fix } from '../../../grammar/src/diagnostic.js';
import type { Element } from '../../../grammar/src/elements.js';
import { childrenOf, prop } from '../../../grammar/src/elements.js';
import { insertStatement, nameText, setProperty } from '../../../grammar/src/edits.js';
import { componentLabel, type AvailabilityGroup, type RequiredLogin, type SqlInstance } from '../../../grammar/src/model.js';
import { links, type PropertyKeyword } from '../../../grammar/src/schema.js';
import { versionAtLeast } from '../../../grammar/src/model.js';
import { blockIsOneLine, childIndentation, joinNames, removeStatement, setProperties, siblingsUseOneLineBlocks, statementWithBlock } from './fix-text.js';
import { sqlAvailabilityGroupLimits, wapDatabases } from './limits.js';
import { loginOn, missingLoginFix, missingLoginFixAll, missingLoginsOf, referenceLogin, replicaInstances } from './logins.js';
import { defineRule, type Rule } from './rule.js';
import { declareReads, memoryFacts, reading } from './reads.js';

/** Who uses a required login, for "{component} will fail to log in". */
function usersOf(required: RequiredLogin): string {
  const components = required.usedBy.filter((use) => !use.startsWith('database '));
  if (components.length > 0) return joinNames(components);
  return `users of ${joinNames(required.usedBy)}`;
}

/** The group's lowest SQL Server version; called only where its limits are known, so the version is. */
const versionText = (ag: AvailabilityGroup): string => ag.lowestVersion!.text;

// What this family reads (rules/reads.ts): after an edit that changes only values, its rules run again only
// when one of these changed, the memory of VMs and hosts excepted (no rule here reads it).
const agReads = reading(['availability_group', 'sql', 'cluster', 'domain', 'vm', 'host', 'vmm', 'spf', 'wap', 'app', 'nlb', 'load_balancer'], [...memoryFacts]);

export const agRules: Rule[] = declareReads(agReads, [
  defineRule({
    id: 'AG001', family: 'AG', severity: 'error', seed: 'S',
    title: 'Availability databases need the FULL recovery model',
    explanation:
      'An availability group keeps its secondaries current by shipping transaction-log records, so every availability database needs an unbroken log chain. The SIMPLE and BULK_LOGGED recovery models break that chain, and the Add Database wizard refuses such a database.\n\n' +
      'Switch the database to FULL, then take a new full backup: the log chain starts there (see AG002).',
    fix: 'Sets `recovery full` on the database.',
    sources: [
      { label: 'seed 000 ("verify that the recovery model is set to Full")' },
      { label: 'seed 001 ("change the recovery model of all five databases to full")' },
      { label: 'Prerequisites, restrictions and recommendations for Always On availability groups', url: links.agPrereqs },
    ],
    check(model, report) {
      for (const ag of model.availabilityGroups) {
        for (const database of ag.databases) {
          if (database.recovery === undefined || database.recovery === 'full') continue;
          const recovery = prop(database.element, 'recovery')!;
          report({
            element: database.element, span: { start: recovery.statement.start, end: recovery.statement.end },
            message: `Database '${database.name}' uses the ${database.recovery.toUpperCase()} recovery model; databases in availability group '${ag.name}' must use FULL.`,
            fixes: [{ title: `Set recovery full on '${database.name}'`, edits: [setProperty(model.texts, database.element, 'recovery', 'full')], preferred: true }],
          });
        }
      }
    },
  }),
  defineRule({
    id: 'AG002', family: 'AG', severity: 'error', seed: 'S',
    title: 'Availability databases need a full backup',
    explanation:
      'A database can join an availability group only after it has at least one full backup. Switching to the FULL recovery model starts a new log chain, and that chain also begins with a full backup.\n\n' +
      'The same backup, restored WITH NORECOVERY, usually seeds the copy on each secondary replica.',
    fix: 'Sets `backup full` on the database.',
    sources: [
      { label: 'seed 000 ("After performing a backup of the database…")' },
      { label: 'seed 001 ("make a backup of all five databases")' },
      { label: 'Prerequisites, restrictions and recommendations for Always On availability groups', url: links.agPrereqs },
    ],
    check(model, report) {
      for (const ag of model.availabilityGroups) {
        for (const database of ag.databases) {
          // An absent `backup` is unknown, not "no backup": only a written `backup none` is reported.
          if (database.backup !== 'none') continue;
          const backup = prop(database.element, 'backup')!;
          report({
            element: database.element, span: { start: backup.statement.start, end: backup.statement.end },
            message: `Database '${database.name}' has no full backup; take one before adding it to '${ag.name}'.`,
            fixes: [{ title: `Set backup full on '${database.name}'`, edits: [setProperty(model.texts, database.element, 'backup', 'full')], preferred: true }],
          });
        }
      }
    },
  }),
  defineRule({
    id: 'AG003', family: 'AG', severity: 'error', seed: 'S',
    title: 'Every replica needs the logins the availability group is used through',
    explanation:
      'An availability group replicates the contents of its user databases, not server-level objects such as logins, Agent jobs or server roles. Every instance that can become primary therefore needs the same logins, or the applications that use them cannot log in after a failover.\n\n' +
      'The logins needed are those listed on the group\'s databases (`logins`) and the credentials of the components that connect to the group: the SPF, VMM and application service accounts and the WAP SQL login. Users of contained databases need no server login.\n\n' +
      'A domain login only has to be created, because its SID comes from Active Directory. A SQL login must be copied with its original SID and password hash (see AG004).',
    fix: 'Adds the login to the replica\'s `sql` block, copying its type, SID and password from the instance that has it (what running the `sp_help_revlogin` output does); a second fix adds every missing login of the group to every replica.',
    sources: [
      { label: 'seed 000 ("SQL2 does not have a login for … SVC_SPF")' },
      { label: 'seed 001 ("Availability Groups replicates databases but not user accounts")' },
      { label: 'Management of logins and jobs for the databases of an availability group', url: links.agLogins },
    ],
    check(model, report) {
      for (const ag of model.availabilityGroups) {
        const missing = missingLoginsOf(ag);
        // Stryker disable next-line ConditionalExpression: equivalent: with nothing missing the loop below reports nothing (this only skips building the fix)
        if (missing.length === 0) continue;
        const all = missingLoginFixAll(model, ag);
        for (const item of missing) {
          const name = item.source?.name ?? item.required.name;
          const message = item.source
            ? `Login '${name}' exists on ${item.source.sql.name} but not on replica ${item.instance.name}; ${usersOf(item.required)} will fail to log in after failover.`
            : `Login '${name}' exists on no replica of '${ag.name}', including ${item.instance.name}; ${usersOf(item.required)} will fail to log in after failover.`;
          const fixes = [missingLoginFix(model, item)];
          if (all && missing.length > 1) fixes.push(all);
          report({
            element: item.instance.element, message, fixes, subject: ag.element.key,
            related: item.source ? [{ uri: item.source.element.uri, start: item.source.element.statement.start, end: item.source.element.statement.end, message: `Login '${name}' on ${item.source.sql.name}` }] : undefined,
          });
        }
      }
    },
  }),
  defineRule({
    id: 'AG004', family: 'AG', severity: 'error', seed: 'S',
    title: 'SQL logins must have the same SID and password on every replica',
    explanation:
      'A SQL login is identified by a SID generated when the login is created. Re-creating the login by hand on another instance produces a new SID and an unknown password: the database user stays mapped to the old SID, and log-ins fail after a failover. In seed 001 this surfaced as authentication errors on the WAP admin site.\n\n' +
      'Transfer SQL logins with `sp_help_revlogin` (KB 918992), which scripts them with their original SID and hashed password. In a `.stamp` file, equal `sid` and `password` tokens mean the same SID and password.',
    fix: 'Copies `sid` and `password` of the login from the initial primary (what running the `sp_help_revlogin` output on the replica does).',
    sources: [
      { label: 'seed 001 (KB 918992, EXEC sp_help_revlogin)' },
      { label: 'Transfer logins and passwords between instances of SQL Server', url: links.revlogin },
    ],
    check(model, report) {
      const reported = new Set<Element>();
      for (const ag of model.availabilityGroups) {
        // Every login name of the replicas: a name whose reference login is not a SQL login is skipped below.
        const keys = new Set(replicaInstances(ag).flatMap((instance) => instance.logins.map((login) => login.key)));
        for (const key of keys) {
          const reference = referenceLogin(ag, key);
          if (!reference || reference.type !== 'sql') continue;
          for (const instance of replicaInstances(ag)) {
            const login = loginOn(instance, key);
            if (!login || login.type !== 'sql' || reported.has(login.element)) continue;
            // Stryker disable next-line ConditionalExpression: equivalent: the reference compared with itself differs in nothing
            if (login === reference) continue;
            // Tokens that are not written are unknown: only two written, different tokens are a mismatch.
            const sidDiffers = reference.sid !== undefined && login.sid !== undefined && reference.sid !== login.sid;
            const passwordDiffers = reference.password !== undefined && login.password !== undefined && reference.password !== login.password;
            if (!sidDiffers && !passwordDiffers) continue;
            reported.add(login.element);
            const values: Array<[PropertyKeyword, string]> = [];
            if (reference.sid !== undefined) values.push(['sid', nameText(reference.sid)]);
            if (reference.password !== undefined) values.push(['password', nameText(reference.password)]);
            report({
              element: login.element,
              message: `SQL login '${login.name}' on ${instance.name} has a different SID or password than on ${reference.sql.name}; its database users become orphaned after failover.`,
              related: [{ uri: reference.element.uri, start: reference.element.statement.start, end: reference.element.statement.end, message: `Login '${reference.name}' on ${reference.sql.name}` }],
              fixes: [{ title: `Copy sid and password of '${login.name}' from ${reference.sql.name} to ${instance.name}`, edits: setProperties(model.texts, login.element, values), preferred: true }],
            });
          }
        }
      }
    },
  }),
  defineRule({
    id: 'AG005', family: 'AG', severity: 'error', seed: '—',
    title: 'Each replica needs its own instance on its own node of the group\'s cluster',
    explanation:
      'Each replica of an availability group must be hosted by a different SQL Server instance, on a different node of one and the same failover cluster. An instance can host only one replica of a group, although it can host replicas of many groups.\n\n' +
      'Straddling two clusters is allowed only temporarily, while migrating to a new cluster. Two VMs on one physical host still count as two nodes; HV005 reports that risk.',
    sources: [
      { label: 'Prerequisites, restrictions and recommendations for Always On availability groups', url: links.agPrereqs },
      { label: 'Overview of Always On availability groups', url: links.agOverview },
    ],
    check(model, report) {
      for (const ag of model.availabilityGroups) {
        const seen: Array<{ name: string; instance: SqlInstance }> = [];
        for (const replica of ag.replicas) {
          const instance = replica.instance;
          if (!instance) continue;
          const name = replica.element.name;
          const sameInstance = seen.find((other) => other.instance === instance);
          const sameNode = instance.machine ? seen.find((other) => other.instance.machine === instance.machine) : undefined;
          if (sameInstance) {
            report({ element: replica.element, message: `Replicas ${sameInstance.name} and ${name} of '${ag.name}' share instance ${instance.name}.` });
          } else if (sameNode && instance.machine) {
            report({ element: replica.element, message: `Replicas ${sameNode.name} and ${name} of '${ag.name}' share node ${instance.machine.name}.` });
          } else if (ag.cluster && instance.machine && !ag.cluster.nodes.includes(instance.machine)) {
            report({ element: replica.element, message: `Replica ${name} runs on ${instance.machine.name}, which is not a node of cluster ${ag.cluster.name}.` });
          }
          seen.push({ name, instance });
        }
      }
    },
  }),
  defineRule({
    id: 'AG006', family: 'AG', severity: 'error', seed: '—',
    title: 'Too many replicas for the SQL Server version',
    explanation:
      'SQL Server 2012 supports one primary replica and up to four secondary replicas. SQL Server 2014 raised the limit to eight secondaries.\n\n' +
      'The lowest SQL Server version among the replicas decides.',
    sources: [
      { label: 'SQL Server 2012: Overview of AlwaysOn Availability Groups (1 to 4 secondaries)', url: 'https://learn.microsoft.com/previous-versions/sql/sql-server-2012/ff877884(v=sql.110)' },
      { label: 'SQL Server 2014 What\'s New ("maximum number of secondary replicas is increased from 4 to 8")' },
    ],
    check(model, report) {
      for (const ag of model.availabilityGroups) {
        const limits = sqlAvailabilityGroupLimits(ag.lowestVersion);
        if (!limits || ag.replicas.length <= limits.maxReplicas) continue;
        report({
          element: ag.element,
          message: `'${ag.name}' has ${ag.replicas.length} replicas; SQL Server ${versionText(ag)} allows at most ${limits.maxReplicas} (1 primary + ${limits.maxReplicas - 1} secondaries).`,
        });
      }
    },
  }),
  defineRule({
    id: 'AG007', family: 'AG', severity: 'error', seed: '—',
    title: 'Too many synchronous-commit replicas for the SQL Server version',
    explanation:
      'In synchronous-commit mode the primary waits for each synchronous secondary to harden the log before it acknowledges a commit. Up to SQL Server 2017 at most three replicas (the primary plus two secondaries) can be synchronous; SQL Server 2019 raised this to five.\n\n' +
      'Further replicas must be asynchronous, which suits disaster-recovery and read-only copies.',
    fix: 'Sets `commit asynchronous` on the last-declared synchronous secondary (preferring one with manual failover, and setting `failover manual` when it was automatic).',
    sources: [
      { label: 'Prerequisites ("up to three of them can run under synchronous-commit mode")', url: links.agPrereqs },
      { label: 'Availability modes (SQL Server 2019: "5, up from 3")', url: links.agModes },
    ],
    check(model, report) {
      for (const ag of model.availabilityGroups) {
        const limits = sqlAvailabilityGroupLimits(ag.lowestVersion);
        const synchronous = ag.replicas.filter((replica) => replica.commit === 'synchronous');
        if (!limits || synchronous.length <= limits.maxSynchronousReplicas) continue;
        const secondaries = synchronous.filter((replica) => replica !== ag.primary).reverse();
        const target = secondaries.find((replica) => replica.failover === 'manual') ?? secondaries[0];
        const fixes: Fix[] = [];
        // Stryker disable next-line ConditionalExpression: equivalent: over the limit (at least 3) at least one synchronous replica is a secondary
        if (target) {
          const values: Array<[PropertyKeyword, string]> = [['commit', 'asynchronous']];
          if (target.failover === 'automatic') values.push(['failover', 'manual']);
          fixes.push({ title: `Set commit asynchronous on replica ${target.element.name}`, edits: setProperties(model.texts, target.element, values), preferred: true });
        }
        report({
          element: ag.element, fixes,
          message: `'${ag.name}' has ${synchronous.length} synchronous-commit replicas; SQL Server ${versionText(ag)} allows ${limits.maxSynchronousReplicas} (including the primary).`,
        });
      }
    },
  }),
  defineRule({
    id: 'AG008', family: 'AG', severity: 'error', seed: '—',
    title: 'Automatic failover needs synchronous commit',
    explanation:
      'Automatic failover, like planned manual failover, loses no data only because its target is a synchronized synchronous-commit replica. An asynchronous replica is never synchronized: it supports only forced failover, with possible data loss, and its failover mode is always manual.',
    fix: 'Sets `failover manual` on the replica, or `commit synchronous` when the synchronous-replica limit (AG007) allows it.',
    sources: [{ label: 'Failover and failover modes (Always On availability groups)', url: links.agFailover }],
    check(model, report) {
      for (const ag of model.availabilityGroups) {
        const limits = sqlAvailabilityGroupLimits(ag.lowestVersion);
        const synchronousCount = ag.replicas.filter((replica) => replica.commit === 'synchronous').length;
        for (const replica of ag.replicas) {
          if (replica.failover !== 'automatic' || replica.commit !== 'asynchronous') continue;
          const name = replica.element.name;
          const fixes: Fix[] = [{ title: `Set failover manual on replica ${name}`, edits: [setProperty(model.texts, replica.element, 'failover', 'manual')], preferred: true }];
          if (limits && synchronousCount + 1 <= limits.maxSynchronousReplicas) {
            fixes.push({ title: `Set commit synchronous on replica ${name}`, edits: [setProperty(model.texts, replica.element, 'commit', 'synchronous')] });
          }
          report({
            element: replica.element, fixes,
            message: `Replica ${name} is asynchronous-commit but has failover mode automatic; automatic failover requires synchronous commit.`,
          });
        }
      }
    },
  }),
  defineRule({
    id: 'AG009', family: 'AG', severity: 'error', seed: '—',
    title: 'The automatic-failover set has the wrong size',
    explanation:
      'Automatic failover happens only inside the automatic-failover set: the current primary plus secondaries that are synchronous and have failover mode automatic. If only one replica is automatic (for example the primary is left manual), no automatic failover can ever happen.\n\n' +
      'The set was a pair on SQL Server 2012 and 2014 and grew to three replicas in 2016. For 2019 and later Microsoft documents five synchronous replicas with automatic failover within the group.',
    fix: 'When only one secondary is automatic, sets `failover automatic` on the initial primary.',
    sources: [
      { label: 'Failover and failover modes (Always On availability groups)', url: links.agFailover },
      { label: 'SQL Server 2016 What\'s New ("increased from two to three")' },
      { label: 'SQL Server 2019 What\'s New' },
    ],
    check(model, report) {
      for (const ag of model.availabilityGroups) {
        const automatic = ag.replicas.filter((replica) => replica.failover === 'automatic');
        const limits = sqlAvailabilityGroupLimits(ag.lowestVersion);
        const tooMany = limits !== undefined && automatic.length > limits.maxAutomaticFailoverReplicas;
        if (automatic.length !== 1 && !tooMany) continue;
        const limitText = limits ? `, and SQL Server ${versionText(ag)} allows at most ${limits.maxAutomaticFailoverReplicas}` : '';
        const fixes: Fix[] = [];
        const primary = ag.primary;
        if (automatic.length === 1 && primary && !automatic.includes(primary) && primary.commit !== 'asynchronous') {
          fixes.push({ title: `Set failover automatic on the initial primary ${primary.element.name}`, edits: [setProperty(model.texts, primary.element, 'failover', 'automatic')], preferred: true });
        }
        report({
          element: ag.element, fixes,
          message: `'${ag.name}' declares automatic failover on ${automatic.length} replica(s); automatic failover needs the primary plus at least one secondary${limitText}.`,
        });
      }
    },
  }),
  defineRule({
    id: 'AG010', family: 'AG', severity: 'error', seed: '—',
    title: 'No replica on a domain controller',
    explanation:
      'Microsoft\'s availability-group prerequisites require that no computer hosting a replica is a domain controller. Keep the domain controllers on dedicated VMs (see DC001–DC003).',
    sources: [{ label: 'Prerequisites ("Ensure that the system is not a domain controller")', url: links.agPrereqs }],
    check(model, report) {
      for (const instance of model.sqlInstances) {
        const machine = instance.machine;
        if (!machine || instance.replicaOf.length === 0 || !model.domainControllers.has(machine)) continue;
        // Stryker disable next-line OptionalChaining: equivalent: an instance with a machine was written with it
        const value = instance.element.header.machine?.[0];
        report({
          element: instance.element, span: value ? { start: value.start, end: value.end } : undefined,
          message: `${machine.name} is a domain controller; availability groups are not supported on domain controllers.`,
        });
      }
    },
  }),
  defineRule({
    id: 'AG011', family: 'AG', severity: 'error', seed: '—',
    title: 'The database cannot join an availability group',
    explanation:
      'Only online, read-write, multi-user user databases can join an availability group, and only when they are not already in another availability group (or in database mirroring).\n\n' +
      'The system databases (master, msdb, model, tempdb) and databases with AUTO_CLOSE enabled are rejected.',
    fix: 'Turns AUTO_CLOSE off when that is the only reason; otherwise removes the database from the group.',
    sources: [{ label: 'Prerequisites ("Availability database prerequisites and restrictions")', url: links.agPrereqs }],
    check(model, report) {
      // The groups holding a database of each name, in model order, and each group's instances, computed once.
      const groupsWith = new Map<string, AvailabilityGroup[]>();
      const instancesOf = new Map<AvailabilityGroup, SqlInstance[]>();
      for (const ag of model.availabilityGroups) {
        instancesOf.set(ag, replicaInstances(ag));
        for (const database of ag.databases) {
          const list = groupsWith.get(database.key);
          if (!list) groupsWith.set(database.key, [ag]);
          else list.push(ag);
        }
      }
      // For each name, the first group before each group that holds it on a shared instance (the same name in another
      // group is the same database only when the two groups share an instance): one pass over the holders in order,
      // remembering the first holder on each instance, instead of a search of the earlier holders per group.
      const earlierHolder = new Map<string, Map<AvailabilityGroup, AvailabilityGroup | undefined>>();
      for (const [key, holders] of groupsWith) {
        const firstOn = new Map<SqlInstance, number>();
        const earlier = new Map<AvailabilityGroup, AvailabilityGroup | undefined>();
        holders.forEach((holder, index) => {
          if (earlier.has(holder)) return;
          let first: number | undefined;
          for (const instance of instancesOf.get(holder)!) {
            const at = firstOn.get(instance);
            if (at === undefined) continue;
            first = first === undefined ? at : Math.min(first, at);
          }
          // Stryker disable next-line ConditionalExpression: equivalent: `holders[undefined]` is undefined too
          earlier.set(holder, first === undefined ? undefined : holders[first]);
          for (const instance of instancesOf.get(holder)!) if (!firstOn.has(instance)) firstOn.set(instance, index);
        });
        earlierHolder.set(key, earlier);
      }
      for (const ag of model.availabilityGroups) {
        for (const database of ag.databases) {
          const reasons: string[] = [];
          if (database.system) reasons.push('it is a system database');
          if (database.readOnly) reasons.push('it is read-only');
          if (database.autoClose) reasons.push('AUTO_CLOSE is on');
          const earlier = earlierHolder.get(database.key)!.get(ag);
          if (earlier) reasons.push(`it is already in availability group '${earlier.name}'`);
          if (reasons.length === 0) continue;
          const onlyAutoClose = reasons.length === 1 && database.autoClose;
          const fix: Fix = onlyAutoClose
            ? { title: `Turn AUTO_CLOSE off on '${database.name}'`, edits: [setProperty(model.texts, database.element, 'auto_close', 'no')], preferred: true }
            : { title: `Remove '${database.name}' from '${ag.name}'`, edits: [removeStatement(model.texts, database.element)] };
          report({ element: database.element, message: `Database '${database.name}' cannot join '${ag.name}': ${joinNames(reasons)}.`, fixes: [fix] });
        }
      }
    },
  }),
  defineRule({
    id: 'AG012', family: 'AG', severity: 'error', seed: 'S',
    title: 'A component database on the availability group must be an availability database',
    explanation:
      'Pointing a component at the listener protects only the databases that belong to the availability group. Any other database stays on the instance where it was created, and becomes unreachable or stale after a failover.\n\n' +
      'The seeds add each new database to the group (SCSPFDB, then the WAP databases) and test a failover before installing the second server.',
    fix: 'Adds the database to the availability group with `recovery full` and `backup full`.',
    sources: [
      { label: 'seed 000 ("Add the SPF database to the Availability Group")' },
      { label: 'seed 001' },
      { label: 'seed 002 ("put the System Center databases – as well as WAP databases onto this database cluster")' },
      { label: 'Prerequisites, restrictions and recommendations for Always On availability groups', url: links.agPrereqs },
    ],
    check(model, report) {
      const wapKeys = new Set(wapDatabases.map((name) => name.toLowerCase()));
      for (const component of model.components) {
        const ag = component.database?.ag;
        if (!ag) continue;
        for (const value of component.databases) {
          const key = value.text.toLowerCase();
          if (wapKeys.has(key) || ag.databases.some((database) => database.key === key)) continue;
          const siblings = childrenOf(ag.element, 'database');
          const oneLine = blockIsOneLine(model.texts, ag.element) || siblingsUseOneLineBlocks(model.texts, siblings);
          // Stryker disable next-line StringLiteral: equivalent: a statement for a one-line block is written on one line, without indentation
          const indentation = blockIsOneLine(model.texts, ag.element) ? '' : childIndentation(model.texts, ag.element);
          const statement = statementWithBlock(`database ${nameText(value.text)}`, ['recovery full', 'backup full', `owner ${component.kind}`], oneLine, indentation);
          report({
            element: component.element, span: { start: value.start, end: value.end },
            message: `Database '${value.text}' of ${componentLabel(component)} lives on the AG-backed server but is not an availability database; it will not fail over with '${ag.name}'.`,
            fixes: [{ title: `Add '${value.text}' to availability group ${ag.name} (recovery full, backup full)`, edits: [insertStatement(model.texts, ag.element, statement)], preferred: true }],
          });
        }
      }
    },
  }),
  defineRule({
    id: 'AG013', family: 'AG', severity: 'error', seed: '—',
    title: 'Standard edition in an availability group beyond a Basic group',
    explanation: [
      'SQL Server Standard edition hosts only Basic availability groups, from SQL Server 2016: two replicas (a primary and one secondary), one availability database, and no read access on the secondary. Anything larger needs Enterprise edition on every replica, and a Basic group cannot be upgraded in place: it is dropped and re-created as an advanced group.',
      'A Basic group runs on Standard edition servers only, so its replicas must not mix editions. Before SQL Server 2016, Standard edition has no availability groups at all.',
      'Where a group is not declared `basic`, the Standard replica\'s `edition` is the statement reported: the design asks more than that edition gives. In a group declared `basic`, the replica, database or readable setting beyond the Basic limits is reported, and so is a replica of another edition.',
    ].join('\n\n'),
    fix: 'Sets `readable no` on a readable replica of a Basic group; on a Standard replica of an advanced group, sets `edition Enterprise`.',
    sources: [
      { label: 'Basic Always On availability groups for a single database', url: links.basicAg },
      { label: 'Prerequisites, restrictions and recommendations for Always On availability groups', url: links.agPrereqs },
    ],
    check(model, report) {
      const isStandard = (instance: SqlInstance): boolean => instance.edition !== undefined && /^standard\b/i.test(instance.edition.trim());
      const editionSpan = (instance: SqlInstance) => {
        const written = prop(instance.element, 'edition')!;
        return { start: written.statement.start, end: written.statement.end };
      };
      const before2016 = (instance: SqlInstance): boolean => instance.version !== undefined && !versionAtLeast(instance.version, 'sql', '2016');
      for (const ag of model.availabilityGroups) {
        const instances = replicaInstances(ag);
        const standard = instances.filter(isStandard);
        const others = instances.filter((instance) => instance.edition !== undefined && !isStandard(instance));
        const readable = ag.replicas.filter((replica) => replica.readable !== 'no');
        for (const instance of standard.filter(before2016)) {
          report({
            element: instance.element, span: editionSpan(instance),
            message: `${instance.name} runs SQL Server ${instance.version!.text} Standard edition, which has no availability groups; '${ag.name}' needs Enterprise edition, or SQL Server 2016 or later for a Basic group.`,
          });
        }
        if (ag.basic) {
          ag.replicas.slice(2).forEach((replica) => report({
            element: replica.element,
            message: `Basic availability group '${ag.name}' has ${ag.replicas.length} replicas; a Basic group has exactly two (a primary and one secondary).`,
          }));
          ag.databases.slice(1).forEach((database) => report({
            element: database.element,
            message: `Basic availability group '${ag.name}' has ${ag.databases.length} databases; a Basic group holds one.`,
          }));
          for (const replica of readable) {
            const written = prop(replica.element, 'readable')!;
            report({
              element: replica.element, span: { start: written.statement.start, end: written.statement.end },
              message: `Replica ${replica.instance?.name ?? replica.element.name} of Basic availability group '${ag.name}' is readable; a Basic group has no read access on the secondary.`,
              fixes: [{ title: `Set readable no on replica ${replica.element.name}`, preferred: true, edits: [setProperty(model.texts, replica.element, 'readable', 'no')] }],
            });
          }
          for (const instance of others) {
            report({
              element: instance.element, span: editionSpan(instance),
              message: `${instance.name} runs ${instance.edition} edition; Basic availability group '${ag.name}' runs on Standard edition servers only.`,
            });
          }
          continue;
        }
        // Stryker disable next-line ConditionalExpression: equivalent: without a Standard replica the loop below reports nothing
        if (standard.length === 0) continue;
        const reasons: string[] = [];
        if (ag.replicas.length > 2) reasons.push(`${ag.replicas.length} replicas`);
        if (ag.databases.length > 1) reasons.push(`${ag.databases.length} databases`);
        if (readable.length > 0) reasons.push(`a readable secondary (${joinNames(readable.map((replica) => replica.instance?.name ?? replica.element.name))})`);
        if (others.length > 0) reasons.push(`replicas on ${joinNames(others.map((instance) => `${instance.name} (${instance.edition})`))}`);
        if (reasons.length === 0) continue;
        for (const instance of standard) {
          if (before2016(instance)) continue;
          report({
            element: instance.element, span: editionSpan(instance),
            message: `${instance.name} runs Standard edition, which hosts only Basic availability groups (2 replicas, 1 database, no readable secondary); '${ag.name}' has ${joinNames(reasons)}.`,
            fixes: [{ title: `Use Enterprise edition on ${instance.name}`, edits: [setProperty(model.texts, instance.element, 'edition', 'Enterprise')] }],
          });
        }
      }
    },
  }),
]);
