#Requires -Version 5.1
<#
.SYNOPSIS
    Writes a read-only inventory of a management stamp for `stamp import` and `stamp diff`.

.DESCRIPTION
    Runs the standard read cmdlets and queries (Failover Clustering, Hyper-V, NetAdapter/NetLbfo, NLB, SQL Server,
    DNS, IIS bindings and, where present, VMM) and writes their output with ConvertTo-Json into one file with a
    schemaVersion. It interprets nothing: Stamp reads the file. It changes nothing on any server, installs no
    module, and never reads a password, a password hash or a private key: SQL logins carry their name, type, SID
    and disabled state only.

    Every source is optional: a cmdlet that is not installed or a server that cannot be reached is skipped with a
    warning, which is also written into the file, and its facts stay unknown.

    Works in Windows PowerShell 5.1 and PowerShell 7.

.EXAMPLE
    .\Get-StampInventory.ps1 -ClusterName HVCLUSTER, SQLCLUSTER -SqlInstance SQL1, SQL2 -NlbHost SPF1, Portal1 -WebServer SPF1, SPF2, Portal1, Portal2 -VmmServer VMM01 -SpfServer SPF1, SPF2 -WapServer Portal1, Portal2 -OutFile .\inventory.json
#>
[CmdletBinding()]
param(
    # Failover clusters to read (Hyper-V host clusters and guest clusters). Default: the cluster of this machine, if any.
    [string[]] $ClusterName = @(),
    # Hyper-V hosts to read. Default: the nodes of the clusters read, plus this machine when it runs Hyper-V.
    [string[]] $ComputerName = @(),
    # SQL Server instances (SERVER or SERVER\INSTANCE), read with Windows authentication.
    [string[]] $SqlInstance = @(),
    # One member of each Windows NLB cluster.
    [string[]] $NlbHost = @(),
    # Web servers (SPF, WAP) whose HTTPS bindings and certificates are read.
    [string[]] $WebServer = @(),
    # The VMM management server, when the VMM console is installed here.
    [string] $VmmServer = '',
    # SPF servers: their settings (Get-SCSpfSetting), the VMM servers they talk to and their web site, read over WinRM.
    [string[]] $SpfServer = @(),
    # Windows Azure Pack servers: their MgmtSvc web sites, database connection and the SPF endpoint they registered.
    [string[]] $WapServer = @(),
    # Extra DNS names to resolve (NLB cluster names and listeners are resolved anyway).
    [string[]] $DnsName = @(),
    # Where the inventory is written.
    [string] $OutFile = '.\stamp-inventory.json'
)

Set-StrictMode -Version 2.0
$ErrorActionPreference = 'Stop'
# [DateTime]::UtcNow, not Get-Date: Get-Date adds a DisplayHint note that ConvertTo-Json 5.1 writes as an object.
$started = [DateTime]::UtcNow
$warnings = New-Object 'System.Collections.Generic.List[string]'
$collected = New-Object 'System.Collections.Generic.List[string]'
$depth = 8
# Connection strings are collected without their secrets: every Password/Pwd key is removed before anything leaves
# the server that holds it, so the file carries the data source, the catalog and the user name only.
$stripSecrets = {
    param([string] $ConnectionString)
    if (-not $ConnectionString) { return $ConnectionString }
    ($ConnectionString -split ';' | Where-Object { $_ -notmatch '^\s*(password|pwd)\s*=' }) -join ';'
}

function Add-StampWarning([string] $Message) {
    $warnings.Add($Message)
    Write-Warning $Message
}

function Test-StampCommand([string] $Name) {
    return [bool](Get-Command -Name $Name -ErrorAction SilentlyContinue)
}

function Add-Collected([string] $Source) {
    if (-not $collected.Contains($Source)) { $collected.Add($Source) }
}

# --- Domain -----------------------------------------------------------------------------------------------------
$domain = $null
try {
    if (Test-StampCommand 'Get-ADDomain') {
        $domain = Get-ADDomain | Select-Object -Property 'DNSRoot', 'NetBIOSName', 'DomainMode'
    } else {
        $system = Get-CimInstance -ClassName Win32_ComputerSystem
        if ($system.PartOfDomain) { $domain = [ordered]@{ DNSRoot = $system.Domain; NetBIOSName = $env:USERDOMAIN } }
    }
} catch {
    Add-StampWarning "domain: $($_.Exception.Message)"
}

