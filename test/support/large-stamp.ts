// A generated stamp of at least `count` lines: Hyper-V clusters of two hosts and eight VMs each, with SQL and replication.
export function largeStamp(count: number): string {
  const lines: string[] = ['san SAN1 { protocol iscsi }'];
  for (let cluster = 1; lines.length < count; cluster++) {
    const hosts = [1, 2].map((host) => `C${cluster}H${host}`);
    for (const host of hosts) lines.push(`host ${host} { os 2016 }`);
    lines.push(`cluster C${cluster} { kind hyperv; nodes ${hosts.join(', ')}; csv V${cluster} { san SAN1 } }`);
    for (let vm = 1; vm <= 8; vm++) lines.push(`vm C${cluster}VM${vm} on C${cluster} { memory 4GB; storage csv V${cluster} }`);
    lines.push(`sql on C${cluster}VM1 { version 2016 }`);
    lines.push(`replication C${cluster}VM2 to C${cluster + 1}H1 { frequency 5m }`);
  }
  return lines.join('\n');
}
