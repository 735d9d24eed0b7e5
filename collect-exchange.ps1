<#
.SYNOPSIS
    Collects, read-only, what CAS Array Planner needs to model an Exchange 2010
    organisation's client access, alone or in coexistence with Exchange
    2013, 2016 or 2019: servers and databases with their versions, CAS
    arrays, Outlook Anywhere (with its IIS authentication methods), the MAPI,
    EWS, OAB and ActiveSync virtual directories' URLs, Autodiscover and
    Outlook provider settings, the Client Access servers' certificates, their
    Windows version and, on Exchange 2010, whether KB3140410 is installed,
    the organisation's and each mailbox's MAPI/HTTP setting, and optionally
    server addresses, static RPC ports and DNS zones.

.DESCRIPTION
    Run it in the Exchange Management Shell of Exchange 2010 (Windows
    PowerShell 2.0 is enough) or, in coexistence, of the newest version
    (2013, 2016 or 2019), which reads the 2010 servers too and has
    MapiHttpEnabled and the MAPI virtual directory. It only calls Get-*
    cmdlets, reads DNS, reads each Client Access server's Windows version
    and installed hotfixes through WMI (Win32_OperatingSystem, Get-HotFix)
    and, when you allow it, reads two registry values on each Client Access
    server. It changes nothing in Exchange, Active Directory, DNS, WMI or
    the registry. A cmdlet this shell does not have, or a server that does
    not answer, is noted and the rest is collected. Everything it writes goes to one folder of CSV files
    (-NoTypeInformation, UTF-8), which you can read before you hand them on:
    open them in the planner with "Import from Exchange…" or
    `cas-planner import FOLDER`.

    At the end it lists what it collected and what it could not read.

.PARAMETER OutputFolder
    Where the CSV files go (created if missing). Default: .\cas-planner-export

.PARAMETER IncludeAddresses
    Also resolve each Exchange server's FQDN (a DNS query from this machine)
    and write server-addresses.csv.

.PARAMETER IncludeRpcPorts
    Also read, on each Client Access server, the static RPC ports from the
    registry (remote registry, read-only):
      HKLM\SYSTEM\CurrentControlSet\Services\MSExchangeRPC\ParametersSystem  "TCP/IP Port"
      HKLM\SYSTEM\CurrentControlSet\Services\MSExchangeAB\Parameters          "RpcTcpPort"
    and write rpc-ports.csv. Needs the Remote Registry service on the servers.

.PARAMETER DnsServer
    A DNS server to read zones from (for -InternalZone / -ExternalZone).

.PARAMETER InternalZone
    Zones clients inside use (e.g. contoso.local, or a split-brain copy of
    contoso.com). Their records go to dns-records.csv, marked "internal".

.PARAMETER ExternalZone
    Public zones served by this DNS server, marked "external". A public zone
    hosted elsewhere: export it there (a BIND file) and import it beside.

.EXAMPLE
    .\collect-exchange.ps1 -IncludeAddresses -IncludeRpcPorts -DnsServer DC01 -InternalZone contoso.local
#>
param(
    [string]$OutputFolder = '.\cas-planner-export',
    [switch]$IncludeAddresses,
    [switch]$IncludeRpcPorts,
    [string]$DnsServer,
    [string[]]$InternalZone = @(),
    [string[]]$ExternalZone = @()
)

# Stop on nothing: each part is tried on its own and reported at the end.
$ErrorActionPreference = 'Continue'
$collected = @()
$missing = @()

if (-not (Get-Command Get-ExchangeServer -ErrorAction SilentlyContinue)) {
    Write-Warning 'Get-ExchangeServer is not available: run this in the Exchange Management Shell.'
    return
}

# Whether this shell has a cmdlet (Exchange 2010 has no Get-MapiVirtualDirectory,
# 2019 no Get-ClientAccessArray), and whether it takes a parameter.
function Test-Cmdlet([string]$name) {
    return [bool](Get-Command $name -ErrorAction SilentlyContinue)
}
function Test-Parameter([string]$name, [string]$parameter) {
    $c = Get-Command $name -ErrorAction SilentlyContinue
    return [bool]($c -and $c.Parameters.ContainsKey($parameter))
}
if (-not (Test-Path -LiteralPath $OutputFolder)) {
    New-Item -ItemType Directory -Path $OutputFolder | Out-Null
}

