# A double-quoted string that never ends.
Write-Host "abc
Write-Host 'def'
