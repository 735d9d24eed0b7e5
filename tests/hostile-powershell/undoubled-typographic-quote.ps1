# A typographic quote inside a single-quoted string, not doubled: PowerShell ends the string at it.
New-ClientAccessArray -Name 'it’s' -Fqdn 'outlook.contoso.local' -Site 'HQ'