# Multi-valued properties come out of Export-Csv as their type name; this
# writes their values instead, separated by ';'.
function Join-Values($values) {
    if ($null -eq $values) { return '' }
    return (@($values) | ForEach-Object { "$_" }) -join ';'
}

# Runs one read and writes its CSV; a failure is noted, not fatal. The reads
# name their properties in quotes ('Name', 'Fqdn'): the strings PowerShell makes
# of bare words, in the form make test's PowerShell grammar also reads.
function Save-Csv([string]$name, [scriptblock]$read) {
    $path = Join-Path $OutputFolder $name
    try {
        $rows = @(& $read)
        $rows | Export-Csv -LiteralPath $path -NoTypeInformation -Encoding UTF8
        $script:collected += ('{0} ({1} rows)' -f $name, $rows.Count)
    } catch {
        $script:missing += ('{0}: {1}' -f $name, $_.Exception.Message)
    }
}

Save-Csv 'exchange-servers.csv' {
    Get-ExchangeServer | Select-Object 'Name', 'Fqdn',
        @{n = 'Site'; e = { "$($_.Site)" }},
        @{n = 'ServerRole'; e = { "$($_.ServerRole)" }},
        @{n = 'AdminDisplayVersion'; e = { "$($_.AdminDisplayVersion)" }}
}

# Exchange 2010 to 2016 have Get-ClientAccessArray; a 2019 shell does not.
Save-Csv 'client-access-arrays.csv' {
    if (-not (Test-Cmdlet 'Get-ClientAccessArray')) { throw 'Get-ClientAccessArray is not in this shell (Exchange 2019): run the collector from a 2010 to 2016 shell for the arrays' }
    Get-ClientAccessArray | Select-Object 'Name', 'Fqdn',
        @{n = 'Site'; e = { "$($_.Site)" }},
        @{n = 'Members'; e = { Join-Values $_.Members }}
}

# A 2013 or 2016 shell lists 2010 databases only with -IncludePreExchange2013.
Save-Csv 'mailbox-databases.csv' {
    $options = @{}
    if (Test-Parameter 'Get-MailboxDatabase' 'IncludePreExchange2013') { $options['IncludePreExchange2013'] = $true }
    Get-MailboxDatabase @options | Select-Object 'Name',
        @{n = 'Server'; e = { "$($_.Server)" }},
        'RpcClientAccessServer',
        @{n = 'PublicFolderDatabase'; e = { "$($_.PublicFolderDatabase)" }},
        @{n = 'AdminDisplayVersion'; e = { "$($_.AdminDisplayVersion)" }}
}

# Outlook Anywhere of every server, 2010's names and 2013+'s side by side (a
# shell leaves the other version's columns empty): IISAuthenticationMethods
# is what a newer server's proxy to a 2010 server needs NTLM in.
Save-Csv 'outlook-anywhere.csv' {
    Get-OutlookAnywhere | Select-Object @{n = 'Identity'; e = { "$($_.Identity)" }},
        @{n = 'Server'; e = { "$($_.Server)" }},
        @{n = 'ExternalHostname'; e = { "$($_.ExternalHostname)" }},
        @{n = 'InternalHostname'; e = { "$($_.InternalHostname)" }},
        @{n = 'ClientAuthenticationMethod'; e = { "$($_.ClientAuthenticationMethod)" }},
        @{n = 'ExternalClientAuthenticationMethod'; e = { "$($_.ExternalClientAuthenticationMethod)" }},
        @{n = 'InternalClientAuthenticationMethod'; e = { "$($_.InternalClientAuthenticationMethod)" }},
        @{n = 'IISAuthenticationMethods'; e = { Join-Values $_.IISAuthenticationMethods }},
        @{n = 'SSLOffloading'; e = { "$($_.SSLOffloading)" }}
}

