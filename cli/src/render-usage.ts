// The help text and choices of `stamp render`, apart from the renderer so that other commands need not load it.

export const renderThemes = ['light', 'dark'] as const;
export const renderViews = ['topology', 'services', 'replication'] as const;

export const renderUsage = `Usage: stamp render <file> -o <out.svg|out.png> [--view topology|services|replication] [--theme light|dark]

Draws one view of the preview's diagram to an SVG or PNG file, with a title and a legend: the
topology (storage, clusters, hosts, VMs), the services (entry points, load balancers, SPF, WAP,
VMM, databases, availability groups and the VMs under them) or replication/DR (replication pairs,
brokers, recovery-plan groups). Problems found by the rules are marked on the elements, with the
severities of the nearest stamp.config.json.

Options:
  -o, --output <path>     The file to write; its extension (.svg or .png) picks the format.
  --view <name>           topology, services or replication (default: topology).
  --theme <light|dark>    Colours of the drawing (default: light).
  --scale <n>             PNG only: pixels per SVG unit, from 0.1 to 8 (default: 1.5).
  -h, --help              Show this help.`;
