# A quote inside a single-quoted string, not doubled.
New-ClientAccessArray -Name 'it's' -Fqdn 'outlook.contoso.local' -Site 'HQ'