# The virtual directories' URLs, one file for all, each row naming its
# directory. -ADPropertiesOnly (where the cmdlet has it) reads Active
# Directory only, not each server's IIS, so a server that is down does not
# stop the list. A cmdlet this shell lacks (Get-MapiVirtualDirectory before
# 2013) or that fails is noted; the others are still written.
Save-Csv 'virtual-directories.csv' {
    $dirs = @(
        @{ Name = 'MAPI'; Cmdlet = 'Get-MapiVirtualDirectory' },
        @{ Name = 'EWS'; Cmdlet = 'Get-WebServicesVirtualDirectory' },
        @{ Name = 'OAB'; Cmdlet = 'Get-OabVirtualDirectory' },
        @{ Name = 'ActiveSync'; Cmdlet = 'Get-ActiveSyncVirtualDirectory' }
    )
    foreach ($d in $dirs) {
        if (-not (Test-Cmdlet $d.Cmdlet)) {
            $script:missing += ('{0}: not in this shell (Exchange 2010 has no MAPI virtual directory)' -f $d.Cmdlet)
            continue
        }
        try {
            $options = @{ ErrorAction = 'Stop' }
            if (Test-Parameter $d.Cmdlet 'ADPropertiesOnly') { $options['ADPropertiesOnly'] = $true }
            & $d.Cmdlet @options | Select-Object @{n = 'VirtualDirectory'; e = { $d.Name }},
                @{n = 'Server'; e = { "$($_.Server)" }},
                @{n = 'Identity'; e = { "$($_.Identity)" }},
                @{n = 'InternalUrl'; e = { "$($_.InternalUrl)" }},
                @{n = 'ExternalUrl'; e = { "$($_.ExternalUrl)" }}
        } catch {
            $script:missing += ('{0}: {1}' -f $d.Cmdlet, $_.Exception.Message)
        }
    }
}

# Get-ClientAccessService from Exchange 2016, Get-ClientAccessServer before
# (2016's still answers, with a warning that it is going away).
Save-Csv 'client-access-servers.csv' {
    $cmdlet = 'Get-ClientAccessServer'
    if (Test-Cmdlet 'Get-ClientAccessService') { $cmdlet = 'Get-ClientAccessService' }
    & $cmdlet | Select-Object 'Name', 'Fqdn',
        @{n = 'AutoDiscoverServiceInternalUri'; e = { "$($_.AutoDiscoverServiceInternalUri)" }},
        @{n = 'AutoDiscoverSiteScope'; e = { Join-Values $_.AutoDiscoverSiteScope }}
}

# Each Client Access server's certificates (Get-ExchangeCertificate reads the
# server's store; it changes nothing). The one with IIS among its Services is
# the one Exchange bound to IIS: what Autodiscover and Outlook Anywhere clients
# meet on 443. A server that cannot be read is listed at the end.
Save-Csv 'exchange-certificates.csv' {
    foreach ($s in Get-ExchangeServer | Where-Object { $_.IsClientAccessServer }) {
        try {
            Get-ExchangeCertificate -Server "$($s.Name)" -ErrorAction Stop | Select-Object @{n = 'Server'; e = { "$($s.Name)" }},
                'Thumbprint',
                @{n = 'CertificateDomains'; e = { Join-Values $_.CertificateDomains }},
                @{n = 'Services'; e = { "$($_.Services)" }},
                @{n = 'IsSelfSigned'; e = { "$($_.IsSelfSigned)" }}
        } catch {
            $script:missing += ('certificates of {0}: {1}' -f $s.Name, $_.Exception.Message)
        }
    }
}

