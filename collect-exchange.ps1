<#
.SYNOPSIS
    Collects, read-only, what CAS Array Planner needs to model an Exchange 2010
    organisation's client access: servers and databases with their versions,
    CAS arrays, Outlook Anywhere, Autodiscover and Outlook provider settings,
    the Client Access servers' certificates, the organisation's and each
    mailbox's MAPI/HTTP setting, and optionally server addresses, static RPC
    ports and DNS zones.

.DESCRIPTION
    Run it in the Exchange Management Shell of Exchange 2010 (Windows
    PowerShell 2.0 is enough). It only calls Get-* cmdlets, reads DNS and,
    when you allow it, reads two registry values on each Client Access
    server. It changes nothing in Exchange, Active Directory, DNS or the
    registry. Everything it writes goes to one folder of CSV files
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

if (-not (Get-Command Get-ClientAccessArray -ErrorAction SilentlyContinue)) {
    Write-Warning 'Get-ClientAccessArray is not available: run this in the Exchange 2010 Management Shell.'
    return
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

Save-Csv 'client-access-arrays.csv' {
    Get-ClientAccessArray | Select-Object 'Name', 'Fqdn',
        @{n = 'Site'; e = { "$($_.Site)" }},
        @{n = 'Members'; e = { Join-Values $_.Members }}
}

Save-Csv 'mailbox-databases.csv' {
    Get-MailboxDatabase | Select-Object 'Name',
        @{n = 'Server'; e = { "$($_.Server)" }},
        'RpcClientAccessServer',
        @{n = 'PublicFolderDatabase'; e = { "$($_.PublicFolderDatabase)" }},
        @{n = 'AdminDisplayVersion'; e = { "$($_.AdminDisplayVersion)" }}
}

Save-Csv 'outlook-anywhere.csv' {
    Get-OutlookAnywhere | Select-Object @{n = 'Identity'; e = { "$($_.Identity)" }},
        @{n = 'Server'; e = { "$($_.Server)" }},
        'ExternalHostname',
        @{n = 'ClientAuthenticationMethod'; e = { "$($_.ClientAuthenticationMethod)" }},
        @{n = 'IISAuthenticationMethods'; e = { Join-Values $_.IISAuthenticationMethods }},
        'SSLOffloading'
}

Save-Csv 'client-access-servers.csv' {
    Get-ClientAccessServer | Select-Object 'Name', 'Fqdn',
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