# --- Failover clusters ------------------------------------------------------------------------------------------
$clusters = New-Object 'System.Collections.Generic.List[object]'
if (Test-StampCommand 'Get-Cluster') {
    if ($ClusterName.Count -eq 0) {
        try { $ClusterName = @((Get-Cluster).Name) } catch { Write-Verbose 'This machine is not a cluster node.' }
    }
    foreach ($name in $ClusterName) {
        Write-Progress -Activity 'Stamp inventory' -Status "cluster $name"
        try {
            $cluster = Get-Cluster -Name $name
            $quorum = Get-ClusterQuorum -Cluster $name
            $witness = $null
            if ($quorum.QuorumResource) {
                $resource = $quorum.QuorumResource
                $share = $resource | Get-ClusterParameter -Name SharePath -ErrorAction SilentlyContinue
                $diskGuid = $resource | Get-ClusterParameter -Name DiskIdGuid -ErrorAction SilentlyContinue
                $diskSignature = $resource | Get-ClusterParameter -Name DiskSignature -ErrorAction SilentlyContinue
                $witness = [ordered]@{
                    Name          = $resource.Name
                    ResourceType  = "$($resource.ResourceType)"
                    OwnerGroup    = "$($resource.OwnerGroup)"
                    State         = $resource.State
                    SharePath     = if ($share) { $share.Value } else { $null }
                    DiskIdGuid    = if ($diskGuid) { $diskGuid.Value } else { $null }
                    DiskSignature = if ($diskSignature) { $diskSignature.Value } else { $null }
                }
            }
            $resources = Get-ClusterResource -Cluster $name |
                Where-Object { @('IP Address', 'Virtual Machine Replication Broker') -contains "$($_.ResourceType)" } |
                ForEach-Object {
                    $address = $_ | Get-ClusterParameter -Name Address -ErrorAction SilentlyContinue
                    $mask = $_ | Get-ClusterParameter -Name SubnetMask -ErrorAction SilentlyContinue
                    [pscustomobject][ordered]@{
                        Name         = $_.Name
                        ResourceType = "$($_.ResourceType)"
                        OwnerGroup   = "$($_.OwnerGroup)"
                        State        = $_.State
                        Address      = if ($address) { $address.Value } else { $null }
                        SubnetMask   = if ($mask) { $mask.Value } else { $null }
                    }
                }
            $clusters.Add([ordered]@{
                cluster       = $cluster | Select-Object -Property 'Name', 'Domain', 'Id', 'DynamicQuorum'
                nodes         = Get-ClusterNode -Cluster $name | Select-Object -Property 'Name', 'State', 'NodeWeight', 'DynamicWeight', 'Id'
                quorum        = $quorum | Select-Object -Property @{ n = 'Cluster'; e = { "$($_.Cluster)" } }, @{ n = 'QuorumResource'; e = { "$($_.QuorumResource)" } }, 'QuorumType'
                witness       = $witness
                sharedVolumes = Get-ClusterSharedVolume -Cluster $name | Select-Object -Property 'Name', 'State',
                    @{ n = 'OwnerNode'; e = { "$($_.OwnerNode)" } },
                    @{ n = 'SharedVolumeInfo'; e = { $_.SharedVolumeInfo | Select-Object -Property 'FriendlyVolumeName', 'FaultState', @{ n = 'Partition'; e = { $_.Partition | Select-Object -Property 'Size', 'FreeSpace', 'PercentFree' } } } },
                    # The Physical Disk resource's identity, matched by Stamp to Get-Disk on the nodes (Guid or Signature).
                    @{ n = 'DiskIdGuid'; e = { ($_ | Get-ClusterParameter -Name DiskIdGuid -ErrorAction SilentlyContinue).Value } },
                    @{ n = 'DiskSignature'; e = { ($_ | Get-ClusterParameter -Name DiskSignature -ErrorAction SilentlyContinue).Value } }
                # Preferred owners (Get-ClusterOwnerNode -Group) and possible owners (of the VM's resource) of VM groups.
                groups        = Get-ClusterGroup -Cluster $name | Select-Object -Property 'Name', 'GroupType', @{ n = 'OwnerNode'; e = { "$($_.OwnerNode)" } }, 'Priority', 'AntiAffinityClassNames', 'State',
                    @{ n = 'PreferredOwners'; e = { @((Get-ClusterOwnerNode -Group $_ -ErrorAction SilentlyContinue).OwnerNodes | ForEach-Object { "$($_.Name)" }) } },
                    @{ n = 'PossibleOwners'; e = {
                        $vmResource = $_ | Get-ClusterResource -ErrorAction SilentlyContinue | Where-Object { "$($_.ResourceType)" -eq 'Virtual Machine' } | Select-Object -First 1
                        if ($vmResource) { @((Get-ClusterOwnerNode -Resource $vmResource -ErrorAction SilentlyContinue).OwnerNodes | ForEach-Object { "$($_.Name)" }) } else { $null }
                    } }
                resources     = $resources
            })
            Add-Collected 'clusters'
            # The nodes of a cluster that runs VMs are Hyper-V hosts; guest-cluster nodes are VMs, read from their hosts.
            $runsVms = @(Get-ClusterGroup -Cluster $name | Where-Object { "$($_.GroupType)" -eq 'VirtualMachine' }).Count -gt 0
            if ($runsVms -and -not $PSBoundParameters.ContainsKey('ComputerName')) {
                $ComputerName = @($ComputerName) + @(Get-ClusterNode -Cluster $name | ForEach-Object { $_.Name })
            }
        } catch {
            Add-StampWarning "clusters: cluster $name could not be read: $($_.Exception.Message)"
        }
    }
} else {
    Add-StampWarning 'clusters: the FailoverClusters module is not installed here (Failover Cluster Management Tools); skipped.'
}