# Each Client Access server's Windows (WMI's Win32_OperatingSystem, read
# only) and, on Exchange 2010, whether KB3140410 is installed (Get-HotFix
# lists the installed updates; it installs nothing): Exchange 2010 on
# Windows Server 2008 R2 needs it before a newer server can proxy Outlook
# Anywhere to it. A server that does not answer (WMI blocked by its
# firewall, no rights) gets a row with the reason in Note, and is listed at
# the end.
$casServers = @(Get-ExchangeServer | Where-Object { $_.IsClientAccessServer -or ("$($_.AdminDisplayVersion)" -notlike 'Version 14.*' -and $_.IsMailboxServer) })
Save-Csv 'windows.csv' {
    foreach ($s in $casServers) {
        $caption = ''; $version = ''; $note = ''
        try {
            $os = Get-WmiObject -Class Win32_OperatingSystem -ComputerName "$($s.Fqdn)" -ErrorAction Stop
            $caption = "$($os.Caption)".Trim(); $version = "$($os.Version)"
        } catch {
            $note = $_.Exception.Message
            $script:missing += ('Windows of {0}: {1}' -f $s.Name, $note)
        }
        New-Object PSObject -Property @{ Server = "$($s.Name)"; Caption = $caption; Version = $version; Note = $note }
    }
}
Save-Csv 'hotfixes.csv' {
    foreach ($s in $casServers | Where-Object { "$($_.AdminDisplayVersion)" -like 'Version 14.*' }) {
        $installed = ''; $note = ''
        try {
            $all = @(Get-HotFix -ComputerName "$($s.Fqdn)" -ErrorAction Stop)
            $installed = "$([bool]($all | Where-Object { $_.HotFixID -eq 'KB3140410' }))"
        } catch {
            $note = $_.Exception.Message
            $script:missing += ('hotfixes of {0}: {1}' -f $s.Name, $note)
        }
        New-Object PSObject -Property @{ Server = "$($s.Name)"; HotFixID = 'KB3140410'; Installed = $installed; Note = $note }
    }
}

# The organisation's MAPI/HTTP setting. Exchange 2010's shell does not have
# the property (it came with Exchange 2013 SP1): the column is then empty and
# the planner says so; run the collector from a 2013 or later shell to get it.
Save-Csv 'organization-config.csv' {
    Get-OrganizationConfig | Select-Object 'Name',
        @{n = 'MapiHttpEnabled'; e = { "$($_.MapiHttpEnabled)" }}
}

# Each mailbox's own MAPI/HTTP setting (empty: the organisation's) and the
# database it is on, which Get-CASMailbox does not print: Get-Mailbox gives
# it, matched by DistinguishedName. Both only read.
Save-Csv 'cas-mailboxes.csv' {
    $databaseOf = @{}
    Get-Mailbox -ResultSize Unlimited | ForEach-Object { $databaseOf["$($_.DistinguishedName)"] = "$($_.Database)" }
    Get-CASMailbox -ResultSize Unlimited | Select-Object @{n = 'Identity'; e = { "$($_.Identity)" }},
        @{n = 'PrimarySmtpAddress'; e = { "$($_.PrimarySmtpAddress)" }},
        @{n = 'Database'; e = { $databaseOf["$($_.DistinguishedName)"] }},
        @{n = 'ServerName'; e = { "$($_.ServerName)" }},
        @{n = 'MapiHttpEnabled'; e = { "$($_.MapiHttpEnabled)" }}
}

Save-Csv 'outlook-providers.csv' {
    Get-OutlookProvider | Select-Object 'Name', 'Server', 'CertPrincipalName',
        @{n = 'OutlookProviderFlags'; e = { "$($_.OutlookProviderFlags)" }}
}

if ($IncludeAddresses) {
    Save-Csv 'server-addresses.csv' {
        foreach ($s in Get-ExchangeServer) {
            $v4 = @()
            try {
                $v4 = @([System.Net.Dns]::GetHostAddresses("$($s.Fqdn)") | Where-Object { $_.AddressFamily -eq 'InterNetwork' })
            } catch {
                $script:missing += ('address of {0}: {1}' -f $s.Fqdn, $_.Exception.Message)
            }
            New-Object PSObject -Property @{ Server = "$($s.Name)"; Fqdn = "$($s.Fqdn)"; IPv4Address = (Join-Values $v4) }
        }
    }
}

