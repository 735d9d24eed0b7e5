# A hash table never closed.
$Address = @{ IPv4Address = '10.0.0.1'
Add-DnsServerResourceRecordA -ZoneName 'contoso.local' -Name 'x' @Address
