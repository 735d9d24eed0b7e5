#Requires -Version 2
param([string]$Zone = "contoso.com")
Get-DnsServerResourceRecord -ZoneName $Zone | Export-Csv records.csv