if ($IncludeRpcPorts) {
    Save-Csv 'rpc-ports.csv' {
        foreach ($s in Get-ExchangeServer | Where-Object { $_.IsClientAccessServer -or $_.IsMailboxServer }) {
            $rpc = ''; $ab = ''
            try {
                # Read-only: OpenSubKey without write access.
                $hklm = [Microsoft.Win32.RegistryKey]::OpenRemoteBaseKey('LocalMachine', "$($s.Fqdn)")
                $k = $hklm.OpenSubKey('SYSTEM\CurrentControlSet\Services\MSExchangeRPC\ParametersSystem')
                if ($k) { $rpc = "$($k.GetValue('TCP/IP Port'))"; $k.Close() }
                $k = $hklm.OpenSubKey('SYSTEM\CurrentControlSet\Services\MSExchangeAB\Parameters')
                if ($k) { $ab = "$($k.GetValue('RpcTcpPort'))"; $k.Close() }
                $hklm.Close()
            } catch {
                $script:missing += ('RPC ports of {0}: {1}' -f $s.Fqdn, $_.Exception.Message)
            }
            New-Object PSObject -Property @{ Server = "$($s.Name)"; RpcClientAccessPort = $rpc; AddressBookPort = $ab }
        }
    }
}

$zones = @($InternalZone | ForEach-Object { @{ Zone = $_; Side = 'internal' } }) + @($ExternalZone | ForEach-Object { @{ Zone = $_; Side = 'external' } })
if ($zones.Count -gt 0) {
    if (-not $DnsServer) {
        $missing += 'DNS zones: -DnsServer was not given'
    } elseif (Get-Command Get-DnsServerResourceRecord -ErrorAction SilentlyContinue) {
        # Windows Server 2012 and later: read the records and write their data as columns.
        Save-Csv 'dns-records.csv' {
            foreach ($z in $zones) {
                Get-DnsServerResourceRecord -ComputerName $DnsServer -ZoneName $z.Zone | ForEach-Object {
                    $d = $_.RecordData
                    $data = switch ($_.RecordType) {
                        'A' { "$($d.IPv4Address)" }
                        'AAAA' { "$($d.IPv6Address)" }
                        'CNAME' { "$($d.HostNameAlias)" }
                        'SRV' { '{0} {1} {2} {3}' -f $d.Priority, $d.Weight, $d.Port, $d.DomainName }
                        'TXT' { "$($d.DescriptiveText)" }
                        default { '' }
                    }
                    New-Object PSObject -Property @{ Side = $z.Side; ZoneName = $z.Zone; HostName = $_.HostName; RecordType = "$($_.RecordType)"; TimeToLive = "$($_.TimeToLive.TotalSeconds)"; RecordData = $data }
                }
            }
        }
    } else {
        # Windows Server 2008 R2: list each zone's records as text (dnscmd /enumrecords
        # only reads; /zoneexport would write a file on the DNS server).
        foreach ($z in $zones) {
            $name = 'zone-{0}-{1}.txt' -f $z.Side, $z.Zone
            try {
                $text = & dnscmd $DnsServer /enumrecords $z.Zone '@' /continue 2>&1
                if ($LASTEXITCODE -ne 0) { throw ($text | Out-String) }
                # dnscmd lists names relative to the zone without naming it: these
                # two lines say which zone it is and on which side, for the importer.
                $head = @(('; CAS Array Planner collector: zone {0} ({1}), listed by dnscmd /enumrecords' -f $z.Zone, $z.Side), ('$ORIGIN {0}.' -f $z.Zone))
                ($head + @($text)) | Set-Content -LiteralPath (Join-Path $OutputFolder $name) -Encoding UTF8
                $collected += $name
            } catch {
                $missing += ('{0}: {1}' -f $name, $_)
            }
        }
    }
}

Write-Host ''
Write-Host "CAS Array Planner export in $((Resolve-Path -LiteralPath $OutputFolder).Path)"
Write-Host 'Collected:'
$collected | ForEach-Object { Write-Host "  $_" }
if ($missing.Count -gt 0) {
    Write-Host 'Could not read:'
    $missing | ForEach-Object { Write-Host "  $_" }
}
Write-Host 'Nothing was changed. Review the files, then import the folder into CAS Array Planner.'