# --- Hyper-V hosts and their networking --------------------------------------------------------------------------
$hosts = New-Object 'System.Collections.Generic.List[object]'
$hyperV = Test-StampCommand 'Get-VM'
if (-not $hyperV) { Add-StampWarning 'hyperv: the Hyper-V module is not installed here (Hyper-V Management Tools); skipped.' }
$hostNames = @($ComputerName | Where-Object { $_ } | Sort-Object -Unique)
foreach ($computer in $hostNames) {
    Write-Progress -Activity 'Stamp inventory' -Status "host $computer"
    $entry = [ordered]@{ computerName = $computer }
    try {
        $entry.os = Get-CimInstance -ClassName Win32_OperatingSystem -ComputerName $computer | Select-Object -Property 'Caption', 'Version', 'BuildNumber', 'OSArchitecture'
    } catch {
        Add-StampWarning "hyperv: $computer could not be reached over CIM: $($_.Exception.Message)"
        continue
    }
    if ($hyperV) {
        try {
            $entry.vmHost = Get-VMHost -ComputerName $computer | Select-Object -Property 'ComputerName', 'FullyQualifiedDomainName', 'LogicalProcessorCount', 'MemoryCapacity', 'VirtualMachinePath'
            $entry.vms = Get-VM -ComputerName $computer | Select-Object -Property 'Name', 'State', 'Generation', 'MemoryStartup', 'MemoryMinimum', 'MemoryMaximum', 'DynamicMemoryEnabled', 'ProcessorCount',
                'Path', 'ConfigurationLocation', 'IsClustered', 'ReplicationMode', 'IntegrationServicesVersion', 'VMId'
            $entry.vmNetworkAdapters = @(Get-VMNetworkAdapter -ComputerName $computer -VMName *) + @(Get-VMNetworkAdapter -ComputerName $computer -ManagementOS) |
                Select-Object -Property 'Name', 'VMName', 'IsManagementOs', 'SwitchName', 'MacAddress', 'MacAddressSpoofing', 'AllowTeaming', 'IPAddresses'
            $entry.vmSwitches = Get-VMSwitch -ComputerName $computer | Select-Object -Property 'Name', 'SwitchType', 'NetAdapterInterfaceDescription', 'AllowManagementOS', 'IovEnabled', 'BandwidthReservationMode'
            $entry.vmReplication = Get-VMReplication -ComputerName $computer -ErrorAction SilentlyContinue |
                Select-Object -Property 'VMName', 'Mode', 'State', 'Health', 'PrimaryServer', 'ReplicaServer', 'FrequencySec', 'ReplicationFrequencySec', 'AuthType', 'RecoveryHistory', 'LastReplicationTime'
            $entry.vmReplicationServer = Get-VMReplicationServer -ComputerName $computer |
                Select-Object -Property 'RepEnabled', 'AllowedAuthenticationType', 'KerbAuthPort', 'CertAuthPort', 'AllowAnyServer', 'DefaultStorageLocation'
            $guestInstaller = Invoke-Command -ComputerName $computer -ErrorAction SilentlyContinue -ScriptBlock {
                $key = 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion\Virtualization\GuestInstaller\Version'
                (Get-ItemProperty -Path $key -ErrorAction SilentlyContinue).'Microsoft-Hyper-V-Guest-Installer-Win6x-Package'
            }
            $entry.integrationServicesVersion = $guestInstaller
            # The host reserve (MemoryReserve, in MB) when an administrator set one; absent means Hyper-V's own default.
            $entry.memoryReserve = Invoke-Command -ComputerName $computer -ErrorAction SilentlyContinue -ScriptBlock {
                (Get-ItemProperty -Path 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion\Virtualization' -ErrorAction SilentlyContinue).MemoryReserve
            }
            Add-Collected 'hyperv'
        } catch {
            Add-StampWarning "hyperv: $computer could not be read: $($_.Exception.Message)"
        }
    }
    if (Test-StampCommand 'Get-NetAdapter') {
        $session = $null
        try {
            $session = New-CimSession -ComputerName $computer
            $entry.netAdapters = Get-NetAdapter -CimSession $session | Select-Object -Property 'Name', 'InterfaceDescription', 'ifIndex', 'Status', 'MacAddress', 'LinkSpeed', 'Speed', 'Virtual'
            $entry.lbfoTeams = Get-NetLbfoTeam -CimSession $session -ErrorAction SilentlyContinue | Select-Object -Property 'Name', 'Members', 'TeamingMode', 'LoadBalancingAlgorithm', 'Status'
            $entry.rdma = Get-NetAdapterRdma -CimSession $session -ErrorAction SilentlyContinue | Select-Object -Property 'Name', 'InterfaceDescription', 'Enabled'
            $entry.sriov = Get-NetAdapterSriov -CimSession $session -ErrorAction SilentlyContinue | Select-Object -Property 'Name', 'InterfaceDescription', 'Enabled', 'SriovSupport'
            $entry.vmq = Get-NetAdapterVmq -CimSession $session -ErrorAction SilentlyContinue | Select-Object -Property 'Name', 'InterfaceDescription', 'Enabled'
            # The disks and the iSCSI sessions behind them: what identifies the storage arrays the cluster disks come from.
            $entry.disks = Get-Disk -CimSession $session -ErrorAction SilentlyContinue | Select-Object -Property 'Number', 'FriendlyName', 'Manufacturer', 'Model', 'SerialNumber', 'BusType', 'Guid', 'Signature', 'UniqueId', 'Size', 'IsClustered'
            $entry.iscsiSessions = Get-IscsiSession -CimSession $session -ErrorAction SilentlyContinue | ForEach-Object {
                $iscsi = $_
                [pscustomobject][ordered]@{
                    TargetNodeAddress = $iscsi.TargetNodeAddress
                    TargetAddresses   = @(Get-IscsiConnection -CimSession $session -IscsiSession $iscsi -ErrorAction SilentlyContinue | ForEach-Object { "$($_.TargetAddress)" })
                    DiskNumbers       = @(Get-Disk -CimSession $session -IscsiSession $iscsi -ErrorAction SilentlyContinue | ForEach-Object { $_.Number })
                }
            }
            Add-Collected 'network'
        } catch {
            Add-StampWarning "network: $computer could not be read: $($_.Exception.Message)"
        } finally {
            if ($session) { Remove-CimSession -CimSession $session }
        }
    }
    $hosts.Add($entry)
}

# --- Windows NLB -------------------------------------------------------------------------------------------------
$nlbClusters = New-Object 'System.Collections.Generic.List[object]'
if ($NlbHost.Count -gt 0) {
    if (Test-StampCommand 'Get-NlbCluster') {
        foreach ($member in $NlbHost) {
            try {
                $nlbClusters.Add([ordered]@{
                    cluster   = Get-NlbCluster -HostName $member | Select-Object -Property 'Name', 'IPAddress', 'SubnetMask', 'Mode'
                    nodes     = Get-NlbClusterNode -HostName $member | Select-Object -Property 'Name', 'State', 'HostPriority', 'InterfaceName'
                    portRules = Get-NlbClusterPortRule -HostName $member | Select-Object -Property 'IPAddress', 'Protocol', 'StartPort', 'EndPort', 'Mode', 'Affinity', 'Timeout'
                })
                Add-Collected 'nlb'
            } catch {
                Add-StampWarning "nlb: the NLB cluster of $member could not be read: $($_.Exception.Message)"
            }
        }
    } else {
        Add-StampWarning 'nlb: the NetworkLoadBalancingClusters module is not installed here (NLB tools); skipped.'
    }
}

# --- SQL Server ----------------------------------------------------------------------------------------------------
# Read-only SELECTs on catalog views. sys.server_principals is read without password_hash: no secret leaves SQL Server.
$queries = [ordered]@{
    server                = "SELECT CAST(SERVERPROPERTY('ServerName') AS nvarchar(256)) AS ServerName, CAST(SERVERPROPERTY('MachineName') AS nvarchar(256)) AS MachineName, CAST(SERVERPROPERTY('InstanceName') AS nvarchar(128)) AS InstanceName, CAST(SERVERPROPERTY('Edition') AS nvarchar(128)) AS Edition, CAST(SERVERPROPERTY('ProductVersion') AS nvarchar(128)) AS ProductVersion, CAST(SERVERPROPERTY('IsIntegratedSecurityOnly') AS int) AS IsIntegratedSecurityOnly, CAST(SERVERPROPERTY('IsHadrEnabled') AS int) AS IsHadrEnabled"
    logins                = "SELECT name, type, type_desc, CONVERT(varchar(200), sid, 1) AS sid, is_disabled FROM sys.server_principals WHERE type IN ('S', 'U', 'G')"
    roleMembers           = "SELECT r.name AS role, m.name AS member FROM sys.server_role_members AS rm JOIN sys.server_principals AS r ON r.principal_id = rm.role_principal_id JOIN sys.server_principals AS m ON m.principal_id = rm.member_principal_id"
    availabilityGroups    = "SELECT CAST(group_id AS varchar(36)) AS group_id, name FROM sys.availability_groups"
    availabilityReplicas  = "SELECT ag.name AS group_name, ar.replica_server_name, ar.availability_mode, ar.failover_mode, ar.secondary_role_allow_connections, rs.role FROM sys.availability_replicas AS ar JOIN sys.availability_groups AS ag ON ag.group_id = ar.group_id LEFT JOIN sys.dm_hadr_availability_replica_states AS rs ON rs.replica_id = ar.replica_id"
    listeners             = "SELECT ag.name AS group_name, l.dns_name, l.port FROM sys.availability_group_listeners AS l JOIN sys.availability_groups AS ag ON ag.group_id = l.group_id"
    listenerIps           = "SELECT l.dns_name, ip.ip_address, ip.ip_subnet_mask, ip.is_dhcp, ip.state FROM sys.availability_group_listener_ip_addresses AS ip JOIN sys.availability_group_listeners AS l ON l.listener_id = ip.listener_id"
    databases             = "SELECT name, database_id, recovery_model, containment, is_read_only, is_auto_close_on, state FROM sys.databases"
    availabilityDatabases = "SELECT ag.name AS group_name, adc.database_name FROM sys.availability_databases_cluster AS adc JOIN sys.availability_groups AS ag ON ag.group_id = adc.group_id"
    backups               = "SELECT database_name, MAX(backup_finish_date) AS last_full_backup FROM msdb.dbo.backupset WHERE type = 'D' GROUP BY database_name"
}

function Invoke-StampQuery([string] $Instance, [string] $Query) {
    if (Test-StampCommand 'Invoke-Sqlcmd') {
        $rows = @(Invoke-Sqlcmd -ServerInstance $Instance -Query $Query -QueryTimeout 60 -ErrorAction Stop)
        if ($rows.Count -eq 0) { return $null }
        $columns = @($rows[0].Table.Columns | ForEach-Object { $_.ColumnName })
        return $rows | Select-Object -Property $columns
    }
    # sqlcmd.exe: tab-separated, with a header line; NULL stays null and whole numbers stay numbers.
    $lines = @(& sqlcmd.exe -S $Instance -E -b -W -s "`t" -Q "SET NOCOUNT ON; $Query" 2>&1)
    if ($LASTEXITCODE -ne 0) { throw ($lines -join ' ') }
    if ($lines.Count -lt 3) { return $null }
    $header = $lines[0] -split "`t"
    return $lines | Select-Object -Skip 2 | Where-Object { $_ -ne '' } | ForEach-Object {
        $cells = $_ -split "`t"
        $row = [ordered]@{}
        for ($i = 0; $i -lt $header.Count; $i++) {
            $cell = if ($i -lt $cells.Count) { $cells[$i] } else { $null }
            if ($cell -eq 'NULL') { $cell = $null } elseif ($cell -match '^-?[0-9]{1,18}$') { $cell = [long]$cell }
            $row[$header[$i]] = $cell
        }
        [pscustomobject]$row
    }
}

$sqlInstances = New-Object 'System.Collections.Generic.List[object]'
$listenerNames = New-Object 'System.Collections.Generic.List[string]'
if ($SqlInstance.Count -gt 0 -and -not (Test-StampCommand 'Invoke-Sqlcmd') -and -not (Test-StampCommand 'sqlcmd.exe')) {
    Add-StampWarning 'sql: neither Invoke-Sqlcmd (SqlServer or SQLPS module) nor sqlcmd.exe is available here; skipped.'
} else {
    foreach ($instance in $SqlInstance) {
        Write-Progress -Activity 'Stamp inventory' -Status "SQL Server $instance"
        $entry = [ordered]@{ instance = $instance }
        try {
            $entry.server = Invoke-StampQuery $instance $queries.server
        } catch {
            Add-StampWarning "sql: $instance could not be reached: $($_.Exception.Message)"
            continue
        }
        foreach ($name in @($queries.Keys | Where-Object { $_ -ne 'server' })) {
            try {
                $entry[$name] = Invoke-StampQuery $instance $queries[$name]
            } catch {
                Add-StampWarning "sql: ${instance}: $name could not be read: $($_.Exception.Message)"
            }
        }
        # The logins each availability database is used through: its users mapped to server logins (readable replicas only).
        $users = New-Object 'System.Collections.Generic.List[object]'
        foreach ($row in @($entry['availabilityDatabases'])) {
            if (-not $row) { continue }
            $database = "$($row.database_name)"
            $quoted = $database.Replace(']', ']]')
            $literal = $database.Replace("'", "''")
            try {
                $found = Invoke-StampQuery $instance "SELECT N'$literal' AS database_name, dp.name AS user_name, sp.name AS login_name FROM [$quoted].sys.database_principals AS dp JOIN sys.server_principals AS sp ON sp.sid = dp.sid WHERE dp.type IN ('S', 'U', 'G')"
                foreach ($user in @($found)) { if ($user) { $users.Add($user) } }
            } catch {
                Write-Verbose "sql: ${instance}: $database is not readable here (a secondary replica)."
            }
        }
        if ($users.Count -gt 0) { $entry.databaseUsers = $users }
        foreach ($listener in @($entry['listeners'])) { if ($listener) { $listenerNames.Add("$($listener.dns_name)") } }
        $sqlInstances.Add($entry)
        Add-Collected 'sql'
    }
}

# --- DNS -----------------------------------------------------------------------------------------------------------
$dnsRecords = New-Object 'System.Collections.Generic.List[object]'
$names = @($DnsName) + @($nlbClusters | ForEach-Object { "$($_.cluster.Name)" }) + @($listenerNames) | Where-Object { $_ } | Sort-Object -Unique
if ($names.Count -gt 0) {
    if (Test-StampCommand 'Resolve-DnsName') {
        foreach ($name in $names) {
            try {
                Resolve-DnsName -Name $name -Type A -ErrorAction Stop | Where-Object { "$($_.Type)" -eq 'A' } |
                    Select-Object -Property 'Name', 'Type', 'TTL', 'Section', 'IPAddress' | ForEach-Object { $dnsRecords.Add($_) }
            } catch {
                Add-StampWarning "dns: $name does not resolve: $($_.Exception.Message)"
            }
        }
        Add-Collected 'dns'
    } else {
        Add-StampWarning 'dns: Resolve-DnsName (DnsClient module) is not available here; skipped.'
    }
}

# --- Certificates bound to the portals -----------------------------------------------------------------------------
$certificates = New-Object 'System.Collections.Generic.List[object]'
foreach ($server in $WebServer) {
    try {
        $found = Invoke-Command -ComputerName $server -ScriptBlock {
            Import-Module WebAdministration -ErrorAction Stop
            [ordered]@{
                bindings     = Get-WebBinding -Protocol https | Select-Object -Property 'protocol', 'bindingInformation', 'certificateHash', 'certificateStoreName'
                # Public facts only: subject, issuer, dates, names; never the private key.
                certificates = Get-ChildItem -Path Cert:\LocalMachine\My | Select-Object -Property 'Subject', 'Issuer', 'Thumbprint', 'NotBefore', 'NotAfter', 'HasPrivateKey',
                    @{ n = 'DnsNameList'; e = { @($_.DnsNameList | ForEach-Object { "$($_.Unicode)" }) } }
            }
        }
        $certificates.Add([ordered]@{ computerName = $server; bindings = $found.bindings; certificates = $found.certificates })
        Add-Collected 'certificates'
    } catch {
        Add-StampWarning "certificates: $server could not be read: $($_.Exception.Message)"
    }
}

# --- VMM (where the console is installed) ---------------------------------------------------------------------------
$vmm = $null
if ($VmmServer) {
    if (Test-StampCommand 'Get-SCVMMServer') {
        try {
            $connection = Get-SCVMMServer -ComputerName $VmmServer
            $vmm = [ordered]@{
                servers        = $connection | Select-Object -Property 'Name', 'FullyQualifiedDomainName', 'ProductVersion', 'Port'
                libraryShares  = Get-SCLibraryShare -VMMServer $connection | Select-Object -Property 'Name', 'Path'
                administrators = @(Get-SCUserRole -VMMServer $connection | Where-Object { "$($_.UserRoleProfile)" -eq 'Administrator' } | ForEach-Object { $_.Members } | ForEach-Object { "$($_.Name)" })
                # The database the VMM server is wired to (its Settings\Sql registry key, without secrets) and the account
                # its service runs as. (A highly available VMM answers on its active node; both nodes share these settings.)
                databases      = @("$($connection.FullyQualifiedDomainName)", $VmmServer) | Where-Object { $_ } | Select-Object -First 1 | ForEach-Object {
                        $server = $_
                        try {
                            Invoke-Command -ComputerName $server -ErrorAction Stop -ArgumentList "$stripSecrets" -ScriptBlock {
                                param($strip)
                                $strip = [scriptblock]::Create($strip)
                                $sql = Get-ItemProperty -Path 'HKLM:\SOFTWARE\Microsoft\Microsoft System Center Virtual Machine Manager Server\Settings\Sql' -ErrorAction SilentlyContinue
                                $service = Get-CimInstance -ClassName Win32_Service -Filter "Name='SCVMMService'" -ErrorAction SilentlyContinue
                                [pscustomobject][ordered]@{
                                    ComputerName     = $env:COMPUTERNAME
                                    MachineName      = if ($sql) { $sql.MachineName } else { $null }
                                    InstanceName     = if ($sql) { $sql.InstanceName } else { $null }
                                    DatabaseName     = if ($sql) { $sql.DatabaseName } else { $null }
                                    OnRemoteServer   = if ($sql) { $sql.OnRemoteServer } else { $null }
                                    ConnectionString = if ($sql) { & $strip $sql.ConnectionString } else { $null }
                                    ServiceAccount   = if ($service) { $service.StartName } else { $null }
                                }
                            }
                        } catch {
                            Add-StampWarning "vmm: the database settings of $server could not be read: $($_.Exception.Message)"
                        }
                    } | Select-Object -Property 'ComputerName', 'MachineName', 'InstanceName', 'DatabaseName', 'OnRemoteServer', 'ConnectionString', 'ServiceAccount'
            }
            Add-Collected 'vmm'
        } catch {
            Add-StampWarning "vmm: $VmmServer could not be read: $($_.Exception.Message)"
        }
    } else {
        Add-StampWarning 'vmm: the VMM console (virtualmachinemanager module) is not installed here; skipped.'
    }
}

# --- SPF (on each SPF server, over WinRM) ----------------------------------------------------------------------------
# Get-SCSpfSetting lists the database and endpoint connection strings SPF keeps; Get-SCSpfServer -ServerType VMM the VMM
# servers it talks to. Secrets are stripped on the SPF server, before the strings travel.
$spf = $null
if ($SpfServer.Count -gt 0) {
    $spfServers = New-Object 'System.Collections.Generic.List[object]'
    foreach ($server in $SpfServer) {
        Write-Progress -Activity 'Stamp inventory' -Status "SPF $server"
        try {
            $found = Invoke-Command -ComputerName $server -ErrorAction Stop -ArgumentList "$stripSecrets" -ScriptBlock {
                param($strip)
                $strip = [scriptblock]::Create($strip)
                Import-Module spfadmin -ErrorAction Stop
                Import-Module WebAdministration -ErrorAction SilentlyContinue
                $connection = $null
                if (Get-Command -Name Get-SCSpfConnectionString -ErrorAction SilentlyContinue) { $connection = & $strip "$(Get-SCSpfConnectionString)" }
                [ordered]@{
                    computerName     = $env:COMPUTERNAME
                    connectionString = $connection
                    settings         = @(Get-SCSpfSetting -ErrorAction SilentlyContinue | ForEach-Object {
                        [pscustomobject][ordered]@{ Name = $_.Name; SettingType = "$($_.SettingType)"; ServerName = $_.ServerName; Value = & $strip "$($_.Value)" }
                    })
                    vmmServers       = @(Get-SCSpfServer -ServerType VMM -ErrorAction SilentlyContinue | ForEach-Object { "$($_.Name)" })
                    bindings         = @(Get-WebBinding -Name 'SPF' -ErrorAction SilentlyContinue | Select-Object -Property 'protocol', 'bindingInformation', 'certificateHash')
                    # The identity of SPF's application pools: a user name, never its password.
                    appPoolAccounts  = @(Get-ChildItem -Path 'IIS:\AppPools' -ErrorAction SilentlyContinue | Where-Object { @('Admin', 'Provider', 'Usage', 'VMM') -contains $_.Name } | ForEach-Object { "$($_.processModel.userName)" } | Where-Object { $_ } | Sort-Object -Unique)
                }
            }
            $spfServers.Add([ordered]@{ computerName = $found.computerName; connectionString = $found.connectionString; settings = $found.settings; vmmServers = $found.vmmServers; bindings = $found.bindings; appPoolAccounts = $found.appPoolAccounts })
            Add-Collected 'spf'
        } catch {
            Add-StampWarning "spf: $server could not be read (the SPF admin module on the server, WinRM): $($_.Exception.Message)"
        }
    }
    if ($spfServers.Count -gt 0) { $spf = [ordered]@{ servers = @($spfServers) } }
}

# --- Windows Azure Pack (on each WAP server, over WinRM) --------------------------------------------------------------
# The MgmtSvc-* web sites and their bindings, the Admin API's database connection (IIS decrypts the protected section;
# the password is stripped there) and the SPF endpoint registered for VM Clouds (the systemcenter resource provider).
$wap = $null
if ($WapServer.Count -gt 0) {
    $wapServers = New-Object 'System.Collections.Generic.List[object]'
    foreach ($server in $WapServer) {
        Write-Progress -Activity 'Stamp inventory' -Status "WAP $server"
        try {
            $found = Invoke-Command -ComputerName $server -ErrorAction Stop -ArgumentList "$stripSecrets" -ScriptBlock {
                param($strip)
                $strip = [scriptblock]::Create($strip)
                Import-Module WebAdministration -ErrorAction Stop
                $sites = @(Get-Website | Where-Object { $_.Name -like 'MgmtSvc-*' })
                $connections = @(Get-WebConfiguration -PSPath 'IIS:\Sites\MgmtSvc-AdminAPI' -Filter 'connectionStrings/add' -ErrorAction SilentlyContinue | ForEach-Object {
                    [pscustomobject][ordered]@{ Name = $_.name; ConnectionString = & $strip "$($_.connectionString)" }
                })
                $provider = $null
                if (Get-Command -Name Get-MgmtSvcResourceProviderConfiguration -ErrorAction SilentlyContinue) {
                    $rp = Get-MgmtSvcResourceProviderConfiguration -Name systemcenter -DecryptPassword:$false -ErrorAction SilentlyContinue
                    if ($rp) {
                        $provider = [ordered]@{
                            Name                   = $rp.Name
                            AdminForwardingAddress = "$($rp.AdminEndpoint.ForwardingAddress)"
                            AdminUsername          = "$($rp.AdminEndpoint.AuthenticationUsername)"
                        }
                    }
                }
                [ordered]@{
                    computerName      = $env:COMPUTERNAME
                    sites             = @($sites | ForEach-Object {
                        $site = $_.Name
                        [pscustomobject][ordered]@{ Name = $site; Bindings = @(Get-WebBinding -Name $site | ForEach-Object { [pscustomobject][ordered]@{ protocol = $_.protocol; bindingInformation = $_.bindingInformation; certificateHash = $_.certificateHash } }) }
                    })
                    connectionStrings = $connections
                    systemCenter      = $provider
                }
            }
            $wapServers.Add([ordered]@{ computerName = $found.computerName; sites = $found.sites; connectionStrings = $found.connectionStrings; systemCenter = $found.systemCenter })
            Add-Collected 'wap'
        } catch {
            Add-StampWarning "wap: $server could not be read (WebAdministration, WinRM): $($_.Exception.Message)"
        }
    }
    if ($wapServers.Count -gt 0) { $wap = [ordered]@{ servers = @($wapServers) } }
}

# --- Write ----------------------------------------------------------------------------------------------------------
$inventory = [ordered]@{
    schemaVersion = 1
    collector     = [ordered]@{
        name         = 'Get-StampInventory'
        version      = '1.0.0'
        psVersion    = "$($PSVersionTable.PSVersion)"
        computerName = $env:COMPUTERNAME
        started      = $started
    }
    collected     = @($collected)
    warnings      = @($warnings)
    domain        = $domain
    clusters      = @($clusters)
    hosts         = @($hosts)
    nlbClusters   = @($nlbClusters)
    sqlInstances  = @($sqlInstances)
    dnsRecords    = @($dnsRecords)
    certificates  = @($certificates)
    vmm           = $vmm
    spf           = $spf
    wap           = $wap
}

$json = $inventory | ConvertTo-Json -Depth $depth
$target = $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($OutFile)
$temporary = "$target.tmp"
# UTF-8 without a byte order mark, written whole to a temporary file and then moved over the target.
[System.IO.File]::WriteAllText($temporary, $json, (New-Object System.Text.UTF8Encoding $false))
Move-Item -LiteralPath $temporary -Destination $target -Force
Write-Progress -Activity 'Stamp inventory' -Completed
$seconds = [int]([DateTime]::UtcNow - $started).TotalSeconds
Write-Host "Wrote $target in $seconds s ($($hosts.Count) hosts, $($clusters.Count) clusters, $($sqlInstances.Count) SQL instances, $($warnings.Count) warnings)."
